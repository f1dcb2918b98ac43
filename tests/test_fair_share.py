"""Runaways beside readers, and memory bounded by the machine (issue 18, points 3 and 4).

Input:  the published graph under ``xjftz serve`` (granian; the defaults: 2 web workers, each
        with 2 query workers for pages and named queries and 3 niced ones for user queries, at
        most 2 user queries per client address per web worker); clients on distinct loopback
        addresses (127.0.0.0/8 is all loopback on Linux), as distinct machines would be.
Output: assertions that 8 connections of one client re-sending runaways for 30 s leave the
        pages and named queries of 8 readers error-free with p95 ≤ 200 ms and their light
        SPARQL with p95 ≤ 1 s (at least 99 % answered, the rest refused with 503 at once);
        that two ORDER BY cross products at once each get a 503 naming the memory limit while
        light queries go on; that the derived memory cap of all query workers together stays
        within half of the machine's memory.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from urllib.parse import quote, urlencode

import pytest

from queries.settings import derived_memory_cap, load_settings, machine_memory_mb
from tests import procs
from tests.servers import XjftzServer

pytestmark = pytest.mark.slow

DURATION = 30.0
RUNAWAY_CLIENTS = 8
READERS = 8
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"  # materialises, then sorts
XJO = "https://w3id.org/xjftz/ontology#"
PAGES = ["/", "/measures", "/id/zone/kashgar", "/id/country/KZ", "/plan"]
NAMED = ["/api/queries/zones", "/api/queries/measure-entities?number=16"]


def light_sparql(n: int) -> str:
    """A small SELECT, distinct for each n so the result cache cannot answer it."""
    query = f"SELECT ?m WHERE {{ ?m <{XJO}measureNumber> ?k FILTER(?k > {n % 25}) }} # {n}"
    return "/sparql?query=" + quote(query)


def client(address: str, port: int) -> http.client.HTTPConnection:
    """A connection from ``address`` (a loopback address of its own)."""
    return http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(address, 0))


def get(conn: http.client.HTTPConnection, method: str, path: str, body: str | None = None):
    """(status, seconds, body) of one request; the connection is reopened after an error."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
    start = time.monotonic()
    try:
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        data = r.read()
        return r.status, time.monotonic() - start, data
    except (OSError, http.client.HTTPException) as exc:
        conn.close()
        return f"error: {exc!r}", time.monotonic() - start, b""


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[int(0.95 * (len(ordered) - 1))] if ordered else 0.0


@pytest.fixture(scope="module")
def server(published_ttl) -> Iterator[XjftzServer]:
    with XjftzServer([], "--workers", "2") as srv:
        srv.start(90)
        yield srv


