"""The light lane of /sparql: a query already proven cheap runs in the web worker itself.

Input:  every request (WSGI environ, its body already read by ``webapp.shared.body``); the
        proofs ``webapp.shared.fetch.document`` records (``LightLane.record``): how long the user
        lane's worker process took for a query text over a dataset.
Output: :class:`LightLane`, WSGI middleware in front of Flask. It answers a /sparql GET or POST
        whose query the user lane answered within ``LIGHT_QUERY_MS`` (2 ms) before, and whose
        request holds nothing but ``query``, ``default-graph-uri`` and ``named-graph-uri``, from
        the result cache or by running it on its own in-process engine; the response is the one
        Flask's /sparql gives (tests/test_light_lane.py compares them). Every other request,
        and any doubt about one, goes on to Flask unchanged.

Why (issue 18, point 7: ≥ 0.5× the Oxigraph server's throughput and ≤ 2× its p50 on a light
query): Flask's /sparql costs ~0.25 ms before the query and the trip to a worker process
~0.14 ms, against 0.18–0.30 ms for the Oxigraph server's whole answer. Measured beside it in
`make bench` (wrk, light query, result cache off, 2026-12-06): through Flask and a worker
1.2 ms p50 and 0.18× its throughput; through this lane 0.305 ms against 0.184 ms (1.66×) and
11,168 against 12,105 req/s at 32 clients (0.92×). The floor under granian: a bare WSGI callable
running the same query in process, 0.32 ms p50 with queries.results writing the JSON, 0.26 ms
with pyoxigraph writing it (its parse and plan alone ~0.11 ms).

Why it is safe: the guards stay on. A query runs in process only after the worker process ran
it, under the deadline and memory cap, in under ``LIGHT_QUERY_MS``: the data is read-only, so
the same text over the same dataset does the same work again. A runaway never finishes there,
so never comes here; nor does a query with SERVICE (an allowed one: its cost is the other
server's). 2 ms also bounds what a query here can hold: pyoxigraph keeps the GIL while
it evaluates (the web worker's other threads wait, as behind Flask's own handling of a page),
and allocates at most some tens of MB in that time. Screening and the caps on rows and bytes are
the same calls as Flask's. The per-client cap (``webapp.shared.admission``) shares out the user
lane's worker processes, which a query here does not take: it holds only its request's thread,
for about as long as Flask holds one for a page.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import lru_cache
from io import BytesIO
from typing import Any
from urllib.parse import parse_qsl

import pyoxigraph as ox

from ontology.errors import XjftzError
from queries.results import content_type
from queries.stores.base import RawResult
from queries.stores.engine import Engine, write_document
from queries.stores.factory import open_store
from webapp.api.sparql import DIRECT, FORM, UTF8
from webapp.shared.cache import sparql_key
from webapp.shared.fetch import screened_with
from webapp.shared.http import CORS_HEADERS, format_for_accept, type_for_accept
from webapp.shared.site import SECURITY_HEADERS
from webapp.state import AppState

log = logging.getLogger(__name__)

PROVEN = 256  # query texts remembered per web worker: ≤ 256 × 16k characters, ≤ 4 MB
PARAMS = frozenset({"query", "default-graph-uri", "named-graph-uri"})
UTF8_PARAMS = ("", *(f"charset={name}" for name in UTF8))  # Content-Type parameters taken here
JSON_TYPE = content_type("json")
# SPARQL 1.1 §17.4 functions whose value differs between runs: rows filtered on them may differ.
VARYING = re.compile(r"\b(RAND|NOW|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)
FIXED_HEADERS = [("Vary", "Accept"), *SECURITY_HEADERS.items(), *CORS_HEADERS.items()]

Key = tuple[str, tuple[str, ...], tuple[str, ...]]  # query text, default graphs, named graphs
StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict, StartResponse], Iterable[bytes]]


class LightLane:
    """Answer proven-cheap /sparql requests here; hand the rest to ``app`` (Flask)."""

    def __init__(self, app: WsgiApp, state: AppState) -> None:
        self.app = app
        self.state = state
        conf = state.settings
        self.limit = conf.light_query_ms / 1000
        self.served = 0  # requests answered here (tests and operators read it)
        self._proven: OrderedDict[Key, bool] = OrderedDict()  # → same rows, uncut, each time
        self._lock = threading.Lock()
        self._engine: Engine | None = None
        self._opening = False

    @staticmethod
    def wanted(state: AppState) -> bool:
        """Whether the lane can help: user queries run in worker processes of the embedded
        store (the only case where they pay the trip), and the limit is not 0."""
        conf = state.settings
        return (
            conf.light_query_ms > 0
            and conf.store == "embedded"
            and conf.query_processes > 0
            and conf.user_query_processes > 0
            and state.user_store is None  # a store handed in (tests) serves everything
        )

    def record(self, key: Key, seconds: float, whole: bool) -> None:
        """The user lane answered ``key`` in ``seconds``, ``whole`` or cut at a cap: remember it
        if that is within the limit, and open this lane's engine the first time (on a thread:
        it loads the graph)."""
        if seconds > self.limit:
            return
        with self._lock:
            # Whole, and with no function whose value changes between runs: the same rows
            # again, within the caps.
            self._proven[key] = whole and not VARYING.search(key[0])
            self._proven.move_to_end(key)
            if len(self._proven) > PROVEN:
                self._proven.popitem(last=False)
            if self._engine is None and not self._opening:
                self._opening = True
                threading.Thread(target=self._open, name="light-lane", daemon=True).start()

    def is_proven(self, query: str, default_graphs: tuple, named_graphs: tuple) -> bool:
        """Whether ``query`` over that dataset is remembered as proven cheap."""
        return (query, default_graphs, named_graphs) in self._proven

    def ready(self) -> bool:
        """Whether the in-process engine is open."""
        return self._engine is not None

    def _open(self) -> None:
        # The factory's embedded store in this process: the workers' data, base and checks.
        in_process = replace(self.state.settings, query_processes=0)
        try:
            self._engine = open_store(in_process).engine
        except XjftzError as exc:  # the workers loaded the same data: not expected
            log.error("the light lane stays closed: %s", exc)

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/sparql" and self._engine is not None:
            answer = self._answer(environ)
            if answer is not None:
                self.served += 1
                status, headers, body = answer
                start_response(status, headers)
                return [body]
        return self.app(environ, start_response)

    def _answer(self, environ: dict) -> tuple[str, list[tuple[str, str]], bytes] | None:
        request = self._request(environ)
        if request is None:
            return None
        query, default_graphs, named_graphs = request
        same_rows = self._proven.get(request)
        if same_rows is None:
            return None
        conf = self.state.settings
        try:
            screening = screened_with(query, conf)
        except XjftzError:
            return None
        if screening.service_iris:  # a call to another server costs what that server takes
            return None
        graph = screening.returns_graph
        accept = environ.get("HTTP_ACCEPT", "")
        fmt = format_for_accept(accept, graph)
        if fmt is None:
            return None  # Flask answers 406
        key = sparql_key(query, fmt, default_graphs, named_graphs)
        raw = self.state.cache.get(key)
        hit = raw is not None
        if raw is None:
            raw = self._run(query, fmt, default_graphs, named_graphs, same_rows)
            if raw is None:
                return None
            self.state.cache.put(key, raw, len(raw.body))
        headers = [
            ("Content-Type", type_for_accept(accept, raw.media_type, graph)),
            ("Content-Length", str(len(raw.body))),
            *FIXED_HEADERS,
            ("X-Xjftz-Cache", "hit" if hit else "miss"),
        ]
        if raw.notice:
            headers += [("X-Xjftz-Truncated", "true"), ("X-Xjftz-Notice", raw.notice)]
        return "200 OK", headers, raw.body

    def _run(
        self, query: str, fmt: str, default_graphs: tuple, named_graphs: tuple, same_rows: bool
    ) -> RawResult | None:
        """The query's document from the in-process engine, or None on any error (Flask then
        answers it the usual way)."""
        conf = self.state.settings
        engine = self._engine
        assert engine is not None
        try:
            result = engine.query(query, None, default_graphs, named_graphs)
            if same_rows and fmt == "json" and isinstance(result, ox.QuerySolutions):
                # Rows known to be within the row cap: pyoxigraph writes the same bytes as
                # queries.results (tests/test_light_lane.py), without a Python object per term.
                # Light query over HTTP, one client: 0.33 → 0.26 ms p50 (issue 18, point 7).
                body = result.serialize(format=ox.QueryResultsFormat.JSON)
                if len(body) <= conf.max_response_bytes:
                    return RawResult(body, JSON_TYPE, None)
                result = engine.query(query, None, default_graphs, named_graphs)
            caps = conf.max_rows, conf.max_response_bytes
            return RawResult(*write_document(fmt, result, *caps))
        except (XjftzError, RuntimeError, OSError, ValueError):  # pyoxigraph's, as the engine's
            return None

    def _request(self, environ: dict) -> Key | None:
        """(query, default graphs, named graphs) of a plain GET or POST /sparql, or None for
        anything else: other parameters (``format=``, ``update=``), HEAD, another Content-Type
        or charset, bytes that are not UTF-8, lengths past the caps — Flask's to answer."""
        conf = self.state.settings
        method = environ.get("REQUEST_METHOD")
        url = environ.get("QUERY_STRING", "").encode("latin-1")  # PEP 3333: bytes as latin-1
        if len(url) > conf.max_query_length * 9:  # as Flask's 414 (webapp.api.sparql)
            return None
        params = _params(url)
        if method == "POST":
            mimetype, _, extra = environ.get("CONTENT_TYPE", "").partition(";")
            mimetype = mimetype.strip().lower()
            length = environ.get("CONTENT_LENGTH") or "0"
            if (
                extra.strip().lower().replace(" ", "") not in UTF8_PARAMS
                or not length.isdigit()
                or int(length) > conf.max_body_bytes
                or mimetype not in (FORM, DIRECT)
            ):
                return None
            body = environ["wsgi.input"].read(int(length))
            environ["wsgi.input"] = BytesIO(body)  # left as it was, for Flask
            if mimetype == FORM:
                form = _params(body)
                params = None if params is None or form is None else params + form
            elif params is None or any(name == "query" for name, _ in params):
                return None  # a query in the URL beside one in the body: Flask's 400
            else:
                try:
                    params += (("query", body.decode("utf-8")),)
                except UnicodeDecodeError:
                    return None  # Flask's 415
        elif method != "GET":
            return None
        if params is None or any(name not in PARAMS for name, _ in params):
            return None
        queries = [value for name, value in params if name == "query"]
        if len(queries) != 1 or len(queries[0]) > conf.max_query_length:
            return None
        default = tuple(value for name, value in params if name == "default-graph-uri")
        named = tuple(value for name, value in params if name == "named-graph-uri")
        return queries[0], default, named


# Clients re-send the same request bytes: decoding a 635-byte form body (66 escapes) takes
# 13 µs in a loop, 25-35 µs inside the server, of the light query's ~360 µs; remembered, the
# lookup costs its hash. Only short ones (≤ 64 × 16 kB = 1 MB per web worker).
MEMO_BYTES = 16 * 1024


def _params(encoded: bytes) -> tuple[tuple[str, str], ...] | None:
    """The name-value pairs of a query string or form body, or None unless every byte and
    every escape is UTF-8 (Flask answers 400 then)."""
    return _remembered(encoded) if len(encoded) <= MEMO_BYTES else _decoded(encoded)


def _decoded(encoded: bytes) -> tuple[tuple[str, str], ...] | None:
    try:
        pairs = parse_qsl(encoded.decode("utf-8"), keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError):
        return None
    return tuple(pairs)


_remembered = lru_cache(maxsize=64)(_decoded)
