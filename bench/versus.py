"""/sparql side by side with the Oxigraph server and Virtuoso: same graph, same query, same wrk.

Input:  the published graph (graph/build/xjftz.nt); two named queries as SPARQL text with their
        values bound (``bench.named.sparql_text``): ``light`` (measures-by-entity, Central
        Asia: 8 rows, ~0.2 ms in the engine, so the serving stack is what is timed) and
        ``headline`` (``bench.cases.HEADLINE``, defaults: the engine is what is timed); 1 and 32
        concurrent connections; cell length.
Output: per query and server the wrk cell at each level (``bench.load.wrk``: req/s,
        p50/p95/p99, errors), and per query the ratios the goal of issue 18 (point 7) names:
        xjftz's throughput at 32 clients over the Oxigraph server's (goal ≥ 0.5) and xjftz's
        single-client p50 over its (goal ≤ 2); :func:`section` renders them for RESULTS.md.

The three servers run one after another, each alone on the machine: ``xjftz serve`` as
configured by default with every guard on and the result cache off (``XJFTZ_CACHE_ENTRIES=0``)
— a text a user-lane worker answered within 2 ms is answered again by the light lane
(``webapp.shared.light``), so the light query is timed there after its first sends, the headline
query (~4 ms) in the workers;
``oxigraph serve`` and Virtuoso with the graph loaded into the plan graph IRI, queried with
``default-graph-uri`` so all three answer over the same triples. The Oxigraph server keeps the
graph in memory, as xjftz's engine does: on its on-disk store (``serve-read-only --location``)
the headline query took 5.1 s in pyoxigraph against 1.5–1.9 s in memory, and the server did
not answer it within a 10 s cell. Every server gets
the same request: POST ``application/x-www-form-urlencoded`` (``query=…``), JSON results.
Not ``application/sparql-query``: Virtuoso 7.2 never answers that form (the request hangs:
openlink/virtuoso-opensource#842; measured here, no answer in 60 s, the same query
form-encoded 0.46 s).

The Oxigraph server runs without ``--timeout-s``: its timeout keeps one sleeping thread per
query for the whole limit, so at its rate on a light query (~3,600 req/s on one connection) it
held 14,858 threads after 4 s and then panicked ("failed to set up alternative stack guard
page", vm.max_map_count 65,530 reached) — with a 10 s limit it dies within one cell. Without
a limit it has one guard fewer than xjftz, which only flatters it. Virtuoso keeps
``MaxQueryExecutionTime`` at the 10 s xjftz uses.
"""

from __future__ import annotations

import http.client
import shutil
import tempfile
from pathlib import Path
from urllib.parse import quote, urlencode

from bench import ID, WORK_DIR
from bench.app_server import app_server
from bench.cases import HEADLINE
from bench.load import ACCEPT_JSON, wrk
from bench.named import sparql_text
from bench.servers import start_oxigraph, start_virtuoso
from ontology.iris import PLAN_GRAPH
from queries.stores.engine import PUBLISHED_GRAPH

LEVELS = (1, 32)
LIMIT_S = 10  # Virtuoso's per-query limit, as xjftz's default timeout
FORM = "application/x-www-form-urlencoded"
QUERIES = {
    "light": ("measures-by-entity", {"entity": ID + "region/143"}),
    "headline": (HEADLINE, {}),
}
SERVERS = ("xjftz", "oxigraph", "virtuoso")


def _text(query_id: str, params: dict[str, str]) -> str:
    """The query a client would send: the named query's text without its ``#+`` header."""
    lines = sparql_text(query_id, params).splitlines()
    return "\n".join(line for line in lines if not line.startswith("#+"))


