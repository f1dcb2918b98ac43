"""The whole plan as a tree, in document order: units, their sentences and the mentions in them.

Input:  the store — three queries, run once per process (the graph is read-only): the units
        (plan, parts, sections, task groups, measures) with numbers and titles, the provisions
        with their texts, and every mention with its offsets and entity.
Output: :class:`Unit`, the plan's root; each unit holds its children (sub-units and
        ``entity_data.Sentence`` objects) in reading order — by the sequence number of the
        first sentence each holds — and an ``anchor`` (part-3, task-group-6, measure-16,
        measure-16-3) for links into the reader.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import URIRef

from webapp.pages.entity.data import Sentence
from webapp.shared.cache import memo
from webapp.shared.fetch import base, select
from webapp.shared.highlight import Span
from webapp.shared.nodes import LabelSet, Node, anchor_of

TYPE_RANK = {"Plan": 0, "Part": 1, "Section": 2, "TaskGroup": 2, "Measure": 3}


@dataclass
class Unit:
    """A unit of the plan: its kind, numbers, titles and children in reading order."""

    node: Node
    kind: str
    anchor: str
    ordinal: int | None = None
    number: str | None = None
    measure_number: int | None = None
    titles: dict[str, str] = field(default_factory=dict)
    children: list[Unit | Sentence] = field(default_factory=list)
    first: int = 1 << 30  # sequence of the first sentence inside
    is_unit = True

    def heading(self, lang: str) -> str:
        title = self.titles.get(lang) or self.titles.get("zh" if lang == "en" else "en") or ""
        if lang == "zh":
            if self.kind == "Part" and self.number:
                return f"{self.number}、{title}"
            if self.kind in ("Section", "TaskGroup") and self.number:
                return f"{self.number}{title}"
            if self.kind == "Measure" and self.measure_number is not None:
                return f"{self.measure_number}. {title}"
            return title
        if self.kind == "Part" and self.ordinal is not None:
            return f"Part {self.ordinal}. {title}"
        if self.kind in ("Section", "TaskGroup") and self.ordinal is not None:
            return f"({self.ordinal}) {title}"
        if self.kind == "Measure" and self.measure_number is not None:
            return f"{self.measure_number}. {title}"
        return title

    def walk(self):
        yield self
        for child in self.children:
            if isinstance(child, Unit):
                yield from child.walk()


def _int(term: object) -> int | None:
    try:
        return int(str(term))
    except (TypeError, ValueError):
        return None


def _build() -> Unit | None:
    b = base()
    units: dict[str, Unit] = {}
    parents: dict[str, str] = {}
    for row in select("reader-units"):
        iri = str(row["unit"])
        kind = str(row["type"]).rsplit("#", 1)[-1]
        unit = units.get(iri)
        if unit is None or TYPE_RANK[kind] > TYPE_RANK[unit.kind]:
            unit = units[iri] = Unit(Node(iri, base=b), kind, anchor_of(iri, b))
        unit.ordinal = unit.ordinal or _int(row.get("ordinal"))
        unit.number = unit.number or (str(row["number"]) if row.get("number") else None)
        unit.measure_number = unit.measure_number or _int(row.get("measure_number"))
        for lang in ("zh", "en"):
            if row.get(f"title_{lang}") is not None:
                unit.titles.setdefault(lang, str(row[f"title_{lang}"]))
        if isinstance(row.get("parent"), URIRef):
            parents[iri] = min(parents.get(iri, str(row["parent"])), str(row["parent"]))
    labels = LabelSet()
    spans: dict[str, set[tuple[int, int, str]]] = defaultdict(set)
    for row in select("reader-mentions"):
        body = str(row["body"])
        labels.add(body, "zh", row.get("body_zh"))
        labels.add(body, "en", row.get("body_en"))
        spans[str(row["provision"])].add((_int(row["start"]) or 0, _int(row["end"]) or 0, body))
    roots: list[Unit] = []
    for row in select("reader-provisions"):
        iri = str(row["provision"])
        sentence = Sentence(
            Node(iri, base=b),
            _int(row["sequence"]) or 0,
            _int(row.get("sentence")),
            str(row.get("text_zh") or ""),
            str(row.get("text_en") or ""),
            [Span(a, z, labels.node(URIRef(e), b)) for a, z, e in sorted(spans.get(iri, ()))],
        )
        parent = units.get(str(row.get("parent")))
        if parent is not None and all(c.node.iri != iri for c in parent.children):
            parent.children.append(sentence)
    for iri, unit in units.items():
        parent = units.get(parents.get(iri, ""))
        if parent is not None:
            parent.children.append(unit)
        else:
            roots.append(unit)
    for root in roots:
        _order(root)
    roots.sort(key=lambda u: (TYPE_RANK[u.kind], u.first, u.node.iri))
    return roots[0] if roots else None


def _order(unit: Unit) -> int:
    """Sort ``unit``'s children into reading order; returns its first sentence's sequence."""
    firsts = []
    for child in unit.children:
        firsts.append(_order(child) if isinstance(child, Unit) else child.sequence)
    unit.first = min(firsts, default=1 << 30)
    unit.children.sort(
        key=lambda c: (
            c.first if isinstance(c, Unit) else c.sequence,
            c.ordinal or 0 if isinstance(c, Unit) else 0,
            c.node.iri,
        )
    )
    return unit.first


def plan_tree() -> Unit | None:
    """The plan's root unit (``None`` if the graph holds no plan), built once per process."""
    return memo("reader-tree", _build)
