"""``python -m bench`` (``make bench``): run every measurement family, write the results.

Input:  ``BENCH_QUICK=1`` (or ``--quick``) for a fast subset; ``--only build,named,http,scale``
        to run some families (their results then go to ``bench/work/`` and the committed record
        is left alone); ``--render`` to measure nothing and rewrite RESULTS.md (and the goals)
        from the committed results.json.
Output: ``bench/results.json`` and ``bench/RESULTS.md`` (with ``--only``:
        ``bench/work/results-partial.*``), and after a full run the goals quoted in
        ``bench/README.md`` (between its goals markers); progress on stderr.

Families, in this order: ``build`` (``xjftz build`` by stage, ``xjftz reason``), ``named``
(every named query in-process and through a query worker), ``http`` (cold start; then two
``xjftz serve`` variants — as configured by default, and with the result cache off — each with
every named query over HTTP, the wrk cells and the peak memory), ``scale`` (the synthetic
corpus at ~100k and ~1M triples on four stores). A family that fails is recorded with its
error and the others still run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from bench import BENCH_DIR, RESULTS_JSON, RESULTS_MD, WORK_DIR, quick, serving
from bench import build as build_family
from bench import named as named_family
from bench import scale as scale_family
from bench import versus as versus_family
from bench.goals import evaluate
from bench.machine import describe
from bench.report import quote_goals, render

FAMILIES = ("build", "named", "http", "versus", "scale")


def load_average() -> list[float]:
    """1, 5 and 15 minute load averages: other work on the machine shows here."""
    return [round(x, 2) for x in os.getloadavg()]


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def http_family(is_quick: bool) -> dict:
    runs, warmup = (2, 0) if is_quick else (5, 1)
    out: dict = {"cold_start": serving.measure_cold_start(runs, warmup)}
    log("http: default server (result cache on)")
    out["cached"] = serving.run_variant({}, is_quick, ("sparql", "api", "ask", "entity"))
    log("http: result cache off (XJFTZ_CACHE_ENTRIES=0)")
    out["uncached"] = serving.run_variant({"XJFTZ_CACHE_ENTRIES": "0"}, is_quick, ("sparql", "api"))
    return out


def named_in_process(is_quick: bool) -> dict:
    runs, warmup = (10, 2) if is_quick else (50, 5)
    return named_family.measure_in_process(runs, warmup)


def runners(is_quick: bool) -> dict[str, Callable[[], dict]]:
    return {
        "build": lambda: build_family.measure(is_quick),
        "named": lambda: named_in_process(is_quick),
        "http": lambda: http_family(is_quick),
        "versus": lambda: versus_family.measure(is_quick),
        "scale": lambda: scale_family.measure(is_quick),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description="xjftz benchmarks (issue 8)")
    p.add_argument("--quick", action="store_true", help="fast subset (same as BENCH_QUICK=1)")
    p.add_argument("--only", help=f"comma-separated families: {','.join(FAMILIES)}")
    p.add_argument(
        "--render",
        action="store_true",
        help="measure nothing: re-check the goals and rewrite RESULTS.md from results.json",
    )
    args = p.parse_args(argv)
    if args.render:
        return render_only()
    is_quick = args.quick or quick()
    chosen = FAMILIES if not args.only else tuple(f.strip() for f in args.only.split(","))
    unknown = [f for f in chosen if f not in FAMILIES]
    if unknown:
        p.error(f"unknown families {unknown}; choose from {', '.join(FAMILIES)}")
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict = {
        "generated_by": "python -m bench" + (" --quick" if is_quick else ""),
        "quick": is_quick,
        "started_utc": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "machine": describe(),
        "family_wall_s": {},
        "loadavg_start": load_average(),
        "loadavg_after": {},
    }
    for name, run in runners(is_quick).items():
        if name not in chosen:
            continue
        log(f"{name} …")
        t0 = time.perf_counter()
        try:
            results[name] = run()
        except Exception as exc:  # recorded in the results; the other families still run
            log(f"{name} failed: {exc}")
            results[name] = {
                "error": f"{type(exc).__name__}: {exc}",
                "trace": traceback.format_exc(),
            }
        results["family_wall_s"][name] = round(time.perf_counter() - t0, 1)
        results["loadavg_after"][name] = load_average()
        log(f"{name} done in {results['family_wall_s'][name]} s")
    results["wall_s"] = round(time.perf_counter() - started, 1)
    partial = set(chosen) != set(FAMILIES)
    json_path = WORK_DIR / "results-partial.json" if partial else RESULTS_JSON
    md_path = WORK_DIR / "results-partial.md" if partial else RESULTS_MD
    write(results, json_path, md_path, readme=not partial and not is_quick)
    log(f"wrote {json_path} and {md_path} in {results['wall_s']} s")
    return 0


def write(results: dict, json_path: Path, md_path: Path, *, readme: bool) -> None:
    """Check the goals, write the JSON and the Markdown; quote the goals in the README."""
    results["goals"] = evaluate(results)
    json_path.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(render(results), encoding="utf-8")
    path = BENCH_DIR / "README.md"
    if readme and path.is_file():
        path.write_text(quote_goals(path.read_text(encoding="utf-8"), results), encoding="utf-8")


def render_only() -> int:
    """``--render``: the committed results.json, re-checked and re-rendered."""
    results = json.loads(RESULTS_JSON.read_text(encoding="utf-8"))
    write(results, RESULTS_JSON, RESULTS_MD, readme=not results.get("quick"))
    log(f"rewrote {RESULTS_MD} from {RESULTS_JSON}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
