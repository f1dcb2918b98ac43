"""The embedded backend: a pyoxigraph store in this process.

Input:  the published graph (``graph/build/xjftz.ttl``), or any RDF files — Turtle, TriG,
        N-Triples, N-Quads, RDF/XML, JSON-LD, chosen by extension; named graphs kept — or an
        on-disk pyoxigraph database opened read-only.
Output: a :class:`PyoxigraphStore` implementing ``queries.stores.base.Store``; a file that does
        not parse raises ``InputFileError`` naming the file and line. A query pyoxigraph cannot
        evaluate (an unknown function, say) is a ``QueryError`` (400), not a store failure.

Runs queries in the calling thread and cannot be interrupted there: pyoxigraph holds the GIL-free
Rust evaluation until it finishes. Anything that must be bounded in time goes through
``queries.stores.pool.PooledStore``, which runs this class in worker processes.

Values are bound with pyoxigraph's ``substitutions=`` (SEP-0007). pyoxigraph only substitutes
variables of the SELECT projection; for a parameter that is not projected (the usual case in
``queries/*.rq``) it falls back to the ``VALUES`` block the remote backend uses, which for those
queries means the same.
"""

from __future__ import annotations

import itertools
import xml.parsers.expat
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef

from ontology.errors import InputFileError
from queries.binding import checked_bindings, with_values
from queries.errors import QueryError, QuerySyntaxError, StoreError
from queries.results import (
    content_type,
    result_format,
    serialize_boolean,
    serialize_solutions,
    serialize_triples,
)
from queries.stores.base import Bindings, RawResult, SelectResult, Store
from queries.terms import to_oxigraph, to_rdflib

PUBLISHED_GRAPH = Path(__file__).resolve().parents[2] / "graph" / "build" / "xjftz.ttl"
DEFAULT_BASE_IRI = "https://w3id.org/xjftz/"

RDF_EXTENSIONS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}
_NOT_PROJECTED = "does not contains variable"


def rdf_format_for(path: Path) -> ox.RdfFormat:
    """The RDF syntax of ``path``, by extension, or ``InputFileError``."""
    fmt = RDF_EXTENSIONS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(RDF_EXTENSIONS))
        raise InputFileError(path, f"unknown RDF file extension; expected one of {known}")
    return fmt


