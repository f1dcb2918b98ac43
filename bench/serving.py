"""Serving the plan graph: cold start, peak memory per process, and one server variant's HTTP runs.

Input:  run counts; ``XJFTZ_*`` overrides for a server variant (e.g. the result cache off).
Output: :func:`measure_cold_start` — spawn of ``xjftz serve`` to the socket accepting, and to the
        first 200 answer of the headline named query (median, p95, min, max in s);
        :func:`rss` — VmHWM/VmRSS of the granian main process, each web worker and each query
        worker process it owns, per worker with its query workers, and the total;
        :func:`run_variant` — on one server: every named query over HTTP (``bench.named``), the
        wrk cells (``bench.load``), then the memory read after that load.
"""

from __future__ import annotations

from bench import WORK_DIR
from bench import load as load_family
from bench import named as named_family
from bench.app_server import app_server
from bench.cases import HEADLINE
from bench.procs import tree
from bench.stats import summarise

READY_PATH = f"/api/queries/{HEADLINE}"
QUERY_WORKER = "queries.stores.worker"


def measure_cold_start(runs: int, warmup: int) -> dict:
    starts = []
    for i in range(warmup + runs):
        with app_server(workdir=WORK_DIR) as server:
            server.start(120, READY_PATH)
            if i >= warmup:
                starts.append(server.cold_start_s)
    return {
        "cold_start_s": summarise(starts),
        "what": f"spawn of `xjftz serve` to the first 200 answer of GET {READY_PATH}",
    }


def rss(master: int) -> dict:
    """Memory of the master, its web workers and their query worker processes."""
    rows = tree(master)
    workers = []
    for row in (r for r in rows if r["depth"] == 1):
        owned = [
            r
            for r in rows
            if r["depth"] == 2 and QUERY_WORKER in r["command"] and r["pid"] in _children(rows, row)
        ]
        peak = (row["peak_mb"] or 0) + sum(q["peak_mb"] or 0 for q in owned)
        workers.append(
            {
                "pid": row["pid"],
                "peak_mb": row["peak_mb"],
                "rss_mb": row["rss_mb"],
                "query_workers": [{"pid": q["pid"], "peak_mb": q["peak_mb"]} for q in owned],
                "tree_peak_mb": round(peak, 1),
            }
        )
    return {
        "processes": [
            {k: r[k] for k in ("pid", "depth", "peak_mb", "rss_mb", "command")} for r in rows
        ],
        "master_peak_mb": rows[0]["peak_mb"],
        "workers": workers,
        "total_peak_mb": round(sum(r["peak_mb"] or 0 for r in rows), 1),
    }


def _children(rows: list[dict], parent: dict) -> set[int]:
    """Pids listed after ``parent`` at a greater depth, up to its next sibling."""
    i = rows.index(parent)
    out = set()
    for row in rows[i + 1 :]:
        if row["depth"] <= parent["depth"]:
            break
        out.add(row["pid"])
    return out


def run_variant(env: dict[str, str], quick: bool, targets: tuple[str, ...]) -> dict:
    runs, warmup = (10, 2) if quick else (50, 5)
    seconds = 3.0 if quick else 10.0
    with app_server(env, workdir=WORK_DIR) as server:
        server.start(120, READY_PATH)
        result = {"env": env, "cold_start_s": round(server.cold_start_s or 0, 3)}
        result["named"] = named_family.measure_http(server.port, runs, warmup)
        result["load"] = load_family.measure(server.port, seconds, (1, 8, 32), targets)
        result["rss"] = rss(server.pid)
    return result
