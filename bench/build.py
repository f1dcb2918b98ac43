"""Build time by stage, and ``xjftz reason``, each run as the command a user types.

Input:  the sources (``graph/sources/``), a temporary output directory, run counts.
Output: for ``xjftz build --out TMP``: wall time per run and each stage's time (parse, vocab,
        link, assemble, validate — the SHACL gate — and publish) as graph.build logs it, plus
        what is left of the wall time (interpreter start-up, imports, the CLI); for
        ``xjftz reason``: wall time, and HermiT's own time from its report. Each as median,
        p95, min and max in seconds.

The stage lines are graph.build's own timings (``_stage`` logs ``"%-9s %7.3f s"`` on stderr);
a run whose log has none is reported with its wall time only.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
import time
from pathlib import Path

from bench import PROJECT_ROOT, VENV_BIN
from bench.stats import summarise

STAGE_LINE = re.compile(r"^(?P<stage>[a-z]+)\s+(?P<seconds>\d+\.\d+) s$", re.M)
HERMIT_LINE = re.compile(r"Time: HermiT (?P<hermit>[\d.]+) s, total (?P<total>[\d.]+) s")
XJFTZ = str(VENV_BIN / "xjftz")


def _run(args: list[str], timeout: float) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(
        [XJFTZ, *args], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=timeout
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"xjftz {' '.join(args)} failed ({done.returncode}):\n{done.stderr}")
    return elapsed, done


def measure_build(runs: int, warmup: int) -> dict:
    """``xjftz build`` into a temporary directory, ``warmup`` + ``runs`` times."""
    walls: list[float] = []
    stages: dict[str, list[float]] = {}
    rest: list[float] = []
    with tempfile.TemporaryDirectory(prefix="xjftz-bench-build-") as tmp:
        for i in range(warmup + runs):
            wall, done = _run(["build", "--out", str(Path(tmp) / "out")], timeout=600)
            if i < warmup:
                continue
            walls.append(wall)
            found = {m["stage"]: float(m["seconds"]) for m in STAGE_LINE.finditer(done.stderr)}
            for stage, seconds in found.items():
                stages.setdefault(stage, []).append(seconds)
            if found:
                rest.append(wall - sum(found.values()))
    return {
        "command": "xjftz build --out TMP",
        "warmup": warmup,
        "wall_s": summarise(walls),
        "stages_s": {stage: summarise(values) for stage, values in stages.items()},
        "startup_and_imports_s": summarise(rest),
    }


def measure_reason(runs: int, warmup: int) -> dict:
    """``xjftz reason`` on the published graph, ``warmup`` + ``runs`` times."""
    walls: list[float] = []
    hermit: list[float] = []
    for i in range(warmup + runs):
        wall, done = _run(["reason"], timeout=900)
        if i < warmup:
            continue
        walls.append(wall)
        if m := HERMIT_LINE.search(done.stdout):
            hermit.append(float(m["hermit"]))
    return {
        "command": "xjftz reason",
        "warmup": warmup,
        "wall_s": summarise(walls),
        "hermit_s": summarise(hermit),
    }


def measure(quick: bool) -> dict:
    if quick:
        return {"build": measure_build(runs=1, warmup=0), "reason": measure_reason(1, 0)}
    return {"build": measure_build(runs=5, warmup=1), "reason": measure_reason(runs=2, warmup=1)}
