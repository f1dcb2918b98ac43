"""The query pool is a fixed set of worker processes (issue 14, point 1; issue 9, points 2, 6).

A runaway is stopped at its deadline and its worker replaced, so the pool keeps its size; with
every worker held by a runaway, a further call waits (at most twice the timeout) for a
replacement, and is refused with ``StoreBusy`` (the endpoint's 503 with Retry-After) only if
the pool stays busy longer; light queries queued behind each other all
run, on the same workers; a worker that hits its memory cap is replaced too.
"""

from __future__ import annotations

import os
import signal
import threading

import pytest

from queries.errors import QueryAborted, QueryTimeout, StoreBusy
from queries.stores.engine import EmbeddedSpec
from queries.stores.factory import PyoxigraphStore
from tests import procs
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
        # One runs, three wait at most 2 s: one of them gets the replacement (forked at ~1 s)
        # and holds it to ~2 s, when the next replacement comes just as the others' waits end;
        # the last cannot have a worker before ~3 s and is refused.
        threads, outcomes = run_in_threads(pool, RUNAWAY, 4)
        for t in threads:
            t.join(30)
        assert len(outcomes) == 4 and set(outcomes) == {QueryTimeout, StoreBusy}, outcomes
        assert outcomes.count(QueryTimeout) >= 2, outcomes
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


def test_workers_are_forks_of_one_server_and_outlive_its_replacement(sample_ttl):
    """The workers are forked by the pool's fork server, which holds the graph; killed, it takes
    its workers along (they ask Linux to), and the pool forks a full set from a new one."""
    # A spec of its own (base IRI): no other pool in this process shares its fork server.
    spec = EmbeddedSpec([sample_ttl], base_iri="https://example.org/killed-fork-server/")
    pool = PyoxigraphStore.pooled(spec, processes=2, timeout=10.0)
    try:
        server = pool.engine.fork_server_pid()
        workers = pool.engine.worker_pids()
        assert len(workers) == 2
        assert all(procs.read(pid).ppid == server for pid in workers)
        os.kill(server, signal.SIGKILL)  # a process this test started (through the pool)
        assert wait_for(lambda: not pool.engine.worker_pids(), 10), "its workers outlived it"
        outcomes = []
        for _ in range(4):  # the two dead workers fail their calls once each, then are replaced
            try:
                outcomes.append(int(pool.select(LIGHT).rows[0][0]) > 0)
            except QueryAborted:
                outcomes.append("aborted")
        assert outcomes.count("aborted") <= 2 and outcomes[-1] is True, outcomes
        assert wait_for(lambda: pool.engine.live_workers() == 2, 20)
        assert not pool.engine.worker_pids() & workers
        assert pool.engine.fork_server_pid() not in (None, server)
    finally:
        pool.close()


def test_pools_of_one_spec_share_its_fork_server_until_the_last_closes(sample_ttl):
    """The pages' and the user lane's pools of a web worker fork from one server (one copy of
    the graph); it ends with the last of them."""
    # A spec of its own (base IRI): no other pool in this process shares its fork server.
    spec = EmbeddedSpec([sample_ttl], base_iri="https://example.org/shared-fork-server/")
    pages = PyoxigraphStore.pooled(spec, processes=1, timeout=10.0)
    users = PyoxigraphStore.pooled(spec, processes=2, timeout=10.0, nice=10)
    try:
        server = pages.engine.fork_server_pid()
        assert server is not None and users.engine.fork_server_pid() == server
        workers = pages.engine.worker_pids() | users.engine.worker_pids()
        assert len(workers) == 3 and all(procs.read(p).ppid == server for p in workers)
        closed = pages.engine.worker_pids()
        pages.close()
        assert all(procs.read(p) is None for p in closed)  # killed and reaped
        assert int(users.select(LIGHT).rows[0][0]) > 0  # the server still forks for the other
        assert users.engine.fork_server_pid() == server and procs.read(server) is not None
    finally:
        pages.close()
        users.close()
    assert wait_for(lambda: procs.read(server) is None or procs.read(server).state == "Z", 10)
