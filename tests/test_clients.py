"""Real clients against a live `xjftz serve` (granian on a free loopback port).

SPARQLWrapper in every result format, GET and POST; Comunica (npm, tests/js) as a client
outside Python; and the timeout over real HTTP while another client is being answered.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import quote
from urllib.request import Request, urlopen

import pytest
from rdflib import Graph, URIRef
from SPARQLWrapper import CSV, GET, JSON, JSONLD, N3, POST, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from tests import procs
from tests.conftest import require

ID = "https://w3id.org/xjftz/id/"
SELECT_ZONES = (
    "SELECT ?zone ?area WHERE { ?zone a <https://w3id.org/xjftz/ontology#Zone> ; "
    "<https://w3id.org/xjftz/ontology#areaKm2> ?area } ORDER BY DESC(?area)"
)
CONSTRUCT_ZONES = (
    "PREFIX xjo: <https://w3id.org/xjftz/ontology#> "
    "CONSTRUCT { ?zone xjo:areaKm2 ?area } WHERE { ?zone a xjo:Zone ; xjo:areaKm2 ?area }"
)
COMUNICA = Path(__file__).resolve().parent / "js" / "node_modules" / ".bin" / "comunica-sparql"


def wrapper(server, query: str, fmt: str, method: str) -> SPARQLWrapper:
    sw = SPARQLWrapper(server.endpoint)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setMethod(method)
    sw.setTimeout(30)
    return sw


@pytest.mark.parametrize("method", [GET, POST])
def test_sparqlwrapper_select_json(live_server, method):
    result = wrapper(live_server, SELECT_ZONES, JSON, method).query().convert()
    assert [b["area"]["value"] for b in result["results"]["bindings"]] == [
        "134.6",
        "28.48",
        "16.58",
    ]


@pytest.mark.parametrize("method", [GET, POST])
def test_sparqlwrapper_select_xml(live_server, method):
    doc = wrapper(live_server, SELECT_ZONES, XML, method).query().convert()
    values = [n.firstChild.data for n in doc.getElementsByTagName("literal")]
    assert values == ["134.6", "28.48", "16.58"]


@pytest.mark.parametrize(("fmt", "first_line"), [(CSV, b"zone,area"), (TSV, b"?zone\t?area")])
def test_sparqlwrapper_select_csv_tsv(live_server, fmt, first_line):
    body = wrapper(live_server, SELECT_ZONES, fmt, GET).query().convert()
    lines = body.strip().splitlines()
    assert lines[0].strip() == first_line and len(lines) == 4


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_sparqlwrapper_ask(live_server, fmt):
    query = f"ASK {{ <{ID}zone/kashgar> ?p ?o }}"
    result = wrapper(live_server, query, fmt, GET).query().convert()
    if fmt == JSON:
        assert result["boolean"] is True
    else:
        assert result.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("fmt", [TURTLE, N3, JSONLD, RDFXML])
def test_sparqlwrapper_construct(live_server, fmt):
    result = wrapper(live_server, CONSTRUCT_ZONES, fmt, GET).query().convert()
    graph = result if isinstance(result, Graph) else Graph().parse(data=result, format="turtle")
    assert len(graph) == 3
    assert (URIRef(ID + "zone/urumqi"), None, None) in graph


def test_ntriples_by_accept(live_server):
    req = Request(
        live_server.endpoint + "?query=" + quote(CONSTRUCT_ZONES),
        headers={"Accept": "application/n-triples"},
    )
    with urlopen(req, timeout=30) as r:
        assert r.headers.get_content_type() == "application/n-triples"
        assert len(Graph().parse(data=r.read(), format="nt")) == 3


def test_sparqlwrapper_named_graph_dataset(live_server):
    sw = wrapper(live_server, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g", JSON, GET)
    sw.addNamedGraph("http://kasei.us/2009/09/sparql/data/data2.rdf")
    rows = sw.query().convert()["results"]["bindings"]
    assert {r["g"]["value"] for r in rows} == {"http://kasei.us/2009/09/sparql/data/data2.rdf"}


def test_api_over_http(live_server):
    with urlopen(live_server.url + "/api/queries/measures-by-region-and-topic", timeout=30) as r:
        doc = json.load(r)
    assert [b["number"]["value"] for b in doc["results"]["bindings"]] == ["16", "17"]


def test_cors_preflight(live_server):
    req = Request(live_server.endpoint, method="OPTIONS", headers={"Origin": "http://x.example"})
    with urlopen(req, timeout=30) as r:
        assert r.status == 204
        assert r.headers["Access-Control-Allow-Origin"] == "*"
        assert "POST" in r.headers["Access-Control-Allow-Methods"]


def test_comunica(live_server):
    require(COMUNICA.exists() and shutil.which("node") is not None, "Comunica not installed")
    out = subprocess.run(
        [
            str(COMUNICA),
            f"sparql@{live_server.endpoint}",
            "-q",
            SELECT_ZONES,
            "-t",
            "application/sparql-results+json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    values = sorted(float(b["area"]["value"]) for b in doc["results"]["bindings"])
    assert values == [16.58, 28.48, 134.6]


def test_comunica_detects_endpoint_from_service_description(live_server):
    require(COMUNICA.exists() and shutil.which("node") is not None, "Comunica not installed")
    out = subprocess.run(
        [str(COMUNICA), live_server.endpoint, "-q", f"ASK {{ <{ID}zone/kashgar> ?p ?o }}"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "true" in out.stdout


def test_timeout_over_http_while_others_are_answered(live_server):
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    outcome: dict = {}

    def run() -> None:
        start = time.monotonic()
        try:
            urlopen(live_server.endpoint + "?query=" + quote(runaway), timeout=60)
            outcome["status"] = 200
        except HTTPError as exc:
            outcome["status"] = exc.code
        outcome["elapsed"] = time.monotonic() - start

    thread = threading.Thread(target=run)
    thread.start()
    assert procs.a_query_worker_runs(live_server.process.pid), "the runaway never started"
    for i in range(5):
        start = time.monotonic()
        with urlopen(f"{live_server.endpoint}?query={quote('ASK {}')}&i={i}", timeout=30) as r:
            assert r.status == 200
        assert time.monotonic() - start < 1.5
    thread.join(60)
    assert outcome["status"] == 503
    assert outcome["elapsed"] < 3 + 2.5
