"""Every label and literal renders as text (issue 9 point 3), on a graph made of markup.

tests/data/xss-sample.ttl labels its entities ``<script>alert(…)</script>`` and
``<img src=x onerror=alert(…)>``, puts both in the plan's texts (with a mention that cuts a
``<script>`` tag in two) and links a ``javascript:`` IRI. Each page is checked for the raw markup
and for the escaped text. The tests read pages and look for strings as
tests/test_site_browse.py does on the published graph: the same shape, other data, on purpose.
"""

from __future__ import annotations

import json
import re

import pytest
from markupsafe import Markup

from webapp.shared.bilingual import bilingual
from webapp.shared.highlight import Span, fold_en, match_markup
from webapp.shared.nodes import Node

RAW = ("<script>alert", "<img src=x", "<svg onload", "<b onmouseover", "<b>部分", "<i>任务组")
PAGES = [
    "/id/measure/1",
    "/id/provision/measure-1-1",
    "/id/provision/measure-1-2",
    "/id/country/XX",
    "/id/region/999",
    "/id/topic/evil",
    "/id/zone/evil",
    "/id/plan/evil",
    "/plan",
    "/plan?topic=evil",
    "/id/",
    "/id/country/",
    "/id/topic/",
    "/measures",
    "/measures?q=script",
    "/measures?q=%3Cimg",
    "/measures?q=%E4%B8%AD%E4%BA%9A",
    "/measures?topic=evil",
    "/matrix",
    "/query?query=SELECT+%3Fs+%3Fl+WHERE+%7B+%3Fs+%3Chttp%3A%2F%2Fwww.w3.org%2F2000%2F01%2Frdf-schema%23label%3E+%3Fl+%7D",
    "/query?named=entities-of-kind&class=https%3A%2F%2Fw3id.org%2Fxjftz%2Fontology%23Country&run=1",
    "/query?named=measure-provisions&number=1&run=1",
    "/",
]


def _no_raw_markup(html: str) -> None:
    for raw in RAW:
        assert raw not in html, raw
    assert 'href="javascript:' not in html.lower()
    # Scripts come from /static/ only; data for the pictures and the editor comes as JSON
    # islands (type="application/json", never run), written by |tojson: no "<" inside, so no
    # label can close the element.
    assert not re.search(
        r"<script(?![^>]*\bsrc=\"/static/)(?![^>]*type=\"application/json\")", html
    )
    for island in re.findall(r'<script type="application/json"[^>]*>(.*?)</script>', html, re.S):
        assert "<" not in island and json.loads(island) is not None


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_markup_in_the_data_renders_as_text(xss_app, path, lang):
    r = xss_app.test_client().get(path + ("&" if "?" in path else "?") + f"lang={lang}")
    assert r.status_code == 200, (path, r.status_code)
    _no_raw_markup(r.get_data(as_text=True))


def test_the_escaped_text_is_there(xss_app):
    client = xss_app.test_client()
    measure = client.get("/id/measure/1?lang=en").get_data(as_text=True)
    assert "&lt;img src=x onerror=alert(1)&gt; measure" in measure
    provision = client.get("/id/provision/measure-1-1?lang=zh").get_data(as_text=True)
    # the mention over "<scr" is a link whose text is escaped, the rest of the tag after it
    assert '<a class="mention k-country" href="/id/country/XX"' in provision
    assert "&lt;scr</a>ipt&gt;alert(1)&lt;/script&gt;" in provision
    quotes = client.get("/id/provision/measure-1-2").get_data(as_text=True)
    assert "&#34;引号&#34; &amp; &lt;符号&gt;" in quotes
    search = client.get("/measures?q=%3Cimg").get_data(as_text=True)
    assert '<mark class="match">&lt;img</mark>' in search


def test_javascript_iris_are_not_links(xss_app):
    html = xss_app.test_client().get("/id/measure/1").get_data(as_text=True)
    assert "javascript:alert(1)" in html  # shown …
    assert 'href="javascript' not in html  # … never linked


@pytest.mark.parametrize(
    "path",
    [
        "/id/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "/measures?region=%3Cscript%3Ealert(1)%3C/script%3E",
        "/query?query=%3Cscript%3Ealert(1)%3C/script%3E",
        "/query?named=%3Cscript%3E",
        "/no-such-page-%3Cscript%3E",
    ],
)
def test_error_messages_escape_what_they_quote(xss_app, path):
    r = xss_app.test_client().get(path, headers={"Accept": "text/html"})
    assert r.status_code in (400, 404)
    _no_raw_markup(r.get_data(as_text=True))


def test_json_endpoints_escape_nothing_but_are_json(xss_app):
    r = xss_app.test_client().get("/api/entities?q=script")
    assert r.mimetype == "application/json"
    assert r.headers["X-Content-Type-Options"] == "nosniff"


# --- the highlighters themselves (bilingual.py, highlight.py) ------------------------------

KZ = Node("https://w3id.org/xjftz/id/country/KZ", (("en", "Kazakhstan"), ("zh", "哈萨克斯坦")))
HORGOS = Node("https://w3id.org/xjftz/id/organization/horgos", (("en", "Horgos <centre>"),))


def test_overlapping_mentions_link_the_narrower_span():
    text = "依托中哈霍尔果斯国际边境合作中心"
    out, _ = bilingual(text, "", [Span(2, 4, KZ), Span(2, 16, HORGOS)], {}, {}, "en")
    assert isinstance(out, Markup)
    assert out == (
        '依托<a class="mention k-country mention-nested" href="/id/country/KZ" '
        'title="Kazakhstan; Horgos &lt;centre&gt;">中哈</a>'
        '<a class="mention k-organization" href="/id/organization/horgos" '
        'title="Horgos &lt;centre&gt;">霍尔果斯国际边境合作中心</a>'
    )


def test_spans_out_of_range_are_ignored_and_text_is_escaped():
    out, _ = bilingual("<a>&", "", [Span(1, 99, KZ), Span(3, 2, KZ)], {}, {}, "zh")
    assert out == "&lt;a&gt;&amp;"


def test_matches_are_case_and_dash_insensitive_in_english():
    out = match_markup("The China–Europe <Railway> Express", "china-europe <rail", fold_en)
    assert out == 'The <mark class="match">China–Europe &lt;Rail</mark>way&gt; Express'
