"""Latency of every named query on the plan graph: in-process, via a query worker, over HTTP.

Input:  the published graph; for HTTP, the port of a running ``xjftz serve``.
Output: per named query (with the parameters of ``bench.cases``), latency in ms (median, p95,
        min, max) and rows:
        - ``embedded``: ``PyoxigraphStore.select`` in this process (the Store API);
        - ``pooled``: ``PyoxigraphStore.pooled(...).select`` — the same store in a query
          worker process, as the web app runs it (one process; the pickled round trip included);
        - over HTTP, one client, keep-alive: ``GET /api/queries/<id>?…`` and ``POST /sparql``
          (``application/sparql-query``, the query text with its values bound in a VALUES block),
          with the ``X-Xjftz-Cache`` header of the timed answers (hit, miss).
"""

from __future__ import annotations

import http.client
import time
from collections import Counter
from functools import partial
from urllib.parse import urlencode

from bench import PUBLISHED_TTL
from bench.cases import cases
from bench.stats import repeat, summarise
from ontology.errors import XjftzError
from queries.binding import with_values
from queries.library import get_query
from queries.stores.engine import EmbeddedSpec
from queries.stores.factory import PyoxigraphStore


def sparql_text(query_id: str, params: dict[str, str]) -> str:
    """The named query as a standalone SPARQL text, its values bound in a VALUES block."""
    named = get_query(query_id)
    return with_values(named.text, named.bind(params))


def api_path(query_id: str, params: dict[str, str]) -> str:
    return f"/api/queries/{query_id}" + (f"?{urlencode(params)}" if params else "")


def measure_store(store, runs: int, warmup: int) -> dict:
    out = {}
    for query_id, params in cases():
        named = get_query(query_id)
        try:
            bindings = named.bind(params)
            rows = len(store.select(named.text, bindings))
        except XjftzError as exc:  # e.g. a new query with a parameter bench/cases.py lacks
            out[query_id] = {"error": f"{type(exc).__name__}: {exc}"}
            continue
        call = partial(store.select, named.text, bindings)
        timing = repeat(call, runs=runs, warmup=warmup)
        out[query_id] = {"rows": rows, "ms": timing.summary_ms()}
    return out


def measure_in_process(runs: int, warmup: int) -> dict:
    embedded = PyoxigraphStore.from_files([PUBLISHED_TTL])
    result = {"embedded": measure_store(embedded, runs, warmup)}
    pooled = PyoxigraphStore.pooled(EmbeddedSpec([PUBLISHED_TTL]), processes=1, timeout=30)
    try:
        result["pooled"] = measure_store(pooled, runs, warmup)
    finally:
        pooled.close()
    return result


class Client:
    """One keep-alive HTTP/1.1 connection to the app."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def send(self, method: str, path: str, body: bytes | None, headers: dict) -> tuple[int, str]:
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        response.read()
        return response.status, response.getheader("X-Xjftz-Cache", "")

    def close(self) -> None:
        self.conn.close()


def _timed(client: Client, runs: int, warmup: int, *request) -> dict:
    statuses: Counter = Counter()
    cache: Counter = Counter()
    samples = []
    for i in range(warmup + runs):
        start = time.perf_counter()
        status, hit = client.send(*request)
        elapsed = time.perf_counter() - start
        if i >= warmup:
            samples.append(elapsed)
            statuses[status] += 1
            cache[hit or "none"] += 1
    return {"ms": summarise(samples, 1000.0), "status": dict(statuses), "cache": dict(cache)}


def measure_http(port: int, runs: int, warmup: int) -> dict:
    client = Client(port)
    out: dict = {"api": {}, "sparql": {}}
    accept = {"Accept": "application/sparql-results+json"}
    try:
        for query_id, params in cases():
            try:
                body = sparql_text(query_id, params).encode()
            except XjftzError as exc:
                out["api"][query_id] = out["sparql"][query_id] = {"error": str(exc)}
                continue
            out["api"][query_id] = _timed(
                client, runs, warmup, "GET", api_path(query_id, params), None, accept
            )
            headers = {**accept, "Content-Type": "application/sparql-query"}
            out["sparql"][query_id] = _timed(client, runs, warmup, "POST", "/sparql", body, headers)
    finally:
        client.close()
    return out
