"""Lists to browse, curated entity pages, the reader's tools and the explorer's areas (issue 17).

Over HTTP with Flask's test client, on the published plan graph (the ``site`` fixture).
"""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest

ID = "https://w3id.org/xjftz/id/"


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def _entity_iris(published: str) -> list[str]:
    store = ox.Store()
    store.bulk_load(path=published, format=ox.RdfFormat.TURTLE)
    query = f'SELECT DISTINCT ?s WHERE {{ ?s a ?t FILTER(STRSTARTS(STR(?s), "{ID}")) }}'
    return sorted(row["s"].value for row in store.query(query))


def test_every_path_cut_back_answers(site, published_ttl):
    """/id/country/KZ → /id/country/ ; /id/zone/urumqi/bonded-zone → /id/zone/urumqi/, /id/zone/."""
    prefixes = {"/id/"}
    for iri in _entity_iris(str(published_ttl)):
        parts = iri[len(ID) :].split("/")
        prefixes.update("/id/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts)))
    assert {"/id/country/", "/id/topic/", "/id/zone/urumqi/"} <= prefixes
    failed = [p for p in sorted(prefixes) if site.get(p + "?lang=en").status_code != 200]
    assert failed == []
    assert site.get("/id/nothing-here/").status_code == 404


def test_lists_read_alphabetically_in_english_and_by_pinyin_in_chinese(site):
    en = _main(site.get("/id/country/?lang=en").get_data(as_text=True))
    names = re.findall(r'<a href="/id/country/[A-Z]{2}" lang="en">([^<]+)</a>', en)
    assert names == ["Kazakhstan", "Kyrgyzstan", "Pakistan", "Tajikistan", "Turkmenistan",
                     "Uzbekistan"]  # fmt: skip
    zh = _main(site.get("/id/country/?lang=zh").get_data(as_text=True))
    names = re.findall(r'<a href="/id/country/[A-Z]{2}" lang="zh">([^<]+)</a>', zh)
    # ba, ha, ji, ta, tu, wu
    assert names == ["巴基斯坦", "哈萨克斯坦", "吉尔吉斯斯坦", "塔吉克斯坦", "土库曼斯坦",
                     "乌兹别克斯坦"]  # fmt: skip


def test_a_list_counts_what_lies_right_under_its_path(site, published_ttl):
    store = ox.Store()
    store.bulk_load(path=str(published_ttl), format=ox.RdfFormat.TURTLE)
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?m a <https://w3id.org/xjftz/ontology#Mention> }"
    mentions = int(next(iter(store.query(query)))["n"].value)
    html = _main(site.get("/id/mention/?lang=en").get_data(as_text=True))
    # the mentions, not their parts (targets, selectors)
    assert re.search(rf'<h1>Mention\s*<span class="count">{mentions}</span>', html)
    zones = _main(site.get("/id/zone/?lang=en").get_data(as_text=True))
    assert re.search(r'<h1>Zone\s*<span class="count">3</span>', zones)
    # a component sits under its area, each entry named with its class where classes mix
    urumqi = zones.index('href="/id/zone/urumqi"')
    bonded = zones.index('href="/id/zone/urumqi/bonded-zone"')
    assert urumqi < bonded and "Comprehensive bonded zone" in zones[bonded : bonded + 400]


def test_a_scheme_page_lists_its_concepts_with_their_hierarchy(site):
    html = _main(site.get("/id/scheme/industries?lang=en").get_data(as_text=True))
    parent = html.index('href="/id/industry/textiles-garments"')
    child = html.index('href="/id/industry/cotton-textiles"')
    # the narrower concept sits in a nested list under its broader one
    between = html[parent:child]
    assert '<ul class="entity-tree">' in between and "</li>" not in between


def test_the_index_lists_every_scheme_and_kind(site, published_ttl):
    store = ox.Store()
    store.bulk_load(path=str(published_ttl), format=ox.RdfFormat.TURTLE)
    schemes = [
        r["s"].value
        for r in store.query(
            "SELECT ?s WHERE { ?s a <http://www.w3.org/2004/02/skos/core#ConceptScheme> }"
        )
    ]
    html = _main(site.get("/id/?lang=en").get_data(as_text=True))
    for scheme in schemes:
        assert f'href="/id/{scheme[len(ID) :]}"' in html
    for kind in ("country", "region", "agency", "industry", "topic", "zone", "measure"):
        assert f'href="/id/{kind}/"' in html


def test_list_counts_agree_with_the_explorer(site_app):
    with site_app.test_request_context("/"):
        from webapp.pages.lists.data import measure_numbers
        from webapp.pages.measures.data import explorer_index

        index = explorer_index()
        counts = index.counts(index.measures)
        checked = 0
        for facet, values in index.values.items():
            if facet == "task-group":
                continue
            for node in values:
                assert len(measure_numbers(node.iri)) == counts[facet][node.iri], node.iri
                checked += 1
        assert checked > 50


def test_home_counts_link_to_the_lists(site):
    html = _main(site.get("/?lang=en").get_data(as_text=True))
    for kind in ("country", "region", "agency", "industry", "topic", "zone"):
        assert re.search(rf'<a href="/id/{kind}/"><span class="num">\d+</span>', html)


def test_entity_page_links_to_the_explorer_filtered_by_it(site):
    html = site.get("/id/region/143?lang=en").get_data(as_text=True)
    link = '<a class="way" href="/measures?region=143">In the measures explorer (measures: 8)'
    assert link in html


def test_region_page_puts_members_first_and_measures_once(site):
    html = _main(site.get("/id/region/143?lang=en").get_data(as_text=True))
    members = html.index("Member countries and regions")
    measures = html.index("Measures that name it")
    sentences = html.index("Where the plan mentions it")
    statements = html.index('id="all-statements"')
    assert members < measures < sentences < statements
    curated = html[: html.index('class="picture"')]
    assert curated.count('href="/id/provision/section-1-2-1"') == 1  # one sentence, listed once


def test_inferred_measures_stand_apart_from_direct_mentions(site):
    html = _main(site.get("/id/zone/urumqi?lang=en").get_data(as_text=True))
    direct = html.index("Named directly")
    inferred = html.index("Inferred through the city")
    assert direct < inferred
    assert 'href="/id/measure/11"' in html[direct:inferred]  # names the Urumqi Area
    assert 'href="/id/measure/16"' in html[inferred:]  # names the land port area in Urumqi
    south_asia = _main(site.get("/id/region/034?lang=en").get_data(as_text=True))
    assert "Inferred through a member" in south_asia  # Pakistan named, not South Asia


def test_topic_page_marks_its_trigger_words_in_both_languages(site):
    html = _main(site.get("/id/topic/logistics?lang=en").get_data(as_text=True))
    assert "Sentences on this topic" in html
    zh = re.findall(r'<p class="zh" lang="zh-Hans">(.*?)</p>', html, re.S)
    en = re.findall(r'<p class="en" lang="en">(.*?)</p>', html, re.S)
    assert len(zh) == len(en) > 10
    assert all('<mark class="trigger"' in z for z in zh)
    assert all('<mark class="trigger"' in e for e in en)
    assert '<mark class="trigger" title="Logistics">cold-chain</mark>' in html


def test_measure_page_groups_its_entities_by_scheme_and_shows_each_sentence_once(site):
    html = _main(site.get("/id/measure/16?lang=en").get_data(as_text=True))
    text = html[: html.index('id="all-statements"')]
    assert text.count('id="measure-16-3"') + text.count("Sentence 3<") == 1
    scheme = html[html.index("Entities this measure names, by scheme") :]
    assert 'href="/id/scheme/places"' in scheme and 'href="/id/place/urumqi"' in scheme
    # and its topics: those of its own sentences only
    scheme = scheme[: scheme.index("</section>")]
    assert 'href="/id/topic/logistics"' in scheme and 'href="/id/topic/talent"' not in scheme


@pytest.mark.parametrize(
    ("query", "matched"),
    [("zone=kashgar", {17}), ("zone=khorgos", {6, 14, 19}), ("entity=country:KZ", {6})],
)
def test_reader_filter_dims_the_other_measures(site, query, matched):
    html = site.get(f"/plan?lang=en&{query}").get_data(as_text=True)
    found = {int(n) for n in re.findall(r'unit-measure matched" id="measure-(\d+)"', html)}
    dimmed = {int(n) for n in re.findall(r'unit-measure dimmed" id="measure-(\d+)"', html)}
    assert found == matched and len(found | dimmed) == 25
    assert f"{len(matched)} measure" in html


def test_reader_filter_rejects_an_unknown_value(site):
    assert site.get("/plan?zone=nowhere").status_code == 400
    assert site.get("/plan?entity=planet:mars").status_code == 400


def test_reader_has_previous_next_and_back_to_top(site):
    html = site.get("/plan?lang=en").get_data(as_text=True)
    m16 = html[html.index('id="measure-16"') : html.index('id="measure-17"')]
    assert 'href="#measure-15" rel="prev"' in m16 and 'href="#measure-17" rel="next"' in m16
    assert 'class="back-to-top" href="#main"' in html
    # the column headers sit above the text, not above the contents
    assert html.index('class="columns-legend"') > html.index('class="toc toc-side"')


def test_explorer_area_facet_lists_every_area_tied_to_measures(site):
    html = site.get("/measures?lang=en").get_data(as_text=True)
    for zone in ("urumqi", "kashgar", "khorgos"):
        assert f"zone={zone}" in html
    kashgar = site.get("/measures?zone=kashgar&lang=en").get_data(as_text=True)
    assert 'href="/id/measure/17"' in kashgar
