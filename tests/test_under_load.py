"""Under load (issue 9, point 6): 32 concurrent clients for 30 s against granian, with runaways.

The clients send light requests — the headline named query, small SELECTs on /sparql (most of
them distinct, so the result cache cannot answer them), entity pages and entity Turtle — while
two more clients send four-way cartesian products one after the other. Every light request
must be answered 200 (no 5xx, no client time-out); every runaway gets a 503 at the timeout;
afterwards the memory of the whole server — granian main process, web workers and query workers,
added up from /proc — is back near its baseline. A behaviour test, not a benchmark: nothing
here asserts a speed.
"""

from __future__ import annotations

import collections
import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.error import HTTPError, URLError
from urllib.parse import quote
from urllib.request import Request, urlopen

import pytest

from tests import procs
from tests.test_bounds_live import RUNAWAY, settled

pytestmark = pytest.mark.slow

CLIENTS = 32
RUNAWAY_CLIENTS = 2
DURATION = 30.0
CLIENT_TIMEOUT = 30.0  # a light request not answered by then counts as a time-out
XJO = "https://w3id.org/xjftz/ontology#"
ENTITIES = ["zone/kashgar", "country/KZ", "measure/16", "region/143", "agency/xpcc"]


def light_request(n: int) -> tuple[str, dict[str, str]]:
    """The n-th light request: (path, headers)."""
    kind = n % 6
    if kind == 0:
        return "/api/queries/measures-by-region-and-topic", {}
    if kind == 1:
        query = f"SELECT ?m ?n WHERE {{ ?m <{XJO}measureNumber> ?n FILTER(?n > {n % 25}) }}"
        return "/sparql?query=" + quote(query), {}
    if kind == 2:
        query = f"ASK {{ ?s a <{XJO}Zone> }} # {n}"
        return "/sparql?query=" + quote(query), {"Accept": "application/sparql-results+xml"}
    if kind == 3:
        return f"/id/{ENTITIES[n % len(ENTITIES)]}", {"Accept": "text/html"}
    if kind == 4:
        return f"/id/{ENTITIES[n % len(ENTITIES)]}.ttl", {}
    return f"/api/queries/measure-entities?number={n % 25 + 1}", {}


def fetch(url: str, headers: dict[str, str], timeout: float) -> tuple[int | str, float]:
    """(status or 'timeout'/'error:…', seconds)."""
    start = time.monotonic()
    try:
        with urlopen(Request(url, headers=headers), timeout=timeout) as r:
            r.read()
            status: int | str = r.status
    except HTTPError as exc:
        exc.read()
        status = exc.code
    except TimeoutError:
        status = "timeout"
    except (URLError, ConnectionError, OSError) as exc:
        status = f"error:{type(exc).__name__}"
    return status, time.monotonic() - start


def test_32_clients_for_30_seconds_with_runaways(bounded_server):
    server = bounded_server
    master = server.process.pid
    assert settled(server)
    for n in range(12):  # warm up: every kind of page once per worker, caches filled
        path, headers = light_request(n)
        assert fetch(server.url + path, headers, CLIENT_TIMEOUT)[0] == 200, path
    assert settled(server)
    baseline = procs.total_rss_kb(master)

    counter = itertools.count()
    light: collections.Counter = collections.Counter()
    runaways: collections.Counter = collections.Counter()
    slowest = [0.0]
    failures: list[tuple[str, object]] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + DURATION

    def light_client() -> None:
        while time.monotonic() < stop_at:
            path, headers = light_request(next(counter))
            status, seconds = fetch(server.url + path, headers, CLIENT_TIMEOUT)
            with lock:
                light[status] += 1
                slowest[0] = max(slowest[0], seconds)
                if status != 200 and len(failures) < 20:
                    failures.append((path, status))

    def runaway_client() -> None:
        while time.monotonic() < stop_at:
            status, _ = fetch(server.endpoint + "?query=" + quote(RUNAWAY), {}, 60)
            with lock:
                runaways[status] += 1

    with ThreadPoolExecutor(CLIENTS + RUNAWAY_CLIENTS) as pool:
        jobs = [pool.submit(light_client) for _ in range(CLIENTS)]
        jobs += [pool.submit(runaway_client) for _ in range(RUNAWAY_CLIENTS)]
        for job in jobs:
            job.result()
    peak = procs.total_rss_kb(master)

    assert settled(server)
    after = procs.total_rss_kb(master)
    report = (
        f"light {dict(light)}, runaways {dict(runaways)}, slowest light {slowest[0]:.2f} s, "
        f"memory kB baseline {baseline} end-of-load {peak} after {after}; failures {failures}"
    )
    print(report)
    assert set(light) == {200}, report
    assert sum(light.values()) > CLIENTS * 10, report
    assert set(runaways) == {503} and sum(runaways.values()) >= RUNAWAY_CLIENTS * 4, report
    assert after <= baseline * 1.25 + 64_000, report
    # and the server still answers
    assert fetch(server.url + "/api/queries/zones", {}, CLIENT_TIMEOUT)[0] == 200
