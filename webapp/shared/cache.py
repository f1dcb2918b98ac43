"""The one cache helper: every cache key of the web app is written here, and every lookup goes
through these functions.

Input:  what a result depends on — a query (its text, or its id and bound values), the format,
        the dataset; a page's name and language — and a function that builds the value.
Output: the value, from the app's bounded LRU result cache (``cached``, ``cached_each``,
        ``cached_page``) or kept for the life of the process (``memo``: whole-site documents
        such as the reader's tree, the explorer's index, download checksums).

The graph is read-only while the app runs, so nothing cached goes stale. The keys live in
separate spaces: ``("sparql", …)`` for free SPARQL (/sparql and the query page share it),
``("api", …)`` for named queries (/api and the query page share it), ``("page", …)`` for the
pages' own queries and rendered pages, ``("memo", …)`` for process-long documents.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import TypeVar

from flask import request
from rdflib import Literal, URIRef

from webapp.shared.i18n import current_lang
from webapp.state import app_state, result_cache

T = TypeVar("T")
_memo_lock = threading.Lock()


def bindings_key(bindings: Mapping[str, URIRef | Literal] | None) -> tuple:
    """Bound values in a key: sorted (name, term in SPARQL syntax) pairs."""
    return tuple(sorted((k, v.n3()) for k, v in (bindings or {}).items()))


def sparql_key(
    query: str, fmt: str, default_graphs: Iterable[str] = (), named_graphs: Iterable[str] = ()
) -> tuple:
    """The key of a free SPARQL query's result document."""
    return ("sparql", query, fmt, tuple(default_graphs), tuple(named_graphs))


def named_key(query_id: str, bindings: Mapping[str, URIRef | Literal], fmt: str) -> tuple:
    """The key of a named query's result document."""
    return ("api", query_id, bindings_key(bindings), fmt)


def page_key(*parts: Hashable) -> tuple:
    """The key of something a page computed (a query's rows, a rendered page, a label)."""
    return ("page", *parts)


def cached(key: tuple, build: Callable[[], T], size: Callable[[T], int]) -> tuple[T, bool]:
    """(value, whether it came from the cache); a built value is kept if ``size(value)`` fits."""
    cache = result_cache()
    value = cache.get(key)
    if value is not None:
        return value, True
    value = build()
    cache.put(key, value, size(value))
    return value, False


def cached_each(
    kind: str,
    items: Iterable[str],
    build: Callable[[list[str]], dict[str, T]],
    size: int,
) -> dict[str, T]:
    """A value per item, cached one by one; ``build`` gets all the missing items at once (one
    query for many), and must answer for each of them."""
    cache = result_cache()
    out: dict[str, T] = {}
    missing: list[str] = []
    for item in dict.fromkeys(items):
        hit = cache.get(page_key(kind, item))
        if hit is None:
            missing.append(item)
        else:
            out[item] = hit
    if missing:
        for item, value in build(missing).items():
            cache.put(page_key(kind, item), value, size)
            out[item] = value
    return out


def memo(key: Hashable, build: Callable[[], T]) -> T:
    """``build()`` once per process for ``key`` (two threads may both build; one result wins)."""
    store = app_state().memo
    key = ("memo", key)
    if key in store:
        return store[key]
    value = build()
    with _memo_lock:
        return store.setdefault(key, value)


def cached_page(name: str, render: Callable[[str], str], *, forever: bool = False) -> str:
    """``render(lang)``, the page in the request's language, cached per (path, language) —
    unless the request carries parameters other than ``lang`` (the language links repeat them,
    and caching every query string would let anyone fill the memory). ``forever`` keeps it for
    the life of the process (a handful of big pages: the reader, the ontology, the heat maps)
    instead of in the LRU cache (one per entity)."""
    lang = current_lang()
    if set(request.args) - {"lang"}:
        return render(lang)
    if forever:
        return memo(("page", name, lang), lambda: render(lang))
    return cached(page_key(name, request.path, lang), lambda: render(lang), len)[0]
