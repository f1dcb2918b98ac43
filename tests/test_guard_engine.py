"""The request screen against the engine it protects (issue 9, point 1).

Each regression case is a query that pyoxigraph reads as a SERVICE call — proved here by
running it on a store and seeing the request arrive at a loopback canary — written so that a
lexer which reads it differently misses the SERVICE. The screen must refuse every one. Then a
hypothesis search over queries made of the fragments such tricks are made of: whatever passes
the screen must not make the engine call out.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queries.errors import QueryError, ServiceRefused, UpdateRefused
from queries.guard import screen
from tests.canary import Canary

BASE = "http://base.example/"


@pytest.fixture(scope="module")
def canary() -> Iterator[Canary]:
    c = Canary()
    yield c
    c.close()


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.add(
        ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.NamedNode("http://x/o"))
    )
    return s


def calls_out(store: ox.Store, canary: Canary, query: str) -> bool:
    """Whether running ``query`` on ``store`` makes pyoxigraph request the canary."""
    before = len(canary.hits)
    try:
        result = store.query(query, base_iri=BASE)
        if not isinstance(result, ox.QueryBoolean):
            list(result)
    except (SyntaxError, RuntimeError, OSError, ValueError):
        pass  # the canary's answer need not satisfy the engine: the call is what counts
    return len(canary.hits) > before


# {c} is the canary's URL. Each reads as SERVICE to pyoxigraph; the comment says what hid it.
BYPASSES = {
    # "<" compares here; a longest-match lexer reads "<2)SERVICE#>" as one IRI.
    "less-than-then-comment": "SELECT * {{ ?s ?p ?o FILTER(1<2)SERVICE#>\n<{c}> {{ ?x ?y ?z }} }}",
    "less-than-variables": (
        "SELECT * {{ ?s ?p ?o BIND(1 AS ?a) BIND(2 AS ?b) FILTER(?a<?b)SERVICE#>\n<{c}> {{}} }}"
    ),
    # An IRI with an escape, then a quote: a lexer without \u in IRIs starts a string there.
    "escape-in-iri-then-quote": "SELECT * {{ ?s ?p ?o OPTIONAL {{ ?s ?p <a\\u0041'b> }} "
    "SERVICE <{c}> {{ ?x ?y ?z }} FILTER(?o != 'x') }}",
    # The same, plus escaped quotes that open a long string in a text decoded before lexing.
    "escaped-quotes": (
        'SELECT * {{ BIND("\\u0022" AS ?a) ?s ?p ?o OPTIONAL {{ ?s ?p <a\\u0041\'b> }} '
        "SERVICE <{c}> {{ ?x ?y ?z }} BIND(\"\\u0022\\u0022\" AS ?b) FILTER(?o != 'x') }}"
    ),
    "in-a-subquery": "SELECT * {{ ?s ?p ?o {{ SELECT * {{ SERVICE <{c}> {{ ?x ?y ?z }} }} }} }}",
    "in-optional": "SELECT * {{ ?s ?p ?o OPTIONAL {{ SERVICE SILENT <{c}> {{ ?x ?y ?z }} }} }}",
    "in-exists": "ASK {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{c}> {{ ?x ?y ?z }} }} }}",
    "in-union": "SELECT * {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{c}> {{ ?x ?y ?z }} }} }}",
    "in-minus": "SELECT * {{ ?s ?p ?o MINUS {{ SERVICE <{c}> {{ ?s ?y ?z }} }} }}",
    "lowercase-prefixed": "prefix c: <{c}#> select * {{ ?s ?p ?o service c: {{ ?x ?y ?z }} }}",
    "relative-to-base": "BASE <{c}> SELECT * {{ ?s ?p ?o SERVICE <> {{ ?x ?y ?z }} }}",
    "no-whitespace": "SELECT*{{?s ?p ?o SERVICE<{c}>{{?x ?y ?z}}}}",
    "construct-template": "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o SERVICE <{c}> {{}} }}",
}


@pytest.mark.parametrize("name", sorted(BYPASSES))
def test_bypass_is_a_real_call_and_is_refused(store, canary, name):
    query = BYPASSES[name].format(c=canary.url)
    assert calls_out(store, canary, query), "the case no longer reaches the engine as SERVICE"
    with pytest.raises(QueryError) as refused:
        screen(query)
    assert not isinstance(refused.value, UpdateRefused)


def test_service_to_a_variable_is_refused_even_with_an_allow_list(canary):
    for query in (
        f"SELECT * {{ VALUES ?e {{ <{canary.url}> }} SERVICE ?e {{ ?x ?y ?z }} }}",
        "SELECT * { SERVICE SILENT ?e { ?x ?y ?z } }",
    ):
        with pytest.raises(ServiceRefused):
            screen(query, [canary.url])


def test_allow_list_is_exact(canary):
    ok = screen(f"BASE <{canary.url}> SELECT * {{ SERVICE <> {{}} }}", [canary.url])
    assert ok.service_iris == [canary.url]
    for other in (canary.url + "#x", canary.url.upper(), canary.url + "/", canary.url[:-1]):
        with pytest.raises(ServiceRefused):
            screen(f"SELECT * {{ SERVICE <{other}> {{}} }}", [canary.url])


@pytest.mark.parametrize(
    "query",
    [
        "\\u0049NSERT DATA { <a:s> <a:p> 1 }",  # SPARQL 1.1 §19.2: escapes stand anywhere
        "SELECT * {} ; \\u0044ROP ALL",
        "SELECT * { SERV\\u0049CE <http://evil.example/> {} }",
    ],
)
def test_escaped_keywords_are_read(query):
    with pytest.raises(QueryError):
        screen(query)


def test_escaped_delimiters_are_refused_but_plain_escapes_pass():
    with pytest.raises(QueryError, match="delimiter"):
        screen('SELECT ("\\u0022" AS ?q) {}')
    assert screen('SELECT ("caf\\u00e9" AS ?x) { ?s <http://x/\\u00e9> ?o }').form == "SELECT"


@pytest.mark.parametrize(
    "query",
    [
        'DEFINE get:soft "replace" SELECT * FROM <http://evil.example/> { ?s ?p ?o }',
        'SELECT (bif:file_to_string("/etc/passwd") AS ?x) {}',
        'SELECT (<bif:file_to_string>("/etc/passwd") AS ?x) {}',
        'SELECT (sql:exec("x") AS ?x) {}',
    ],
)
def test_virtuoso_extensions_refused(query):
    with pytest.raises(QueryError):
        screen(query)


def test_comparisons_and_iris_in_ordinary_queries_still_pass():
    queries = [
        "SELECT * { ?s ?p ?o FILTER(?o<3 && ?s>1) }",
        "SELECT * { ?s ?p ?o FILTER(?o IN (<http://x/a>, <http://x/b>)) }",
        'SELECT * { ?s ?p ?o FILTER(?o = "1"^^<http://www.w3.org/2001/XMLSchema#int>) }',
        "SELECT * { ?s ?p (<http://x/a> <http://x/service>) }",
        "SELECT * { ?s (<http://x/p>|<http://x/q>)* ?o }",
        "SELECT (COUNT(DISTINCT <http://x/a>) AS ?n) {}",
        "SELECT * { VALUES (?a ?b) { (<http://x/a> <http://x/service/drop>) } }",
        "SELECT * { ?s <http://x/p> (1 <http://x/insert>) }",
    ]
    for query in queries:
        assert screen(query).form == "SELECT", query


# --- search: whatever passes the screen does not call out -----------------------------------

FRAGMENTS = [
    "?s ?p ?o",
    "?x ?y ?z",
    ".",
    "FILTER(1<2)",
    "FILTER(?s<?o)",
    "FILTER(",
    ")",
    "<",
    ">",
    "SERVICE",
    "SILENT",
    "service",
    "SERV\\u0049CE",
    "{CANARY}",
    "<{CANARY}>",
    "#>",
    "#",
    "\n",
    "{",
    "}",
    "{ ?x ?y ?z }",
    "'",
    '"',
    "'''",
    '"""',
    "\\u0027",
    "\\u003C",
    "<a\\u0041'b>",
    "<a>",
    "(",
    "OPTIONAL",
    "FILTER EXISTS",
    "BIND(1 AS ?b)",
    "c:",
    "?e",
    "\\",
    "1",
    "||",
    "true",
]
SEPARATORS = st.sampled_from(["", " ", "\n", "\t"])


