"""The remote backend and `xjftz push` without a server: chunking, URL derivation, error
mapping, term normalisation, configuration. (The real servers are in test_remote.py.)"""

from __future__ import annotations

import json
import socket

import pyoxigraph as ox
import pytest

from ontology.errors import XjftzError
from queries.errors import (
    QuerySyntaxError,
    QueryTimeout,
    StoreAuthError,
    StoreError,
    StoreUnavailable,
)
from queries.guard import query_form, tokens
from queries.push import derive_endpoints, identify_server
from queries.push_chunks import chunked, components
from queries.settings import Settings
from queries.stores.factory import open_store
from queries.stores.remote import RESULTS_ACCEPT, RemoteStore, read
from queries.transport import http_error, server_message

XSD = "http://www.w3.org/2001/XMLSchema#"
EX = "https://w3id.org/xjftz/id/test/"


def _t(s: ox.NamedNode | ox.BlankNode, o: object) -> ox.Triple:
    return ox.Triple(s, ox.NamedNode(EX + "p"), o)


def test_chunks_never_split_a_blank_node_structure():
    a, b, c = ox.BlankNode("a"), ox.BlankNode("b"), ox.BlankNode("c")
    named = [_t(ox.NamedNode(f"{EX}{i}"), ox.Literal(str(i))) for i in range(10)]
    linked = [_t(ox.NamedNode(EX + "x"), a), _t(a, b), _t(b, ox.Literal("end")), _t(c, b)]
    triples = named[:3] + linked[:2] + named[3:] + linked[2:]
    groups = components(triples)
    assert sorted(len(g) for g in groups) == [1] * 10 + [4]
    chunks = list(chunked(triples, 3))
    assert sum(len(c) for c in chunks) == len(triples)
    holding_a = [c for c in chunks if any(a in (t.subject, t.object) for t in c)]
    assert len(holding_a) == 1 and all(t in holding_a[0] for t in linked)


@pytest.mark.parametrize(
    "endpoint,server,auth,gsp,update",
    [
        ("http://h:8890/sparql", "virtuoso", True,
         "http://h:8890/sparql-graph-crud-auth", "http://h:8890/sparql-auth"),
        ("http://h:8890/sparql", "virtuoso", False,
         "http://h:8890/sparql-graph-crud", "http://h:8890/sparql"),
        ("http://h:7878/query", "oxigraph", False, "http://h:7878/store", "http://h:7878/update"),
        ("https://h/ox/query", "oxigraph", False, "https://h/ox/store", "https://h/ox/update"),
        ("http://h:3030/ds/query", "fuseki", True, "http://h:3030/ds/data", "http://h:3030/ds/update"),
        ("http://h:3030/ds/sparql", "fuseki", False, "http://h:3030/ds/data", "http://h:3030/ds/update"),
        ("http://h:3030/ds", "fuseki", False, "http://h:3030/ds/data", "http://h:3030/ds/update"),
        ("http://h/repositories/x", "unknown", True, None, None),
    ],
)  # fmt: skip
def test_write_urls_derived_from_the_query_endpoint(endpoint, server, auth, gsp, update):
    urls = derive_endpoints(endpoint, server, authenticated=auth)
    assert (urls.gsp, urls.update) == (gsp, update)


def test_server_kinds_from_the_server_header():
    assert identify_server("Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu") == "virtuoso"
    assert identify_server("Oxigraph/0.5.13") == "oxigraph"
    assert identify_server("Apache Jena Fuseki (5.1.0)") == "fuseki"
    assert identify_server("") == "unknown"


def test_server_messages_are_short_and_readable():
    message = b"Virtuoso 37000 Error SP030: SPARQL compiler, line 3: syntax error"
    virtuoso = message + b"\n\nSPARQL query:\nSELECT"
    assert server_message(virtuoso) == message.decode()
    assert server_message(b"<html><body><h1>Unauthorized</h1></body></html>") == "Unauthorized"
    assert len(server_message(b"x" * 5000)) <= 600


@pytest.mark.parametrize(
    "status,body,action,error",
    [
        (401, b"", "upload", StoreAuthError),
        (403, b"", "query", StoreAuthError),
        (400, b"SP030 syntax error", "query", QuerySyntaxError),
        (500, b"Virtuoso 37000 Error SP031: SPARQL compiler", "query", QuerySyntaxError),
        (500, b"Virtuoso S1T00 Error SR171: Transaction timed out", "query", QueryTimeout),
        (504, b"", "query", QueryTimeout),
        (404, b"", "query", StoreUnavailable),
        (400, b"bad Turtle", "upload", StoreError),
        (503, b"overloaded", "query", StoreError),
    ],
)  # fmt: skip
def test_http_errors_become_the_projects(status, body, action, error):
    exc = http_error("http://h/sparql", status, body, action=action, user="u")
    assert type(exc) is error and isinstance(exc, XjftzError)
    assert exc.http_status == status
    if status in (401, 403):
        assert "'u'" in str(exc) and "password" in str(exc)


