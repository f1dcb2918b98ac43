"""The embedded backend: a pyoxigraph store in this process, behind the Store interface.

Input:  the published graph (``graph/build/xjftz.ttl``), or any RDF files — Turtle, TriG,
        N-Triples, N-Quads, RDF/XML, JSON-LD, chosen by extension; named graphs kept — or an
        on-disk pyoxigraph database opened read-only.
Output: a :class:`PyoxigraphStore` implementing ``queries.stores.base.Store``, its results in
        rdflib terms; a file that does not parse raises ``InputFileError`` naming the file and
        line. A query pyoxigraph cannot evaluate (an unknown function, say) is a ``QueryError``
        (400), not a store failure.

The engine (loading, querying with substitutions or the VALUES fallback, caps, result
documents) is ``queries.stores.engine.Engine``; this class adds what needs rdflib: checking the
bound values and converting terms both ways (``queries.terms``). It runs the engine in this
process, where a query cannot be interrupted (pyoxigraph holds the GIL until it finishes), or
— given a ``queries.stores.pool.WorkerPool``, which answers the same calls — in worker
processes with a deadline (``pooled``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from rdflib import BNode, Graph, URIRef

from queries.binding import checked_bindings
from queries.stores.base import (
    TRIPLE_COLUMNS,
    Bindings,
    RawResult,
    Rows,
    SelectResult,
    Store,
    capped_rows,
    query_form,
)
from queries.stores.engine import (
    DEFAULT_BASE_IRI,
    PUBLISHED_GRAPH,
    RDF_EXTENSIONS,
    EmbeddedSpec,
    Engine,
    OxTerm,
    check_well_formed_xml,
    rdf_format_for,
    result_format_checked,
)
from queries.stores.pool import WorkerPool
from queries.terms import to_oxigraph, to_rdflib

__all__ = [
    "DEFAULT_BASE_IRI",
    "PUBLISHED_GRAPH",
    "RDF_EXTENSIONS",
    "PyoxigraphStore",
    "check_well_formed_xml",
    "rdf_format_for",
    "result_format_checked",
    "substitutions",
]


def substitutions(bindings: Bindings | None) -> dict[str, OxTerm]:
    """The bindings checked (``QueryError`` if one cannot be bound) as pyoxigraph terms."""
    return {name: to_oxigraph(term) for name, term in checked_bindings(bindings).items()}


class PyoxigraphStore(Store):
    """A pyoxigraph engine behind the project's Store interface."""

    def __init__(self, engine: Engine | WorkerPool | None = None) -> None:
        self.engine = engine if engine is not None else Engine()

    @classmethod
    def pooled(
        cls,
        spec: EmbeddedSpec,
        processes: int = 2,
        timeout: float = 10.0,
        memory_limit_mb: int = 0,
        **pool: float,
    ) -> PyoxigraphStore:
        """The engine ``spec`` describes in ``processes`` worker processes (``WorkerPool``;
        ``pool``: its ``nice`` and ``wait``)."""
        return cls(WorkerPool(spec, processes, timeout, memory_limit_mb, **pool))

    @property
    def base_iri(self) -> str | None:
        return self.engine.base_iri

    @classmethod
    def from_files(
        cls, paths: Iterable[str | Path], base_iri: str | None = DEFAULT_BASE_IRI
    ) -> PyoxigraphStore:
        """An in-memory store holding exactly these files (all or nothing)."""
        return cls(Engine.from_files(paths, base_iri))

    @classmethod
    def published(cls, base_iri: str | None = DEFAULT_BASE_IRI) -> PyoxigraphStore:
        """The published plan graph, ``graph/build/xjftz.ttl``."""
        return cls(Engine.published(base_iri))

    @classmethod
    def open_read_only(
        cls, directory: str | Path, base_iri: str | None = DEFAULT_BASE_IRI
    ) -> PyoxigraphStore:
        """An on-disk pyoxigraph database, opened read-only (for data too large to reload)."""
        return cls(Engine.open_read_only(directory, base_iri))

    def load(self, path: str | Path) -> None:
        """Add one RDF file; triples files go to the default graph, quads keep their graphs."""
        self.engine.load(path)

    # Queries --------------------------------------------------------------------------------

    def select(self, query: str, bindings: Bindings | None = None) -> SelectResult:
        variables, rows = self.engine.solutions(query, substitutions(bindings))
        return SelectResult(variables, tuple(tuple(map(to_rdflib, row)) for row in rows))

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        return self.engine.boolean(query, substitutions(bindings))

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        graph = Graph()
        for t in self.engine.triples(query, substitutions(bindings)):
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return graph

    def rows(
        self, query: str, bindings: Bindings | None = None, *, max_rows: int | None = None
    ) -> Rows:
        form, subs = query_form(query), substitutions(bindings)
        limit = None if max_rows is None else max_rows + 1  # one more tells there were more
        if form == "ASK":
            return Rows(boolean=self.engine.boolean(query, subs))
        if form in ("CONSTRUCT", "DESCRIBE"):
            triples = self.engine.triples(query, subs, limit)
            found = [(t.subject, t.predicate, t.object) for t in triples]
            return capped_rows(TRIPLE_COLUMNS, found, max_rows, graph=True)
        variables, found = self.engine.solutions(query, subs, limit)
        return capped_rows(variables, found, max_rows, graph=False)

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
        return RawResult(
            *self.engine.document(
                query,
                result_format,
                tuple(default_graph_uris),
                tuple(named_graph_uris),
                substitutions=substitutions(bindings),
                max_rows=max_rows,
                max_bytes=max_bytes,
            )
        )

    # Description ----------------------------------------------------------------------------

    def named_graphs(self) -> list[URIRef | BNode]:
        return sorted((to_rdflib(g) for g in self.engine.named_graphs()), key=str)

    def triple_count(self) -> int:
        return self.engine.triple_count()

    def close(self) -> None:
        self.engine.close()
