"""The four stores compared at scale, behind one call: run a named query, count the rows.

Input:  a backend name — ``embedded`` (the project's ``PyoxigraphStore``), ``rdflib`` (an
        in-memory ``rdflib.Graph``, queried with ``initBindings``), ``virtuoso`` or
        ``oxigraph-server`` (the project's ``RemoteStore``, which sends the query as one
        form-encoded POST with the values in a ``VALUES`` block) — an N-Triples corpus, and for the
        remote stores the query endpoint and a timeout.
Output: :func:`open_backend` → a :class:`Backend`: ``load_s`` (seconds to parse the corpus into
        memory; 0 for servers, whose bulk load is timed where they are started) and
        ``run(query_id, params)`` → the number of result rows. Every backend returns its rows
        as Python objects (rdflib terms), as a caller of the Store interface gets them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ontology.iris import PLAN_GRAPH
from queries.library import get_query

BACKENDS = ("embedded", "rdflib", "virtuoso", "oxigraph-server")


@dataclass
class Backend:
    name: str
    load_s: float
    triples: int
    run: Callable[[str, dict[str, str]], int]


def _embedded(corpus: Path) -> Backend:
    from queries.stores.factory import PyoxigraphStore

    start = time.perf_counter()
    store = PyoxigraphStore.from_files([corpus])
    load_s = time.perf_counter() - start

    def run(query_id: str, params: dict[str, str]) -> int:
        named = get_query(query_id)
        return len(store.select(named.text, named.bind(params)))

    return Backend("embedded", load_s, store.triple_count(), run)


def _rdflib(corpus: Path) -> Backend:
    from rdflib import Graph

    start = time.perf_counter()
    graph = Graph()
    graph.parse(str(corpus), format="nt")
    load_s = time.perf_counter() - start

    def run(query_id: str, params: dict[str, str]) -> int:
        named = get_query(query_id)
        return len(list(graph.query(named.text, initBindings=named.bind(params))))

    return Backend("rdflib", load_s, len(graph), run)


def _remote(name: str, endpoint: str, timeout: float) -> Backend:
    from queries.stores.remote import RemoteStore

    store = RemoteStore(endpoint, PLAN_GRAPH, timeout=timeout)

    def run(query_id: str, params: dict[str, str]) -> int:
        named = get_query(query_id)
        return len(store.select(named.text, named.bind(params)))

    return Backend(name, 0.0, store.triple_count(), run)


def open_backend(
    name: str, corpus: Path, endpoint: str | None = None, timeout: float = 30.0
) -> Backend:
    if name == "embedded":
        return _embedded(corpus)
    if name == "rdflib":
        return _rdflib(corpus)
    if name in ("virtuoso", "oxigraph-server"):
        if not endpoint:
            raise ValueError(f"{name} needs an endpoint")
        return _remote(name, endpoint, timeout)
    raise ValueError(f"unknown backend {name!r}; one of {', '.join(BACKENDS)}")
