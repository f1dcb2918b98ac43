"""The entity browser over HTTP: negotiation, 404s, languages, headers (issues 6.1, 6.2, 9.3)."""

from __future__ import annotations

import json
import re

import pytest
from rdflib import Graph, Literal, URIRef

M16 = URIRef("https://w3id.org/xjftz/id/measure/16")
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
FORMATS = {
    "ttl": ("text/turtle", "turtle"),
    "jsonld": ("application/ld+json", "json-ld"),
    "nt": ("application/n-triples", "nt"),
    "rdf": ("application/rdf+xml", "xml"),
}


def _graph(response, rdflib_format: str) -> Graph:
    return Graph().parse(data=response.get_data(as_text=True), format=rdflib_format)


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_suffix_gives_each_rdf_format(site, suffix):
    media, parser = FORMATS[suffix]
    r = site.get(f"/id/measure/16.{suffix}")
    assert r.status_code == 200
    assert r.mimetype == media
    assert "Accept" in r.headers["Vary"]
    g = _graph(r, parser)
    assert (M16, URIRef("https://w3id.org/xjftz/ontology#measureNumber"), Literal(16)) in g
    # labels of what it links to come along
    assert (URIRef("https://w3id.org/xjftz/id/task-group/6"), None, None) in g


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/n-triples", "application/n-triples"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/rdf+xml;q=0.5, text/turtle", "text/turtle"),
        (BROWSER_ACCEPT, "text/html"),
        ("*/*", "text/html"),
        ("text/html", "text/html"),
        ("", "text/html"),
    ],
)
def test_accept_header_negotiates(site, accept, media):
    r = site.get("/id/measure/16", headers={"Accept": accept} if accept else {})
    assert r.status_code == 200
    assert r.mimetype == media
    assert "Accept" in r.headers["Vary"]


@pytest.mark.parametrize(
    ("value", "media"),
    [
        ("ttl", "text/turtle"),
        ("turtle", "text/turtle"),
        ("jsonld", "application/ld+json"),
        ("json-ld", "application/ld+json"),
        ("nt", "application/n-triples"),
        ("rdfxml", "application/rdf+xml"),
        ("rdf", "application/rdf+xml"),
        ("html", "text/html"),
    ],
)
def test_format_parameter_wins_over_accept(site, value, media):
    r = site.get(f"/id/measure/16?format={value}", headers={"Accept": BROWSER_ACCEPT})
    assert r.status_code == 200 and r.mimetype == media


def test_unknown_format_is_400(site):
    r = site.get("/id/measure/16?format=pdf", headers={"Accept": "text/plain"})
    assert r.status_code == 400
    assert "pdf" in r.get_data(as_text=True)


def test_jsonld_is_json_with_the_entity(site):
    doc = json.loads(site.get("/id/country/KZ.jsonld").get_data(as_text=True))
    text = json.dumps(doc, ensure_ascii=False)
    assert "https://w3id.org/xjftz/id/country/KZ" in text and "哈萨克斯坦" in text


def test_unknown_iri_is_a_404_page_or_text(site):
    html = site.get("/id/measure/99", headers={"Accept": BROWSER_ACCEPT})
    assert html.status_code == 404 and html.mimetype == "text/html"
    assert "https://w3id.org/xjftz/id/measure/99" in html.get_data(as_text=True)
    text = site.get("/id/measure/99", headers={"Accept": "text/plain"})
    assert text.status_code == 404 and text.mimetype == "text/plain"
    assert site.get("/id/measure/99.ttl").status_code == 404


BAD_PATHS = ["/id/a%20b", "/id/a/../b", "/id/a//b", "/id/%3Cscript%3E", "/id/" + "x" * 500]


@pytest.mark.parametrize("path", BAD_PATHS)
def test_paths_that_cannot_be_iris_are_400(site, path):
    r = site.get(path, headers={"Accept": BROWSER_ACCEPT})
    assert r.status_code in (400, 404)
    assert "Traceback" not in r.get_data(as_text=True)
    if "%3C" in path:
        assert r.status_code == 400 and "<script>" not in r.get_data(as_text=True)


def test_measure_page_shows_text_mentions_statements_and_picture(site):
    html = site.get("/id/measure/16?lang=en").get_data(as_text=True)
    assert "Build a modern comprehensive transport hub system" in html
    assert "构建现代综合交通枢纽体系" in html
    # Chinese text with mentions linked, English beside it with the entities listed
    assert re.search(r'<a class="mention[^"]*" href="/id/place/urumqi"', html)
    assert "Accelerate the building of the Urumqi land-port-type" in html
    assert "Linked entities" in html
    # outgoing properties labelled from the ontology, values linked
    assert ">Has topic<" in html and 'href="/id/topic/logistics"' in html
    # incoming links with counts, the inverse's label where the ontology declares one
    assert 'class="count">8<' in html
    # the neighbourhood picture's data (drawn by graph.js) and its text: a list of the links
    assert '<figure class="xj-graph"' in html and 'class="xj-graph-data"' in html
    picture = html[
        html.index('<figure class="xj-graph"') : html.index(
            "</figure>", html.index('<figure class="xj-graph"')
        )
    ]
    assert (
        'Is part of → <a href="/id/task-group/6" lang="en">'
        "Task group 6: Build a comprehensive logistics hub connecting Eurasia</a>" in picture
    )


def test_country_page_shows_where_the_plan_mentions_it(site):
    html = site.get("/id/country/PK?lang=en").get_data(as_text=True)
    assert "Where the plan mentions it" in html
    assert 'href="/id/provision/measure-16-7"' in html
    # the sentence with the entity's own words marked: 中巴 in 中巴多式联运
    assert '<a class="mention" href="/id/country/PK" title="Pakistan">中巴</a>多式联运' in html
    assert "Involved in" in html  # incoming xjo:involves, headed by its inverse