def test_virtuoso_writings_are_brought_to_the_embedded_form():
    doc = {
        "head": {"vars": ["v"]},
        "results": {"bindings": [
            {"v": {"type": "typed-literal", "datatype": XSD + "boolean", "value": "1"}},
            {"v": {"type": "typed-literal", "datatype": XSD + "double", "value": "1000.0"}},
            {"v": {"type": "typed-literal", "datatype": XSD + "nonNegativeInteger", "value": "5"}},
            {"v": {"type": "typed-literal", "datatype": XSD + "string", "value": "s"}},
            {"v": {"type": "literal", "xml:lang": "EN-GB", "value": "x"}},
            {"v": {"type": "bnode", "value": "nodeID://b10001"}},
            {"v": {"type": "literal", "value": "nodeID://b10001"}},
            {},
        ]},
    }  # fmt: skip
    variables, rows = read(json.dumps(doc).encode(), RESULTS_ACCEPT, graph=False)
    assert variables == ("v",)
    assert [r[0] for r in rows] == [
        ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")),
        ox.Literal("1000", datatype=ox.NamedNode(XSD + "double")),
        ox.Literal("5", datatype=ox.NamedNode(XSD + "integer")),
        ox.Literal("s"),
        ox.Literal("x", language="en-gb"),
        ox.BlankNode("b10001"),
        ox.Literal("nodeID://b10001"),  # only blank node labels are rewritten
        None,
    ]
    graph = b'<http://x/s> <http://x/p> "+01"^^<http://www.w3.org/2001/XMLSchema#int> .\n'
    assert read(graph, "text/plain", graph=True) == [
        ox.Triple(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal(1))
    ]
    assert read(b'{"head": {}, "boolean": true}', RESULTS_ACCEPT, graph=False) is True
    with pytest.raises(StoreError, match="does not parse"):
        read(b"<html>", RESULTS_ACCEPT, graph=False)
    with pytest.raises(StoreError, match="not SPARQL JSON results"):
        read(b"<html>", "text/html", graph=False)
    bad_iri = {"head": {"vars": ["v"]}, "results": {"bindings": [
        {"v": {"type": "uri", "value": "not an iri"}}]}}  # fmt: skip
    with pytest.raises(StoreError, match="does not parse"):
        read(json.dumps(bad_iri).encode(), RESULTS_ACCEPT, graph=False)


def test_remote_store_configuration():
    with pytest.raises(StoreError, match="http"):
        RemoteStore("ftp://h/sparql")
    store = RemoteStore("http://h/sparql", EX + "g", user="u", password="secret")
    assert "secret" not in repr(store) and "'u'" in repr(store)
    with pytest.raises(StoreError, match="auth scheme"):
        RemoteStore("http://h/sparql", auth="kerberos")
    with pytest.raises(XjftzError, match="XJFTZ_ENDPOINT"):
        open_store(Settings(store="remote"))
    opened = open_store(Settings(store="remote", endpoint="http://h/sparql", graph=""))
    assert isinstance(opened, RemoteStore) and opened.engine.graph is None
    assert "secret" not in repr(Settings(password="secret"))


def test_a_server_that_never_answers_times_out():
    with socket.socket() as listener:  # the kernel accepts the connection; nobody answers
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        store = RemoteStore(f"http://127.0.0.1:{listener.getsockname()[1]}/sparql", timeout=0.5)
        with pytest.raises(QueryTimeout, match=r"did not answer the query within 0\.5 s"):
            store.ask("ASK { }")


def test_webapp_settings_read_the_remote_environment():
    from webapp.config import load_settings

    settings = load_settings(environ={
        "XJFTZ_STORE": "remote", "XJFTZ_ENDPOINT": "http://h:8890/sparql", "XJFTZ_GRAPH": "",
        "XJFTZ_USER": "u", "XJFTZ_PASSWORD": "secret", "XJFTZ_AUTH": "digest",
    })  # fmt: skip
    assert (settings.store, settings.endpoint, settings.graph) == (
        "remote",
        "http://h:8890/sparql",
        None,
    )
    assert (settings.user, settings.password, settings.auth) == ("u", "secret", "digest")
    assert "secret" not in repr(settings)
    store = open_store(settings)
    assert isinstance(store, RemoteStore) and store.engine.auth == "digest"


def test_query_form_ignores_keywords_in_strings_and_iris():
    assert query_form(tokens('PREFIX x: <http://x/SELECT> ASK { ?s ?p "CONSTRUCT" }')) == "ASK"
    assert query_form(tokens("# SELECT\nDESCRIBE <http://x>")) == "DESCRIBE"
