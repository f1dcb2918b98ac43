"""Fuzzing the running app (issue 9, point 5): never a 500, never a dead server.

hypothesis generates SPARQL text (random text with NULs and odd unicode, real queries
mutated, deep nesting, huge literals, bytes that are not UTF-8) sent every way /sparql takes
it; named-query calls with random parameter names and values; and URL paths (random /id/
paths, percent-encodings, traversal attempts, very long paths). Through Flask's test client
for speed, then a smaller run against granian over real sockets — raw bytes included —
after which the same web workers still answer. A 503 is an allowed answer (a time limit);
a 500, a file's content in a body or a restarted worker is a failure.
"""

from __future__ import annotations

import os
import socket
from urllib.error import HTTPError
from urllib.parse import quote, urlencode
from urllib.request import Request, urlopen

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queries.library import load_library
from tests import procs

SPARQL_OK = {200, 400, 403, 406, 413, 414, 415, 503}
API_OK = {200, 400, 404, 406, 503}
PAGE_OK = {200, 301, 302, 308, 400, 404, 405, 406, 414, 503}
SECRETS = (b"root:x:0:0", b"[build-system]", b"BEGIN RSA", b"Traceback")
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
LIBRARY = load_library()
SEEDS = [q.text for q in LIBRARY.values()] + [
    "SELECT * WHERE { ?s ?p ?o } LIMIT 5",
    "ASK { ?s a <https://w3id.org/xjftz/ontology#Zone> }",
    "CONSTRUCT WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o }",
    'SELECT ?x { BIND("\\u00e9" AS ?x) FILTER(?x < "z") }',
]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(text)))
        how = draw(st.sampled_from(["insert", "delete", "duplicate", "case"]))
        if how == "insert":
            text = text[:at] + draw(st.text(max_size=8)) + text[at:]
        elif how == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 20)) :]
        elif how == "duplicate":
            text = text[:at] + text[at : at + 30] + text[at:]
        else:
            text = text[:at] + text[at:].swapcase()
    return text


def nested(depth: int, kind: str) -> str:
    opening, closing = {"{": ("{ ", "} "), "(": ("(", ")"), "[": ("[ <p:a> ", "] ")}[kind]
    inner = opening * depth + ("1" if kind == "(" else "") + closing * depth
    if kind == "(":
        return f"SELECT * {{ FILTER({inner}) }}"
    if kind == "[":
        return f"SELECT * {{ ?s <p:a> {inner.replace('] ', ']', 1)} }}"
    return f"SELECT * {{ {inner} }}"


FUNCTIONS = [
    "STR", "LANG", "LANGMATCHES", "DATATYPE", "BOUND", "IRI", "BNODE", "RAND", "ABS", "CEIL",
    "STRLEN", "SUBSTR", "UCASE", "STRSTARTS", "CONTAINS", "ENCODE_FOR_URI", "CONCAT", "REGEX",
    "REPLACE", "YEAR", "TZ", "NOW", "MD5", "SHA512", "COALESCE", "IF", "STRLANG", "STRDT",
    "isNUMERIC", "<http://x.example/fn>", "<http://www.w3.org/2001/XMLSchema#integer>",
    "<http://www.w3.org/2001/XMLSchema#dateTime>",
]  # fmt: skip
ARGUMENTS = st.sampled_from(
    ['"("', '"["', "?s", "?o", "1", "-0.0e400", '"x"@en', '"2023-13-45T99:99"', "<p:a>", '""']
)
CALLS = st.builds(
    lambda fn, args: f"SELECT ?s ({fn}({', '.join(args)}) AS ?x) {{ ?s ?p ?o }} LIMIT 3",
    st.sampled_from(FUNCTIONS),
    st.lists(ARGUMENTS, max_size=4),
)

QUERIES = st.one_of(
    CALLS,
    st.text(max_size=400),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=200).map(lambda t: t + "\x00"),
    mutated(),
    st.builds(nested, st.integers(1, 6000), st.sampled_from(["{", "(", "["])),
    st.integers(1, 17_000).map(lambda n: f'SELECT ("{"x" * n}" AS ?x) {{}}'),
    st.integers(1, 300).map(lambda n: "SELECT * { " + "OPTIONAL { ?s ?p ?o } " * n + "}"),
)