def test_entity_pages_say_what_the_build_infers(site):
    """Issue 15: Kazakhstan only inside the Horgos centre's name, South Asia only through
    Pakistan — shown as such, not as mentions."""
    kz = site.get("/id/country/KZ?lang=en").get_data(as_text=True)
    assert "Where the plan mentions it" not in kz
    assert "Linked by inference, not a mention" in kz
    assert 'href="/id/provision/measure-6-7"' in kz
    assert "in the name “中哈霍尔果斯国际边境合作中心” (“中哈”)" in kz
    south_asia = site.get("/id/region/034?lang=en").get_data(as_text=True)
    assert "via Pakistan (“中巴”)" in south_asia
    europe = site.get("/id/region/150?lang=zh").get_data(as_text=True)
    assert "在名称“中欧班列”中（“中欧”）" in europe


def test_zone_page_shows_components_and_functions_by_framing(site):
    html = site.get("/id/zone/kashgar?lang=zh").get_data(as_text=True)
    assert "片区总面积 28.48 平方公里" in html
    assert "喀什综合保税区" in html and "3.56" in html
    assert "新疆生产建设兵团第三师" in html and "3.81" in html
    for framing in ("重点发展", "积极培育", "做大做强"):
        assert framing in html
    assert html.index("重点发展") < html.index("积极培育")
    assert 'href="/id/industry/textiles-garments"' in html


def test_provision_page_shows_its_sentence_in_both_languages(site):
    html = site.get("/id/provision/measure-17-5?lang=en").get_data(as_text=True)
    assert "中欧班列" in html and "China–Europe Railway Express" in html
    assert 'href="/plan#measure-17-5"' in html


def test_label_falls_back_to_the_other_language(xss_app, site):
    # Every label in the plan graph has both languages; the fallback shows on a label-less
    # language through a resource whose only label is English.
    from webapp.shared.nodes import Node

    node = Node("https://w3id.org/xjftz/id/x", (("en", "only English"),))
    assert node.label("zh") == "Only English" and node.label_lang("zh") == "en"
    assert Node("https://w3id.org/xjftz/id/x").label("zh") == "x"


def test_language_by_parameter_cookie_and_accept_language(site_app):
    client = site_app.test_client()
    zh = client.get("/id/measure/16", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert '<html lang="zh-Hans">' in zh.get_data(as_text=True)
    en = client.get("/id/measure/16", headers={"Accept-Language": "en-GB,en;q=0.8"})
    assert '<html lang="en">' in en.get_data(as_text=True)
    chosen = client.get("/id/measure/16?lang=en", headers={"Accept-Language": "zh-CN"})
    assert "lang=en" in chosen.headers["Set-Cookie"]
    remembered = client.get("/plan", headers={"Accept-Language": "zh-CN"})
    assert '<html lang="en">' in remembered.get_data(as_text=True)
    assert site_app.test_client().get("/?lang=fr").status_code == 400


def test_switch_links_keep_the_other_parameters(site):
    html = site.get("/measures?topic=logistics&lang=en").get_data(as_text=True)
    assert 'href="/measures?topic=logistics&amp;lang=zh"' in html


PAGES = [
    "/",
    "/id/measure/16",
    "/plan",
    "/measures",
    "/query",
    "/matrix",
    "/downloads",
    "/ontology",
]


@pytest.mark.parametrize("path", [*PAGES, "/id/nothing", "/sparql", "/api/queries"])
def test_security_headers_on_every_response(site, path):
    r = site.get(path)
    csp = r.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Referrer-Policy"]
    assert r.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_inline_script_or_style(site, path):
    html = site.get(path).get_data(as_text=True)
    # scripts by src only; JSON data islands (never run) are allowed
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", html)
    assert " style=" not in html and "<style" not in html
    assert " on" + "click=" not in html


def test_no_debug_mode_and_errors_without_traces(site_app, monkeypatch):
    from webapp import create_app

    assert not create_app({"QUERY_PROCESSES": 0}).debug
    app = create_app({"QUERY_PROCESSES": 0})  # not TESTING: errors go to the handlers

    def boom(*_a, **_k):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("webapp.pages.entity.views.describe", boom)
    r = app.test_client().get("/id/measure/16", headers={"Accept": BROWSER_ACCEPT})
    body = r.get_data(as_text=True)
    assert r.status_code == 500
    assert "secret internals" not in body and "Traceback" not in body
    assert "服务器内部错误" in body or "Internal error" in body


def test_a_store_timeout_is_a_503_page(monkeypatch):
    from queries.errors import QueryTimeout
    from webapp import create_app

    app = create_app({"QUERY_PROCESSES": 0})

    def slow(*_a, **_k):
        raise QueryTimeout("query stopped after 10 s at worker 4711")

    monkeypatch.setattr("webapp.pages.entity.views.describe", slow)
    r = app.test_client().get("/id/measure/16", headers={"Accept": BROWSER_ACCEPT})
    assert r.status_code == 503 and r.headers["Retry-After"]
    assert "4711" not in r.get_data(as_text=True)


def test_error_pages_name_both_languages(site):
    body = site.get("/no/such/page", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Not found" in body and "未找到" in body


def test_incoming_limit_matches_its_query():
    from queries.library import get_site_query
    from webapp.pages.entity.data import IN_LIMIT

    assert f"LIMIT {IN_LIMIT}\n" in get_site_query("entity-in").text
