"""The remote store on real SPARQL servers, against the embedded store on the same file.

Servers (tests/servers.py, started by tests/conftest.py on loopback ports with a fresh
database): PyPI's ``oxigraph serve``, pushed to through the Graph Store Protocol (/store), and
Debian's Virtuoso 7 (``virtuoso-t +foreground``, ResultSetMaxRows raised), pushed to through
its digest-protected /sparql-graph-crud-auth as dba. The ``remote`` fixture is parametrised
over both; every check below runs on each: push results, parity of every named query (defaults
and other values), the whole graph, /sparql and /api on an app configured with
XJFTZ_STORE=remote, the CLI, the Update fallback and the errors. Then each server's own:
Oxigraph's write URLs; Virtuoso's refused credentials, digest auth and row limit.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from named import run_select
from rdflib import Graph
from rdflib.compare import isomorphic
from servers import (
    OxigraphServer,
    ServerProcess,
    VirtuosoServer,
    free_port,
    normalised_rows,
    parity_cases,
)

from ontology.iris import PLAN_GRAPH
from queries.errors import (
    QueryError,
    QuerySyntaxError,
    StoreAuthError,
    StoreError,
    StoreUnavailable,
)
from queries.library import load_library
from queries.push import Credentials, PushReport, derive_endpoints, push, read_triples
from queries.stores.base import Store
from queries.stores.remote import RemoteStore
from queries.terms import to_rdflib
from xjftz.cli import main

pytestmark = [pytest.mark.remote, pytest.mark.slow]

# Literals whose writing differs between servers (see queries/stores/remote.py).
TYPED_TURTLE = """\
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://w3id.org/xjftz/id/test/> .
ex:s ex:bool "1"^^xsd:boolean ; ex:double "1.0E3"^^xsd:double ;
  ex:offset "5"^^xsd:nonNegativeInteger ; ex:int "007"^^xsd:int ;
  ex:decimal "119.860"^^xsd:decimal ; ex:typed "text"^^xsd:string ;
  ex:lang "Kashgar"@EN-GB ; ex:zh "喀什"@zh ; ex:date "2023-10-31"^^xsd:date ;
  ex:quote "a \\"quoted\\" \\\\ line\\nbreak" ; ex:area 119.86 ; ex:n 42 ;
  ex:node [ ex:label "blank" ] .
