"""Run the pages' own queries: bound, cached, and kept to a handful per page.

Input:  SPARQL text (module constants of the page modules, never with values pasted in) and
        bindings (rdflib terms, checked by the store); a name for the cache.
Output: ``SelectResult`` / rdflib ``Graph`` from the app's store, cached per (name, bindings) in
        the app's result cache — the graph is read-only, so a result never goes stale — and
        ``memo(key, build)`` for whole-site documents computed once per process (the reader,
        the explorer's index, download checksums).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import TypeVar

from flask import request
from rdflib import Graph, Literal, URIRef

from queries.stores.base import SelectResult
from webapp.state import app_state, get_store, result_cache, settings

T = TypeVar("T")
_ROW_BYTES = 300  # rough size of a row, for the cache's item-size cap
_memo_lock = threading.Lock()


def _key(kind: str, name: str, bindings: Mapping[str, URIRef | Literal] | None) -> tuple:
    return ("page", kind, name, tuple(sorted((k, v.n3()) for k, v in (bindings or {}).items())))


def select(
    name: str, query: str, bindings: Mapping[str, URIRef | Literal] | None = None
) -> SelectResult:
    """``query`` (a SELECT) with ``bindings``, from the cache or the store."""
    key = _key("select", name, bindings)
    cache = result_cache()
    result = cache.get(key)
    if result is None:
        result = get_store().select(query, dict(bindings or {}))
        cache.put(key, result, _ROW_BYTES * (len(result.rows) + 1))
    return result


def construct(
    name: str, query: str, bindings: Mapping[str, URIRef | Literal] | None = None
) -> Graph:
    """``query`` (a CONSTRUCT) with ``bindings``, from the cache or the store."""
    key = _key("construct", name, bindings)
    cache = result_cache()
    graph = cache.get(key)
    if graph is None:
        graph = get_store().construct(query, dict(bindings or {}))
        cache.put(key, graph, _ROW_BYTES * (len(graph) + 1))
    return graph


def memo(key: tuple, build: Callable[[], T]) -> T:
    """``build()`` once per process for ``key`` (two threads may both build; one result wins)."""
    store = app_state().memo
    if key in store:
        return store[key]
    value = build()
    with _memo_lock:
        return store.setdefault(key, value)


def page_once(name: str, lang: str, render: Callable[[], str]) -> str:
    """A whole page rendered once per process and language — unless the request carries
    parameters other than ``lang`` (the language links repeat them, and caching every query
    string would let anyone fill the memory)."""
    if set(request.args) - {"lang"}:
        return render()
    return memo(("site", "page", name, lang), render)


def base() -> str:
    """The base IRI the data uses (``https://w3id.org/xjftz/`` unless configured)."""
    return settings().base_iri
