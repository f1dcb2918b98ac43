"""Query results as a table to show: the store's rows as labelled cells.

Input:  :class:`queries.stores.base.Rows` from the store's ``rows`` (rdflib terms, within the
        row cap, with the cap's notice), through ``webapp.shared.fetch.rows``.
Output: :class:`Table` — column names and rows of cells (``Node`` for IRIs and blank nodes,
        with their labels fetched in one batch; ``Value`` for literals), or a boolean, and the
        cap notice if the result was cut. At most :data:`MAX_SHOWN` rows are shown; the
        downloads carry the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import BNode, URIRef

from queries.stores.base import Rows, Term
from webapp.shared.fetch import base
from webapp.shared.labels import labels_for
from webapp.shared.nodes import Node, Value, value_of

MAX_SHOWN = 1000


@dataclass
class Table:
    columns: list[str] = field(default_factory=list)
    rows: list[list[Node | Value | None]] = field(default_factory=list)
    boolean: bool | None = None
    total: int = 0
    notice: str | None = None

    @property
    def cut(self) -> bool:
        return self.total > len(self.rows)


def table_from_rows(found: Rows) -> Table:
    if found.boolean is not None:
        return Table(boolean=found.boolean, notice=found.notice)
    shown = found.rows[:MAX_SHOWN]
    labels = labels_for([str(t) for row in shown for t in row if isinstance(t, URIRef)])
    b = base()

    def cell(term: Term | None) -> Node | Value | None:
        if term is None:
            return None
        if isinstance(term, URIRef):
            return Node(str(term), tuple(sorted(labels.get(str(term), {}).items())), b)
        if isinstance(term, BNode):
            return Node(str(term), base=b, blank=True)
        return value_of(term)

    cells = [[cell(t) for t in row] for row in shown]
    return Table(list(found.variables), cells, None, len(found.rows), found.notice)