def send_query(client, how: str, query: str):
    if how == "get":
        return client.get("/sparql?query=" + quote(query, safe=""))
    if how == "form":
        body = urlencode({"query": query}).encode()
        return client.post("/sparql", data=body, content_type="application/x-www-form-urlencoded")
    return client.post("/sparql", data=query.encode(), content_type="application/sparql-query")


@settings(FUZZ, max_examples=400)
@given(query=QUERIES, how=st.sampled_from(["get", "form", "direct"]))
def test_sparql_never_500(sparql_app, query, how):
    r = send_query(sparql_app.test_client(), how, query)
    assert r.status_code in SPARQL_OK, (r.status_code, query[:200], r.data[:300])


@FUZZ
@given(
    body=st.binary(max_size=400),
    content_type=st.sampled_from(
        [
            "application/sparql-query",
            "application/sparql-query; charset=utf-8",
            "application/x-www-form-urlencoded",
            "application/sparql-update",
            "multipart/form-data; boundary=x",
            "text/plain",
        ]
    ),
)
def test_any_bytes_in_the_body(sparql_app, body, content_type):
    r = sparql_app.test_client().post("/sparql", data=body, content_type=content_type)
    assert r.status_code in SPARQL_OK, (r.status_code, body[:100], r.data[:200])


def _param_names(query_id: str) -> list[str]:
    query = LIBRARY.get(query_id)
    return [p.name for p in query.params] if query else []


VALUES = st.one_of(
    st.text(max_size=60),
    st.integers(-(10**12), 10**12).map(str),
    st.sampled_from(
        [
            "https://w3id.org/xjftz/id/region/143",
            "https://w3id.org/xjftz/id/country/KZ",
            "http://evil.example/x> } DROP ALL { <y",
            "file:///etc/passwd",
            "json",
            "",
            "中亚",
            "a\x00b",
        ]
    ),
)


@st.composite
def api_calls(draw: st.DrawFn) -> str:
    query_id = draw(st.sampled_from([*LIBRARY, "nothing", "../sparql", "%2e%2e"]))
    names = draw(
        st.lists(
            st.one_of(st.sampled_from([*_param_names(query_id), "format"]), st.text(max_size=8)),
            max_size=4,
        )
    )
    pairs = [(n, draw(VALUES)) for n in names]
    return f"/api/queries/{quote(query_id, safe='%')}?{urlencode(pairs)}"


@FUZZ
@given(url=api_calls())
def test_named_queries_never_500(sparql_app, url):
    r = sparql_app.test_client().get(url)
    assert r.status_code in API_OK, (r.status_code, url, r.data[:300])
    if r.status_code != 200:
        assert r.is_json and r.json["status"] == r.status_code


TRAVERSALS = [
    "/id/../../etc/passwd",
    "/id/..%2f..%2f..%2fetc%2fpasswd",
    "/id/%2e%2e/%2e%2e/etc/passwd",
    "/downloads/..%2f..%2fpyproject.toml",
    "/downloads/%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/downloads/../../pyproject.toml",
    "/downloads/..%5c..%5cpyproject.toml",
    "/static/..%2f..%2fpyproject.toml",
    "/static/%2e%2e/%2e%2e/pyproject.toml",
    "/static/....//....//pyproject.toml",
    "//etc/passwd",
    "/id/%00",
    "/id/%ff%fe",
    "/id/file:%2F%2F%2Fetc%2Fpasswd",
    "/id/" + "a" * 20_000,
    "/id/" + "%41" * 5_000,
    "/" + "x/" * 3_000,
]
SEGMENT = st.text(max_size=20).map(lambda t: quote(t, safe=""))


@st.composite
def paths(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["id", "downloads", "static", "traversal", "raw", "page"]))
    if kind == "traversal":
        return draw(st.sampled_from(TRAVERSALS))
    if kind == "page":
        page = draw(st.sampled_from(["/", "/plan", "/measures", "/query", "/matrix", "/ontology"]))
        params = draw(st.lists(st.tuples(st.text(max_size=8), VALUES), max_size=3))
        return page + "?" + urlencode(params)
    if kind == "raw":
        return "/" + draw(st.text(alphabet=st.characters(codec="ascii"), max_size=40)).lstrip("/")
    segments = draw(st.lists(SEGMENT, min_size=1, max_size=5))
    return f"/{kind}/" + "/".join(segments)


