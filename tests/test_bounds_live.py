"""Bounds over real HTTP, on the published plan graph under granian (issue 9, point 2).

A four-way cartesian product over the whole plan graph is stopped at the 3 s timeout with a
503 while other clients' light queries are answered at once; the query worker that ran it
really ends (read from /proc: gone, not a zombie) and is replaced; the memory of the web
workers comes back to its baseline; the row and size caps show their notices; over-long
queries and bodies get 414/413; a web worker killed outright takes its query workers with it
and is replaced; stopping the server leaves no process behind.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from email.message import Message
from urllib.error import HTTPError
from urllib.parse import quote
from urllib.request import Request, urlopen

import pytest
from servers import XjftzServer

from tests import procs

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"  # materialises, then sorts
TIMEOUT = 3.0  # bounded_server's --timeout
XJO = "https://w3id.org/xjftz/ontology#"
LIGHT = [
    "/sparql?query=" + quote("ASK { ?s ?p ?o }"),
    "/sparql?query=" + quote(f"SELECT ?z WHERE {{ ?z a <{XJO}Zone> }}"),
    "/api/queries/zones",
    "/api/queries/measures-by-region-and-topic",
]


def light_path(i: int) -> str:
    """The i-th light request, made distinct so that the result cache does not answer it."""
    if i % 3 == 0:
        return f"/api/queries/measure-entities?number={i % 25 + 1}"
    return "/sparql?query=" + quote(f"SELECT ?z WHERE {{ ?z a <{XJO}Zone> }} # {i}")


def get(url: str, timeout: float = 30, **headers: str) -> tuple[int, Message, bytes]:
    """Status, headers and body of a GET (HTTP errors included)."""
    try:
        with urlopen(Request(url, headers=headers), timeout=timeout) as r:
            return r.status, r.headers, r.read()  # case-insensitive: granian sends lower case
    except HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def post(url: str, body: bytes, content_type: str) -> int:
    try:
        with urlopen(Request(url, data=body, headers={"Content-Type": content_type}), timeout=30):
            return 200
    except HTTPError as exc:
        return exc.code


# Query workers per web worker: 2 for pages and named queries, 3 for user queries (the defaults).
PER_WORKER = 5


def settled(server: XjftzServer, workers: int = 2, per_worker: int = PER_WORKER) -> bool:
    """Whether every web worker has its full set of idle query workers again."""
    return procs.wait_for(
        lambda: len(procs.query_workers(server.process.pid)) == workers * per_worker, 30
    )


def running(server: XjftzServer) -> bool:
    """Whether a query worker of ``server`` comes to be running (a runaway holds it)."""
    return procs.a_query_worker_runs(server.process.pid)


def test_runaway_on_the_plan_graph_is_stopped_while_others_are_answered(bounded_server):
    assert settled(bounded_server)
    before = {p.pid: p for p in procs.query_workers(bounded_server.process.pid)}
    outcome: dict = {}

    def runaway() -> None:
        start = time.monotonic()
        outcome["status"], _, outcome["body"] = get(
            bounded_server.endpoint + "?query=" + quote(RUNAWAY), timeout=60
        )
        outcome["elapsed"] = time.monotonic() - start

    thread = threading.Thread(target=runaway)
    thread.start()
    assert running(bounded_server), "the runaway never reached a query worker"
    light: list[tuple[int, float]] = []
    while thread.is_alive():
        start = time.monotonic()
        status, _, _ = get(bounded_server.url + light_path(len(light)))
        light.append((status, time.monotonic() - start))
    thread.join()
    assert outcome["status"] == 503, outcome
    assert b"time limit of 3 s" in outcome["body"]
    assert outcome["elapsed"] >= TIMEOUT - 0.1, outcome["elapsed"]  # not before its deadline
    # Light queries were answered the whole time the runaway ran (the loop ran while it did).
    assert len(light) >= 3 and all(s == 200 for s, _ in light), light
    # The worker that ran it is gone for good (not a zombie) and has been replaced.
    assert settled(bounded_server)
    gone = [p for p in before.values() if not procs.alive(p)]
    assert len(gone) == 1, gone
    now = procs.query_workers(bounded_server.process.pid)
    assert all(p.state != "Z" for p in procs.tree(bounded_server.process.pid))
    assert len(now) == 2 * PER_WORKER and gone[0].pid not in {p.pid for p in now}


def test_memory_comes_back_after_runaways(bounded_server):
    assert settled(bounded_server)
    for path in LIGHT:  # warm the caches that light queries fill
        get(bounded_server.url + path)
    master = bounded_server.process.pid
    web_before = sum(p.rss_kb for p in procs.web_workers(master))
    total_before = procs.total_rss_kb(master)
    for query in (RUNAWAY, HUNGRY, RUNAWAY, HUNGRY):
        status, _, _ = get(bounded_server.endpoint + "?query=" + quote(query))
        assert status == 503
    assert settled(bounded_server)
    web_after = sum(p.rss_kb for p in procs.web_workers(master))
    total_after = procs.total_rss_kb(master)
    assert web_after <= web_before * 1.15 + 16_000, (web_before, web_after)
    assert total_after <= total_before * 1.15 + 32_000, (total_before, total_after)


def test_row_and_size_caps_show_their_notices(bounded_server):
    status, headers, body = get(
        bounded_server.endpoint + "?query=" + quote("SELECT ?p { ?s ?p ?o }")
    )
    assert status == 200 and headers["X-Xjftz-Truncated"] == "true"
    assert "row limit of 2000" in headers["X-Xjftz-Notice"]
    doc = json.loads(body)
    assert len(doc["results"]["bindings"]) == 2000 and "row limit" in doc["notice"]
    big = "SELECT * { ?s ?p ?o } LIMIT 1900"  # under the row cap, over the size cap
    status, headers, body = get(bounded_server.endpoint + "?query=" + quote(big))
    assert status == 200 and len(body) <= 300_000
    assert "size limit of 300000 bytes" in headers["X-Xjftz-Notice"]
    assert "size limit" in json.loads(body)["notice"]
    status, headers, body = get(bounded_server.endpoint + "?format=xml&query=" + quote(big))
    assert status == 200 and len(body) <= 300_000 and "size limit" in headers["X-Xjftz-Notice"]


def test_over_long_requests_are_413_and_414(bounded_server):
    long_query = "ASK {} #" + "x" * 17_000
    assert get(bounded_server.endpoint + "?query=" + quote(long_query))[0] == 414
    # Past the front's cap on the request head (xjftz.commands.serve, header_buffer_bytes:
    # 176 kB at the default query length) granian answers 431 before the app sees anything
    # (issue 18, point 2). hyper checks the cap before each read, and a read may add up to the
    # cap again, so a head between one and two caps long can still come in whole when it
    # arrives in one piece and get the app's 414 (measured, 20 tries each: 186 kB 414 always,
    # 210 kB 414 9 times and 431 11 times, 300-600 kB 431 always); from two caps on (390 kB
    # here) it is 431 every time. Shorter over-long URLs get the app's 414.
    assert get(bounded_server.endpoint + "?query=" + "%41" * 130_000)[0] == 431
    assert get(bounded_server.endpoint + "?query=" + "%41" * 70_000)[0] in (414, 431)
    assert get(bounded_server.endpoint + "?query=" + "%41" * 50_000)[0] == 414
    direct = "application/sparql-query"
    assert post(bounded_server.endpoint, long_query.encode(), direct) == 413
    form = ("query=" + quote("ASK {}") + "&pad=" + "x" * 300_000).encode()
    assert post(bounded_server.endpoint, form, "application/x-www-form-urlencoded") == 413
    assert post(bounded_server.endpoint, b"x" * 300_000, direct) == 413
    assert get(bounded_server.endpoint + "?query=" + quote("ASK {}"))[0] == 200


@pytest.fixture()
def own_server(sample_ttl):
    """A server of this test's own, to be killed in parts and stopped (on the sample graph)."""
    server = XjftzServer([sample_ttl], "--workers", "2", "--timeout", "3")
    try:
        server.start(60)
        yield server
    finally:
        server.stop()


