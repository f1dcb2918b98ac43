"""The pyoxigraph engine: load RDF files, run a query, drain it within caps, write the result.

Input:  RDF files by extension (Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD; named
        graphs kept), by default the published graph; SPARQL text and pyoxigraph terms to bind.
Output: an :class:`Engine` answering in pyoxigraph terms (``answer``) or with a finished result
        document (``document``). Errors say their cause: ``InputFileError`` (file and line),
        ``QuerySyntaxError`` (the parser's message), ``QueryError`` (cannot be evaluated: 400).

rdflib-free (the standard library, pyoxigraph, the project's lean modules): the query workers
run it, and each would otherwise carry rdflib's ~19 MB. Values are bound with pyoxigraph's
``substitutions=``, which takes projected variables only; for the others a ``VALUES`` block is
written from the terms' N-Triples form (the same meaning for the queries in ``queries/``).
"""

from __future__ import annotations

import itertools
import xml.parsers.expat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ontology.errors import InputFileError
from ontology.iris import BASE
from queries.errors import QueryError, QuerySyntaxError, StoreError
from queries.results import (
    content_type,
    result_format,
    row_cap_notice,
    serialize_boolean,
    write_capped,
)
from queries.values import check_name, with_values_text

PUBLISHED_GRAPH = Path(__file__).resolve().parents[2] / "graph" / "build" / "xjftz.ttl"

# pyoxigraph knows the formats by extension; these two names it does not know.
EXTENSION_ALIASES = {".turtle": ".ttl", ".owl": ".rdf"}
EXTENSIONS = ".ttl, .trig, .nt, .nq, .rdf, .owl, .xml, .jsonld"  # said when one is unknown
_NOT_PROJECTED = "does not contains variable"

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
OxResult = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
# An answer in pyoxigraph terms: ASK's bool, SELECT's (variables, rows), CONSTRUCT's triples.
Answer = bool | tuple[tuple[str, ...], list[tuple[OxTerm | None, ...]]] | list[ox.Triple]
Substitutions = Mapping[str, OxTerm] | None  # variable name → the value bound to it
Document = tuple[bytes, str, str | None]  # body, Content-Type, notice of a cut (or None)


def rdf_format_for(path: Path) -> ox.RdfFormat:
    """The RDF syntax of ``path``, by extension, or ``InputFileError``."""
    suffix = path.suffix.lower()
    fmt = ox.RdfFormat.from_extension(EXTENSION_ALIASES.get(suffix, suffix)[1:])
    if fmt is None:
        raise InputFileError(path, f"unknown RDF file extension; expected e.g. {EXTENSIONS}")
    return fmt


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


