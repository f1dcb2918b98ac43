"""The goals of issue 8 (point 4), checked against a run's results.

Input:  the results dict that ``python -m bench`` collects.
Output: :func:`evaluate` — one row per goal: what is measured, the value, the target, reached
        (True/False, or None when the run did not measure it) and a note saying exactly which
        figure was compared.
"""

from __future__ import annotations

from bench.cases import CONTRACT, HEADLINE


def _get(data: dict, *path: str):
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _row(goal: str, value, unit: str, target: str, reached: bool | None, note: str) -> dict:
    shown = "not measured" if value is None else f"{value} {unit}".strip()
    return {"goal": goal, "value": shown, "target": target, "reached": reached, "note": note}


def http_p50(results: dict) -> dict:
    value = _get(results, "http", "cached", "named", "api", HEADLINE, "ms", "median")
    uncached = _get(results, "http", "uncached", "named", "api", HEADLINE, "ms", "median")
    note = (
        f"GET /api/queries/{HEADLINE}, one keep-alive client, default `xjftz serve` "
        f"(result cache on, so a hit); with the cache off: {uncached} ms"
    )
    ok = None if value is None else value <= 5
    return _row("headline query over HTTP, p50", value, "ms", "<= 5 ms", ok, note)


def throughput(results: dict) -> dict:
    cell = _get(results, "http", "cached", "load", "targets", "api", "levels", "32")
    off = _get(results, "http", "uncached", "load", "targets", "api", "levels", "32")
    if not cell or "rps" not in cell:
        return _row(
            "headline named query, 32 clients", None, "", ">= 500 req/s, 0 errors", None, ""
        )
    ok = cell["rps"] >= 500 and cell["error_total"] == 0
    note = f"wrk, 32 connections, default `xjftz serve`; {cell['error_total']} errors"
    if off and "rps" in off:
        note += f"; with the cache off {off['rps']} req/s, {off['error_total']} errors"
    value = f"{cell['rps']} req/s, {cell['error_total']} errors"
    return _row("headline named query, 32 clients", value, "", ">= 500 req/s, 0 errors", ok, note)


def ask_p50(results: dict) -> dict:
    """Issue 16: the search box's answer over HTTP at 32 clients."""
    cell = _get(results, "http", "cached", "load", "targets", "ask", "levels", "32")
    if not cell or "rps" not in cell:
        return _row("ask round trip, 32 clients, p50", None, "", "<= 10 ms", None, "")
    note = (
        f"wrk, 32 connections, GET /api/ask?q=中亚 物流, default `xjftz serve`; "
        f"{cell['rps']} req/s, {cell['error_total']} errors"
    )
    p50 = cell["latency_ms"]["p50"]
    ok = p50 <= 10 and cell["error_total"] == 0
    return _row("ask round trip, 32 clients, p50", p50, "ms", "<= 10 ms", ok, note)


def build_time(results: dict) -> dict:
    value = _get(results, "build", "build", "wall_s", "median")
    validate = _get(results, "build", "build", "stages_s", "validate", "median")
    note = f"`xjftz build --out TMP` wall time, median; the SHACL stage alone {validate} s"
    ok = None if value is None else value <= 3
    return _row("`xjftz build`", value, "s", "<= 3 s", ok, note)


def cold_start(results: dict) -> dict:
    value = _get(results, "http", "cold_start", "cold_start_s", "median")
    note = "spawn of `xjftz serve` to the first 200 answer of the headline named query, median"
    ok = None if value is None else value <= 1.5
    return _row("cold start to first answer", value, "s", "<= 1.5 s", ok, note)


def scale_1m(results: dict) -> dict:
    rows = _get(results, "scale", "1M", "stores", "embedded", "queries") or {}
    if not rows:
        return _row("1M triples, contract queries p50", None, "", "<= 200 ms each", None, "")
    worst, worst_id, over = 0.0, "", []
    for qid in CONTRACT:
        row = rows.get(qid, {})
        median = _get(row, "ms", "median")
        if row.get("over_budget") or median is None:
            over.append(qid)
        elif median > worst:
            worst, worst_id = median, qid
    slow = [q for q in CONTRACT if (_get(rows.get(q, {}), "ms", "median") or 0) > 200]
    ok = not over and not slow
    note = f"embedded store, slowest contract query {worst_id}"
    if slow:
        note += f"; over 200 ms: {', '.join(slow)}"
    if over:
        note += f"; over the time budget: {', '.join(over)}"
    return _row(
        "1M triples, contract queries p50", worst, "ms (slowest)", "<= 200 ms each", ok, note
    )


def scale_ratio(results: dict) -> dict:
    ratios = _get(results, "scale", "100k", "ratios") or {}
    found = {}
    for qid in CONTRACT:
        r = _get(ratios, qid, "rdflib")
        if isinstance(r, dict):
            found[qid] = r["at_least"]  # rdflib over budget: a lower bound
        elif r is not None:
            found[qid] = r
    if not found:
        return _row("100k triples, vs rdflib", None, "", ">= 50x on each", None, "")
    low_id = min(found, key=found.get)
    below = [f"{q} {found[q]}x" for q in CONTRACT if q in found and found[q] < 50]
    note = "rdflib median / embedded median per contract query (lowest shown)"
    if below:
        note += "; below 50x: " + ", ".join(below)
    value = f"{found[low_id]}x ({low_id})"
    return _row("100k triples, vs rdflib", value, "", ">= 50x on each", not below, note)


def peak_rss(results: dict) -> dict:
    found = {}
    for variant in ("cached", "uncached"):
        workers = _get(results, "http", variant, "rss", "workers") or []
        if workers:
            found[variant] = (
                max(w["tree_peak_mb"] for w in workers),
                max(w["peak_mb"] for w in workers),
                max(len(w["query_workers"]) for w in workers),
            )
    if not found:
        return _row("peak RSS per worker", None, "", "<= 150 MB", None, "")
    worst = max(found, key=lambda v: found[v][0])
    names = {"cached": "default server", "uncached": "result cache off"}
    parts = [
        f"{names[v]}: {tree} MB with {n} query workers (the web worker alone {own} MB)"
        for v, (tree, own, n) in found.items()
    ]
    note = (
        "VmHWM after the load runs, a web worker together with the query worker "
        "processes it owns, the larger of: " + "; ".join(parts)
    )
    tree = found[worst][0]
    return _row("peak RSS per worker", tree, "MB", "<= 150 MB", tree <= 150, note)


def evaluate(results: dict) -> list[dict]:
    checks = (
        http_p50,
        throughput,
        ask_p50,
        build_time,
        cold_start,
        scale_1m,
        scale_ratio,
        peak_rss,
    )
    return [check(results) for check in checks]