def test_readers_are_served_while_one_client_sends_runaways(server):
    # Warm up as a server in service is: every page and named query once per web worker (new
    # connections spread over both), so the readers' figures are those of a warm server.
    for path in (PAGES + NAMED) * 4:
        assert get(client("127.0.0.9", server.port), "GET", path)[0] == 200, path
    until = time.monotonic() + DURATION
    runaways: Counter[int | str] = Counter()
    seen: dict[str, list[tuple[int | str, float]]] = defaultdict(list)
    lock = threading.Lock()

    def runaway_client() -> None:
        conn = client("127.0.0.2", server.port)
        while time.monotonic() < until:
            status, _, _ = get(conn, "POST", "/sparql", urlencode({"query": RUNAWAY}))
            with lock:
                runaways[status] += 1
            if status == 429:  # a real client would back off for Retry-After; this one less
                time.sleep(0.5)

    def reader(n: int) -> None:
        conn = client(f"127.0.1.{n + 1}", server.port)
        i = n
        while time.monotonic() < until:
            kind = ("page", "named", "light")[i % 3]
            path = {
                "page": PAGES[i % len(PAGES)],
                "named": NAMED[i % len(NAMED)],
                "light": light_sparql(i),
            }[kind]
            status, seconds, _ = get(conn, "GET", path)
            with lock:
                seen[kind].append((status, seconds))
            i += 1

    threads = [threading.Thread(target=runaway_client) for _ in range(RUNAWAY_CLIENTS)]
    threads += [threading.Thread(target=reader, args=(n,)) for n in range(READERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(DURATION + 90)
    summary = {
        kind: (
            len(rows),
            dict(Counter(s for s, _ in rows)),
            round(p95([t for _, t in rows]) * 1000, 1),
        )
        for kind, rows in seen.items()
    }
    print(f"\nrunaways {dict(runaways)}; readers (n, statuses, p95 ms): {summary}")
    assert runaways[200] == 0 and runaways[503] > 0  # every runaway stopped at the timeout
    for kind in ("page", "named"):
        rows = seen[kind]
        assert rows and all(s == 200 for s, _ in rows), (kind, Counter(s for s, _ in rows))
        assert p95([t for _, t in rows]) <= 0.200, kind
    # Light SPARQL shares the user lane with the runaways: p95 ≤ 1 s, as the issue asks; one
    # that finds no free worker within ADMISSION_WAIT is refused (503 + Retry-After) rather than
    # queued — by design, and rare (measured: 2 and 12 of ~2,000 on the loaded 2-core machine).
    light = seen["light"]
    statuses = Counter(s for s, _ in light)
    assert light and set(statuses) <= {200, 503} and statuses[200] >= 0.99 * len(light), statuses
    assert p95([t for _, t in light]) <= 1.0


def test_derived_memory_cap_keeps_all_workers_within_half_the_machine():
    conf = load_settings(environ={})
    assert conf.worker_memory_mb is None  # the default is derived, not a constant
    assert conf.query_workers * conf.worker_memory_cap <= machine_memory_mb() / 2
    assert derived_memory_cap(8192, 8) == 512  # 4 GB shared by 8
    assert derived_memory_cap(1_000_000, 8) == 4096  # at most 4 GB each
    more = load_settings({"WORKERS": 4, "USER_QUERY_PROCESSES": 6}, environ={})
    assert more.worker_memory_cap <= conf.worker_memory_cap  # more workers, smaller shares
    assert load_settings(environ={"XJFTZ_WORKER_MEMORY_MB": "700"}).worker_memory_cap == 700


@pytest.fixture(scope="module")
def small_memory_server(published_ttl) -> Iterator[XjftzServer]:
    """The same server with a 400 MB share per query worker (the derived share on a 16 GB
    machine with 20 query workers, and quick to reach)."""
    env = {"XJFTZ_WORKER_MEMORY_MB": "400"}
    with XjftzServer([], "--workers", "2", "--timeout", "20", env=env) as srv:
        srv.start(90)
        yield srv


def test_a_query_over_its_memory_share_gets_503_while_others_continue(small_memory_server):
    srv = small_memory_server
    master = srv.process.pid
    assert procs.wait_for(lambda: len(procs.query_workers(master)) == 10, 30)
    baseline = procs.total_rss_kb(master)
    hungry: list[tuple[int | str, float, bytes]] = []
    peak = [baseline]

    def sort_cross_product(n: int) -> None:
        conn = client(f"127.0.2.{n + 1}", srv.port)
        hungry.append(get(conn, "POST", "/sparql", urlencode({"query": HUNGRY})))

    threads = [threading.Thread(target=sort_cross_product, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    light = []
    conn = client("127.0.3.1", srv.port)
    i = 0
    while any(t.is_alive() for t in threads):
        peak[0] = max(peak[0], procs.total_rss_kb(master))
        path = light_sparql(i) if i % 2 else NAMED[0]
        light.append(get(conn, "GET", path)[:2])
        i += 1
    for t in threads:
        t.join()
    print(
        f"\nORDER BY cross products: {[(s, round(t, 2), b[:90]) for s, t, b in hungry]}; "
        f"{len(light)} light requests meanwhile {dict(Counter(s for s, _ in light))}; "
        f"server RSS {baseline // 1024} MB → peak {peak[0] // 1024} MB"
    )
    for status, _, body in hungry:
        assert status == 503
        assert b"query needs more memory than this server allows" in body
    assert light and all(s == 200 for s, _ in light)
    assert peak[0] - baseline < 2 * 400 * 1024  # two shares at most
    assert json.loads(get(conn, "GET", NAMED[0])[2])  # and the server answers afterwards
