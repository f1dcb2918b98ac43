"""Summary statistics and repeated timing for the benchmarks.

Input:  samples (seconds, or any numbers), or a callable to time.
Output: :func:`summarise` — ``{"n", "median", "p95", "min", "max", "mean"}`` in the samples'
        unit (or in milliseconds with ``scale=1000``); :func:`repeat` — samples of a callable
        after a warm-up, bounded by a count and by a time budget.

p95 is the nearest-rank percentile (the smallest sample with at least 95 % of the samples at
or below it), so with few samples it is the maximum: the tables say how many runs there were.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


def percentile(samples: Sequence[float], q: float) -> float:
    """Nearest-rank percentile ``q`` (0–100) of non-empty ``samples``."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summarise(samples: Sequence[float], scale: float = 1.0, digits: int = 3) -> dict:
    """Median, p95, min, max and mean of ``samples`` times ``scale``, rounded."""
    if not samples:
        return {"n": 0}
    values = [s * scale for s in samples]
    return {
        "n": len(values),
        "median": round(statistics.median(values), digits),
        "p95": round(percentile(values, 95), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
        "mean": round(statistics.fmean(values), digits),
    }


@dataclass
class Timing:
    """Samples of one measurement, and whether the budget stopped it before any sample."""

    samples: list[float] = field(default_factory=list)
    warmup: list[float] = field(default_factory=list)
    over_budget: bool = False
    error: str | None = None

    def summary_ms(self) -> dict:
        out = summarise(self.samples, 1000.0)
        if self.over_budget:
            out["over_budget"] = True
        if self.error:
            out["error"] = self.error
        return out


def repeat(
    fn: Callable[[], object],
    *,
    runs: int,
    warmup: int = 1,
    budget_s: float | None = None,
    min_runs: int = 1,
) -> Timing:
    """Time ``fn``: ``warmup`` calls first, then up to ``runs`` calls.

    Stops early once the measured calls together pass ``budget_s`` (after ``min_runs``). A
    warm-up call that alone passes the budget ends the measurement with ``over_budget`` set.
    """
    timing = Timing()
    for _ in range(warmup):
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        timing.warmup.append(elapsed)
        if budget_s is not None and elapsed > budget_s:
            timing.over_budget = True
            return timing
    spent = 0.0
    for i in range(runs):
        start = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - start
        timing.samples.append(elapsed)
        spent += elapsed
        if budget_s is not None and spent > budget_s and i + 1 >= min_runs:
            break
    return timing
