"""The one small interface every store backend implements.

Input:  SPARQL query text (never with values pasted in) and ``bindings``, a mapping from
        variable name to an rdflib term (``URIRef``/``Literal``).
Output: Python results in rdflib terms — :class:`SelectResult` rows, a bool, an rdflib
        ``Graph`` — or, for the protocol endpoint, a serialised document (:class:`RawResult`).

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
