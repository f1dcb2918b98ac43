"""Heat maps: measure × topic, country/region × topic, measure × trade or financial operation
and measure × policy instrument, as HTML tables with counts.

Input:  ``GET /matrix``; the explorer's index (``webapp.pages.measures.data``) and one query
        counting, per measure and topic, the sentences of the measure that carry the topic.
Output: two tables whose cells hold counts, shaded by class (``heat-0``…``heat-5``; no inline
        style under the CSP), each cell a link to the explorer filtered by both its row and its
        column (``/measures?measure=16&topic=logistics``, ``/measures?region=143&topic=…``).
        The region × topic counts come from the explorer's own index, so a cell's number is the
        number of measures the explorer lists behind it. The measure × instrument counts (the
        sentences of the measure coded with the instrument) come from the named query
        ``measure-instrument-counts``; their cells link to ``/measures?measure=N&instrument=…``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import render_template

from queries.library import get_query
from webapp.pages.measures.data import explorer_index, slug_of
from webapp.pages.measures.views import bp
from webapp.shared.cache import cached_page, memo
from webapp.shared.fetch import select
from webapp.shared.nodes import Node
from webapp.shared.site import allow_params

LEVELS = 5


@dataclass
class Cell:
    count: int
    level: int
    href: str


@dataclass
class Matrix:
    rows: list[tuple[Node, str]]  # (row entity, row heading)
    columns: list[Node]
    cells: list[list[Cell]]


def _level(count: int, top: int) -> int:
    if count <= 0 or top <= 0:
        return 0
    return max(1, min(LEVELS, round(LEVELS * count / top)))


def _build(counts: dict[tuple[str, str], int], rows, columns, href) -> Matrix:
    top = max(counts.values(), default=0)
    cells = [
        [
            Cell(
                counts.get((r.iri, c.iri), 0),
                _level(counts.get((r.iri, c.iri), 0), top),
                href(r, c),
            )
            for c in columns
        ]
        for r, _ in rows
    ]
    return Matrix(rows, columns, cells)


def _pair_counts(query_id: str, column: str) -> dict[tuple[str, str], int]:
    """(measure, value of ``column``) → ``n``, from one of the page queries."""
    return {(str(row["measure"]), str(row[column])): int(str(row["n"])) for row in select(query_id)}


def _by_measure(
    counts: dict[tuple[str, str], int], facet: str, columns: list[Node], lang: str
) -> Matrix:
    """Measures as rows against ``columns``, values of the explorer's ``facet``; each cell links
    to the explorer filtered by its measure and its column."""
    index = explorer_index()
    rows = [(m.node, f"{m.number}. {m.title(lang)}") for m in index.measures]
    numbers = {m.node.iri: m.number for m in index.measures}

    def href(row: Node, col: Node) -> str:
        return "/measures?" + urlencode([("measure", numbers[row.iri]), (facet, slug_of(col.iri))])

    return _build(counts, rows, columns, href)


def measure_topic(lang: str) -> Matrix:
    query = "matrix-sentence-topics"
    counts = memo(query, lambda: _pair_counts(query, "topic"))
    return _by_measure(counts, "topic", explorer_index().values.get("topic", []), lang)


def measure_operation(lang: str) -> Matrix:
    """Measures × the trade and logistics modes and financial operations they name (issue 15)."""
    query = "matrix-measure-operations"
    counts = memo(query, lambda: _pair_counts(query, "operation"))
    return _by_measure(counts, "operation", explorer_index().values.get("operation", []), lang)


def place_topic(lang: str) -> Matrix:
    index = explorer_index()
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for m in index.measures:
        for facet in ("region", "country"):
            for place in m.values.get(facet, ()):
                for topic in m.values.get("topic", ()):
                    counts[(place, topic)] += 1
    facet_of = {n.iri: f for f in ("region", "country") for n in index.values.get(f, [])}
    rows = [(n, n.label(lang)) for f in ("region", "country") for n in index.values.get(f, [])]

    def href(row: Node, col: Node) -> str:
        return "/measures?" + urlencode(
            [(facet_of[row.iri], slug_of(row.iri)), ("topic", slug_of(col.iri))]
        )

    return _build(counts, rows, index.values.get("topic", []), href)


@bp.get("/matrix")
def matrix() -> str:
    allow_params()
    return cached_page("matrix", _render, forever=True)


def _render(lang: str) -> str:
    return render_template(
        "matrix.html",
        measure_topic=measure_topic(lang),
        place_topic=place_topic(lang),
        measure_operation=measure_operation(lang),
        measure_instrument=measure_instrument(lang),
    )


def _instrument_table() -> tuple[dict[tuple[str, str], int], dict[str, str]]:
    """(measure, instrument) → sentences, and instrument → its type's slug."""
    counts, types = {}, {}
    for row in select(get_query("measure-instrument-counts")):
        counts[(str(row["measure"]), str(row["instrument"]))] = int(str(row["count"]))
        types[str(row["instrument"])] = slug_of(str(row["instrument_type"]))
    return counts, types


def measure_instrument(lang: str) -> Matrix:
    """Measures × the instrument sub-types, columns grouped by their type (issue 19)."""
    counts, types = memo("matrix-measure-instruments", _instrument_table)
    order = {"supply": 0, "environment": 1, "demand": 2}
    columns = sorted(
        explorer_index().values.get("instrument", []),
        key=lambda n: (order.get(types.get(n.iri, ""), 3), n.label(lang).lower()),
    )
    return _by_measure(counts, "instrument", columns, lang)
