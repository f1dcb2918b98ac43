"""The query pool under several runaways at once (issue 9, points 2 and 6).

Regression: with every worker of a pool held by a runaway query, a light query used to wait
for one of them to pass its deadline and be replaced — longer than its own deadline — and got
``StoreBusy`` (a 503 for a light query; the load test saw 25 in 8,464). Now the pool starts an
extra worker for it (up to ``burst`` more) and ends the extras once they have been idle for
``linger`` seconds.
"""

from __future__ import annotations

import threading
import time

import pytest

from queries.errors import QueryTimeout, StoreBusy
from queries.stores.pool import PooledStore, spec_for

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
LIGHT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def hold_every_worker(
    pool: PooledStore, settle: float = 0.3
) -> tuple[list[threading.Thread], list]:
    outcomes: list = []

    def run() -> None:
        try:
            pool.select(RUNAWAY)
            outcomes.append("answered")
        except Exception as exc:  # the outcome is what the test looks at
            outcomes.append(exc)

    threads = [threading.Thread(target=run) for _ in range(pool.processes)]
    for t in threads:
        t.start()
    time.sleep(settle)
    return threads, outcomes


@pytest.fixture()
def pool(sample_ttl):
    store = PooledStore(spec_for([sample_ttl]), processes=2, timeout=3.0, linger=0.5)
    yield store
    store.close()


def test_light_queries_answered_while_every_worker_runs_away(pool):
    threads, outcomes = hold_every_worker(pool)
    peak = pool.live_workers()
    for _ in range(5):
        start = time.monotonic()
        assert int(pool.select(LIGHT).rows[0][0]) > 0
        assert time.monotonic() - start < 2.5  # an extra worker starts in a fraction of that
        peak = max(peak, pool.live_workers())
    for t in threads:
        t.join(10)
    assert len(outcomes) == 2 and all(isinstance(o, QueryTimeout) for o in outcomes)
    assert 2 < peak <= pool.max_processes == 4
    deadline = time.monotonic() + 10
    while pool.live_workers() != 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert pool.live_workers() == 2  # the extra workers ended after their linger
    assert int(pool.select(LIGHT).rows[0][0]) > 0


def test_without_burst_a_light_query_is_refused(sample_ttl):
    pool = PooledStore(spec_for([sample_ttl]), processes=2, timeout=2.0, burst=0)
    try:
        # Sent as soon as the runaways hold both workers, its deadline passes before their
        # replacements are ready (a worker starts in ~50 ms, so a fixed pause is too long).
        threads, _ = hold_every_worker(pool, settle=0.0)
        while pool.idle_workers():
            time.sleep(0.001)
        with pytest.raises(StoreBusy):
            pool.select(LIGHT)
        for t in threads:
            t.join(10)
    finally:
        pool.close()


def test_burst_is_bounded(sample_ttl):
    pool = PooledStore(spec_for([sample_ttl]), processes=1, timeout=1.5, burst=1, linger=0.2)
    try:
        outcomes: list = []

        def run() -> None:
            try:
                pool.select(RUNAWAY)
            except Exception as exc:  # the outcome is what the test looks at
                outcomes.append(type(exc))

        threads = [threading.Thread(target=run) for _ in range(3)]
        for t in threads:
            t.start()
        time.sleep(0.8)
        assert pool.live_workers() <= 2
        for t in threads:
            t.join(10)
        assert set(outcomes) <= {QueryTimeout, StoreBusy} and len(outcomes) == 3
        assert QueryTimeout in outcomes and StoreBusy in outcomes  # never more than 2 at once
    finally:
        pool.close()


def test_light_queries_queued_behind_each_other_do_not_grow_the_pool(sample_ttl):
    pool = PooledStore(spec_for([sample_ttl]), processes=1, timeout=5.0, burst=2, grow_after=1.0)
    try:
        errors: list = []

        def run() -> None:
            for _ in range(30):
                try:
                    pool.select(LIGHT)
                except Exception as exc:  # the outcome is what the test looks at
                    errors.append(exc)

        threads = [threading.Thread(target=run) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        assert not errors and pool.live_workers() == 1
    finally:
        pool.close()
