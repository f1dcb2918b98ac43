"""The light lane of /sparql (``webapp.shared.light``, issue 18 point 7): a query the user
lane's worker answered within ``LIGHT_QUERY_MS`` runs in the web worker when sent again, and the
response is the one Flask's /sparql gives; everything else still goes through Flask.

Input:  apps on the published plan graph with their query worker processes (``make_sparql_app``).
Output: assertions comparing the lane's responses with Flask's for the same request (status,
        every header, body), and on which requests the lane leaves to Flask.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from ontology.iris import PLAN_GRAPH
from tests.procs import wait_for

LIGHT = """PREFIX xjo: <https://w3id.org/xjftz/ontology#>
SELECT ?measure ?number WHERE { ?measure a xjo:Measure ; xjo:measureNumber ?number }
ORDER BY ?number"""  # 25 rows: cut at MAX_ROWS, so the notice headers are compared too
ASK = "PREFIX xjo: <https://w3id.org/xjftz/ontology#> ASK { ?m a xjo:Measure }"
FEW = "SELECT ?s WHERE { ?s a <https://w3id.org/xjftz/ontology#Zone> } ORDER BY ?s"
GRAPH = """PREFIX xjo: <https://w3id.org/xjftz/ontology#>
CONSTRUCT { ?z a xjo:Zone } WHERE { ?z a xjo:Zone }"""
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def app(make_sparql_app, published_ttl):
    return make_sparql_app(
        [published_ttl], QUERY_PROCESSES=1, MAX_ROWS=6, CACHE_ENTRIES=0, QUERY_TIMEOUT=2
    )


def lane_of(app):
    return app.extensions["xjftz"].light


def send(client, request: dict):
    return client.open("/sparql", **request)


def prove(app, request: dict) -> list:
    """Send ``request`` until the lane has it proven and its engine open (the first sends run
    in the user lane's fresh workers, slower than the limit, or the lane answers it already);
    Flask's answers on the way."""
    client, lane = app.test_client(), lane_of(app)
    answers = []

    def proven() -> bool:
        before = lane.served
        answers.append(send(client, request))
        assert lane.served in (before, before + 1)
        if lane.served > before:  # answered by the lane already: keep Flask's answers only
            answers.pop()
            return True
        return lane.ready() and lane.is_proven(*key_of(request))

    assert wait_for(proven, 30, 0.05), f"never proven: {request}"
    return answers


def through_flask_then_lane(app, request: dict):
    """Flask's last answer to a new ``request`` while it was being proven, and the lane's
    answer to it sent once more."""
    answers = prove(app, request)
    assert answers, "the lane answered a request Flask had not answered before"
    lane = lane_of(app)
    served = lane.served
    lane_answer = send(app.test_client(), request)
    assert lane.served == served + 1, "the lane did not answer a proven query"
    return answers[-1], lane_answer


def key_of(request: dict) -> tuple:
    """(query, default graphs, named graphs) of a test request."""
    params = dict(request.get("query_string") or {})
    data = request.get("data")
    if isinstance(data, dict):
        params.update(data)
    query = params.get("query", data if isinstance(data, str) else None)
    default = tuple([params["default-graph-uri"]] if "default-graph-uri" in params else [])
    return query, default, ()


def same(flask, lane) -> None:
    assert lane.status_code == flask.status_code == 200, flask.data
    assert lane.data == flask.data
    assert sorted(lane.headers.items()) == sorted(flask.headers.items())


REQUESTS = {
    "form POST, JSON, cut": dict(
        method="POST", data={"query": LIGHT}, headers={"Accept": "application/sparql-results+json"}
    ),
    "GET, XML": dict(
        method="GET",
        query_string={"query": ASK},
        headers={"Accept": "application/sparql-results+xml"},
    ),
    "GET, text/* is CSV": dict(
        method="GET", query_string={"query": FEW}, headers={"Accept": "text/*"}
    ),
    "direct POST, TSV": dict(
        method="POST",
        data=FEW,
        headers={"Content-Type": "application/sparql-query", "Accept": "text/tab-separated-values"},
    ),
    "no Accept": dict(method="GET", query_string={"query": FEW + " LIMIT 2"}),
    "a browser's Accept": dict(
        method="GET",
        query_string={"query": FEW},
        headers={"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"},
    ),
    "dataset": dict(
        method="GET",
        query_string={"query": FEW, "default-graph-uri": PLAN_GRAPH},
        headers={"Accept": "application/sparql-results+json"},
    ),
    "CONSTRUCT, Turtle": dict(
        method="GET", query_string={"query": GRAPH}, headers={"Accept": "text/turtle"}
    ),
    "CONSTRUCT, N-Triples as text/plain": dict(
        method="POST",
        data={"query": GRAPH},
        headers={"Accept": "text/*, text/turtle;q=0", **FORM},
    ),
    "CONSTRUCT, JSON-LD": dict(
        method="GET", query_string={"query": GRAPH}, headers={"Accept": "application/ld+json"}
    ),
}


def tagged(request: dict, tag: str) -> dict:
    """``request`` with a comment naming ``tag`` after its query: a text of its own, which
    neither lane has seen (a query proven once is proven in every format)."""
    request = dict(request)
    for part in ("query_string", "data"):
        value = request.get(part)
        if isinstance(value, dict):
            request[part] = {**value, "query": value["query"] + f"\n# {tag}"}
        elif isinstance(value, str):
            request[part] = value + f"\n# {tag}"
    return request


@pytest.mark.parametrize("name", REQUESTS)
def test_the_lane_answers_as_flask_does(app, name):
    flask, lane = through_flask_then_lane(app, tagged(REQUESTS[name], name))
    same(flask, lane)


def test_a_cut_is_said_by_both(app):
    request = tagged(REQUESTS["form POST, JSON, cut"], "cut")
    flask, lane = through_flask_then_lane(app, request)
    assert lane.headers["X-Xjftz-Truncated"] == flask.headers["X-Xjftz-Truncated"] == "true"
    assert len(lane.get_json()["results"]["bindings"]) == 6


@pytest.mark.parametrize(
    ("request_", "status"),
    [
        (dict(method="HEAD", query_string={"query": FEW}), 200),
        (dict(method="GET", query_string={"query": FEW, "format": "csv"}), 200),
        (dict(method="GET", query_string={"query": FEW}, headers={"Accept": "image/png"}), 406),
        # %FF is not UTF-8: 400 from Flask, never a query without that byte
        (dict(method="POST", data="query=" + quote(FEW) + "%FF", headers=FORM), 400),
        (
            dict(
                method="POST",
                data=FEW,
                query_string={"query": FEW},
                headers={"Content-Type": "application/sparql-query"},
            ),
            400,
        ),
        (dict(method="GET", query_string={"query": FEW, "update": "CLEAR ALL"}), 403),
    ],
    ids=["HEAD", "format=", "406", "bad UTF-8", "query twice", "update="],
)
def test_other_requests_go_to_flask(app, request_, status):
    prove(app, dict(method="GET", query_string={"query": FEW}))
    lane = lane_of(app)
    served = lane.served
    answer = send(app.test_client(), request_)
    assert answer.status_code == status, answer.data
    assert lane.served == served


def test_a_runaway_is_never_proven(app):
    prove(app, dict(method="GET", query_string={"query": FEW}))
    client, lane = app.test_client(), lane_of(app)
    served = lane.served
    for _ in range(2):
        answer = client.get("/sparql", query_string={"query": RUNAWAY})
        assert answer.status_code == 503, answer.data  # stopped at QUERY_TIMEOUT in its worker
    assert not lane.is_proven(RUNAWAY, (), ())
    assert lane.served == served


def test_a_query_over_the_limit_stays_in_the_workers(make_sparql_app, published_ttl):
    app = make_sparql_app([published_ttl], QUERY_PROCESSES=1, LIGHT_QUERY_MS=0.001)
    client, lane = app.test_client(), lane_of(app)
    for _ in range(5):
        assert client.get("/sparql", query_string={"query": FEW}).status_code == 200
    assert lane.served == 0 and not lane.is_proven(FEW, (), ()) and not lane.ready()


def test_no_lane_when_it_is_off_or_cannot_help(make_sparql_app, published_ttl):
    assert lane_of(make_sparql_app([published_ttl], LIGHT_QUERY_MS=0)) is None
    assert lane_of(make_sparql_app([published_ttl], QUERY_PROCESSES=0)) is None


def test_a_cached_answer_is_served_by_the_lane(make_sparql_app, published_ttl):
    app = make_sparql_app([published_ttl], QUERY_PROCESSES=1)
    client, lane = app.test_client(), lane_of(app)
    # With the cache on a text is run (and timed) once; later answers are hits. A fresh
    # worker's first answers are slower than the limit, so new texts are sent until one is
    # proven.
    sent: list = []

    def one_proven() -> bool:
        request = tagged(dict(method="GET", query_string={"query": FEW}), str(len(sent)))
        request["headers"] = {"Accept": "text/csv"}
        sent.append((request, send(client, request)))
        return lane.ready() and lane.is_proven(*key_of(request))

    assert wait_for(one_proven, 30, 0.05)
    request, flask = sent[-1]
    served = lane.served
    answer = send(client, request)
    assert lane.served == served + 1
    assert flask.headers["X-Xjftz-Cache"] == "miss"
    assert answer.headers["X-Xjftz-Cache"] == "hit"  # Flask's answer filled the result cache
    assert answer.data == flask.data and answer.mimetype == flask.mimetype == "text/csv"


@pytest.mark.parametrize(
    ("text", "varying"),
    [
        ("SELECT (RAND() AS ?r) {}", True),
        ("SELECT ?s { ?s ?p ?o FILTER(rand () < 0.5) }", True),
        ("SELECT (NOW() AS ?t) (STRUUID() AS ?u) {}", True),
        ("CONSTRUCT { ?s <urn:p> ?b } WHERE { ?s ?p ?o BIND(BNODE() AS ?b) }", True),
        ("SELECT ?brand WHERE { ?brand ?p ?o }", False),  # a variable named like one
        (LIGHT, False),
    ],
)
def test_rows_of_varying_functions_are_not_taken_as_the_same(text, varying):
    """A query whose rows may differ between runs (RAND, NOW, UUID, STRUUID, BNODE) is never
    written whole by pyoxigraph in the lane: its rows go through the row cap each time."""
    from webapp.shared.light import VARYING

    assert bool(VARYING.search(text)) is varying


def test_a_query_calling_another_server_stays_in_the_workers(make_sparql_app, published_ttl):
    """SERVICE (allowed here) costs what the other server takes, so even a text recorded as
    answered fast is not run in the web worker: Flask answers it from a worker, every time."""
    endpoint = "http://127.0.0.1:9/sparql"  # the discard port: nothing listens, refused at once
    app = make_sparql_app(
        [published_ttl], QUERY_PROCESSES=1, CACHE_ENTRIES=0, SERVICE_ALLOWLIST=endpoint
    )
    client, lane = app.test_client(), lane_of(app)
    prove(app, dict(method="GET", query_string={"query": FEW}))  # the lane is open
    query = f"SELECT * WHERE {{ SERVICE SILENT <{endpoint}> {{ ?s ?p ?o }} }}"
    lane.record((query, (), ()), 0.0, whole=True)
    served = lane.served
    answer = client.get("/sparql", query_string={"query": query})
    assert answer.status_code == 200, answer.data  # SILENT: the refused call gives no rows
    assert lane.served == served
