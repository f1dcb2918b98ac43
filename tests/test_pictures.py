"""The pictures' data and the front-end packaging, without a browser (issue 17, points 4, 5, 7).

Input:  the published graph through the app (``site``); the installed front-end
        (webapp/frontend/node_modules and webapp/static/vendor/, from ``make frontend``).
Output: the map's facts agree with the graph and the explorer and can be drawn (every partner's
        code is a country of the Natural Earth file, every area's point in Xinjiang with its
        source); the neighbourhood graph's data keeps whole labels; the libraries are pinned,
        served from the site with their licences; the query page's CSP allows exactly YASGUI's
        two fixed style elements.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import pytest
from conftest import require

ROOT = Path(__file__).resolve().parents[1]
FRONTEND = ROOT / "webapp" / "frontend"
VENDOR = ROOT / "webapp" / "static" / "vendor"
ID = "https://w3id.org/xjftz/id/"


def vendored(name: str) -> Path:
    path = VENDOR / name
    require(path.is_file(), f"{path} is missing (run `make frontend`)")
    return path


# --- the map ---------------------------------------------------------------------------------


@pytest.fixture()
def map_json(site) -> dict:
    r = site.get("/map/data.json?lang=en")
    assert r.status_code == 200 and r.mimetype == "application/json"
    return r.get_json()


def test_the_three_areas_are_placed_in_xinjiang_with_a_source(map_json):
    areas = {a["iri"]: a for a in map_json["areas"]}
    assert set(areas) == {ID + "zone/urumqi", ID + "zone/kashgar", ID + "zone/khorgos"}
    for a in areas.values():
        # Xinjiang spans about 73–97° E, 34–50° N
        assert 73 < a["lon"] < 97 and 34 < a["lat"] < 50, a
        assert a["source"].startswith("GeoNames") and a["place"], a
        assert a["href"] == "/id/zone/" + a["iri"].rsplit("/", 1)[-1]
    # Ürümqi lies east of Horgos, Kashgar south-west of both
    assert areas[ID + "zone/urumqi"]["lon"] > areas[ID + "zone/khorgos"]["lon"]
    assert areas[ID + "zone/kashgar"]["lat"] < areas[ID + "zone/khorgos"]["lat"]


def test_every_partner_country_can_be_drawn_from_natural_earth(map_json):
    world = json.loads(vendored("world-atlas/countries-110m.json").read_text())
    codes = {str(g["id"]) for g in world["objects"]["countries"]["geometries"] if "id" in g}
    countries = {c["iri"].rsplit("/", 1)[-1]: c for c in map_json["countries"]}
    assert set(countries) == {"KZ", "KG", "UZ", "TJ", "TM", "PK"}
    for alpha2, c in countries.items():
        assert c["m49"] in codes, (alpha2, c["m49"])
    assert countries["KZ"]["m49"] == "398" and countries["PK"]["m49"] == "586"


def test_only_a_region_with_all_its_members_is_outlined(map_json):
    regions = {r["iri"].rsplit("/", 1)[-1]: r for r in map_json["regions"]}
    central_asia = {m.rsplit("/", 1)[-1] for m in regions["143"]["members"]}
    assert central_asia == {"KZ", "KG", "UZ", "TJ", "TM"}
    assert regions["034"]["members"] == []  # South Asia: only Pakistan is listed, so no outline
    assert regions["150"]["members"] == []


def test_map_counts_agree_with_the_explorer(site_app, map_json):
    from webapp.pages.measures.data import explorer_index

    with site_app.app_context():
        index = explorer_index()
        counts = index.counts(index.measures)
    facet = {"areas": "zone", "countries": "country", "regions": "region"}
    checked = 0
    for group, name in facet.items():
        for item in map_json[group]:
            assert item["measures"] == counts[name].get(item["iri"], 0), (group, item["iri"])
            checked += 1
    assert checked >= 15
    assert any(item["measures"] > 0 for item in map_json["regions"])


def test_map_page_lists_every_place_as_a_link_in_the_page_language(site, map_json):
    html = site.get("/map?lang=zh").get_data(as_text=True)
    assert '<figure class="xj-map"' in html and 'class="xj-map-data"' in html
    for group in ("areas", "countries", "regions"):
        for item in map_json[group]:
            assert f'<a href="{item["href"]}">' in html, item["iri"]
    assert "哈萨克斯坦" in html and "喀什片区" in html and "中亚" in html
    assert "d3-geo.min.js" in html and "topojson-client.min.js" in html
    assert "//" not in re.sub(r"https?://w3id\.org|https://www\.w3\.org", "", _script_srcs(html))


def _script_srcs(html: str) -> str:
    return " ".join(re.findall(r'<script src="([^"]+)"', html))


# --- the neighbourhood graph ------------------------------------------------------------------


def test_graph_data_keeps_whole_labels_and_counts_what_it_leaves_out():
    from webapp.pages.entity.graph import MAX_NODES, Edge, neighbourhood_graph
    from webapp.shared.nodes import LabelSet

    labels = LabelSet()
    base = "https://w3id.org/xjftz/"
    long_label = "Task group 6: Build a comprehensive logistics hub connecting Eurasia"
    labels.add(base + "id/measure/16", "en", "16. Build a modern comprehensive transport hub")
    labels.add(base + "id/task-group/6", "en", long_label)
    from rdflib import URIRef

    def node(iri: str):
        return labels.node(URIRef(iri), base)

    centre = node(base + "id/measure/16")
    edges = [Edge(node(base + "id/task-group/6"), "Is part of", True)]
    edges += [Edge(node(f"{base}id/provision/measure-16-{i}"), "Has part", True) for i in range(30)]
    edges.append(Edge(node("http://www.wikidata.org/entity/Q232"), "Exact match", True))
    graph = neighbourhood_graph(centre, edges, "en")
    assert len(graph["nodes"]) == MAX_NODES + 1
    assert graph["hidden"] == len(edges) - MAX_NODES
    assert graph["nodes"][1]["label"] == long_label  # whole, not cut
    assert graph["nodes"][0]["kind"] == "centre" and graph["nodes"][1]["kind"] == "task-group"
    assert {e["source"] for e in graph["edges"]} == {centre.iri}
    wikidata = neighbourhood_graph(centre, edges[-1:], "en")
    assert wikidata["nodes"][1]["label"] == "Wikidata Q232"


# --- the front-end packages -------------------------------------------------------------------


def test_front_end_packages_are_pinned_and_served_with_their_licences():
    pins = json.loads((FRONTEND / "package.json").read_text())["dependencies"]
    assert pins and all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in pins.values()), pins
    lock = json.loads((FRONTEND / "package-lock.json").read_text())["packages"]
    for name, version in pins.items():
        assert lock[f"node_modules/{name}"]["version"] == version, name
    manifest = json.loads(vendored("manifest.json").read_text())
    licences = vendored("LICENSES.txt").read_text()
    for name in ("@zazuko/yasgui", "cytoscape", "d3-geo", "topojson-client", "world-atlas"):
        assert manifest[name]["version"] == pins[name], name
        assert f"{name} {pins[name]} — {manifest[name]['license']}" in licences, name
        for f in manifest[name]["files"]:
            assert (VENDOR / f).is_file(), f
    assert "codemirror" in licences and "jquery" in licences  # bundled inside yasgui.min.js


def test_axe_core_is_served_as_a_static_file(site):
    path = vendored("axe-core/axe.min.js")
    r = site.get("/static/vendor/axe-core/axe.min.js")
    assert r.status_code == 200 and len(r.data) == path.stat().st_size
    r.close()


def test_query_page_csp_allows_exactly_yasguis_two_style_elements(site):
    from webapp.pages.query.views import YASGUI_STYLE_HASHES
    from webapp.shared.site import CSP

    bundle = vendored("yasgui/yasgui.min.js").read_text()
    grips = re.search(r"createStyle\(a,`( \.grip-resizable[^`]*)`\)", bundle).group(1)
    cursor = re.search(r"`\*\{cursor:`\+n\.opt\.dragCursor\+`!important\}`", bundle)
    drag = re.search(r"dragCursor:`([a-z-]+)`", bundle).group(1)
    assert cursor and drag == "col-resize"
    expected = {
        "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"
        for css in (grips, "*{cursor:" + drag + "!important}")
    }
    assert set(YASGUI_STYLE_HASHES) == expected
    csp = site.get("/query").headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert csp == CSP.replace(
        "style-src 'self';", f"style-src 'self' {' '.join(YASGUI_STYLE_HASHES)};"
    )
    assert site.get("/map").headers["Content-Security-Policy"] == CSP


def test_every_named_query_speaks_chinese_on_the_query_page():
    """The query page shows each named query's description and its parameters' names and
    descriptions in the page language: the .rq header carries the Chinese (issue 17.5)."""
    from queries.library import load_library

    library = load_library()
    assert len(library) >= 20
    for query in library.values():
        assert query.description_zh, query.id
        for p in query.params:
            assert p.label_zh and p.label_en and p.description_zh, (query.id, p.name)
            assert p.label("zh") == p.label_zh and p.describe("zh") == p.description_zh
            assert p.describe("en") == p.description
