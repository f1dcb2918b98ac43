"""The reader's tools: a filter that dims the measures it leaves out, and previous/next links.

Input:  ``GET /plan`` with ``zone``, ``task-group``, ``topic`` (slugs, as the explorer names
        them: ``zone=kashgar``) and ``entity`` (``facet:slug`` of any other explorer facet:
        ``country:KZ``, ``region:143``, ``agency:…``, ``industry:…``); the plan tree and the
        explorer's index (``webapp.pages.measures.data``), so a measure matches here exactly
        when it matches there.
Output: :class:`ReaderFilter` — what is chosen, the matching measure numbers, the options of
        each select (the explorer's values, with counts); and ``neighbours(root)`` → measure
        anchor → (previous, next) measure units. Works without JavaScript: a GET form.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import abort, request

from webapp.pages.measures.data import Filter, Index, explorer_index
from webapp.pages.plan.data import Unit
from webapp.shared.i18n import t
from webapp.shared.nodes import Node

SELECTS = ("zone", "task-group", "topic")
ENTITY_FACETS = ("region", "country", "agency", "industry")
PARAMS = (*SELECTS, "entity")


@dataclass
class ReaderFilter:
    chosen: dict[str, str] = field(default_factory=dict)  # param → value as given
    matches: set[int] | None = None  # None: no filter
    options: dict[str, list[tuple[str, Node, int]]] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return self.matches is not None

    def dims(self, unit: Unit) -> bool:
        """Whether ``unit`` (a measure, or text outside any measure) is dimmed."""
        if self.matches is None:
            return False
        return unit.measure_number not in self.matches


def _slug(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _options(index: Index) -> dict[str, list[tuple[str, Node, int]]]:
    counts = index.counts(index.measures)
    options: dict[str, list[tuple[str, Node, int]]] = {}
    for facet in SELECTS:
        options[facet] = [
            (_slug(n.iri), n, counts[facet].get(n.iri, 0)) for n in index.values[facet]
        ]
    options["entity"] = [
        (f"{facet}:{_slug(n.iri)}", n, counts[facet].get(n.iri, 0))
        for facet in ENTITY_FACETS
        for n in index.values[facet]
    ]
    return options


def reader_filter() -> ReaderFilter:
    """The request's filter; ``abort(400)`` naming a value the explorer does not know."""
    index = explorer_index()
    found = ReaderFilter(options=_options(index))
    flt = Filter()
    for param in PARAMS:
        value = (request.args.get(param) or "").strip()
        if not value:
            continue
        facet, slug = value.split(":", 1) if param == "entity" and ":" in value else (param, value)
        if param == "entity" and facet not in ENTITY_FACETS:
            abort(400, description=t("bad_facet_value", facet=param, value=value[:60]))
        iri = index.by_slug.get(facet, {}).get(slug)
        if iri is None:
            abort(400, description=t("bad_facet_value", facet=param, value=value[:60]))
        found.chosen[param] = value
        flt.chosen.setdefault(facet, []).append(iri)
    if found.chosen:
        found.matches = {m.number for m in index.apply(flt)}
    return found


def neighbours(root: Unit) -> dict[str, tuple[Unit | None, Unit | None]]:
    """Each measure's anchor → its previous and next measure in the plan."""
    measures = [u for u in root.walk() if u.kind == "Measure"]
    out: dict[str, tuple[Unit | None, Unit | None]] = {}
    for i, m in enumerate(measures):
        before = measures[i - 1] if i > 0 else None
        after = measures[i + 1] if i + 1 < len(measures) else None
        out[m.anchor] = (before, after)
    return out
