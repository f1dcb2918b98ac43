"""The request screen (queries.guard) and value binding (queries.binding)."""

from __future__ import annotations

import pytest
from rdflib import BNode, Literal, URIRef

from queries.binding import values_block, where_group_start, with_values
from queries.errors import ForbiddenIRI, QueryError, ServiceRefused, UpdateRefused
from queries.guard import screen


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("SELECT * {}", "SELECT"),
        (
            "  # ASK\nPREFIX a: <http://a/> BASE <http://b/> construct { ?s ?p ?o } where {}",
            "CONSTRUCT",
        ),
        ("PREFIX : <http://x/> DESCRIBE :y", "DESCRIBE"),
        ('ASK { FILTER("SELECT" = "x") }', "ASK"),
        ("garbage", None),
    ],
)
def test_form(query, form):
    assert screen(query).form == form


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <a:b> <a:c> 1 }",
        "with <http://g> delete { ?s ?p ?o } where { ?s ?p ?o }",
        "PREFIX x: <http://x/> CLEAR ALL",
        "SELECT * {} ; DROP ALL",
        "SELECT * { ?s ?p ?o } LOAD <http://x>",
    ],
)
def test_updates(text):
    with pytest.raises(UpdateRefused):
        screen(text)


def test_update_words_in_strings_comments_iris_and_names_pass():
    text = """# INSERT
    PREFIX DELETE: <http://x/LOAD#>
    SELECT ?DROP ('''CLEAR
    ALL''' AS ?x) { ?DROP DELETE:COPY "MOVE"@en }"""
    assert screen(text).form == "SELECT"


def test_service_and_allowlist():
    with pytest.raises(ServiceRefused):
        screen("SELECT * { SERVICE <http://e/sparql> {} }")
    ok = screen("SELECT * { SERVICE <http://e/sparql> {} }", ["http://e/sparql"])
    assert ok.service_iris == ["http://e/sparql"]
    with pytest.raises(ServiceRefused):
        screen("SELECT * { SERVICE ?e {} }", ["http://e/sparql"])


def test_from_iris_resolved_and_file_refused():
    s = screen("BASE <http://a/b/> SELECT * FROM <c> FROM NAMED <http://d/> {}")
    assert s.from_iris == ["http://a/b/c"] and s.from_named_iris == ["http://d/"]
    with pytest.raises(ForbiddenIRI):
        screen("PREFIX f: <file:/> SELECT * FROM f:etc {}")


def test_relative_dataset_iri_resolves_against_the_engine_base():
    """Without BASE, <file> resolves against the engine's base like any relative IRI (W3C
    syntax-query test 42), then passes the same checks as an absolute one."""
    s = screen("CONSTRUCT FROM <file> WHERE { ?s ?p ?o }")
    assert s.from_iris == ["https://w3id.org/xjftz/file"]
    s = screen("SELECT * FROM NAMED <g/1> {}", base="http://example.org/x/")
    assert s.from_named_iris == ["http://example.org/x/g/1"]
    with pytest.raises(ForbiddenIRI):  # a base that makes it a local file is refused as such
        screen("SELECT * FROM <etc/passwd> {}", base="file:///")


def test_values_block_is_escaped():
    block = values_block({"b": Literal('x" } DROP ALL { "'), "a": URIRef("http://x/1")})
    assert block == """VALUES ?a { <http://x/1> } VALUES ?b { "x\\" } DROP ALL { \\"" }"""


@pytest.mark.parametrize(
    "term",
    [URIRef("http://x/> } DROP ALL { <y"), URIRef("relative"), BNode(), URIRef("http://x/ y")],
)
def test_unsafe_terms_refused(term):
    with pytest.raises(QueryError):
        values_block({"v": term})


def test_bad_variable_name_refused():
    with pytest.raises(QueryError):
        values_block({"v) {} DROP ALL": Literal(1)})


@pytest.mark.parametrize(
    ("query", "after"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE {"),
        ("SELECT * # {\n{ ?s ?p ?o }", "SELECT * # {\n{"),
        ('SELECT ("{" AS ?x) <http://a/{> { }', None),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE {"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT WHERE {"),
    ],
)
def test_where_group_start(query, after):
    at = where_group_start(query)
    if after is not None:
        assert query[:at] == after
    assert query[at - 1] == "{"


def test_with_values_runs(sample_store):
    query = "SELECT ?n WHERE { ?m <https://w3id.org/xjftz/ontology#measureNumber> ?n }"
    bound = with_values(query, {"m": URIRef("https://w3id.org/xjftz/id/measure/16")})
    assert [int(r[0]) for r in sample_store.select(bound).rows] == [16]
