"""Run the pages' own queries: bound, cached, and kept to a handful per page.

Input:  SPARQL text (module constants of the page modules, never with values pasted in) and
        bindings (rdflib terms, checked by the store); a name for the cache.
Output: ``SelectResult`` / rdflib ``Graph`` from the app's store, cached per (name, bindings)
        through ``webapp.shared.cache`` — the graph is read-only, so a result never goes stale;
        ``document``: a result serialised in a format, for /sparql, /api and the query page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rdflib import Graph, Literal, URIRef

from queries.stores.base import RawResult, SelectResult
from webapp.shared.cache import bindings_key, cached, named_key, page_key, sparql_key
from webapp.state import get_store, settings

_ROW_BYTES = 300  # rough size of a row, for the cache's item-size cap


def select(
    name: str, query: str, bindings: Mapping[str, URIRef | Literal] | None = None
) -> SelectResult:
    """``query`` (a SELECT) with ``bindings``, from the cache or the store."""
    key = page_key("select", name, bindings_key(bindings))

    def run() -> SelectResult:
        return get_store().select(query, dict(bindings or {}))

    return cached(key, run, lambda r: _ROW_BYTES * (len(r.rows) + 1))[0]


def construct(
    name: str, query: str, bindings: Mapping[str, URIRef | Literal] | None = None
) -> Graph:
    """``query`` (a CONSTRUCT) with ``bindings``, from the cache or the store."""
    key = page_key("construct", name, bindings_key(bindings))

    def run() -> Graph:
        return get_store().construct(query, dict(bindings or {}))

    return cached(key, run, lambda g: _ROW_BYTES * (len(g) + 1))[0]


def base() -> str:
    """The base IRI the data uses (``https://w3id.org/xjftz/`` unless configured)."""
    return settings().base_iri


def document(
    query: str,
    fmt: str,
    *,
    query_id: str | None = None,
    bindings: Mapping[str, URIRef | Literal] | None = None,
    default_graphs: Sequence[str] = (),
    named_graphs: Sequence[str] = (),
) -> tuple[RawResult, bool]:
    """A result document in ``fmt`` within the row and size caps, and whether it came from the
    cache: the one bounded path of /sparql, /api and the query page. A named query
    (``query_id``) is cached by id and bound values, free SPARQL by its text and dataset."""
    if query_id is not None:
        key = named_key(query_id, bindings or {}, fmt)
    else:
        key = sparql_key(query, fmt, default_graphs, named_graphs)
    conf = settings()

    def run() -> RawResult:
        return get_store().query_raw(
            query,
            fmt,
            list(default_graphs),
            list(named_graphs),
            bindings=dict(bindings) if bindings else None,
            max_rows=conf.max_rows,
            max_bytes=conf.max_response_bytes,
        )

    return cached(key, run, lambda raw: len(raw.body))
