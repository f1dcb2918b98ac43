"""Scale: the named queries on a synthetic corpus at ~100k and ~1M triples, on four stores.

Input:  the target sizes, a per-query time budget and a run count (smaller with BENCH_QUICK);
        the published graph (the corpus starts from it, see ``bench.synthetic``).
Output: for each size, a dict: the corpus (actual triples, synthetic plans, generation
        seconds), and per store — embedded pyoxigraph, rdflib's in-memory Graph, Virtuoso and
        the Oxigraph server through the project's RemoteStore (urllib) — the load time,
        peak memory and, per named query, rows and latency (median, p95, min, max in ms), or
        "over budget"; then each store's latency as a ratio to the embedded store's, and
        whether every contract query returned rows on the corpus.

All four stores hold the same file and answer the same queries with the same parameters, in
one run, one store at a time (each in a fresh process; the servers stopped in between), so
the ratios compare like with like on this machine.
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

from bench import PROJECT_ROOT, WORK_DIR
from bench.cases import CONTRACT, cases
from bench.procs import memory
from bench.servers import start_oxigraph, start_virtuoso
from bench.stats import summarise
from bench.synthetic import generate

GRACE_S = 5.0  # beyond the budget, before a silent child is killed
LOAD_LIMIT_S = 900.0


class Child:
    """A ``bench.scale_child`` process and a thread reading its JSON lines."""

    def __init__(self, args: list[str], pending: list, log: Path) -> None:
        self.log = log.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.scale_child", *args],
            cwd=PROJECT_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )
        self.lines: queue.Queue[dict | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(pending))
        self.proc.stdin.close()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            if line.strip():
                self.lines.put(json.loads(line))
        self.lines.put(None)

    def next(self, timeout: float) -> dict | None:
        """The next event, or None on timeout or end of output."""
        try:
            return self.lines.get(timeout=timeout)
        except queue.Empty:
            return None

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(30)
        self.log.close()


def run_store(name: str, corpus: Path, budget: float, runs: int, endpoint: str = "") -> dict:
    """Every case on one store; a case that overruns kills the child, the rest go on."""
    pending = cases()
    out: dict = {"queries": {}, "restarts": 0}
    args = [name, str(corpus), str(budget), str(runs), *([endpoint] if endpoint else [])]
    log = WORK_DIR / f"{corpus.stem}-{name}.log"
    while pending:
        child = Child(args, pending, log)
        try:
            ready = child.next(LOAD_LIMIT_S)
            if not ready or ready.get("event") != "ready":
                out["error"] = f"the store did not open (see {log.name})"
                return out
            out.setdefault("load_s", ready["load_s"])
            out.setdefault("triples", ready["triples"])
            out.setdefault("client_peak_mb", ready["rss_mb"])
            pending = _collect(child, pending, out, budget)
        finally:
            child.stop()
    return out


def _collect(child: Child, pending: list, out: dict, budget: float) -> list:
    """Read the child's results; on an overrun, the cases still to run."""
    for i, (query_id, _) in enumerate(pending):
        event = child.next(GRACE_S)
        if event is not None and event.get("event") == "start":
            event = child.next(budget + GRACE_S)  # "warm", or "done" if the warm-up failed
            if event is not None and event.get("event") == "warm":
                event = child.next(3 * budget + GRACE_S)
        if event is not None and event.get("event") == "done":
            out["queries"][query_id] = _summary(event)
            continue
        out["queries"][query_id] = {"over_budget": True, "killed": True}
        out["restarts"] += 1
        return pending[i + 1 :]
    end = child.next(GRACE_S)
    if end and end.get("event") == "end":
        out["client_peak_mb"] = end["rss_mb"]
    return []


def _summary(event: dict) -> dict:
    row = {"rows": event["rows"], "ms": summarise(event["samples"], 1000.0)}
    if len(event.get("rows_seen") or []) > 1:
        row["rows_seen"] = event["rows_seen"]
    if event["warmup"]:
        row["warmup_ms"] = round(event["warmup"][0] * 1000, 3)
    if event["over_budget"]:
        row["over_budget"] = True
    if event["error"] and not event["over_budget"]:
        row["error"] = event["error"]
    return row