"""
TYPED_GRAPH = "https://w3id.org/xjftz/id/test/typed-literals"
XJO = "https://w3id.org/xjftz/ontology#"
SPARQL_CASES = [
    (f"SELECT ?zone ?area WHERE {{ ?zone <{XJO}areaKm2> ?area }} ORDER BY ?zone", False),
    ("SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p ORDER BY ?p", False),
    (f"ASK {{ ?s a <{XJO}Measure> }}", False),
    (f"CONSTRUCT WHERE {{ ?m <{XJO}measureNumber> ?n }}", True),
    ("DESCRIBE <https://w3id.org/xjftz/id/measure/16>", True),
    # Relative IRIs resolve against the app's base, https://w3id.org/xjftz/, on both stores.
    ("SELECT ?p ?o WHERE { <id/measure/16> ?p ?o } ORDER BY ?p ?o", False),
]

GRAPH_ACCEPTS = ("text/turtle", "application/n-triples")
RESULT_ACCEPTS = ("application/sparql-results+json", "text/csv", "application/sparql-results+xml")


@dataclass
class Remote:
    """A running server holding the pushed plan graph, and what the tests compare it with."""

    server: ServerProcess
    file: Path
    report: PushReport
    embedded: Store

    @property
    def creds(self) -> Credentials:
        return Credentials(self.server.user, self.server.password)

    def store(self, graph: str = PLAN_GRAPH) -> RemoteStore:
        return RemoteStore(self.server.query_endpoint, graph, timeout=60)

    def app_config(self) -> dict:
        return {
            "TESTING": True,
            "STORE": "remote",
            "ENDPOINT": self.server.query_endpoint,
            "GRAPH": PLAN_GRAPH,
            "CACHE_ENTRIES": 0,
            "QUERY_TIMEOUT": 60,
        }


def push_plan(server: ServerProcess, file: Path, embedded: Store) -> Remote:
    """Push ``file`` to ``server`` as the plan graph; the :class:`Remote` for the tests."""
    creds = Credentials(server.user, server.password)
    report = push(server.query_endpoint, file=file, creds=creds)
    print(f"\n{server.name}: pushed {report.triples_sent} triples by {report.method} "
          f"in {report.seconds:.2f} s")  # fmt: skip
    return Remote(server, file, report, embedded)


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def remote(
    request: pytest.FixtureRequest, remote_plan_file: Path, remote_embedded_store: Store
) -> Remote:
    """The plan pushed to the server the parameter names (its session fixture starts it)."""
    server = request.getfixturevalue(f"{request.param}_server")
    return push_plan(server, remote_plan_file, remote_embedded_store)


@pytest.fixture(scope="module")
def remote_apps(remote: Remote) -> Iterator[dict]:
    """Flask test clients: one on the remote store, one on the embedded store, same file."""
    from webapp import create_app
    from webapp.state import EXTENSION

    apps = {
        "remote": create_app(remote.app_config()),
        "embedded": create_app({"TESTING": True, "DATA": [str(remote.file)], "QUERY_PROCESSES": 0}),
    }
    yield {name: app.test_client() for name, app in apps.items()}
    for app in apps.values():
        app.extensions[EXTENSION].close()


def _json_rows(doc: dict) -> list[tuple]:
    """A SPARQL JSON document's rows, read as written (no normalisation), for comparing."""
    result = ox.parse_query_results(json.dumps(doc), ox.QueryResultsFormat.JSON)
    if isinstance(result, ox.QueryBoolean):
        return [(bool(result),)]
    rows = [tuple(map(to_rdflib, solution)) for solution in result]
    return normalised_rows([v.value for v in result.variables], rows)


# --- push ----------------------------------------------------------------------------------


def test_push_replaces_the_graph(remote: Remote):
    expected = len(read_triples(remote.file))
    assert remote.report.method == "gsp"
    assert remote.report.triples_sent == remote.report.triples_found == expected
    again = push(remote.server.query_endpoint, file=remote.file, creds=remote.creds)
    assert again.triples_found == expected  # replaced, not added to
    assert remote.store().triple_count() == expected


def test_push_by_update_and_fallback(remote: Remote):
    target = "https://w3id.org/xjftz/id/test/by-update"
    report = push(
        remote.server.query_endpoint, graph=target, file=remote.file, creds=remote.creds,
        method="update",
    )  # fmt: skip
    assert report.method == "update"
    assert report.triples_found == report.triples_sent == remote.report.triples_sent
    assert isomorphic(remote.store(target).construct("CONSTRUCT WHERE { ?s ?p ?o }"),
                      remote.store().construct("CONSTRUCT WHERE { ?s ?p ?o }"))  # fmt: skip
    # A store whose GSP URL answers 404 gets SPARQL Update instead.
    fallback = push(
        remote.server.query_endpoint, graph=target, file=remote.file, creds=remote.creds,
        gsp_endpoint=remote.server.url + "/no-graph-store-here",
    )  # fmt: skip
    assert fallback.method == "update" and fallback.triples_found == report.triples_sent


# --- parity --------------------------------------------------------------------------------


def test_every_named_query_returns_the_same_rows(remote: Remote):
    cases = parity_cases(remote.embedded)
    store = remote.store()
    mismatches = []
    for query_id, params in cases:
        local = run_select(remote.embedded, query_id, params)
        there = run_select(store, query_id, params)
        if local.variables != there.variables:
            mismatches.append((query_id, params, "variables", local.variables, there.variables))
            continue
        a = normalised_rows(local.variables, local.rows)
        b = normalised_rows(there.variables, there.rows)
        if a != b:
            diff = (sorted(set(a) - set(b))[:3], sorted(set(b) - set(a))[:3])
            mismatches.append((query_id, params, f"{len(a)} vs {len(b)} rows", *diff))
    compared = {qid for qid, _ in cases}
    assert compared == set(load_library())
    print(f"\n{remote.server.name}: {len(cases)} cases over {len(compared)} named queries")
    assert not mismatches, "\n".join(map(repr, mismatches))


