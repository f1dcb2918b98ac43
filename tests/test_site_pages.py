"""Explorer, text search, reader, downloads and the query page over HTTP (issues 6 and 10)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from named import run_select
from rdflib import Graph

ROOT = Path(__file__).resolve().parents[1]


def _measures_listed(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<li class="measure-card" id="measure-(\d+)">', html)]


def _count_of(html: str, facet: str, value: str) -> int | None:
    m = re.search(
        rf'data-facet="{facet}" data-value="{re.escape(value)}">'
        r'.*?<span class="count">(\d+)</span>',
        html,
        re.S,
    )
    return int(m.group(1)) if m else None


# --- explorer ------------------------------------------------------------------------------


def test_explorer_lists_all_25_measures_with_facet_counts(site):
    html = site.get("/measures?lang=en").get_data(as_text=True)
    assert _measures_listed(html) == list(range(1, 26))
    assert _count_of(html, "task-group", "6") == 3


def test_region_and_topic_filter_matches_the_named_query(site, published_store):
    html = site.get("/measures?region=143&topic=logistics").get_data(as_text=True)
    listed = _measures_listed(html)
    expected = [
        int(n)
        for n in run_select(published_store, "measures-by-region-and-topic", {}).column("number")
    ]
    assert listed == expected and 16 in listed
    # the facet counts are counts of the current result
    assert _count_of(html, "topic", "logistics") == len(listed)
    assert _count_of(html, "region", "143") == len(listed)


def test_on_the_sample_graph_region_and_topic_give_16_and_17(client):
    # tests/data/plan-sample.ttl: 16 names Central Asia, 17 reaches it through Kazakhstan
    html = client.get("/measures?topic=logistics&region=143").get_data(as_text=True)
    assert _measures_listed(html) == [16, 17]
    assert _count_of(html, "region", "143") == 2


def test_facet_counts_agree_with_sparql(site, published_store):
    html = site.get("/measures?topic=logistics").get_data(as_text=True)
    logistics = {
        int(n)
        for n in run_select(
            published_store,
            "measures-by-topic",
            {"topic": "https://w3id.org/xjftz/id/topic/logistics"},
        ).column("number")
    }
    assert set(_measures_listed(html)) == logistics
    central_asia = {
        int(n)
        for n in run_select(
            published_store,
            "measures-by-entity",
            {"entity": "https://w3id.org/xjftz/id/region/143"},
        ).column("number")
    }
    # region/143 includes its member countries' measures, as the named query does
    assert _count_of(html, "region", "143") == len(logistics & central_asia)


def test_a_region_includes_its_members_measures(site):
    html = site.get("/measures?region=143").get_data(as_text=True)
    kz = _measures_listed(site.get("/measures?country=KZ").get_data(as_text=True))
    assert kz and set(kz) <= set(_measures_listed(html))


def test_facet_links_toggle_values(site):
    html = site.get("/measures?topic=logistics&lang=en").get_data(as_text=True)
    assert 'href="/measures?topic=logistics&amp;region=143"' in html
    assert 'href="/measures" rel="nofollow" aria-current="true"' in html  # removes the filter


@pytest.mark.parametrize(
    "query",
    [
        "region=nowhere",
        "topic=%3Cscript%3E",
        "measure=26",
        "measure=x",
        "bogus=1",
        "q=" + "长" * 101,
    ],
)
def test_bad_explorer_parameters_are_400(site, query):
    r = site.get(f"/measures?{query}")
    assert r.status_code == 400
    assert "<script>" not in r.get_data(as_text=True)


# --- text search ---------------------------------------------------------------------------


def _matched_provisions(html: str) -> set[str]:
    return set(re.findall(r'<p class="where-small"><a href="/id/provision/([\w-]+)"', html))


def test_chinese_search_finds_the_railway_express(site):
    html = site.get("/measures?q=中欧班列").get_data(as_text=True)
    found = _matched_provisions(html)
    assert {p.split("-")[1] for p in found} == {"17", "18"}
    assert _measures_listed(html) == [17, 18]
    assert '<mark class="match">中欧班列</mark>' in html


@pytest.mark.parametrize(
    "phrase",
    ["China–Europe Railway Express", "china-europe railway express", "CHINA—EUROPE RAILWAY"],
)
def test_english_search_finds_the_same_sentences(site, phrase):
    zh = _matched_provisions(site.get("/measures?q=中欧班列").get_data(as_text=True))
    html = site.get("/measures", query_string={"q": phrase}).get_data(as_text=True)
    assert _matched_provisions(html) == zh
    assert re.search(r'<mark class="match">China–Europe Railway Express</mark>', html, re.I) or (
        '<mark class="match">China–Europe Railway</mark>' in html
    )


def test_search_needs_no_spaces_and_combines_with_facets(site):
    html = site.get("/measures?q=口岸&topic=logistics").get_data(as_text=True)
    listed = _measures_listed(html)
    assert listed and all(f"measure-{n}" in html for n in listed)
    assert '<mark class="match">口岸</mark>' in html


def test_search_outside_measures_is_listed_separately(site, published_store):
    rows = published_store.select(
        "SELECT ?t WHERE { <https://w3id.org/xjftz/id/provision/preamble-1> "
        "<https://w3id.org/xjftz/ontology#text> ?t FILTER(LANG(?t) = 'zh') }"
    )
    phrase = str(rows.rows[0][0])[:8]
    html = site.get("/measures", query_string={"q": phrase, "lang": "en"}).get_data(as_text=True)
    assert "Matching sentences elsewhere in the plan" in html
    assert "preamble-1" in _matched_provisions(html)


# --- plan reader ---------------------------------------------------------------------------


def test_reader_has_every_anchor_in_order(site):
    html = site.get("/plan").get_data(as_text=True)
    anchors = ["part-1", "section-2-2", "part-3", "task-group-6", "measure-16", "measure-16-3",
               "measure-17", "part-4", "part-4-7"]  # fmt: skip
    positions = [html.index(f'id="{a}"') for a in anchors]
    assert positions == sorted(positions)
    assert html.count('<div class="pair" id="') == 175


def test_reader_shows_both_languages_and_marks_authority(site):
    html = site.get("/plan?lang=en").get_data(as_text=True)
    assert "unofficial translation" in html and "authoritative" in html
    m16_3 = html[html.index('id="measure-16-3"') : html.index('id="measure-16-4"')]
    assert "加快建设" in m16_3 and "Accelerate the building of the" in m16_3
    # the mention marked in both languages, with its kind's colour
    assert m16_3.count('<a class="mention k-place" href="/id/place/urumqi"') == 2


# --- downloads -----------------------------------------------------------------------------


def test_downloads_list_checksums_that_match_the_files(site):
    html = site.get("/downloads").get_data(as_text=True)
    names = re.findall(r'<a href="/downloads/([^"]+)" download>', html)
    for required in ("xjftz.ttl", "xjftz.nt", "xjftz.jsonld", "xjftz.rdf", "void.ttl",
                     "ontology.ttl", "shapes.ttl", "provisions.csv", "provisions.tsv"):  # fmt: skip
        assert required in names
    assert any(n.startswith("vocabulary-") for n in names)
    rows = re.findall(
        r'<a href="/downloads/([^"]+)" download>.*?title="(\d+) bytes"'
        r'.*?<code class="sha">(\w+)</code>',
        html,
        re.S,
    )
    assert len(rows) == len(names)
    for name, size, sha in rows:
        body = site.get(f"/downloads/{name}").data
        assert len(body) == int(size), name
        assert hashlib.sha256(body).hexdigest() == sha, name
    disk = (ROOT / "graph" / "build" / "xjftz.ttl").read_bytes()
    assert site.get("/downloads/xjftz.ttl").data == disk


def test_rdfxml_download_holds_the_graph(site):
    r = site.get("/downloads/xjftz.rdf")
    assert r.mimetype == "application/rdf+xml"
    assert "attachment" in r.headers["Content-Disposition"]
    nt = Graph().parse(ROOT / "graph" / "build" / "xjftz.nt", format="nt")
    assert len(Graph().parse(data=r.data, format="xml")) == len(nt)


def test_bilingual_csv_and_tsv_have_175_provisions(site):
    data = site.get("/downloads/provisions.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(data)))
    assert rows[0] == ["provision_id", "measure_number", "zh", "en"]
    assert len(rows) == 176
    by_id = {r[0]: r for r in rows[1:]}
    assert by_id["measure-17-5"][1] == "17" and "中欧班列" in by_id["measure-17-5"][2]
    assert "China–Europe Railway Express" in by_id["measure-17-5"][3]
    assert by_id["preamble-1"][1] == ""
    tsv = site.get("/downloads/provisions.tsv").data.decode("utf-8").splitlines()
    assert len(tsv) == 176 and all(line.count("\t") == 3 for line in tsv)


@pytest.mark.parametrize(
    "path", ["/", "/plan", "/matrix", "/ontology", "/downloads", "/id/measure/16"]
)
def test_pages_refuse_parameters_they_do_not_take(site, path):
    r = site.get(f"{path}?utm_source=x", headers={"Accept": "text/html"})
    assert r.status_code == 400 and "utm_source" in r.get_data(as_text=True)


def test_unknown_download_is_404(site):
    assert site.get("/downloads/../pyproject.toml").status_code == 404
    assert site.get("/downloads/secret.ttl").status_code == 404


# --- query page and its JSON endpoints -----------------------------------------------------


def test_query_page_prefills_prefixes_and_lists_named_queries(site):
    html = site.get("/query").get_data(as_text=True)
    assert "PREFIX xjo: &lt;https://w3id.org/xjftz/ontology#&gt;" in html
    # the named queries as a gallery of links (each opens its form, without JavaScript too)
    assert '<a href="/query?named=measures-by-region-and-topic"' in html


def test_named_query_form_speaks_the_page_language(site):
    """Parameter names and descriptions come in Chinese from the .rq headers (issue 17.5)."""
    html = site.get("/query?named=measures-by-region-and-topic&lang=zh").get_data(as_text=True)
    assert '<label for="p-region">地区 * <code class="param-name">region</code>' not in html
    assert '<label for="p-region">地区' in html and "一个地区，例如中亚" in html
    assert "涉及某一地区（直接提及、通过其成员国" in html  # the query's description
    assert "a region, e.g. Central Asia" not in html
    english = site.get("/query?named=measures-by-region-and-topic&lang=en").get_data(as_text=True)
    assert '<label for="p-region">Region' in english and "a region, e.g. Central Asia" in english


def test_named_query_runs_server_side_with_labels_and_downloads(site):
    html = site.get("/query?named=measures-by-region-and-topic&run=1&lang=en").get_data(
        as_text=True
    )
    assert 'href="/id/measure/16"' in html
    assert "16. Build a modern comprehensive transport hub system" in html  # the label
    for fmt in ("csv", "tsv", "json"):
        assert "/api/queries/measures-by-region-and-topic?" in html and f"format={fmt}" in html
    # the region parameter is a pick list of regions by label
    assert '<option value="https://w3id.org/xjftz/id/region/143" selected>Central Asia' in html


def test_free_query_runs_and_links_downloads_and_permalink(site):
    q = "SELECT ?m WHERE { ?m <https://w3id.org/xjftz/ontology#measureNumber> 16 }"
    r = site.get("/query", query_string={"query": q})
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and 'href="/id/measure/16"' in html
    assert "/sparql?query=" in html and "format=csv" in html
    assert 'class="permalink" href="/query?query=' in html


def test_construct_query_offers_turtle(site):
    q = "CONSTRUCT WHERE { ?m <https://w3id.org/xjftz/ontology#measureNumber> ?n }"
    html = site.get("/query", query_string={"query": q}).get_data(as_text=True)
    assert "format=ttl" in html
    assert "Rows: 25" in html or "共 25 行" in html


def test_parser_error_is_shown_inline_with_400(site):
    r = site.get("/query", query_string={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert 'class="error-box"' in html and "error" in html.lower()
    assert site.get("/query", query_string={"query": "DROP ALL"}).status_code == 403


def test_bad_named_parameters_are_reported(site):
    r = site.get("/query?named=measures-by-topic&topic=https://example.org/x&run=1")
    assert r.status_code == 400 and "topic" in r.get_data(as_text=True)
    assert site.get("/query?named=nope").status_code == 400
    assert site.get("/query?whatever=1").status_code == 400


def test_entity_autocomplete_over_labels_and_alternative_labels(site):
    doc = json.loads(site.get("/api/entities?q=中亚&kinds=region").data)
    assert doc["entities"][0]["iri"] == "https://w3id.org/xjftz/id/region/143"
    alt = json.loads(site.get("/api/entities?q=Republic of Kazakhstan").data)["entities"]
    assert alt[0]["iri"] == "https://w3id.org/xjftz/id/country/KZ"
    assert site.get("/api/entities?q=").status_code == 400
    assert site.get("/api/entities?q=x&kinds=bogus").status_code == 400


def test_labels_endpoint(site):
    doc = json.loads(
        site.get("/api/labels?iri=https://w3id.org/xjftz/id/country/KZ&iri=https://x.org/y").data
    )
    assert doc["labels"] == {
        "https://w3id.org/xjftz/id/country/KZ": {"en": "Kazakhstan", "zh": "哈萨克斯坦"}
    }
    assert site.get("/api/labels?iri=not%20an%20iri").status_code == 400


# --- home, matrix, ontology ----------------------------------------------------------------


def test_home_counts_come_from_the_graph(site):
    html = site.get("/?lang=en").get_data(as_text=True)
    assert re.search(r'<span class="num">25</span> <span class="what">measures', html)
    assert re.search(r'<span class="num">175</span> <span class="what">sentences', html)
    assert "/query?named=measures-by-region-and-topic" in html


def test_matrix_cells_link_to_the_explorer_with_matching_counts(site):
    html = site.get("/matrix").get_data(as_text=True)
    cell = re.search(
        r'<a href="/measures\?region=143&amp;topic=logistics" title="[^"]*: (\d+)">', html
    )
    assert cell
    explorer = site.get("/measures?region=143&topic=logistics").get_data(as_text=True)
    assert int(cell.group(1)) == len(_measures_listed(explorer))
    assert '<a href="/measures?measure=16&amp;topic=logistics"' in html


def test_ontology_page_in_both_languages_with_term_anchors(site):
    zh = site.get("/ontology?lang=zh").get_data(as_text=True)
    en = site.get("/ontology?lang=en").get_data(as_text=True)
    assert 'id="Measure"' in zh and 'id="involves"' in zh
    assert "对象属性" in zh and "Object properties" in en
