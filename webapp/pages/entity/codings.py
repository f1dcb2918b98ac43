"""The chips of a measure's sentences: each clause's action (verb highlighted, with its commitment
strength) and each policy instrument, as the graph codes them (issue 19).

Input:  a measure page's or a measure provision's IRI and its sentence views (``page.py``); the
        named query ``provision-codings`` bound to the measure's number.
Output: each sentence view gains ``codings`` (a list of :class:`Chip`, actions first in text
        order, then instruments) and its Chinese text is re-marked with every coded verb in a
        ``<mark class="verb">`` (mentions stay links inside and around it). Shown by the template
        include ``_codings.html``; nothing changes for pages outside the measures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from queries.library import get_query
from webapp.shared.fetch import base, select
from webapp.shared.highlight import Span, mention_markup
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


def _clip(spans: list[Span], a: int, b: int) -> list[Span]:
    return [
        Span(max(s.start, a) - a, min(s.end, b) - a, s.node)
        for s in spans
        if s.start < b and a < s.end
    ]


def verb_markup(text: str, spans: list[Span], chips: list[Chip], lang: str) -> Markup:
    """``text`` with mentions linked (as ``mention_markup``) and each coded verb marked."""
    verbs = sorted({(c.start, c.end, c) for c in chips if c.kind == "action"}, key=lambda v: v[:2])
    out: list[Markup] = []
    at = 0
    for start, end, chip in verbs:
        if start < at or end > len(text):
            continue  # overlapping or out of range: leave the text as it is
        out.append(mention_markup(text[at:start], _clip(spans, at, start), lang))
        inner = mention_markup(text[start:end], _clip(spans, start, end), lang)
        title = f"{chip.node.label(lang)} · {chip.strength}"
        out.append(Markup('<mark class="verb" title="{}">{}</mark>').format(title, inner))
        at = end
    out.append(mention_markup(text[at:], _clip(spans, at, len(text)), lang))
    return Markup("").join(out)


def add_codings(unit_iri: str, views: list[dict], sentences: list, lang: str) -> None:
    """Give the sentence views of a measure (or of one of its provisions) their chips."""
    number = measure_of(unit_iri)
    if number is None:
        return
    chips = chips_of_measure(number)
    for view, sentence in zip(views, sentences, strict=True):
        mine = chips.get(sentence.node.iri, [])
        view["codings"] = mine
        if mine:
            view["zh"] = verb_markup(sentence.zh, sentence.spans, mine, lang)