def test_killed_web_worker_takes_its_query_workers_along(own_server):
    master = own_server.process.pid
    assert settled(own_server)
    victim = procs.web_workers(master)[0]
    its_workers = procs.children(victim.pid)
    assert len(its_workers) == PER_WORKER and all(p.is_query_worker for p in its_workers)

    os.kill(victim.pid, signal.SIGKILL)  # a process this test started (via own_server)
    assert procs.wait_for(lambda: not any(procs.alive(p) for p in [victim, *its_workers]), 10)
    assert settled(own_server)  # granian replaced the worker, which opened its own pools
    for _ in range(6):
        assert (
            get(own_server.endpoint + "?query=" + quote("ASK {}") + f"&t={time.time()}")[0] == 200
        )


def test_stopping_the_server_mid_query_leaves_no_process(own_server):
    master = own_server.process.pid
    assert settled(own_server)
    runaway = threading.Thread(
        target=get, args=(own_server.endpoint + "?query=" + quote(RUNAWAY),), daemon=True
    )
    runaway.start()
    assert running(own_server), "the runaway never reached a query worker"
    everyone = procs.tree(master)
    assert len([p for p in everyone if p.is_query_worker]) == 2 * PER_WORKER
    own_server.stop()
    assert procs.wait_for(lambda: not any(procs.alive(p) for p in everyone), 15), [
        p for p in everyone if procs.alive(p)
    ]