def test_whole_graph_is_the_same(remote: Remote):
    query = "CONSTRUCT WHERE { ?s ?p ?o }"
    assert isomorphic(remote.store().construct(query), remote.embedded.construct(query))
    # Every row arrives: Virtuoso's ResultSetMaxRows (10,000 by default) would cut silently.
    rows = remote.store().select("SELECT * WHERE { ?s ?p ?o }")
    assert len(rows) == remote.report.triples_found


def test_typed_literals_come_back_as_from_the_embedded_store(remote: Remote, tmp_path: Path):
    from queries.stores.factory import PyoxigraphStore

    file = tmp_path / "typed.ttl"
    file.write_text(TYPED_TURTLE, encoding="utf-8")
    push(remote.server.query_endpoint, graph=TYPED_GRAPH, file=file, creds=remote.creds)
    query = "SELECT ?p ?o WHERE { ?s ?p ?o } ORDER BY ?p"
    local = PyoxigraphStore.from_files([file]).select(query)
    there = remote.store(TYPED_GRAPH).select(query)
    assert normalised_rows(there.variables, there.rows) == normalised_rows(
        local.variables, local.rows
    )
    # Documents written from those terms are the same bytes (literals only: labels of blank
    # nodes differ by store).
    literals = "SELECT ?p ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) } ORDER BY ?p"
    embedded = PyoxigraphStore.from_files([file])
    for fmt in ("json", "xml", "csv", "tsv"):
        expected = embedded.query_raw(literals, fmt).body
        assert remote.store(TYPED_GRAPH).query_raw(literals, fmt).body == expected, fmt


# --- the app and the CLI on the remote store ------------------------------------------------


@pytest.mark.parametrize("query,graph_form", SPARQL_CASES)
def test_sparql_endpoint_answers_like_embedded(remote_apps: dict, query: str, graph_form: bool):
    formats = GRAPH_ACCEPTS if graph_form else RESULT_ACCEPTS
    for accept in formats:
        answers = {
            name: client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
            for name, client in remote_apps.items()
        }
        for name, r in answers.items():
            assert r.status_code == 200, (name, accept, r.get_data(as_text=True)[:300])
        local, there = answers["embedded"], answers["remote"]
        assert there.mimetype == local.mimetype
        if graph_form:
            fmt = "nt" if "n-triples" in accept else "turtle"
            there_graph = Graph().parse(data=there.data, format=fmt)
            local_graph = Graph().parse(data=local.data, format=fmt)
            if query.startswith("DESCRIBE"):
                # What DESCRIBE returns is the server's choice (SPARQL 1.1 §16.4): Virtuoso adds
                # the incoming triples. Both include the resource's own statements.
                assert len(local_graph) and set(local_graph) <= set(there_graph)
            else:
                assert isomorphic(there_graph, local_graph)
        elif "json" in accept:
            assert _json_rows(there.json) == _json_rows(local.json)
        elif "csv" in accept:
            read = lambda r: sorted(csv.reader(io.StringIO(r.get_data(as_text=True))))  # noqa: E731
            assert read(there) == read(local)
        else:
            assert there.data == local.data


