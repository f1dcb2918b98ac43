"""The chips of a measure's sentences: each clause's action (verb highlighted, with its commitment
strength) and each policy instrument, as the graph codes them (issue 19).

Input:  a measure page's or a measure provision's IRI and its sentence views (``page.py``); the
        named query ``provision-codings`` bound to the measure's number.
Output: each provision's chips (a list of :class:`Chip`, actions first in text order, then
        instruments), set on its sentence view as ``codings``; and its coded verbs as
        ``webapp.shared.bilingual.Verb``, which the sentence's Chinese markup wraps in a
        ``<mark class="verb">`` around its mention and trigger marks. Shown by the template
        include ``_codings.html``; nothing changes for pages outside the measures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from queries.library import get_query
from webapp.shared.bilingual import Verb
from webapp.shared.fetch import base, select
from webapp.shared.nodes import Node

_MEASURE = re.compile(r"/id/(?:measure/(\d+)|provision/measure-(\d+)-\d+)$")


@dataclass(frozen=True)
class Chip:
    kind: str  # "action" or "instrument"
    node: Node  # the action or instrument concept
    words: str  # the words that carry the coding
    start: int
    end: int
    strength: int | None = None  # actions only
    type_node: Node | None = None  # instruments only: the Rothwell & Zegveld type
    by: str = "rule"


def measure_of(iri: str) -> int | None:
    """The measure number of a measure's or a measure provision's IRI, else None."""
    m = _MEASURE.search(iri)
    return int(m.group(1) or m.group(2)) if m else None


def _node(row: dict, var: str, b: str, **labels: str) -> Node:
    pairs = tuple(sorted((lang, str(row[v])) for lang, v in labels.items() if row.get(v)))
    return Node(str(row[var]), pairs, b)


def chips_of_measure(number: int) -> dict[str, list[Chip]]:
    """provision IRI → its chips, from the named query ``provision-codings``."""
    from rdflib import Literal

    rows = select(get_query("provision-codings"), {"measure": Literal(number)})
    b = base()
    out: dict[str, list[Chip]] = {}
    for row in rows:
        words, start, end = str(row["quote"]), int(str(row["start"])), int(str(row["end"]))
        by = str(row["by"])
        if row.get("action") is not None:
            node = _node(row, "action", b, zh="action_label_zh", en="action_label_en")
            chip = Chip("action", node, words, start, end, int(str(row["strength"])), None, by)
        else:
            node = _node(row, "instrument", b, en="instrument_label_en")
            kind = _node(row, "instrument_type", b, en="instrument_type_label_en")
            chip = Chip("instrument", node, words, start, end, None, kind, by)
        out.setdefault(str(row["provision"]), []).append(chip)
    for chips in out.values():
        chips.sort(key=lambda c: (c.kind != "action", c.start, c.end, c.node.iri))
    return out


def verbs_of(chips: list[Chip], lang: str) -> list[Verb]:
    """The coded verbs of a sentence's chips, each titled with its action and strength."""
    return [
        Verb(c.start, c.end, f"{c.node.label(lang)} · {c.strength}")
        for c in chips
        if c.kind == "action"
    ]


def codings_of(unit_iri: str) -> dict[str, list[Chip]]:
    """provision IRI → its chips, for a measure or one of its provisions; else empty."""
    number = measure_of(unit_iri)
    return chips_of_measure(number) if number is not None else {}


def add_codings(views: list[dict], sentences: list, chips: dict[str, list[Chip]]) -> None:
    """Give the sentence views of a measure (or of one of its provisions) their chips."""
    for view, sentence in zip(views, sentences, strict=True):
        view["codings"] = chips.get(sentence.node.iri, [])