def _probe(port: int, path: str, body: bytes) -> int:
    """The status of one request as wrk will send it (a server that hangs raises OSError)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        headers = {"Content-Type": FORM, "Accept": ACCEPT_JSON}
        conn.request("POST", path, body=body, headers=headers)
        return conn.getresponse().status
    finally:
        conn.close()


def _cells(port: int, path: str, bodies: dict[str, Path], seconds: float) -> dict:
    out: dict = {}
    for name, body_file in bodies.items():
        env = {"WRK_BODY_FILE": str(body_file), "WRK_CONTENT_TYPE": FORM, "WRK_ACCEPT": ACCEPT_JSON}
        try:
            status = _probe(port, path, body_file.read_bytes())
        except OSError as exc:  # a server that does not answer: recorded, the run goes on
            out[name] = {"available": False, "error": f"{type(exc).__name__}: {exc}"}
            continue
        if status != 200:
            out[name] = {"available": False, "status": status}
            continue
        # Warm-up on one connection: queries of a wider one would still be running (the Oxigraph
        # server has no timeout here) when the single-client cell starts.
        wrk(port, path, env, 1, min(2.0, seconds))
        out[name] = {
            "available": True,
            "path": path,
            "levels": {str(c): wrk(port, path, env, c, seconds) for c in LEVELS},
        }
    return out


def measure(is_quick: bool) -> dict:
    seconds = 3.0 if is_quick else 10.0
    out: dict = {
        "queries": {k: f"{qid} ({params or 'defaults'})" for k, (qid, params) in QUERIES.items()},
        "request": f"POST {FORM}, Accept {ACCEPT_JSON}",
        "cell_seconds": seconds,
    }
    dataset = "?default-graph-uri=" + quote(PLAN_GRAPH, safe="")
    with tempfile.TemporaryDirectory() as tmp:
        bodies = {}
        for name, (qid, params) in QUERIES.items():
            bodies[name] = Path(tmp) / f"{name}.form"
            bodies[name].write_text(urlencode({"query": _text(qid, params)}))
        with app_server(env={"XJFTZ_CACHE_ENTRIES": "0"}, workdir=WORK_DIR) as server:
            server.start(120, "/sparql")
            out["xjftz"] = _cells(server.port, "/sparql", bodies, seconds)
        for name, start, path, limit, opts in (
            ("oxigraph", start_oxigraph, "/query", 0, {"in_memory": True}),
            ("virtuoso", start_virtuoso, "/sparql", LIMIT_S, {}),
        ):
            try:
                workdir = Path(tempfile.mkdtemp(prefix=f"versus-{name}-", dir=WORK_DIR))
                other, _ = start(PUBLISHED_GRAPH.with_suffix(".nt"), workdir, limit, **opts)
            except Exception as exc:  # recorded; the others still run
                out[name] = {"error": f"{type(exc).__name__}: {exc}"}
                continue
            port = getattr(other, "http_port", None) or other.port
            try:
                out[name] = _cells(port, path + dataset, bodies, seconds)
            finally:
                other.stop()
                shutil.rmtree(workdir, ignore_errors=True)  # a Virtuoso database is ~100 MB
    out["ratios"] = {name: ratios(out, name) for name in QUERIES}
    return out


def ratios(out: dict, query: str) -> dict:
    """xjftz over the Oxigraph server on ``query``: throughput at 32 clients, p50 at one."""
    try:
        ours, theirs = out["xjftz"][query]["levels"], out["oxigraph"][query]["levels"]
        return {
            "rps_32": round(ours["32"]["rps"] / theirs["32"]["rps"], 2),
            "p50_1": round(ours["1"]["latency_ms"]["p50"] / theirs["1"]["latency_ms"]["p50"], 2),
        }
    except (KeyError, TypeError, ZeroDivisionError):
        return {}


def _row(server: str, query: str, v: dict) -> list:
    if (v.get(server) or {}).get("error"):
        return [query, server, v[server]["error"], "", "", "", ""]
    cell = (v.get(server) or {}).get(query) or {}
    if not cell.get("available"):
        return [query, server, cell.get("error") or f"status {cell.get('status')}", "", "", "", ""]
    one, many = cell["levels"]["1"], cell["levels"]["32"]
    errors = one["error_total"] + many["error_total"]
    return [
        *(query, server, one["rps"], _latency(one, "p50")),
        *(many["rps"], _latency(many, "p95"), errors),
    ]


def _latency(level: dict, key: str) -> object:
    if not level.get("requests"):
        return f"none answered in {level.get('seconds', '?')} s"
    return level["latency_ms"][key]


def section(v: dict | None) -> str:
    from bench.report import table  # report imports this module

    if not v:
        return "not run"
    if v.get("error"):
        return f"failed: {v['error']}"
    if "queries" not in v:  # a record from before the light query
        return "recorded in an older format: run `python -m bench --only versus`"
    rows = [_row(server, query, v) for query in v["queries"] for server in SERVERS]
    head = ["query", "server", "1 client req/s", "1 client p50 ms", "32 clients req/s"]
    text = table([*head, "32 p95 ms", "errors"], rows)
    said = "; ".join(f"{k}: {q}" for k, q in v["queries"].items())
    ratio_lines = [
        f"- {k}: throughput at 32 clients {r.get('rps_32', '–')} (goal ≥ 0.5), "
        f"single-client p50 {r.get('p50_1', '–')} (goal ≤ 2)"
        for k, r in (v.get("ratios") or {}).items()
    ]
    return (
        f"{said}. {v['request']}; wrk {v['cell_seconds']:g} s per cell; xjftz with every guard "
        f"on and the result cache off. Errors: answers other than 2xx/3xx and socket errors "
        "(xjftz answers the excess 429 or 503 with Retry-After, by design: admission).\n\n"
        f"{text}\n\nxjftz / Oxigraph server:\n\n" + "\n".join(ratio_lines)
    )
