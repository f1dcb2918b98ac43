"""The one small interface every store backend implements.

Input:  SPARQL query text (never with values pasted in) and ``bindings``, a mapping from
        variable name to an rdflib term (``URIRef``/``Literal``).
Output: Python results in rdflib terms — :class:`SelectResult` rows, a bool, an rdflib
        ``Graph``, or any query form's answer cut at a row cap (:class:`Rows`, for the query
        page) — or, for the protocol endpoint, a serialised document (:class:`RawResult`).

Backends: ``queries.stores.embedded.PyoxigraphStore`` (pyoxigraph in this process, or in
worker processes with a deadline: ``PyoxigraphStore.pooled``) and
``queries.stores.remote.RemoteStore`` (a SPARQL endpoint reached through SPARQLWrapper). A
backend binds values its own way — pyoxigraph ``substitutions=``, or a ``VALUES`` block from
``queries.binding.with_values`` — and raises the errors of ``queries.errors`` (syntax →
``QuerySyntaxError``, deadline → ``QueryTimeout``) so callers never see a backend's own
exception types.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from rdflib import BNode, Graph, Literal, URIRef

from queries.guard import QUERY_FORMS, tokens
from queries.results import row_cap_notice
from queries.terms import to_rdflib

Term = URIRef | Literal | BNode
Bindings = Mapping[str, URIRef | Literal]


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


TRIPLE_COLUMNS = ("subject", "predicate", "object")


def query_form(query: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first query-form keyword outside strings/IRIs."""
    for tok in tokens(query):
        if tok.kind == "word" and tok.text.upper() in QUERY_FORMS:
            return tok.text.upper()
    return None


def capped_rows(
    variables: Sequence[str], found: Sequence[Sequence], max_rows: int | None, graph: bool
) -> Rows:
    """:class:`Rows` from a backend's rows of pyoxigraph terms (up to ``max_rows`` + 1 of them,
    the one over the cap telling that there were more), converted once."""
    cut = max_rows is not None and len(found) > max_rows
    kept = found[:max_rows] if cut else found
    notice = row_cap_notice(max_rows, graph) if cut and max_rows is not None else None
    return Rows(tuple(variables), tuple(tuple(map(to_rdflib, r)) for r in kept), notice=notice)


class RawResult(NamedTuple):
    """A serialised result document for the protocol endpoint.

    ``notice`` is set when a cap cut the result (the endpoint turns it into a header).
    """

    body: bytes
    media_type: str
    notice: str | None = None


class Store(ABC):
    """A read-only SPARQL store."""

    @abstractmethod
    def select(self, query: str, bindings: Bindings | None = None) -> SelectResult:
        """Run a SELECT query."""

    @abstractmethod
    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        """Run an ASK query."""

    @abstractmethod
    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query; the triples as an rdflib Graph."""

    @abstractmethod
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

        Each backend repeats this signature (a deliberate parallel: the interface and its
        implementations), and ``queries.stores.engine.Engine.document`` its parameters.

        ``result_format`` is a name from ``queries.results.FORMATS`` (json, xml, csv, tsv for
        SELECT/ASK; ttl, nt, jsonld, rdfxml for CONSTRUCT/DESCRIBE). Non-empty
        ``default_graph_uris`` / ``named_graph_uris`` replace the query's FROM / FROM NAMED,
        as the SPARQL 1.1 Protocol says. ``max_rows`` caps solutions (or triples) and
        ``max_bytes`` the document; a cut is reported in ``RawResult.notice``.
        """

    @abstractmethod
    def rows(
        self, query: str, bindings: Bindings | None = None, *, max_rows: int | None = None
    ) -> Rows:
        """Run any query form; at most ``max_rows`` solutions (or triples), a cut reported in
        ``Rows.notice`` as ``query_raw`` reports it."""

    @abstractmethod
    def named_graphs(self) -> list[URIRef | BNode]:
        """The names of the store's named graphs, sorted."""

    @abstractmethod
    def triple_count(self) -> int:
        """Number of triples (quads) in the store, all graphs together."""

    def close(self) -> None:  # noqa: B027 — optional for backends that hold nothing
        """Release the backend's resources (processes, connections)."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