def test_sparql_endpoint_errors_and_description(remote_apps: dict):
    client = remote_apps["remote"]
    bad = client.get("/sparql", query_string={"query": "SELECT * WHERE { ?s "})
    assert bad.status_code == 400 and bad.get_data(as_text=True).strip()
    update = client.post("/sparql", data={"query": "DROP GRAPH <urn:x>"})
    assert update.status_code in (400, 403)
    description = {name: c.get("/sparql", headers={"Accept": "text/turtle"})
                   for name, c in remote_apps.items()}  # fmt: skip
    graphs = {name: Graph().parse(data=r.data, format="turtle") for name, r in description.items()}
    void_triples = "SELECT ?n WHERE { ?g <http://rdfs.org/ns/void#triples> ?n }"
    counts = {name: [int(row[0]) for row in g.query(void_triples)] for name, g in graphs.items()}
    assert counts["remote"] == counts["embedded"]


def test_api_named_queries_like_embedded(remote_apps: dict):
    listing = {name: c.get("/api/queries").json for name, c in remote_apps.items()}
    assert listing["remote"] == listing["embedded"]
    for query in load_library().values():
        if any(p.required for p in query.params):
            continue
        answers = {name: c.get(f"/api/queries/{query.id}") for name, c in remote_apps.items()}
        assert answers["remote"].status_code == 200, answers["remote"].get_data(as_text=True)
        assert _json_rows(answers["remote"].json) == _json_rows(answers["embedded"].json), query.id


def test_cli_query_reads_the_remote_store(remote: Remote, monkeypatch, capsys):
    from xjftz.cli import main

    assert main(["query", "zones", "--format", "json", "--data", str(remote.file)]) == 0
    local = json.loads(capsys.readouterr().out)
    monkeypatch.setenv("XJFTZ_STORE", "remote")
    monkeypatch.setenv("XJFTZ_ENDPOINT", remote.server.query_endpoint)
    monkeypatch.setenv("XJFTZ_GRAPH", PLAN_GRAPH)
    assert main(["query", "zones", "--format", "json"]) == 0
    there = json.loads(capsys.readouterr().out)
    assert _json_rows(there) == _json_rows(local) and there["results"]["bindings"]


ENTITY_PAGES = ("id/zone/kashgar", "id/country/KZ", "id/measure/16", "id/provision/measure-16-1")


def test_rows_within_a_cap_like_embedded(remote: Remote):
    """The query page's store call: the same rows and the same cut from either store."""
    select = "SELECT ?m ?n WHERE { ?m xjo:measureNumber ?n } ORDER BY ?n"
    select = "PREFIX xjo: <https://w3id.org/xjftz/ontology#>\n" + select
    construct = "CONSTRUCT WHERE { ?s a ?t }"
    store = remote.store()
    for query, cap in ((select, 10), (select, None), (construct, 7)):
        local, there = remote.embedded.rows(query, max_rows=cap), store.rows(query, max_rows=cap)
        assert there.variables == local.variables
        assert len(there.rows) == len(local.rows) == (cap or 25)
        assert there.notice == local.notice and (local.notice is not None) == (cap is not None)
    assert store.rows(select, max_rows=10).rows == remote.embedded.rows(select, max_rows=10).rows
    assert store.rows("ASK { ?s ?p ?o }").boolean is True


def test_query_page_renders_alike(remote_apps: dict):
    answers = {name: client.get("/query?named=zones&run=1&lang=en")
               for name, client in remote_apps.items()}  # fmt: skip
    assert answers["remote"].status_code == answers["embedded"].status_code == 200
    assert answers["remote"].get_data() == answers["embedded"].get_data()


def test_entity_pages_render_alike(remote_apps: dict):
    """Entity pages from either store. Until the browser blueprint exists both answer 404;
    from then on this compares the pages themselves."""
    for path in ENTITY_PAGES:
        answers = {n: c.get(f"/{path}", headers={"Accept": "text/html"})
                   for n, c in remote_apps.items()}  # fmt: skip
        local, there = answers["embedded"], answers["remote"]
        assert there.status_code == local.status_code, path
        if local.status_code == 200:
            assert there.get_data(as_text=True) == local.get_data(as_text=True), path


# --- errors --------------------------------------------------------------------------------


