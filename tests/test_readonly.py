"""Read-only, no SERVICE, no local files — through /sparql, every way the protocol allows.

Issue 9, point 1. Updates hidden every way we know (case, comments, escapes, a prologue, ';',
WITH, odd white space) are sent as GET ``update=``/``query=``, form POST ``update=``/``query=``
and direct POST (``application/sparql-update`` and ``application/sparql-query``): each is a 403
and the data is unchanged. SERVICE is a 400 with a message wherever it stands, and a loopback
canary proves no call left the server; with the canary on the allow-list the call is made.
A canary file proves that no way of naming a local file gets it read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.canary import Canary, canary_file

FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
COUNT_ALL = "SELECT (COUNT(*) AS ?n) { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"

HIDDEN_UPDATES = {
    "lowercase": "insert data { <http://x/s> <http://x/p> 1 }",
    "mixed-case": "InSeRt DaTa { <http://x/s> <http://x/p> 1 }",
    "prefix-first": "PREFIX x: <http://x/>\nINSERT DATA { x:s x:p 1 }",
    "base-and-prefix": "BASE <http://x/> PREFIX : <http://x/> DELETE WHERE { ?s ?p ?o }",
    "comment-first": "# SELECT * {}\nDROP ALL",
    "after-a-query": "SELECT * {} ;\nCLEAR DEFAULT",
    "two-operations": "CLEAR ALL ; INSERT DATA { <http://x/s> <http://x/p> 1 }",
    "with-delete": "WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "insert-where": "INSERT { ?s <http://x/p> 1 } WHERE { ?s ?p ?o }",
    "escaped-keyword": "\\u0049NSERT DATA { <http://x/s> <http://x/p> 1 }",
    "escaped-in-second-op": "SELECT * {} ; \\u0044ROP ALL",
    "tab-separated": "DELETE\tWHERE\t{ ?s ?p ?o }",
    "no-break-space": "DROP\u00a0ALL",
    "newlines": "\n\n  LOAD\n<http://x/data.ttl>",
    "load-a-file": "LOAD SILENT <file:///etc/passwd> INTO GRAPH <http://x/g>",
    "create": "CREATE SILENT GRAPH <http://x/g>",
    "add-move-copy": "ADD DEFAULT TO <http://x/g> ; MOVE <http://x/g> TO DEFAULT ; COPY DEFAULT TO <http://x/h>",
}


def count(client) -> dict:
    r = client.get("/sparql?query=" + quote(COUNT_ALL))
    assert r.status_code == 200
    return json.loads(r.data)


def every_way(client, text: str) -> list:
    return [
        client.get("/sparql?update=" + quote(text)),
        client.get("/sparql?query=" + quote(text)),
        client.post("/sparql", data={"update": text}, content_type=FORM),
        client.post("/sparql", data={"query": text}, content_type=FORM),
        client.post("/sparql?update=" + quote(text), data={"query": "ASK {}"}, content_type=FORM),
        client.post("/sparql", data=text.encode(), content_type=UPDATE),
        client.post("/sparql", data=text.encode(), content_type=UPDATE + "; charset=utf-8"),
        client.post("/sparql", data=text.encode(), content_type=DIRECT),
    ]


@pytest.mark.parametrize("name", sorted(HIDDEN_UPDATES))
def test_hidden_updates_are_403_every_way_and_change_nothing(client, name):
    before = count(client)
    for i, r in enumerate(every_way(client, HIDDEN_UPDATES[name])):
        assert r.status_code == 403, (i, r.status_code, r.get_data(as_text=True))
        assert "read-only" in r.get_data(as_text=True)
    assert count(client) == before


# --- SERVICE ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def canary() -> Iterator[Canary]:
    c = Canary()
    yield c
    c.close()


def service_queries(url: str) -> dict[str, str]:
    return {
        "plain": f"SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "silent": f"SELECT * {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        "subquery": f"SELECT * {{ {{ SELECT * {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        "optional": f"SELECT * {{ ?a ?b ?c OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        "exists": f"ASK {{ FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        "variable": f"SELECT * {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        "prefixed": f"PREFIX e: <{url}#> SELECT * {{ SERVICE e:x {{ ?s ?p ?o }} }}",
        "construct": f"CONSTRUCT WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "hidden-by-a-comparison": f"SELECT * {{ FILTER(1<2)SERVICE#>\n<{url}> {{ ?s ?p ?o }} }}",
        "escaped": f"SELECT * {{ SERV\\u0049CE <{url}> {{ ?s ?p ?o }} }}",
    }


@pytest.mark.parametrize("name", sorted(service_queries("u")))
def test_service_is_400_with_a_message_and_no_call(client, canary, name):
    query = service_queries(canary.url)[name]
    before = len(canary.hits)
    for r in (
        client.get("/sparql?query=" + quote(query)),
        client.post("/sparql", data={"query": query}, content_type=FORM),
        client.post("/sparql", data=query.encode(), content_type=DIRECT),
    ):
        assert r.status_code == 400, r.get_data(as_text=True)
        assert "SERVICE" in r.get_data(as_text=True) or "escape" in r.get_data(as_text=True)
    assert len(canary.hits) == before


def test_allow_listed_service_is_called(make_sparql_app, sample_ttl, canary):
    app = make_sparql_app([sample_ttl], QUERY_PROCESSES=1, SERVICE_ALLOWLIST=canary.url)
    client = app.test_client()
    before = len(canary.hits)
    r = client.get(
        "/sparql?query=" + quote(f"SELECT * {{ SERVICE <{canary.url}> {{ ?s ?p ?o }} }}")
    )
    assert r.status_code == 200, r.get_data(as_text=True)
    assert len(canary.hits) == before + 1
    for query in (
        f"SELECT * {{ SERVICE <{canary.url}/other> {{ ?s ?p ?o }} }}",
        f"SELECT * {{ VALUES ?e {{ <{canary.url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    ):
        r = client.get("/sparql?query=" + quote(query))
        assert r.status_code == 400 and "SERVICE" in r.get_data(as_text=True)
    assert len(canary.hits) == before + 1
    sd = client.get("/sparql", headers={"Accept": "text/turtle"}).get_data(as_text=True)
    assert "BasicFederatedQuery" in sd


# --- local files ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def local_file(tmp_path_factory) -> tuple[Path, str]:
    return canary_file(tmp_path_factory.mktemp("canary"))


def file_attempts(path: Path) -> list[tuple[str, str]]:
    """(query, extra URL parameters) that name the canary file."""
    uri, folder = path.as_uri(), path.parent.as_uri() + "/"
    escaped = uri.replace("file:", "fil\\u0065:")
    q = quote
    return [
        (f"SELECT * FROM <{uri}> {{ ?s ?p ?o }}", ""),
        (f"SELECT * FROM NAMED <{uri}> {{ GRAPH ?g {{ ?s ?p ?o }} }}", ""),
        (f"BASE <{folder}> SELECT * FROM <{path.name}> {{ ?s ?p ?o }}", ""),
        (f"PREFIX f: <{folder}> SELECT * FROM f:{path.name} {{ ?s ?p ?o }}", ""),
        (f"SELECT * FROM <{escaped}> {{ ?s ?p ?o }}", ""),
        (f"SELECT * FROM <FILE:{uri[5:]}> {{ ?s ?p ?o }}", ""),
        ("SELECT * { ?s ?p ?o }", f"&default-graph-uri={q(uri)}"),
        ("SELECT * { GRAPH ?g { ?s ?p ?o } }", f"&named-graph-uri={q(uri)}"),
        ("SELECT * { ?s ?p ?o }", f"&default-graph-uri={q('FILE:' + uri[5:])}"),
        (f"SELECT * {{ SERVICE <{uri}> {{ ?s ?p ?o }} }}", ""),
        (f"SELECT * {{}} ; LOAD <{uri}>", ""),
        (f"SELECT * {{}} ; \\u004cOAD <{uri}>", ""),
        (f"DESCRIBE <{uri}>", ""),
    ]


def test_no_way_of_naming_a_file_reads_it(client, local_file):
    path, marker = local_file
    for query, extra in file_attempts(path):
        for r in (
            client.get("/sparql?query=" + quote(query) + extra),
            client.post("/sparql?x=1" + extra, data=query.encode(), content_type=DIRECT),
        ):
            assert marker not in r.get_data(as_text=True), query
            assert r.status_code in (200, 400, 403), (query, r.status_code)


def test_engine_itself_never_reads_files(local_file):
    """Defence in depth: pyoxigraph's FROM names stored graphs; it never fetches them."""
    import pyoxigraph as ox

    path, marker = local_file
    store = ox.Store()
    for query in (
        f"SELECT * FROM <{path.as_uri()}> {{ ?s ?p ?o }}",
        f"SELECT * {{ GRAPH <{path.as_uri()}> {{ ?s ?p ?o }} }}",
    ):
        assert list(store.query(query)) == []
    with pytest.raises(SyntaxError):
        store.query(f"LOAD <{path.as_uri()}>")  # an update is not a query
    assert len(store) == 0 and marker