class PyoxigraphStore(Store):
    """A pyoxigraph ``Store`` behind the project's Store interface."""

    def __init__(self, store: ox.Store | None = None, base_iri: str | None = DEFAULT_BASE_IRI):
        self._store = store if store is not None else ox.Store()
        self.base_iri = base_iri

    # Construction ---------------------------------------------------------------------------

    @classmethod
    def from_files(
        cls, paths: Iterable[str | Path], base_iri: str | None = DEFAULT_BASE_IRI
    ) -> PyoxigraphStore:
        """An in-memory store holding exactly these files (all or nothing)."""
        store = cls(base_iri=base_iri)
        for path in paths:
            store.load(path)
        return store

    @classmethod
    def published(cls, base_iri: str | None = DEFAULT_BASE_IRI) -> PyoxigraphStore:
        """The published plan graph, ``graph/build/xjftz.ttl``."""
        if not PUBLISHED_GRAPH.is_file():
            raise InputFileError(PUBLISHED_GRAPH, "the graph is not built yet: run `make graph`")
        return cls.from_files([PUBLISHED_GRAPH], base_iri=base_iri)

    @classmethod
    def open_read_only(
        cls, directory: str | Path, base_iri: str | None = DEFAULT_BASE_IRI
    ) -> PyoxigraphStore:
        """An on-disk pyoxigraph database, opened read-only (for data too large to reload)."""
        try:
            return cls(ox.Store.read_only(str(directory)), base_iri=base_iri)
        except OSError as exc:
            raise InputFileError(directory, f"cannot open pyoxigraph database: {exc}") from exc

    def load(self, path: str | Path) -> None:
        """Add one RDF file; triples files go to the default graph, quads keep their graphs."""
        path = Path(path)
        fmt = rdf_format_for(path)
        if not path.is_file():
            raise InputFileError(path, "no such file")
        kwargs = {} if fmt.supports_datasets else {"to_graph": ox.DefaultGraph()}
        if fmt == ox.RdfFormat.RDF_XML:
            check_well_formed_xml(path)
        source: dict = {"path": str(path)}
        with path.open("rb") as f:
            if f.read(3) == b"\xef\xbb\xbf":
                # Editors on Windows write a byte-order mark; the parsers read it as a stray
                # character. It carries no content, so drop it (line numbers are unchanged).
                source = {"input": path.read_bytes()[3:]}
        try:
            self._store.load(format=fmt, base_iri=path.resolve().as_uri(), **source, **kwargs)
        except SyntaxError as exc:
            message = str(exc.msg if hasattr(exc, "msg") else exc)
            raise InputFileError(path, f"{fmt.name} syntax error: {message}", exc.lineno) from exc
        except (OSError, ValueError) as exc:
            raise InputFileError(path, f"cannot load: {exc}") from exc

    # Queries --------------------------------------------------------------------------------

    def _query(
        self,
        query: str,
        bindings: Bindings | None = None,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
    ) -> object:
        kwargs: dict = {"base_iri": self.base_iri}
        try:
            if default_graph_uris:
                kwargs["default_graph"] = [ox.NamedNode(u) for u in default_graph_uris]
            if named_graph_uris:
                kwargs["named_graphs"] = [ox.NamedNode(u) for u in named_graph_uris]
        except ValueError as exc:
            raise QueryError(f"not a valid graph IRI: {exc}") from exc
        checked = checked_bindings(bindings)
        if checked:
            kwargs["substitutions"] = {ox.Variable(n): to_oxigraph(t) for n, t in checked.items()}
        try:
            try:
                return self._store.query(query, **kwargs)
            except RuntimeError as exc:
                if _NOT_PROJECTED not in str(exc):
                    raise
                del kwargs["substitutions"]
                return self._store.query(with_values(query, checked), **kwargs)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from exc
        except RuntimeError as exc:  # pyoxigraph's evaluation errors: the query's own doing
            raise QueryError(f"the query cannot be evaluated: {exc}") from exc
        except (OSError, ValueError) as exc:
            raise StoreError(f"query failed: {exc}") from exc

    @staticmethod
    def _drain(iterator: Iterable, limit: int | None) -> tuple[list, bool]:
        """Up to ``limit`` items and whether there were more; engine errors become StoreError."""
        try:
            if limit is None:
                return list(iterator), False
            items = list(itertools.islice(iterator, limit + 1))
        except RuntimeError as exc:  # e.g. an unknown function, a SERVICE that fails
            raise QueryError(f"the query cannot be evaluated: {exc}") from exc
        except (OSError, ValueError) as exc:
            raise StoreError(f"query failed: {exc}") from exc
        return items[:limit], len(items) > limit

    def select(self, query: str, bindings: Bindings | None = None) -> SelectResult:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("not a SELECT query")
        variables = tuple(v.value for v in result.variables)
        solutions, _ = self._drain(result, None)
        rows = tuple(tuple(to_rdflib(t) for t in sol) for sol in solutions)
        return SelectResult(variables, rows)

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("not an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("not a CONSTRUCT or DESCRIBE query")
        triples, _ = self._drain(result, None)
        graph = Graph()
        for t in triples:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return graph

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
        result = self._query(query, bindings, default_graph_uris, named_graph_uris)
        if isinstance(result, ox.QueryBoolean):
            fmt = result_format_checked(result_format, graph=False)
            return RawResult(serialize_boolean(bool(result), fmt), content_type(fmt))
        if isinstance(result, ox.QuerySolutions):
            fmt = result_format_checked(result_format, graph=False)
            variables = [v.value for v in result.variables]
            rows, cut = self._drain(result, max_rows)
            notice = f"result truncated at the row limit of {max_rows}" if cut else None

            def write(rows: list, notice: str | None) -> bytes:
                return serialize_solutions(variables, rows, fmt, notice)

        else:
            fmt = result_format_checked(result_format, graph=True)
            rows, cut = self._drain(result, max_rows)
            notice = f"graph truncated at the limit of {max_rows} triples" if cut else None

            def write(rows: list, notice: str | None) -> bytes:
                return serialize_triples(rows, fmt)

        body = write(rows, notice)
        while max_bytes is not None and len(body) > max_bytes and rows:
            # Shrink in proportion, with a margin, until the document fits.
            keep = min(len(rows) - 1, int(len(rows) * max_bytes / len(body) * 0.9))
            rows = rows[: max(keep, 0)]
            notice = f"result truncated to {len(rows)} rows at the size limit of {max_bytes} bytes"
            body = write(rows, notice)
        return RawResult(body, content_type(fmt), notice)

    # Description ----------------------------------------------------------------------------

    def named_graphs(self) -> list[URIRef | BNode]:
        names = [to_rdflib(g) for g in self._store.named_graphs()]
        return sorted(names, key=str)

    def triple_count(self) -> int:
        return len(self._store)

    def close(self) -> None:
        self._store = ox.Store()


def check_well_formed_xml(path: Path) -> None:
    """``InputFileError`` with the line unless ``path`` is well-formed XML.

    pyoxigraph's RDF/XML parser accepts a document whose enclosing elements are never closed —
    a file cut short after a complete description loads, silently partial (issue 9, point 4).
    """
    parser = xml.parsers.expat.ParserCreate()
    try:
        with path.open("rb") as f:
            parser.ParseFile(f)
    except xml.parsers.expat.ExpatError as exc:
        reason = xml.parsers.expat.errors.messages.get(exc.code, str(exc))
        raise InputFileError(path, f"RDF/XML is not well-formed XML: {reason}", exc.lineno) from exc


def result_format_checked(name: str, graph: bool) -> str:
    """The format name, or ``ResultFormatError`` if it cannot carry this kind of result."""
    return result_format(name, graph).name
