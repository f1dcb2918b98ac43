"""/sparql side by side with the Oxigraph server and Virtuoso: same graph, same query, same wrk.

Input:  the published graph (graph/build/xjftz.ttl); the headline named query as SPARQL text
        (``bench.cases.HEADLINE``, defaults bound, as ``bench.load`` sends it); 1 and 32
        concurrent connections; cell length.
Output: per server the wrk cell at each level (``bench.load.wrk``: req/s, p50/p95/p99,
        errors), and the ratios the goal of issue 18 (point 7) names: xjftz's throughput at 32
        clients over the Oxigraph server's (goal ≥ 0.5) and xjftz's single-client p50 over its
        (goal ≤ 2); :func:`section` renders them for RESULTS.md.

The three servers run one after another in this process's run, each alone on the machine:
``xjftz serve`` as configured by default with every guard on and the result cache off
(``XJFTZ_CACHE_ENTRIES=0``); ``oxigraph serve-read-only`` and Virtuoso with the graph loaded
into the plan graph IRI, queried with ``default-graph-uri`` so all three answer over the same
triples. The body is POSTed as ``application/sparql-query``, JSON results requested.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import quote

from bench import WORK_DIR
from bench.app_server import app_server
from bench.cases import HEADLINE
from bench.load import ACCEPT_JSON, _probe, wrk
from bench.named import sparql_text
from bench.servers import start_oxigraph, start_virtuoso
from ontology.iris import PLAN_GRAPH
from queries.stores.engine import PUBLISHED_GRAPH

LEVELS = (1, 32)
LIMIT_S = 10  # the servers' own per-query limit, as xjftz's default timeout


def _cells(port: int, path: str, body_file: Path, body: bytes, seconds: float) -> dict:
    env = {"WRK_BODY_FILE": str(body_file), "WRK_ACCEPT": ACCEPT_JSON}
    target = {"path": path, "env": env}
    status = _probe(port, target, body)
    if status != 200:
        return {"available": False, "status": status}
    wrk(port, path, env, 8, min(2.0, seconds))  # warm-up
    return {
        "available": True,
        "path": path,
        "levels": {str(c): wrk(port, path, env, c, seconds) for c in LEVELS},
    }


def measure(is_quick: bool) -> dict:
    seconds = 3.0 if is_quick else 10.0
    body = sparql_text(HEADLINE, {}).encode()
    out: dict = {"query": f"{HEADLINE} (defaults) as SPARQL text", "cell_seconds": seconds}
    dataset = "?default-graph-uri=" + quote(PLAN_GRAPH, safe="")
    with tempfile.NamedTemporaryFile(suffix=".rq") as f:
        f.write(body)
        f.flush()
        body_file = Path(f.name)
        with app_server(env={"XJFTZ_CACHE_ENTRIES": "0"}, workdir=WORK_DIR) as server:
            server.start(120, "/sparql")
            out["xjftz"] = _cells(server.port, "/sparql", body_file, body, seconds)
        for name, start, path in (
            ("oxigraph", start_oxigraph, "/query"),
            ("virtuoso", start_virtuoso, "/sparql"),
        ):
            try:
                workdir = Path(tempfile.mkdtemp(prefix=f"versus-{name}-", dir=WORK_DIR))
                other, _ = start(PUBLISHED_GRAPH.with_suffix(".nt"), workdir, LIMIT_S)
            except Exception as exc:  # recorded; the others still run
                out[name] = {"available": False, "error": f"{type(exc).__name__}: {exc}"}
                continue
            port = getattr(other, "http_port", None) or other.port
            try:
                out[name] = _cells(port, path + dataset, body_file, body, seconds)
            except OSError as exc:  # a server that does not answer: recorded, the run goes on
                out[name] = {"available": False, "error": f"{type(exc).__name__}: {exc}"}
            finally:
                other.stop()
    out["ratios"] = ratios(out)
    return out


def ratios(out: dict) -> dict:
    """xjftz over the Oxigraph server: throughput at 32 clients, p50 at one."""
    try:
        ours, theirs = out["xjftz"]["levels"], out["oxigraph"]["levels"]
        return {
            "rps_32": round(ours["32"]["rps"] / theirs["32"]["rps"], 2),
            "p50_1": round(ours["1"]["latency_ms"]["p50"] / theirs["1"]["latency_ms"]["p50"], 2),
        }
    except (KeyError, TypeError, ZeroDivisionError):
        return {}


def section(v: dict | None) -> str:
    from bench.report import table  # report imports this module

    if not v:
        return "not run"
    if v.get("error"):
        return f"failed: {v['error']}"
    rows = []
    for name in ("xjftz", "oxigraph", "virtuoso"):
        cell = v.get(name) or {}
        if not cell.get("available"):
            rows.append([name, cell.get("error") or f"status {cell.get('status')}", "", "", ""])
            continue
        one, many = cell["levels"]["1"], cell["levels"]["32"]
        rows.append(
            [
                name,
                one["rps"],
                one["latency_ms"]["p50"],
                many["rps"],
                many["latency_ms"]["p95"],
            ]
        )
    r = v.get("ratios") or {}
    text = table(
        ["server", "1 client req/s", "1 client p50 ms", "32 clients req/s", "32 p95 ms"], rows
    )
    return (
        f"{v['query']}, POST /sparql, wrk {v['cell_seconds']:g} s per cell, result cache off.\n\n"
        f"{text}\n\nxjftz / Oxigraph server: throughput at 32 clients {r.get('rps_32', '–')} "
        f"(goal ≥ 0.5); single-client p50 {r.get('p50_1', '–')} (goal ≤ 2)."
    )
