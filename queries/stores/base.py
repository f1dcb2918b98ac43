"""The store every backend is read through: rdflib terms in and out, one engine behind.

Input:  SPARQL text (values never pasted in) and ``bindings``, variable name → rdflib term.
Output: rdflib results — :class:`SelectResult`, a bool, a ``Graph``, any form cut at a row cap
        (:class:`Rows`, the query page) — or a serialised document (:class:`RawResult`, /sparql).

A :class:`Store` checks and converts the bound values (``queries.binding``, ``queries.terms``)
and the results once for every *engine*, which answers in pyoxigraph terms (``answer``,
``document``, ``triple_count``): ``engine.Engine`` in this process,
``pool.WorkerPool`` in worker processes, ``remote.Endpoint`` over HTTP. Errors are those of
``queries.errors``, never an engine's own. ``query_raw`` and each engine's ``document`` take
the same parameters: a deliberate parallel (the document is written where the engine runs).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from rdflib import BNode, Graph, Literal, URIRef

from queries.binding import checked_bindings
from queries.errors import QueryError
from queries.results import row_cap_notice
from queries.stores.engine import Engine, OxTerm
from queries.terms import to_oxigraph, to_rdflib

Term = URIRef | Literal | BNode
Bindings = Mapping[str, URIRef | Literal]
TRIPLE_COLUMNS = ("subject", "predicate", "object")


@dataclass(frozen=True)
class SelectResult:
    """Solutions of a SELECT query: variable names and rows (``None`` where unbound)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...] = field(default=())

    def __iter__(self) -> Iterator[dict[str, Term]]:
        """Each row as a dict of its bound variables."""
        for row in self.rows:
            yield {v: t for v, t in zip(self.variables, row, strict=True) if t is not None}

    def __len__(self) -> int:
        return len(self.rows)

    def column(self, name: str) -> list[Term | None]:
        i = self.variables.index(name)
        return [row[i] for row in self.rows]


@dataclass(frozen=True)
class Rows:
    """Any query form's answer as rows, cut at a cap: a SELECT's solutions, a CONSTRUCT's or
    DESCRIBE's triples (columns subject, predicate, object), or an ASK's ``boolean``.
    ``notice`` is set when the cap cut the rows."""

    variables: tuple[str, ...] = ()
    rows: tuple[tuple[Term | None, ...], ...] = ()
    boolean: bool | None = None
    notice: str | None = None


class RawResult(NamedTuple):
    """A serialised result document for the protocol endpoint; ``notice`` is set when a cap
    cut the result (the endpoint turns it into a header)."""

    body: bytes
    media_type: str
    notice: str | None = None


def substitutions(bindings: Bindings | None) -> dict[str, OxTerm]:
    """The bindings checked (``QueryError`` if one cannot be bound) as pyoxigraph terms."""
    return {name: to_oxigraph(term) for name, term in checked_bindings(bindings).items()}


def _rdflib_rows(rows: Sequence[Sequence]) -> tuple[tuple[Term | None, ...], ...]:
    return tuple(tuple(map(to_rdflib, row)) for row in rows)


class Store:
    """A read-only SPARQL store: ``engine`` (default: an empty in-memory pyoxigraph one)
    behind the calls the app makes."""

    def __init__(self, engine: Any = None) -> None:
        self.engine = engine if engine is not None else Engine()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.engine!r})"

    def _answer(self, query: str, bindings: Bindings | None, kind: type, form: str) -> Any:
        answer = self.engine.answer(query, substitutions(bindings))
        if not isinstance(answer, kind):
            raise QueryError(f"not {form} query")
        return answer

    def select(self, query: str, bindings: Bindings | None = None) -> SelectResult:
        """Run a SELECT query."""
        variables, rows = self._answer(query, bindings, tuple, "a SELECT")
        return SelectResult(tuple(variables), _rdflib_rows(rows))

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """Run an ASK query."""
        return self._answer(query, bindings, bool, "an ASK")

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query; the triples as an rdflib Graph."""
        graph = Graph()
        for t in self._answer(query, bindings, list, "a CONSTRUCT or DESCRIBE"):
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return graph

    def rows(
        self, query: str, bindings: Bindings | None = None, *, max_rows: int | None = None
    ) -> Rows:
        """Run any query form; at most ``max_rows`` solutions (or triples), a cut reported in
        ``Rows.notice`` as ``query_raw`` reports it."""
        limit = None if max_rows is None else max_rows + 1  # one more tells there were more
        answer = self.engine.answer(query, substitutions(bindings), limit)
        if isinstance(answer, bool):
            return Rows(boolean=answer)
        graph = isinstance(answer, list)
        if graph:
            variables, found = TRIPLE_COLUMNS, [(t.subject, t.predicate, t.object) for t in answer]
        else:
            variables, found = answer
        cut = max_rows is not None and len(found) > max_rows
        notice = row_cap_notice(max_rows, graph) if cut and max_rows is not None else None
        return Rows(tuple(variables), _rdflib_rows(found[:max_rows]), notice=notice)

    def query_raw(
        self,
        query: str,
        result_format: str,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
        *,
        bindings: Bindings | None = None,
        max_rows: int | None = None,
        max_bytes: int | None = None,
    ) -> RawResult:
        """Run any query form; the result serialised as ``result_format``.

        ``result_format`` is a name from ``queries.results.FORMATS`` (json, xml, csv, tsv for
        SELECT/ASK; ttl, nt, jsonld, rdfxml for CONSTRUCT/DESCRIBE). Non-empty
        ``default_graph_uris`` / ``named_graph_uris`` replace the query's FROM / FROM NAMED,
        as the SPARQL 1.1 Protocol says. ``max_rows`` caps solutions (or triples) and
        ``max_bytes`` the document; a cut is reported in ``RawResult.notice``.
        """
        document = self.engine.document(
            query,
            result_format,
            tuple(default_graph_uris),
            tuple(named_graph_uris),
            substitutions=substitutions(bindings),
            max_rows=max_rows,
            max_bytes=max_bytes,
        )
        return RawResult(*document)

    def triple_count(self) -> int:
        """Number of triples (quads) in the store, all graphs together."""
        return self.engine.triple_count()

    def close(self) -> None:
        """Release the engine's resources (processes, connections)."""
        self.engine.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
