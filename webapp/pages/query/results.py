"""Query results as a table to show: SPARQL JSON or N-Triples read back into labelled cells.

Input:  a ``RawResult`` from the store's bounded ``query_raw`` — SPARQL 1.1 Query Results JSON
        for SELECT/ASK, N-Triples for CONSTRUCT/DESCRIBE — as /sparql and /api produce them.
Output: :class:`Table` — column names and rows of cells (``Node`` for IRIs and blank nodes,
        with their labels fetched in one batch; ``Value`` for literals), or a boolean, and the
        cap notice if the result was cut. At most :data:`MAX_SHOWN` rows are shown; the
        downloads carry the rest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pyoxigraph as ox

from queries.stores.base import RawResult
from webapp.shared.fetch import base
from webapp.shared.labels import labels_for
from webapp.shared.nodes import Node, Value, compact

MAX_SHOWN = 1000
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


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


def _json_cell(term: dict | None) -> tuple[str, object] | None:
    if term is None:
        return None
    kind = term.get("type")
    if kind == "uri":
        return ("iri", term["value"])
    if kind == "bnode":
        return ("bnode", term["value"])
    datatype = term.get("datatype")
    shown = compact(datatype) if datatype and datatype != XSD_STRING else None
    return ("lit", Value(str(term.get("value", "")), term.get("xml:lang"), shown))


def _ox_cell(term: object) -> tuple[str, object]:
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        shown = compact(datatype) if datatype != XSD_STRING and not term.language else None
        return ("lit", Value(term.value, term.language, shown))
    return ("lit", Value(str(term)))


def _finish(columns: list[str], raw_rows: list[list], total: int, notice: str | None) -> Table:
    iris = [c[1] for row in raw_rows for c in row if c and c[0] == "iri"]
    labels = labels_for(iris)
    b = base()

    def cell(c: tuple | None) -> Node | Value | None:
        if c is None:
            return None
        if c[0] == "iri":
            return Node(c[1], tuple(sorted(labels.get(c[1], {}).items())), b)
        if c[0] == "bnode":
            return Node(c[1], base=b, blank=True)
        return c[1]

    return Table(columns, [[cell(c) for c in row] for row in raw_rows], None, total, notice)


def table_from_json(raw: RawResult) -> Table:
    doc = json.loads(raw.body)
    if "boolean" in doc:
        return Table(boolean=bool(doc["boolean"]), notice=raw.notice)
    columns = list(doc.get("head", {}).get("vars", []))
    bindings = doc.get("results", {}).get("bindings", [])
    raw_rows = [[_json_cell(b.get(v)) for v in columns] for b in bindings[:MAX_SHOWN]]
    return _finish(columns, raw_rows, len(bindings), raw.notice or doc.get("notice"))


def table_from_ntriples(raw: RawResult) -> Table:
    triples = list(ox.parse(raw.body, format=ox.RdfFormat.N_TRIPLES))
    raw_rows = [
        [_ox_cell(t.subject), _ox_cell(t.predicate), _ox_cell(t.object)]
        for t in triples[:MAX_SHOWN]
    ]
    return _finish(["subject", "predicate", "object"], raw_rows, len(triples), raw.notice)
