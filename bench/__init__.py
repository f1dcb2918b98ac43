"""Benchmarks of xjftz (issue 8): build, query latency, endpoint throughput, scale.

Input:  the project as checked out (``graph/build/xjftz.ttl`` built, the venv set up), Debian's
        ``wrk`` and ``virtuoso-t``, PyPI's ``oxigraph`` server binary in the venv.
Output: ``bench/results.json`` (every figure, with the machine it was measured on) and
        ``bench/RESULTS.md`` (the same as tables, with the goals of issue 8 marked reached or
        not), written by ``python -m bench`` (``make bench``).

One module per measurement family — ``build`` (stages and ``xjftz reason``), ``serving``
(cold start, peak RSS), ``named`` (every named query in-process and over HTTP), ``load``
(throughput under concurrent clients with wrk), ``scale`` (a synthetic corpus at ~100k and ~1M
triples on four stores) — plus the helpers they share (``stats``, ``machine``, ``server``,
``synthetic``, ``stores``, ``report``). Benchmarks are not tests: nothing here asserts a time.
"""

from __future__ import annotations

import os
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
WORK_DIR = BENCH_DIR / "work"  # generated corpora and server databases (gitignored)
RESULTS_JSON = BENCH_DIR / "results.json"
RESULTS_MD = BENCH_DIR / "RESULTS.md"
VENV_BIN = PROJECT_ROOT / ".venv" / "bin"
PUBLISHED_TTL = PROJECT_ROOT / "graph" / "build" / "xjftz.ttl"
ID = "https://w3id.org/xjftz/id/"


def quick() -> bool:
    """``BENCH_QUICK=1``: fewer repetitions, shorter load cells, the 100k scale only."""
    return os.environ.get("BENCH_QUICK", "").strip().lower() in {"1", "true", "yes", "on"}
