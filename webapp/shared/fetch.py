"""Run the pages' own queries: bound, cached, and kept to a handful per page.

Input:  a page query — the id of a file in ``queries/site/`` — or a named query, and bindings
        (rdflib terms, checked by the store; never pasted into the text).
Output: ``SelectResult`` / rdflib ``Graph`` from the app's store, cached per (query id, bindings)
        through ``webapp.shared.cache`` — the graph is read-only, so a result never goes stale;
        ``document``: a result serialised in a format, for /sparql and /api (a /sparql text a
        worker answered fast is recorded for ``webapp.shared.light``); ``rows``: any
        query form's answer as rows within the row cap, for the query page. Free SPARQL in
        both runs on the user lane (``get_user_store``, ``client_slot``; issue 18).
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from functools import lru_cache

from rdflib import Graph, Literal, URIRef

from queries.guard import Screening, screen
from queries.library import NamedQuery, get_site_query
from queries.stores.base import RawResult, Rows, SelectResult
from webapp.config import Settings
from webapp.shared.admission import client_slot
from webapp.shared.cache import bindings_key, cached, named_key, page_key, sparql_key
from webapp.state import app_state, get_store, get_user_store, settings

_ROW_BYTES = 300  # rough size of a row, for the cache's item-size cap


def screened(query: str) -> Screening:
    """``queries.guard.screen`` of free SPARQL with this site's SERVICE allow-list and base IRI
    (/sparql and the query page screen the same way), remembered per text (``_screened``)."""
    return screened_with(query, settings())


def screened_with(query: str, conf: Settings) -> Screening:
    """``screened`` under the settings ``conf`` (outside a request: the light lane)."""
    return _screened(query, conf.service_allowlist, conf.base_iri)


@lru_cache(maxsize=256)  # ≤ 256 × 16k characters (MAX_QUERY_LENGTH): ≤ 4 MB per web worker
def _screened(query: str, service_allowlist: tuple[str, ...], base: str | None) -> Screening:
    """Clients re-send their queries, and screening costs 0.2 ms for an eight-line SELECT and
    1.5 ms for the headline query (measured on this machine), as much as running the light one.
    A refused query raises each time (exceptions are not cached); a screening is never altered."""
    return screen(query, service_allowlist, base)


def _query(query: str | NamedQuery) -> NamedQuery:
    return get_site_query(query) if isinstance(query, str) else query


def select(
    query: str | NamedQuery, bindings: Mapping[str, URIRef | Literal] | None = None
) -> SelectResult:
    """``query`` (a SELECT: a page query's id, or a named query) with ``bindings``, from the
    cache or the store."""
    return _cached("select", query, bindings)


def construct(
    query: str | NamedQuery, bindings: Mapping[str, URIRef | Literal] | None = None
) -> Graph:
    """``query`` (a CONSTRUCT: a page query's id, or a named query) with ``bindings``, from the
    cache or the store."""
    return _cached("construct", query, bindings)


def _cached(form: str, query: str | NamedQuery, bindings: Mapping | None) -> SelectResult | Graph:
    named = _query(query)
    store = get_store()
    run = store.select if form == "select" else store.construct
    return cached(
        page_key(form, named.id, bindings_key(bindings)),
        lambda: run(named.text, dict(bindings or {})),
        lambda result: _ROW_BYTES * (len(result) + 1),
    )[0]


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
        # Free SPARQL runs on the user lane's workers, one client at most SPARQL_PER_CLIENT at a
        # time; named queries on the pages' (webapp.shared.admission).
        user = query_id is None
        with client_slot() if user else nullcontext():
            start = time.perf_counter()
            raw = (get_user_store() if user else get_store()).query_raw(
                query,
                fmt,
                list(default_graphs),
                list(named_graphs),
                bindings=dict(bindings) if bindings else None,
                max_rows=conf.max_rows,
                max_bytes=conf.max_response_bytes,
            )
        lane = app_state().light
        if user and lane is not None:  # proven cheap: sent again, it may run in the web worker
            text = (query, tuple(default_graphs), tuple(named_graphs))
            lane.record(text, time.perf_counter() - start, whole=raw.notice is None)
        return raw

    return cached(key, run, lambda raw: len(raw.body))


def rows(
    query: str,
    *,
    query_id: str | None = None,
    bindings: Mapping[str, URIRef | Literal] | None = None,
) -> Rows:
    """Any query's answer as rows within the row cap (a cut said in ``Rows.notice``), from the
    cache or the store: the query page's table, by the same store call as the pages' queries
    and cached as /sparql's and /api's documents are (by text, or by named query and values)."""
    if query_id is not None:
        key = named_key(query_id, bindings or {}, "rows")
    else:
        key = sparql_key(query, "rows")

    def run() -> Rows:
        user = query_id is None  # free SPARQL: the user lane, as in document()
        with client_slot() if user else nullcontext():
            store = get_user_store() if user else get_store()
            return store.rows(query, dict(bindings or {}), max_rows=settings().max_rows)

    found, _ = cached(key, run, lambda result: _ROW_BYTES * (len(result.rows) + 1))
    return found
