"""One store's query timings at one scale, in a process of its own (started by ``bench.scale``).

Input:  argv ``BACKEND CORPUS BUDGET_S RUNS [ENDPOINT]``; on stdin a JSON list of
        ``[query id, params]`` cases.
Output: JSON lines on stdout — ``{"event": "ready", "load_s", "triples", "rss_mb"}`` once the
        store is open; per case ``{"event": "start", "id"}``, ``{"event": "warm", "id"}`` after
        the warm-up run, then ``{"event": "done", "id", "rows", "rows_seen", "samples",
        "warmup", "over_budget", "error"}`` (``rows_seen``: every distinct row count of the
        runs, so a store that answers differently from run to run shows it); last
        ``{"event": "end", "rss_mb"}``.

Each case gets one warm-up run, then up to RUNS timed runs until they add up to BUDGET_S. A
warm-up longer than the budget ends the case as over budget. rdflib evaluates in Python, so an
interval timer interrupts it at the budget; pyoxigraph cannot be interrupted from Python, so
the parent kills this process when a case overruns and starts a new one for the rest; the
remote stores time out by their own HTTP timeout and the servers' query time limits.
"""

from __future__ import annotations

import json
import resource
import signal
import sys
import time
from pathlib import Path

from bench.stats import repeat
from bench.stores import open_backend
from queries.errors import QueryTimeout


class OverBudget(Exception):
    """Raised by the interval timer inside an rdflib evaluation."""


def _alarm(signum: int, frame: object) -> None:
    raise OverBudget()


def emit(**event: object) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def main(argv: list[str]) -> int:
    name, corpus, budget, runs = argv[0], Path(argv[1]), float(argv[2]), int(argv[3])
    endpoint = argv[4] if len(argv) > 4 else None
    backend = open_backend(name, corpus, endpoint, timeout=budget)
    emit(event="ready", load_s=round(backend.load_s, 3), triples=backend.triples, rss_mb=rss_mb())
    interruptible = name == "rdflib"
    if interruptible:
        signal.signal(signal.SIGALRM, _alarm)
    for query_id, params in json.loads(sys.stdin.read()):
        emit(event="start", id=query_id)
        rows: list[int] = []
        warmed = False

        def call(query_id: str = query_id, params: dict = params, rows: list = rows) -> None:
            nonlocal warmed
            if interruptible:
                signal.setitimer(signal.ITIMER_REAL, budget)
            start = time.perf_counter()
            try:
                rows.append(backend.run(query_id, params))
            except Exception as exc:
                # A server that stops a query at its time limit may answer with a cut document
                # rather than a timeout: a failure at the budget is the budget's doing.
                if time.perf_counter() - start >= 0.9 * budget:
                    raise OverBudget(f"{type(exc).__name__}: {exc}") from exc
                raise
            finally:
                if interruptible:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            if not warmed:
                warmed = True
                emit(event="warm", id=query_id)

        error, over = None, False
        try:
            timing = repeat(call, runs=runs, warmup=1, budget_s=budget)
            samples, warmup, over = timing.samples, timing.warmup, timing.over_budget
        except (OverBudget, QueryTimeout, TimeoutError) as exc:
            samples, warmup, over = [], [], True
            error = f"over the budget of {budget:g} s" + (f" ({exc})" if str(exc) else "")
        except Exception as exc:  # recorded, not hidden: the report shows it
            samples, warmup, error = [], [], f"{type(exc).__name__}: {exc}"[:300]
        emit(
            event="done",
            id=query_id,
            rows=rows[0] if rows else None,
            rows_seen=sorted(set(rows)),
            samples=samples,
            warmup=warmup,
            over_budget=over,
            error=error,
        )
    emit(event="end", rss_mb=rss_mb())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