def test_errors_are_the_projects(remote: Remote):
    with pytest.raises(QuerySyntaxError) as syntax:
        remote.store().select("SELECT * WHERE { ?s ")
    assert str(syntax.value).strip()
    with pytest.raises(QueryError, match="FROM"):
        remote.store().select("SELECT * FROM <urn:x:other> WHERE { ?s ?p ?o }")
    closed = RemoteStore(f"http://127.0.0.1:{free_port()}/sparql", PLAN_GRAPH, timeout=5)
    with pytest.raises(StoreUnavailable, match="cannot reach"):
        closed.ask("ASK { }")
    assert remote.store("https://w3id.org/xjftz/id/test/empty").triple_count() == 0


# --- each server's own -----------------------------------------------------------------


def test_oxigraph_write_urls_are_derived(oxigraph_server: OxigraphServer):
    urls = derive_endpoints(oxigraph_server.query_endpoint, "oxigraph", authenticated=False)
    assert (urls.gsp, urls.update) == (
        oxigraph_server.url + "/store",
        oxigraph_server.url + "/update",
    )


@pytest.mark.parametrize("remote", ["virtuoso"], indirect=True)
def test_virtuoso_push_with_a_wrong_password_fails_clearly(remote: Remote, capsys):
    args = ["push", "--endpoint", remote.server.query_endpoint, "--file", str(remote.file)]
    assert main([*args, "--user", "dba", "--password", "wrong"]) == 1
    err = capsys.readouterr().err
    assert "refused the upload (HTTP 401, user 'dba')" in err and "password" in err
    assert "Traceback" not in err
    # Nothing was replaced.
    assert remote.store().triple_count() == remote.report.triples_found


@pytest.mark.parametrize("remote", ["virtuoso"], indirect=True)
def test_virtuoso_push_without_credentials_says_what_is_missing(remote: Remote, capsys):
    args = ["push", "--endpoint", remote.server.query_endpoint, "--file", str(remote.file)]
    assert main(args) == 1
    assert "--user/--password" in capsys.readouterr().err


@pytest.mark.parametrize("remote", ["virtuoso"], indirect=True)
def test_virtuoso_push_to_a_closed_port_fails_clearly(remote: Remote, capsys):
    endpoint = f"http://127.0.0.1:{free_port()}/sparql"
    assert main(["push", "--endpoint", endpoint, "--file", str(remote.file)]) == 1
    assert "cannot reach" in capsys.readouterr().err


@pytest.mark.parametrize("remote", ["virtuoso"], indirect=True)
def test_virtuoso_digest_auth_for_queries(remote: Remote):
    auth_endpoint = remote.server.url + "/sparql-auth"
    store = RemoteStore(auth_endpoint, PLAN_GRAPH, user="dba", password="dba", auth="digest")
    assert store.triple_count() == remote.report.triples_found
    wrong = RemoteStore(auth_endpoint, PLAN_GRAPH, user="dba", password="wrong")
    with pytest.raises(StoreAuthError, match="HTTP 401"):
        wrong.triple_count()


@pytest.mark.parametrize("remote", ["virtuoso"], indirect=True)
def test_virtuoso_row_limit_is_reported_never_silent(remote: Remote, tmp_path: Path):
    """ResultSetMaxRows (10,000 by default) cuts results silently unless the store notices."""
    server = VirtuosoServer(tmp_path / "capped", remote.server.binary, max_rows=100)
    try:
        server.start()
        push(server.query_endpoint, file=remote.file, creds=Credentials("dba", "dba"))
        store = RemoteStore(server.query_endpoint, PLAN_GRAPH)
        with pytest.raises(StoreError, match="ResultSetMaxRows"):
            store.select("SELECT * WHERE { ?s ?p ?o }")
        raw = store.query_raw("SELECT * WHERE { ?s ?p ?o }", "json")
        assert raw.notice and "row limit" in raw.notice
        assert len(store.select("SELECT * WHERE { ?s ?p ?o } LIMIT 99")) == 99
    finally:
        server.stop()