def run_server(kind: str, corpus: Path, budget: float, runs: int) -> dict:
    workdir = WORK_DIR / f"{corpus.stem}-{kind}"
    if workdir.exists():
        import shutil

        shutil.rmtree(workdir)
    start = start_virtuoso if kind == "virtuoso" else start_oxigraph
    try:
        server, load_s = start(corpus.resolve(), workdir.resolve(), max(1, int(budget)))
    except Exception as exc:  # e.g. the binary is missing: say so in the results
        return {"error": f"{type(exc).__name__}: {exc}"[:500]}
    try:
        out = run_store(kind, corpus, budget, runs, server.query_endpoint)
        out["load_s"] = round(load_s, 3)
        out["server_peak_mb"] = memory(server.process.pid)["peak_mb"]
        return out
    finally:
        server.stop()


def ratios(stores: dict) -> dict:
    """Per query: each store's median latency divided by the embedded store's."""
    base = stores.get("embedded", {}).get("queries", {})
    out: dict = {}
    for name, result in stores.items():
        if name == "embedded":
            continue
        for query_id, row in result.get("queries", {}).items():
            ref = base.get(query_id, {}).get("ms", {}).get("median")
            if not ref:
                continue
            if row.get("over_budget"):
                out.setdefault(query_id, {})[name] = {"at_least": round(_budget(result) / ref, 1)}
            elif row.get("ms", {}).get("median") is not None:
                out.setdefault(query_id, {})[name] = round(row["ms"]["median"] / ref, 1)
    return out


def _budget(result: dict) -> float:
    return result.get("budget_ms", 0.0)


def run_scale(target: int, budget: float, runs: int, label: str) -> dict:
    corpus = WORK_DIR / f"corpus-{label}.nt"
    info = generate(target, corpus)
    result: dict = {
        "corpus": {k: v for k, v in info.__dict__.items() if k != "path"},
        "budget_s": budget,
        "runs": runs,
        "stores": {},
    }
    for name in ("embedded", "rdflib"):
        started = time.perf_counter()
        result["stores"][name] = run_store(name, corpus, budget, runs)
        result["stores"][name]["wall_s"] = round(time.perf_counter() - started, 1)
    for kind in ("virtuoso", "oxigraph-server"):
        started = time.perf_counter()
        result["stores"][kind] = run_server(kind, corpus, budget, runs)
        result["stores"][kind]["wall_s"] = round(time.perf_counter() - started, 1)
    for store in result["stores"].values():
        store["budget_ms"] = budget * 1000
    result["ratios"] = ratios(result["stores"])
    embedded = result["stores"]["embedded"].get("queries", {})
    result["contract_rows"] = {q: embedded.get(q, {}).get("rows") for q in CONTRACT}
    result["parity"] = parity(result["stores"])
    return result


def parity(stores: dict) -> dict:
    """Queries where a store's row count differs from the embedded store's, or between runs."""
    base = stores.get("embedded", {}).get("queries", {})
    diffs: dict = {}
    for name, result in stores.items():
        for query_id, row in result.get("queries", {}).items():
            ref, rows = base.get(query_id, {}).get("rows"), row.get("rows")
            if (ref is not None and rows is not None and rows != ref) or row.get("rows_seen"):
                seen = row.get("rows_seen") or [rows]
                diffs.setdefault(query_id, {})[name] = {"rows": seen, "embedded": ref}
    return diffs


def measure(quick: bool) -> dict:
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    if quick:
        return {"100k": run_scale(100_000, budget=3.0, runs=3, label="100k")}
    return {
        "100k": run_scale(100_000, budget=8.0, runs=7, label="100k"),
        "1M": run_scale(1_000_000, budget=8.0, runs=5, label="1M"),
    }
