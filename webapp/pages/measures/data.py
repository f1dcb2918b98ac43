"""The measure explorer's index and filtering: which measure has which facet value, and counts.

Input:  the store — two queries, once per process: the measures (number, titles) and every
        (measure, facet, value) pair; then per request a :class:`Filter` (values chosen per
        facet, an optional measure number, the set of measures a text search left).
Output: :class:`Index` with ``apply(filter)`` → the matching measures, and ``counts(filter)``
        → for every facet value, how many of the matching measures have it (so counts always
        reflect the current filter).

Facets: zone (the measure involves the area or one of its components), task group, topic,
region (involved directly, or through a member country or a member region: a region includes
its members' measures), country, agency (involved, or charged with a provision of the
measure), industry, commodity and operation (a trade or logistics mode or a financial
operation the measure names), policy instrument (a provision of the measure is coded with it)
and action (a clause of the measure takes it; its label carries the commitment strength).
Values are named in URLs by the last segment of their IRI
(``region=143``, ``topic=logistics``); selected values combine with AND.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import URIRef

from webapp.pages.entity.data import natural_key
from webapp.shared.cache import memo
from webapp.shared.fetch import base, select
from webapp.shared.nodes import LabelSet, Node

FACETS = (
    "zone", "task-group", "topic", "region", "country", "agency", "industry", "commodity",
    "operation", "instrument", "action",
)  # fmt: skip


@dataclass
class Measure:
    node: Node
    number: int
    titles: dict[str, str]
    values: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles.get("zh" if lang == "en" else "en") or ""


@dataclass
class Filter:
    """What the request asks for: slugs chosen per facet, a measure number, a text match."""

    chosen: dict[str, list[str]] = field(default_factory=dict)  # facet → IRIs
    measure: int | None = None
    text_measures: set[int] | None = None  # None: no text search


@dataclass
class Index:
    measures: list[Measure]
    values: dict[str, list[Node]]  # facet → its values, in display order
    by_slug: dict[str, dict[str, str]]  # facet → slug → IRI

    def apply(self, flt: Filter) -> list[Measure]:
        out = []
        for m in self.measures:
            if flt.measure is not None and m.number != flt.measure:
                continue
            if flt.text_measures is not None and m.number not in flt.text_measures:
                continue
            if all(set(iris) <= m.values.get(facet, set()) for facet, iris in flt.chosen.items()):
                out.append(m)
        return out

    def counts(self, matching: list[Measure]) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {f: defaultdict(int) for f in FACETS}
        for m in matching:
            for facet in FACETS:
                for iri in m.values.get(facet, ()):
                    counts[facet][iri] += 1
        return counts


def slug_of(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _build() -> Index:
    b = base()
    measures: dict[str, Measure] = {}
    for row in select("explorer-measures"):
        iri = str(row["measure"])
        titles = {
            lang: str(row[f"title_{lang}"]) for lang in ("zh", "en") if row.get(f"title_{lang}")
        }
        if iri not in measures:
            measures[iri] = Measure(Node(iri, base=b), int(str(row["number"])), titles)
    labels = LabelSet()
    values: dict[str, set[str]] = defaultdict(set)
    for row in select("explorer-facets"):
        measure = measures.get(str(row["measure"]))
        value = row.get("value")
        if measure is None or not isinstance(value, URIRef):
            continue
        facet = str(row["facet"])
        measure.values[facet].add(str(value))
        values[facet].add(str(value))
        strength = f" · {row['strength']}" if row.get("strength") is not None else ""
        for lang in ("zh", "en"):  # an action shows its commitment strength (issue 19)
            label = row.get(f"value_{lang}")
            labels.add(str(value), lang, f"{label}{strength}" if label and strength else label)
    for m in measures.values():
        m.node = Node(m.node.iri, tuple(sorted(m.titles.items())), b)
    ordered: dict[str, list[Node]] = {}
    by_slug: dict[str, dict[str, str]] = {}
    for facet in FACETS:
        nodes = [labels.node(URIRef(iri), b) for iri in values.get(facet, ())]
        if facet == "task-group":
            nodes.sort(key=lambda n: natural_key(n.iri))
        else:
            nodes.sort(key=lambda n: (n.label("en").lower(), n.iri))
        ordered[facet] = nodes
        by_slug[facet] = {slug_of(n.iri): n.iri for n in nodes}
    return Index(sorted(measures.values(), key=lambda m: m.number), ordered, by_slug)


def explorer_index() -> Index:
    return memo("explorer-index", _build)