class Engine:
    """A pyoxigraph ``Store`` and the base IRI its queries resolve against."""

    def __init__(self, store: ox.Store | None = None, base_iri: str | None = BASE):
        self.store = store if store is not None else ox.Store()
        self.base_iri = base_iri

    @classmethod
    def from_files(cls, paths: Iterable[str | Path], base_iri: str | None = BASE) -> Engine:
        """An in-memory store holding exactly these files (all or nothing)."""
        engine = cls(base_iri=base_iri)
        for path in paths:
            engine.load(path)
        return engine

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
            self.store.load(format=fmt, base_iri=path.resolve().as_uri(), **source, **kwargs)
        except SyntaxError as exc:
            message = str(exc.msg if hasattr(exc, "msg") else exc)
            raise InputFileError(path, f"{fmt.name} syntax error: {message}", exc.lineno) from exc
        except (OSError, ValueError) as exc:
            raise InputFileError(path, f"cannot load: {exc}") from exc

    def query(
        self,
        query: str,
        substitutions: Substitutions = None,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
    ) -> OxResult:
        """pyoxigraph's lazy result of ``query`` with ``substitutions`` (variable name → term).

        The names must be plain variable names and the terms IRIs or literals (callers check
        bindings before they convert them).
        """
        kwargs: dict = {"base_iri": self.base_iri}
        try:
            if default_graph_uris:
                kwargs["default_graph"] = [ox.NamedNode(u) for u in default_graph_uris]
            if named_graph_uris:
                kwargs["named_graphs"] = [ox.NamedNode(u) for u in named_graph_uris]
        except ValueError as exc:
            raise QueryError(f"not a valid graph IRI: {exc}") from exc
        if substitutions:
            kwargs["substitutions"] = {
                ox.Variable(check_name(n)): t for n, t in substitutions.items()
            }
        try:
            try:
                return self.store.query(query, **kwargs)
            except RuntimeError as exc:
                if _NOT_PROJECTED not in str(exc):
                    raise
                del kwargs["substitutions"]
                # str() of a pyoxigraph term is its N-Triples form, valid SPARQL term syntax,
                # and the term was validated when it was made.
                written = {n: str(t) for n, t in (substitutions or {}).items()}
                return self.store.query(with_values_text(query, written), **kwargs)
        except SyntaxError as exc:
            raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from exc
        except RuntimeError as exc:  # pyoxigraph's evaluation errors: the query's own doing
            raise QueryError(f"the query cannot be evaluated: {exc}") from exc
        except (OSError, ValueError) as exc:
            raise StoreError(f"query failed: {exc}") from exc

    @staticmethod
    def drain(iterator: Iterable, limit: int | None) -> tuple[list, bool]:
        """Up to ``limit`` items and whether there were more; engine errors become StoreError."""
        try:
            items = list(iterator if limit is None else itertools.islice(iterator, limit + 1))
        except RuntimeError as exc:  # e.g. an unknown function, a SERVICE that fails
            raise QueryError(f"the query cannot be evaluated: {exc}") from exc
        except (OSError, ValueError) as exc:
            raise StoreError(f"query failed: {exc}") from exc
        return items[:limit], limit is not None and len(items) > limit

    def answer(
        self,
        query: str,
        substitutions: Substitutions = None,
        limit: int | None = None,
    ) -> Answer:
        """The query's answer: an ASK's bool, a SELECT's variable names and rows (``None`` where
        unbound), or a CONSTRUCT's or DESCRIBE's triples; all rows or the first ``limit``."""
        result = self.query(query, substitutions)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QuerySolutions):
            variables = tuple(v.value for v in result.variables)
            return variables, [tuple(solution) for solution in self.drain(result, limit)[0]]
        return self.drain(result, limit)[0]

    def document(
        self,
        query: str,
        result_format: str,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
        *,
        substitutions: Substitutions = None,
        max_rows: int | None = None,
        max_bytes: int | None = None,
    ) -> Document:
        """Any query form, serialised as ``result_format`` and cut at the caps (with a notice).

        See ``queries.stores.base.Store.query_raw`` for the parameters (the same, as in
        ``queries.stores.remote.Endpoint.document``: one call, each engine its own way).
        """
        result = self.query(query, substitutions, default_graph_uris, named_graph_uris)
        return write_document(result_format, result, max_rows, max_bytes)

    def triple_count(self) -> int:
        return len(self.store)

    def close(self) -> None:
        self.store = ox.Store()


def write_document(
    format_name: str,
    answer: Answer | OxResult,
    max_rows: int | None = None,
    max_bytes: int | None = None,
    notice: str | None = None,
) -> Document:
    """``answer`` — a boolean, (variables, solutions) or triples, or pyoxigraph's lazy result —
    serialised as ``format_name``, cut at the caps; the notice says a cut (``notice``: one
    made before)."""
    if isinstance(answer, ox.QuerySolutions):
        answer = tuple(v.value for v in answer.variables), answer
    if isinstance(answer, bool | ox.QueryBoolean):
        fmt = result_format(format_name, graph=False).name
        return serialize_boolean(bool(answer), fmt), content_type(fmt), None
    variables, rows = answer if isinstance(answer, tuple) else (None, answer)
    fmt = result_format(format_name, graph=variables is None).name
    rows, cut = Engine.drain(rows, max_rows)
    if cut and max_rows is not None:
        notice = row_cap_notice(max_rows, graph=variables is None)
    body, notice = write_capped(fmt, rows, variables, notice, max_bytes)
    return body, content_type(fmt), notice


@dataclass(frozen=True)
class EmbeddedSpec:
    """What each query worker opens: RDF files (none: the published graph).

    Defined here, not with the pool, because it is pickled to the worker, which must be able
    to load its class without rdflib.
    """

    files: tuple[str, ...] = ()
    base_iri: str | None = BASE

    def __post_init__(self) -> None:  # absolute paths: a worker may run in another directory
        object.__setattr__(self, "files", tuple(str(Path(f).resolve()) for f in self.files))

    def open(self) -> Engine:
        """An in-memory engine holding the files, or the published graph."""
        if not self.files and not PUBLISHED_GRAPH.is_file():
            raise InputFileError(PUBLISHED_GRAPH, "the graph is not built yet: run `make graph`")
        return Engine.from_files(self.files or [PUBLISHED_GRAPH], base_iri=self.base_iri)
