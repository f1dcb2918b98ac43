"""The protocol details of issue 18, point 5: each as RFC 9110, the SPARQL 1.1 Protocol and the
query language say, one test (or one parametrised group) per point.

Input:  the app on the sample graph and the W3C protocol data (``client``), and the app on the
        published plan graph for the entity, download and ontology resources.
Output: assertions on status, media type, body and CORS headers.
"""

from __future__ import annotations

import json

import pytest

SELECT = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"


@pytest.fixture(scope="module")
def plan_client(make_sparql_app, published_ttl):
    return make_sparql_app([published_ttl]).test_client()


# HEAD is GET without a body (RFC 9110 §9.3.2).
def test_head_is_get_without_body(client):
    got = client.get("/sparql", query_string={"query": SELECT})
    head = client.head("/sparql", query_string={"query": SELECT})
    assert head.status_code == got.status_code == 200
    assert head.mimetype == got.mimetype == "application/sparql-results+json"
    assert head.data == b""


def test_head_without_query_is_the_service_description(client):
    head = client.head("/sparql")
    assert head.status_code == 200 and head.mimetype == "text/turtle" and head.data == b""


# Accept read as RFC 9110 §12.5.1 says.
@pytest.mark.parametrize(
    ("accept", "mimetype"),
    [
        ("text/*", "text/csv"),  # a type we answer with, within the range asked for
        ("application/sparql-results+json;q=0, */*", "application/sparql-results+xml"),
        ("application/sparql-results+json;q=0, text/*;q=0.5", "text/csv"),
        ("*/*;q=0.1, text/tab-separated-values", "text/tab-separated-values"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/xml"),
        ("", "application/sparql-results+json"),
    ],
)
def test_accept_ranges_and_quality(client, accept, mimetype):
    r = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": accept})
    assert r.status_code == 200, r.data
    assert r.mimetype == mimetype
    if mimetype.startswith("text/"):
        assert r.mimetype.split("/")[0] == "text"


@pytest.mark.parametrize(
    "accept", ["image/png", "application/sparql-results+json;q=0", "text/html"]
)
def test_nothing_acceptable_is_406(client, accept):
    r = client.get("/sparql", query_string={"query": SELECT}, headers={"Accept": accept})
    assert r.status_code == 406
    assert b"acceptable" in r.data


def test_graph_results_honour_q_zero(client):
    construct = "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"
    r = client.get(
        "/sparql",
        query_string={"query": construct},
        headers={"Accept": "text/turtle;q=0, text/*"},
    )
    assert r.status_code == 200 and r.mimetype == "text/plain"  # N-Triples, the other text type


# Invalid UTF-8 in the request is a 400, not a query run with U+FFFD in it.
def test_invalid_utf8_in_get_query_is_400(client):
    r = client.get("/sparql?query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%22%FF%FE%22%20%7D")
    assert r.status_code == 400
    assert b"UTF-8" in r.data


def test_invalid_utf8_in_form_body_is_400(client):
    r = client.post(
        "/sparql",
        data=b"query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%22%FF%FE%22%20%7D",
        content_type="application/x-www-form-urlencoded",
    )
    assert r.status_code == 400
    assert b"UTF-8" in r.data


def test_invalid_utf8_in_a_parameter_name_is_400(client):
    r = client.get("/sparql?query=ASK%20%7B%7D&%FF%FE=1")
    assert r.status_code == 400 and b"UTF-8" in r.data


def test_percent_escapes_that_decode_still_run(client):
    # The query itself holds "%C3%A9" (an IRI's escape), sent percent-encoded as "%25C3%25A9".
    r = client.get(
        "/sparql", query_string={"query": 'ASK { FILTER(STR(<http://x/%C3%A9>) != "") }'}
    )
    assert r.status_code == 200 and json.loads(r.data)["boolean"] is True


# A screening is remembered per query text (webapp.shared.fetch.screened); a refusal is not.
def test_a_refused_query_is_refused_every_time(client):
    for _ in range(2):
        service = client.get(
            "/sparql", query_string={"query": "SELECT * { SERVICE <http://e/> {} }"}
        )
        assert service.status_code == 400
        update = client.post("/sparql", data={"query": "INSERT DATA { <a:s> <a:p> <a:o> }"})
        assert update.status_code == 403
        assert client.get("/sparql", query_string={"query": SELECT}).status_code == 200


def test_valid_utf8_still_runs(client):
    r = client.get("/sparql", query_string={"query": 'ASK { FILTER("中亚" != "") }'})
    assert r.status_code == 200 and json.loads(r.data)["boolean"] is True


# CORS on every read-only resource, preflight included.
@pytest.mark.parametrize(
    "path",
    [
        "/id/measure/16",
        "/id/measure/16.ttl",
        "/id/measure/16?format=jsonld",
        "/id/country/KZ.nt",
        "/downloads",
        "/downloads/xjftz.ttl",
        "/ontology",
    ],
)
def test_cors_on_read_only_resources(plan_client, path):
    r = plan_client.get(path)
    assert r.status_code == 200, path
    assert r.headers.get("Access-Control-Allow-Origin") == "*"


@pytest.mark.parametrize("path", ["/sparql", "/id/measure/16", "/downloads/xjftz.ttl"])
def test_preflight_allows_x_requested_with(plan_client, path):
    r = plan_client.options(
        path,
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "X-Requested-With",
        },
    )
    assert r.status_code in (200, 204)
    assert r.headers.get("Access-Control-Allow-Origin") == "*"
    assert "X-Requested-With" in r.headers.get("Access-Control-Allow-Headers", "")


# A relative IRI in FROM / FROM NAMED without BASE resolves against the base like any other IRI,
# then passes the same file and scheme checks (SPARQL 1.1 §4.1.1; W3C syntax-query test 42).
def test_relative_from_iri_resolves_like_the_oxigraph_server(client):
    r = client.post("/sparql", data={"query": "CONSTRUCT FROM <file> WHERE { ?s ?p ?o }"})
    assert r.status_code == 200, r.data  # the graph <https://w3id.org/xjftz/file> is empty
    assert r.data.strip() == b""


def test_relative_from_iri_names_a_graph_under_the_base(make_sparql_app, sample_ttl, protocol_trig):
    app = make_sparql_app(
        [sample_ttl, protocol_trig],
        QUERY_PROCESSES=0,
        BASE_IRI="http://kasei.us/2009/09/sparql/data/",
    )
    count = "SELECT (COUNT(*) AS ?n) {} WHERE {{ ?s ?p ?o }}"
    with app.test_client() as c:
        relative = c.get("/sparql", query_string={"query": count.format("FROM <data1.rdf>")})
        named = c.get("/sparql", query_string={"query": count.format("FROM NAMED <data2.rdf>")})
        local = c.get(
            "/sparql",
            query_string={"query": "BASE <file:///> " + count.format("FROM <etc/passwd>")},
        )
    n = json.loads(relative.data)["results"]["bindings"][0]["n"]["value"]
    assert relative.status_code == 200 and int(n) > 0  # data1.rdf's triples, found by its IRI
    assert named.status_code == 200
    assert local.status_code == 400 and b"local file" in local.data