@settings(FUZZ, max_examples=400)
@given(path=paths(), accept=st.sampled_from(["text/html", "text/turtle", "*/*", ""]))
def test_paths_never_500_nor_leak(site_app, path, accept):
    r = site_app.test_client().get(path, headers={"Accept": accept} if accept else {})
    assert r.status_code in PAGE_OK, (r.status_code, path[:200])
    assert not any(s in r.data for s in SECRETS), path[:200]


# --- the same against granian, over real sockets -------------------------------------------


def live_status(url: str, data: bytes | None = None, content_type: str | None = None) -> int:
    headers = {"Content-Type": content_type} if content_type else {}
    try:
        with urlopen(Request(url, data=data, headers=headers), timeout=30) as r:
            body = r.read()
            status = r.status
    except HTTPError as exc:
        body, status = exc.read(), exc.code
    assert not any(s in body for s in SECRETS), url[:200]
    return status


def raw_request(port: int, head: bytes, body: bytes = b"") -> int:
    """Send bytes that no client library would (a request line, headers, a body); the status."""
    length = b"\r\nContent-Length: %d" % len(body) if body else b""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(head + length + b"\r\nHost: x\r\nConnection: close\r\n\r\n" + body)
        answer = sock.recv(200)
    return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0


@pytest.mark.slow
def test_live_server_survives_fuzzing(bounded_server):
    server = bounded_server
    workers = {p.pid for p in procs.web_workers(server.process.pid)}
    counts = {"sparql": 0, "api": 0, "path": 0, "raw": 0}

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        query=QUERIES, how=st.sampled_from(["get", "form", "direct"]), url=api_calls(), path=paths()
    )
    def run(query, how, url, path):
        if how == "get":
            status = live_status(server.endpoint + "?query=" + quote(query, safe=""))
        elif how == "form":
            body = urlencode({"query": query}).encode()
            status = live_status(server.endpoint, body, "application/x-www-form-urlencoded")
        else:
            status = live_status(server.endpoint, query.encode(), "application/sparql-query")
        assert status in SPARQL_OK, (status, query[:200])
        assert live_status(server.url + url) in API_OK, url
        wire = quote(path, safe="/%?=&:;@!$'()*+,~")  # no control characters on the wire
        assert live_status(server.url + wire) in PAGE_OK, path[:200]
        counts["sparql"] += 1
        counts["api"] += 1
        counts["path"] += 1

    run()
    direct = b"POST /sparql HTTP/1.1\r\nContent-Type: application/sparql-query"
    for head, body in (
        (b"GET /id/\xff\xfe\x00 HTTP/1.1", b""),
        (b"GET /sparql?query=ASK%7B%7D\xc3\x28 HTTP/1.1", b""),
        (b"GET /" + b"%" * 100 + b" HTTP/1.1", b""),
        (b"GET /downloads/..%2f..%2f..%2fetc%2fpasswd HTTP/1.1", b""),
        (direct, b"\xff\xfe\x00A"),
        (direct, b"ASK {}\x00\xc3\x28\xed\xa0\x80"),
        (b"GARBAGE", b""),
    ):
        status = raw_request(server.port, head, body)
        assert status == 0 or status < 500 or status == 503, (head, status)
        counts["raw"] += 1
    print(f"live fuzz requests: {counts}")
    assert live_status(server.endpoint + "?query=" + quote("ASK {}")) == 200
    assert {p.pid for p in procs.web_workers(server.process.pid)} == workers  # none died
    assert os.path.exists(f"/proc/{server.process.pid}")


# --- regressions the fuzzing led to ------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "SELECT (<http://x.example/fn>(1) AS ?x) {}",  # was a 500: an unknown function
        "PREFIX f: <http://x.example/> SELECT * { ?s ?p ?o FILTER(f:g(?o)) }",
        "SELECT * { ?s ?p ?o } ORDER BY <http://x.example/fn>(?o)",
    ],
)
def test_unknown_function_is_a_client_error(sparql_app, query):
    r = sparql_app.test_client().get("/sparql?query=" + quote(query))
    assert r.status_code == 400, r.data
    assert "cannot be evaluated" in r.get_data(as_text=True)
