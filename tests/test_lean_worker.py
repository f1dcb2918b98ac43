"""Query worker processes run on pyoxigraph and the standard library alone (issue 8, point 4).

Each web worker owns several query workers; rdflib, Flask and the project's rdflib-based
modules would add ~19 MB to each. The worker is started here exactly as the pool starts it, but
under ``python -X importtime``, which lists every module the process imports in its lifetime;
it answers every kind of call, errors included, and the list must not name rdflib or Flask.
The in-process store and the pooled one, which share the engine, must give the same answers.
(QUERIES is a parametrised list of SPARQL strings like test_sparql_protocol.py's UPDATES: alike in
shape only.)
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from multiprocessing.connection import Connection

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef

from queries.errors import QueryError, QuerySyntaxError
from queries.stores.base import substitutions
from queries.stores.engine import EmbeddedSpec
from queries.stores.factory import PyoxigraphStore
from queries.stores.pool import PROJECT_ROOT, WORKER_MODULE

XJO = "https://w3id.org/xjftz/ontology#"
ID = "https://w3id.org/xjftz/id/"
# urllib.request (through xml.sax.saxutils) weighs 9 MB: the workers write XML without it.
FORBIDDEN = (
    "rdflib", "flask", "werkzeug", "jinja2", "ontology.namespaces", "queries.terms",
    "urllib.request", "xml.sax",
)  # fmt: skip


def imported_modules(stderr: str) -> set[str]:
    """Module names from ``-X importtime`` output (``import time: self | cumulative | name``)."""
    names = set()
    for line in stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            names.add(line.rsplit("|", 1)[1].strip())
    return names


def test_worker_imports_neither_rdflib_nor_flask(sample_ttl, protocol_trig):
    ours, theirs = socket.socketpair()
    env = {**os.environ, "PYTHONPATH": PROJECT_ROOT}
    args = [str(theirs.fileno()), str(os.getpid())]
    with theirs:
        process = subprocess.Popen(
            [sys.executable, "-X", "importtime", "-m", WORKER_MODULE, *args],
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
        )
    conn = Connection(ours.detach())
    try:
        conn.send((EmbeddedSpec([sample_ttl, protocol_trig]), 0, 0))  # spec, memory cap, nice
        assert conn.recv() == ("ok", "ready")
        number = substitutions({"n": Literal(16)})
        measure = substitutions({"m": URIRef(ID + "measure/16")})
        calls = [
            ("answer", (f"SELECT ?m WHERE {{ ?m <{XJO}measureNumber> ?n }}", number), {}),
            ("answer", ("ASK { ?m ?p ?o }", measure), {}),
            ("answer", ("CONSTRUCT WHERE { ?m ?p ?o }", measure), {}),
            ("document", ("SELECT * { ?s ?p ?o }", "xml"), {"max_rows": 3}),
            ("triple_count", (), {}),
            ("answer", ("SELECT ?x WHERE {", {}), {}),
        ]
        replies = []
        for call in calls:
            conn.send(call)
            replies.append(conn.recv())
    finally:
        conn.close()
        _, stderr = process.communicate(timeout=30)
    assert [status for status, _ in replies] == ["ok"] * 5 + ["err"], replies
    assert replies[0][1][1] == [(ox.NamedNode(ID + "measure/16"),)]
    assert type(replies[-1][1]) is QuerySyntaxError
    modules = imported_modules(stderr)
    assert "pyoxigraph" in modules and "queries.stores.engine" in modules
    leaked = sorted(m for m in modules if m.split(".")[0] in FORBIDDEN or m in FORBIDDEN)
    assert not leaked, leaked


@pytest.fixture(scope="module")
def both(sample_ttl, protocol_trig):
    files = [sample_ttl, protocol_trig]
    pooled = PyoxigraphStore.pooled(EmbeddedSpec(files), processes=1, timeout=10)
    yield PyoxigraphStore.from_files(files), pooled
    pooled.close()


QUERIES = [
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o",
    "SELECT ?l WHERE { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l",
    "SELECT ?g ?s WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g ?s",
    'SELECT ?x ?y WHERE { BIND(BNODE() AS ?x) BIND(STRLANG("a", "en") AS ?y) }',
]


@pytest.mark.parametrize("query", QUERIES)
def test_pooled_and_in_process_rows_agree(both, query):
    local, pooled = both
    a, b = local.select(query), pooled.select(query)
    assert a.variables == b.variables and len(a) == len(b) > 0
    for row_a, row_b in zip(a.rows, b.rows, strict=True):
        for x, y in zip(row_a, row_b, strict=True):
            assert type(x) is type(y)
            if type(x).__name__ != "BNode":  # fresh blank nodes get fresh labels
                assert x == y and getattr(x, "datatype", None) == getattr(y, "datatype", None)
                assert getattr(x, "language", None) == getattr(y, "language", None)


def test_pooled_and_in_process_agree_on_the_rest(both):
    local, pooled = both
    measure = {"m": URIRef(ID + "measure/16")}
    query = "CONSTRUCT WHERE { ?m ?p ?o }"
    assert set(local.construct(query, measure)) == set(pooled.construct(query, measure))
    assert local.ask("ASK { ?m ?p ?o }", measure) is pooled.ask("ASK { ?m ?p ?o }", measure)
    assert local.triple_count() == pooled.triple_count()
    raw = ("SELECT * { ?s ?p ?o }", "json")
    assert local.query_raw(*raw, max_rows=4) == pooled.query_raw(*raw, max_rows=4)


@pytest.mark.parametrize(
    ("query", "bindings", "error", "message"),
    [
        ("SELECT ?x WHERE {", None, QuerySyntaxError, "SPARQL syntax error"),
        ("ASK { ?s ?p ?o }", None, QueryError, "not a SELECT query"),
        ("SELECT * { ?s ?p ?o }", {"s": URIRef("not an iri")}, QueryError, "not an absolute IRI"),
        ("SELECT * { ?s ?p ?o }", {"s) {}": Literal(1)}, QueryError, "not a variable name"),
    ],
)
def test_errors_keep_their_types_and_messages(both, query, bindings, error, message):
    outcomes = []
    for store in both:
        with pytest.raises(error) as caught:
            store.select(query, bindings)
        assert type(caught.value) is error and message in str(caught.value)
        outcomes.append(str(caught.value))
    assert outcomes[0] == outcomes[1]
