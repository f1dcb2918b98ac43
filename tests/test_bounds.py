"""Bounds and refusals of /sparql (issue 9, points 1–2): timeout, caps, SERVICE, local files.

The timeout test runs a four-way cartesian product that would take minutes, and checks that it
is answered 503 within the timeout plus a little while a light query sent meanwhile is answered
at once — which needs the query to run in a worker process that can be killed.
"""

from __future__ import annotations

import json
import os
import threading
import time
from urllib.parse import quote

import pytest

from tests.procs import wait_for

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
LIGHT = "ASK { ?s ?p ?o }"
DIRECT = "application/sparql-query"


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def pool_of(app):
    """The worker pool /sparql runs on: the user lane's (issue 18)."""
    from webapp.state import EXTENSION

    return app.extensions[EXTENSION].get_user_store().engine


def test_runaway_query_stopped_while_others_are_answered(sparql_app):
    timeout = 3.0  # the sparql_app fixture's QUERY_TIMEOUT
    store = pool_of(sparql_app)
    assert wait_for(lambda: store.idle_workers() == store.processes, 20)
    before = store.worker_pids()
    outcome: dict = {}

    def runaway() -> None:
        start = time.monotonic()
        r = sparql_app.test_client().post("/sparql", data=RUNAWAY, content_type=DIRECT)
        outcome["status"], outcome["elapsed"] = r.status_code, time.monotonic() - start
        outcome["body"] = r.get_data(as_text=True)
        outcome["retry"] = r.headers.get("Retry-After")

    thread = threading.Thread(target=runaway)
    thread.start()
    assert wait_for(lambda: store.idle_workers() == store.processes - 1, 20), "no runaway"
    for i in range(5):
        r = sparql_app.test_client().get("/sparql?query=" + quote(LIGHT) + "&x=" + str(i))
        assert r.status_code == 200
        assert json.loads(r.data)["boolean"] is True
    assert thread.is_alive(), "the light queries must be answered while the runaway runs"
    thread.join(timeout + 30)
    assert outcome["status"] == 503, outcome
    assert "time limit of 3 s" in outcome["body"] and outcome["retry"]
    assert outcome["elapsed"] >= timeout - 0.1  # not stopped before its deadline
    # Stopped for real: the worker that ran it is gone, and a fresh one took its place.
    assert wait_for(lambda: len([p for p in before if not pid_alive(p)]) == 1, 20)
    assert wait_for(lambda: store.live_workers() == store.processes, 20)
    assert len(store.worker_pids() - before) == 1


def test_pool_recovers_after_timeout(sparql_app):
    client = sparql_app.test_client()
    assert client.post("/sparql", data=RUNAWAY, content_type=DIRECT).status_code == 503
    store = pool_of(sparql_app)
    assert wait_for(lambda: store.idle_workers() == store.processes, 20)
    for i in range(4):  # both workers answer again
        r = client.get(f"/sparql?query={quote('SELECT (COUNT(*) AS ?n) { ?s ?p ?o }')}&i={i}")
        assert r.status_code == 200


@pytest.fixture(scope="module")
def capped_app(make_sparql_app, sample_ttl):
    return make_sparql_app(
        [sample_ttl],
        QUERY_PROCESSES=1,
        MAX_ROWS=5,
        MAX_RESPONSE_BYTES=2000,
        MAX_QUERY_LENGTH=500,
        MAX_BODY_BYTES=1000,
        SERVICE_ALLOWLIST="http://allowed.example/sparql",
    )


def test_row_cap_with_notice(capped_app):
    r = capped_app.test_client().get("/sparql?query=" + quote("SELECT * { ?s ?p ?o }"))
    assert r.status_code == 200
    assert r.headers["X-Xjftz-Truncated"] == "true"
    assert "row limit of 5" in r.headers["X-Xjftz-Notice"]
    doc = json.loads(r.data)
    assert len(doc["results"]["bindings"]) == 5
    assert "row limit" in doc["notice"]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "xml"])
def test_row_cap_other_formats(capped_app, fmt):
    r = capped_app.test_client().get(f"/sparql?format={fmt}&query=" + quote("SELECT * {?s ?p ?o}"))
    assert r.headers["X-Xjftz-Truncated"] == "true"
    if fmt != "xml":
        assert len(r.get_data(as_text=True).strip().splitlines()) == 6  # header + 5 rows


def test_graph_row_cap(capped_app):
    r = capped_app.test_client().get("/sparql?query=" + quote("CONSTRUCT WHERE { ?s ?p ?o }"))
    assert r.status_code == 200
    assert "5 triples" in r.headers["X-Xjftz-Notice"]


def test_response_size_cap(make_sparql_app, sample_ttl):
    app = make_sparql_app([sample_ttl], QUERY_PROCESSES=0, MAX_RESPONSE_BYTES=600)
    query = "SELECT ?t { ?s <https://w3id.org/xjftz/ontology#text> ?t }"
    r = app.test_client().get("/sparql?query=" + quote(query))
    assert r.status_code == 200
    assert len(r.data) <= 600
    assert "size limit" in r.headers["X-Xjftz-Notice"]
    json.loads(r.data)


def test_query_length_cap_get_is_414(capped_app):
    query = "SELECT * { ?s ?p ?o } # " + "x" * 600
    assert capped_app.test_client().get("/sparql?query=" + quote(query)).status_code == 414


def test_query_length_cap_post_is_413(capped_app):
    query = "SELECT * { ?s ?p ?o } # " + "x" * 600
    r = capped_app.test_client().post("/sparql", data=query, content_type=DIRECT)
    assert r.status_code == 413


def test_body_cap_is_413(capped_app):
    body = "query=" + quote("ASK {}") + "&pad=" + "x" * 2000
    r = capped_app.test_client().post(
        "/sparql", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert r.status_code == 413


SERVICE = "SERVICE (federated query) is not allowed"


@pytest.mark.parametrize(
    "query, says",
    [
        ("SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", SERVICE),
        ("SELECT * { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }", SERVICE),
        ("PREFIX e: <http://evil.example/> SELECT * { SERVICE e:sparql { ?s ?p ?o } }", SERVICE),
        ("SELECT * { ?x ?y ?z SERVICE ?x { ?s ?p ?o } }", SERVICE),
        ("select * { service <file:///etc/passwd> { ?s ?p ?o } }", SERVICE),
        ("SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }", "local file"),
        ("SELECT * FROM NAMED <file:///etc/passwd> { GRAPH ?g { ?s ?p ?o } }", "local file"),
        ("BASE <file:///etc/> SELECT * FROM <passwd> { ?s ?p ?o }", "local file"),
        ("PREFIX f: <file:///etc/> SELECT * FROM f:passwd { ?s ?p ?o }", "local file"),
    ],
)
def test_service_and_local_file_iris_refused(client, query, says):
    r = client.get("/sparql?query=" + quote(query))
    assert r.status_code == 400
    assert says in r.get_data(as_text=True)


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
def test_local_file_dataset_parameters_refused(client, param):
    r = client.get(f"/sparql?query={quote('ASK {}')}&{param}=" + quote("file:///etc/passwd"))
    assert r.status_code == 400


def test_results_are_cached(client):
    url = "/sparql?query=" + quote("SELECT (COUNT(*) AS ?n) { ?s ?p ?o } # cache test")
    first, second = client.get(url), client.get(url)
    assert first.headers["X-Xjftz-Cache"] == "miss"
    assert second.headers["X-Xjftz-Cache"] == "hit"
    assert first.data == second.data