@st.composite
def smuggled_queries(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=12))
    seps = draw(st.lists(SEPARATORS, min_size=len(parts), max_size=len(parts)))
    body = "".join(sep + part for sep, part in zip(seps, parts, strict=True))
    return "PREFIX c: <{CANARY}#>\nSELECT * { ?s ?p ?o " + body + " }"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(smuggled_queries())
def test_nothing_that_passes_calls_out(store, canary, template):
    query = template.replace("{CANARY}", canary.url)
    try:
        screen(query)
    except QueryError:
        return
    assert not calls_out(store, canary, query), query


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_screen_raises_only_query_errors(text):
    with contextlib.suppress(QueryError):
        screen(text)


# --- nesting: the engine's parser overflows its stack, so the screen stops deep text ----------

CRASHER = "SELECT * { " + "{" * 5000 + "}" * 5000 + " }"  # 10,011 characters


def test_deep_nesting_kills_the_engine_so_the_screen_refuses_it(tmp_path):
    import subprocess
    import sys

    script = tmp_path / "crash.py"
    script.write_text(f"import pyoxigraph\nlist(pyoxigraph.Store().query({CRASHER!r}))\n")
    run = subprocess.run([sys.executable, str(script)], capture_output=True, timeout=60)
    assert run.returncode < 0, run  # killed by a signal (SIGSEGV): a stack overflow
    with pytest.raises(QueryError, match="nested more than"):
        screen(CRASHER)
    for depth in (100, 127):  # and the WHERE braces
        screen("SELECT * { " + "{" * depth + "}" * depth + " }")
    for deep in (
        "ASK { " + "FILTER EXISTS { " * 200 + "}" * 200 + " }",
        "SELECT * { FILTER(" + "(" * 200 + "1" + ")" * 200 + ") }",
        "SELECT * { ?s <p:a> " + "[ <p:a> " * 400 + "1" + " ]" * 400 + " }",
    ):
        with pytest.raises(QueryError, match="nested"):
            screen(deep)
