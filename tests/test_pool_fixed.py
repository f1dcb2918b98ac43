"""The query pool is a fixed set of worker processes (issue 14, point 1; issue 9, points 2, 6).

A runaway is stopped at its deadline and its worker replaced, so the pool keeps its size; with
every worker held by a runaway, a further call waits (at most twice the timeout) for a
replacement, and is refused with ``StoreBusy`` (the endpoint's 503 with Retry-After) only if
the pool stays busy longer; light queries queued behind each other all
run, on the same workers; a worker that hits its memory cap is replaced too.
"""

from __future__ import annotations

import threading

import pytest

from queries.errors import QueryAborted, QueryTimeout, StoreBusy
from queries.stores.engine import EmbeddedSpec
from queries.stores.factory import PyoxigraphStore
from tests.procs import wait_for

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i"
LIGHT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def run_in_threads(
    pool: PyoxigraphStore, query: str, n: int
) -> tuple[list[threading.Thread], list]:
    """``n`` threads each running ``query`` once; their outcomes (an exception type or "ok")."""
    outcomes: list = []

    def run() -> None:
        try:
            pool.select(query)
            outcomes.append("ok")
        except Exception as exc:  # the outcome is what the test looks at
            outcomes.append(type(exc))

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    return threads, outcomes


def test_a_light_query_behind_runaways_is_answered_by_a_replacement(sample_ttl):
    pool = PyoxigraphStore.pooled(EmbeddedSpec([sample_ttl]), processes=2, timeout=2.0)
    try:
        before = pool.engine.worker_pids()
        threads, outcomes = run_in_threads(pool, RUNAWAY, 2)
        assert wait_for(lambda: pool.engine.idle_workers() == 0, 20), "no runaway started"
        # It waits for a worker: the runaways are killed at their deadline and replaced.
        assert int(pool.select(LIGHT).rows[0][0]) > 0
        for t in threads:
            t.join(30)
        assert outcomes == [QueryTimeout, QueryTimeout]
        assert wait_for(lambda: pool.engine.idle_workers() == 2, 20)
        assert pool.engine.live_workers() == 2
        assert not pool.engine.worker_pids() & before  # both replaced, none added
    finally:
        pool.close()


def test_a_pool_that_stays_busy_refuses(sample_ttl):
    pool = PyoxigraphStore.pooled(EmbeddedSpec([sample_ttl]), processes=1, timeout=1.0)
    try:
        # One runs, two wait at most 2 s: one of them gets the replacement (at ~1 s) and
        # holds it past the other's wait, which is refused.
        threads, outcomes = run_in_threads(pool, RUNAWAY, 3)
        for t in threads:
            t.join(30)
        assert len(outcomes) == 3 and set(outcomes) == {QueryTimeout, StoreBusy}, outcomes
        assert wait_for(lambda: pool.engine.idle_workers() == 1, 20)
        assert pool.engine.live_workers() == 1
    finally:
        pool.close()


def test_light_queries_queued_behind_each_other_all_run(sample_ttl):
    pool = PyoxigraphStore.pooled(EmbeddedSpec([sample_ttl]), processes=1, timeout=10.0)
    try:
        before = pool.engine.worker_pids()
        threads, outcomes = run_in_threads(pool, LIGHT, 12)
        for t in threads:
            t.join(60)
        assert outcomes == ["ok"] * 12
        assert pool.engine.worker_pids() == before  # the same single worker answered them all
    finally:
        pool.close()


def test_a_worker_over_its_memory_cap_is_replaced(sample_ttl):
    pool = PyoxigraphStore.pooled(
        EmbeddedSpec([sample_ttl]), processes=1, timeout=20.0, memory_limit_mb=400
    )
    try:
        before = pool.engine.worker_pids()
        with pytest.raises(QueryAborted, match="needs more memory than this server allows"):
            pool.select(HUNGRY)  # pyoxigraph aborts the process when an allocation fails
        assert wait_for(lambda: pool.engine.idle_workers() == 1, 20)
        assert pool.engine.live_workers() == 1 and pool.engine.worker_pids() != before
        assert int(pool.select(LIGHT).rows[0][0]) > 0
    finally:
        pool.close()
