"""The map, the neighbourhood graph and the query editor in a real browser (issue 17, point 8).

Input:  the published graph served by gunicorn (``site_server``); Debian's chromium driven by
        Playwright; the front-end from ``make frontend`` (webapp/static/vendor/).
Output: the map draws the three areas and the partner countries and links them; the graph
        shows whole labels at a readable size and answers the keyboard; the editor completes a
        class and an entity by its label and shows an error's position; the chart and map views;
        axe-core finds no serious or critical violation on these pages in either language;
        screenshots (zh and en, desktop and phone) in tests/artifacts/.

The picture tests repeat one frame on purpose (parametrised by language and viewport, open the
page, wait until drawn, measure, screenshot): one test per picture.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import pytest
from conftest import ARTIFACTS, require, watch_errors

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VENDOR = Path(__file__).resolve().parents[1] / "webapp" / "static" / "vendor"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
LOCALES = {"zh": "zh-CN", "en": "en-US"}


@pytest.fixture(scope="module")
def browser(browser: object) -> object:
    """The shared chromium, once the front-end libraries these pages load are in place."""
    require((VENDOR / "manifest.json").is_file(), "the front-end is not installed (make frontend)")
    return browser


@pytest.fixture()
def open_page(browser, site_server):
    """``open_page(path, lang, viewport)`` → a page; console errors (CSP violations and failed
    loads included) fail the test, except a 400 that the query editor provokes on purpose."""
    contexts, errors = [], []

    def opener(path: str, lang: str = "en", viewport: dict = DESKTOP):
        context = browser.new_context(
            base_url=site_server.url, locale=LOCALES[lang], viewport=viewport
        )
        contexts.append(context)
        page = context.new_page()
        watch_errors(page, errors)
        sep = "&" if "?" in path else "?"
        page.goto(f"{path}{sep}lang={lang}")
        return page

    yield opener
    for context in contexts:
        context.close()
    assert not errors, errors


def shot(page, name: str, full: bool = True) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


# --- the map ---------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_draws_the_areas_and_the_partners_and_links_them(open_page, lang):
    page = open_page("/map", lang)
    page.wait_for_selector("figure.xj-map[data-drawn]")
    areas = page.locator(".xj-map-svg a.area")
    assert sorted(areas.evaluate_all("els => els.map(a => a.getAttribute('href'))")) == [
        "/id/zone/kashgar",
        "/id/zone/khorgos",
        "/id/zone/urumqi",
    ]
    names = areas.evaluate_all("els => els.map(a => a.textContent)")
    expected = "喀什片区" if lang == "zh" else "Kashgar Area"
    assert any(n.startswith(expected) for n in names), names
    partners = page.locator(".xj-map-svg a.partner")
    hrefs = partners.evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert sorted(hrefs) == sorted(f"/id/country/{c}" for c in ("KZ", "KG", "UZ", "TJ", "TM", "PK"))
    # shaded by their count: a country that measures name is darker than one they do not
    shade = {
        h: c
        for h, c in zip(
            hrefs,
            partners.evaluate_all("els => els.map(a => a.getAttribute('class'))"),
            strict=True,
        )
    }
    assert "q0" in shade["/id/country/TJ"] and "q0" not in shade["/id/country/KZ"]
    assert page.locator('.xj-map-svg a.region-link[href="/id/region/143"]').count() == 1
    # the areas sit inside the picture
    box = page.locator(".xj-map-svg").bounding_box()
    for i in range(areas.count()):
        dot = areas.nth(i).locator("circle").bounding_box()
        assert box["x"] <= dot["x"] and dot["x"] + dot["width"] <= box["x"] + box["width"]
        assert box["y"] <= dot["y"] and dot["y"] + dot["height"] <= box["y"] + box["height"]
    shot(page, f"map-{lang}-desktop")
    page.locator('.xj-map-svg a.area[href="/id/zone/kashgar"]').click()
    page.wait_for_url("**/id/zone/kashgar*")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_on_a_phone(open_page, lang):
    page = open_page("/map", lang, PHONE)
    page.wait_for_selector("figure.xj-map[data-drawn]")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1
    size = page.evaluate(
        "() => parseFloat(getComputedStyle("
        "document.querySelector('.xj-map-svg .area-label')).fontSize)"
    )
    scale = page.evaluate(
        "() => { const s = document.querySelector('.xj-map-svg'); "
        "return s.getBoundingClientRect().width / s.viewBox.baseVal.width; }"
    )
    assert size * scale >= 11, (size, scale)  # readable, not shrunk to a thumbnail
    shot(page, f"map-{lang}-phone")


# --- the neighbourhood graph ------------------------------------------------------------------

GRAPH_FACTS = """() => {
  const fig = document.querySelector('figure.xj-graph');
  const cy = fig.xjCy;
  const w = cy.width(), h = cy.height();
  const nodes = cy.nodes().map(n => {
    const bb = n.renderedBoundingBox({includeLabels: true});
    return {label: n.data('label'), shown: n.style('label'), wrap: n.style('text-wrap'),
            inside: bb.x1 >= -1 && bb.y1 >= -1 && bb.x2 <= w + 1 && bb.y2 <= h + 1};
  });
  const list = Array.from(fig.querySelectorAll('.xj-graph-list li a, .xj-graph-list li > span'))
    .map(a => a.textContent);
  return {nodes, list, px: cy.zoom() * 13};
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_graph_shows_whole_labels_at_a_readable_size(open_page, lang, viewport):
    page = open_page("/id/measure/16", lang, viewport)
    page.wait_for_selector("figure.xj-graph[data-drawn]")
    facts = page.evaluate(GRAPH_FACTS)
    labels = [n["label"] for n in facts["nodes"]]
    assert len(labels) > 10
    for n in facts["nodes"]:
        assert n["shown"] == n["label"] and n["wrap"] != "ellipsis", n  # whole, never cut
        assert not n["label"].endswith("…") and n["inside"], n
    assert sorted(labels[1:]) == sorted(facts["list"])  # the list beside says the same
    long = (
        "三、（六）建设联通欧亚的综合物流枢纽"
        if lang == "zh"
        else "Task group 6: Build a comprehensive"
    )
    assert any(label.startswith(long) for label in labels), labels
    assert facts["px"] >= 10, facts["px"]  # label text in CSS pixels
    name = "desktop" if viewport is DESKTOP else "phone"
    page.locator("figure.xj-graph").scroll_into_view_if_needed()
    shot(page, f"graph-measure-16-{lang}-{name}")


def test_graph_by_keyboard_and_edge_labels_on_demand(open_page):
    page = open_page("/id/country/KZ", "en")
    page.wait_for_selector("figure.xj-graph[data-drawn]")
    edge_label = "() => document.querySelector('figure.xj-graph').xjCy.edges()[0].style('label')"
    assert page.evaluate(edge_label) == ""
    page.locator("figure.xj-graph input[data-act=edge-labels]").check()
    assert page.evaluate(edge_label) != ""
    zoom = "() => document.querySelector('figure.xj-graph').xjCy.zoom()"
    before = page.evaluate(zoom)
    page.locator("figure.xj-graph button[data-act=in]").click()
    assert page.evaluate(zoom) > before
    canvas = page.locator(".xj-graph-canvas")
    canvas.focus()
    live = page.locator(".xj-graph-focus")
    assert live.inner_text().startswith("Kazakhstan")
    page.keyboard.press("ArrowRight")
    first = page.locator(".xj-graph-list li").first
    target = first.locator("a").get_attribute("href")
    assert live.inner_text().startswith(first.locator("a").inner_text())
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{target}*")


# --- the query editor -------------------------------------------------------------------------

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # pragma: no cover - the browser fixture skips (or fails in CI) first
    PlaywrightTimeout = TimeoutError

HINTS = (
    "() => Array.from(document.querySelectorAll('.CodeMirror-hints li')).map(l => l.textContent)"
)


def type_at_end(page, text: str, typed: str, expect: str) -> list[str]:
    """Set the editor to ``text``, type ``typed`` at its end, wait for a hint containing
    ``expect`` (the completer asks the endpoint), and return the hints shown."""
    page.keyboard.press("Escape")
    page.wait_for_selector(".CodeMirror-hints", state="detached")
    page.evaluate(
        "(t) => { const y = window.xjftzYasgui.getTab().getYasqe(); y.setValue(t); y.focus();"
        " y.setCursor({line: y.lastLine(), ch: y.getLine(y.lastLine()).length}); }",
        text,
    )
    page.keyboard.type(typed)
    # On a timeout the caller's assertion shows what was offered instead.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "(e) => Array.from(document.querySelectorAll('.CodeMirror-hints li'))"
            ".some(l => l.textContent.includes(e))",
            arg=expect,
            timeout=15_000,
        )
    return page.evaluate(HINTS)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_completion_offers_a_class_and_an_entity_by_its_label(open_page, lang):
    page = open_page("/query", lang)
    page.wait_for_selector("html[data-yasgui=ready]")
    prefix = "PREFIX xjo: <https://w3id.org/xjftz/ontology#>\nSELECT * WHERE {\n  ?m a xjo:Mea"
    hints = type_at_end(page, prefix, "s", "xjo:Measure")
    label = "措施" if lang == "zh" else "Measure"
    assert any(h.startswith("xjo:Measure") and h.endswith(label) for h in hints), hints
    page.locator(".CodeMirror-hints li", has_text="xjo:Measure").first.click()
    assert "?m a xjo:Measure" in page.evaluate(
        "() => window.xjftzYasgui.getTab().getYasqe().getValue()"
    )
    hints = type_at_end(page, "SELECT * WHERE {\n  ?m ?p 哈萨", "克", "country/KZ")
    assert any("哈萨克斯坦" in h and "Kazakhstan" in h and "country/KZ" in h for h in hints), hints
    page.locator(".CodeMirror-hints li", has_text="country/KZ").first.click()
    value = page.evaluate("() => window.xjftzYasgui.getTab().getYasqe().getValue()")
    assert value.endswith("?m ?p <https://w3id.org/xjftz/id/country/KZ>"), value
    hints = type_at_end(page, "SELECT * WHERE {\n  ?m ?p Kashg", "a", "zone/kashgar")
    assert any("country" not in h and "zone/kashgar" in h for h in hints), hints
    shot(page, f"query-completion-entity-{lang}", full=False)
    # prefixes: completed after PREFIX, and declared by themselves when a prefixed name is typed
    hints = type_at_end(page, "PREFIX xj", "i", "xjid:")
    assert "xjid: <https://w3id.org/xjftz/id/>" in hints, hints
    hints = type_at_end(page, "SELECT * WHERE {\n  ?s a ", "eli:", "eli:Legal")
    value = page.evaluate("() => window.xjftzYasgui.getTab().getYasqe().getValue()")
    assert value.startswith("PREFIX eli: <http://data.europa.eu/eli/ontology#>\n"), value
    assert "eli:LegalExpression" in hints, hints  # the graph's own classes in that namespace
    shot(page, f"query-completion-class-{lang}", full=False)


def test_chart_and_map_views_where_the_rows_allow(open_page):
    page = open_page("/query?named=measures-per-region&run=1", "zh")
    page.wait_for_selector(".yasr table.dataTable tbody tr")
    rows = page.locator(".yasr table.dataTable tbody tr").count()
    # the labels in the page language, not raw IRIs
    assert page.locator('.yasr a.iri[href="/id/region/143"]').inner_text() == "中亚"
    page.locator(".yasr .select_chart:visible").click()
    bars = page.locator(".yasr:visible svg.bar-chart rect.bar")
    bars.first.wait_for()
    assert bars.count() == rows
    label = page.locator(".yasr:visible svg.bar-chart a[href='/id/region/143'] text")
    assert label.text_content() == "中亚"
    shot(page, "query-chart-zh")
    page.locator(".yasr .select_map:visible").click()
    page.wait_for_selector(".yasr figure.xj-map[data-drawn]")
    region = page.locator(".yasr:visible a.region-link[href='/id/region/143']")
    assert re.search(r"中亚 · \d+", region.text_content())
    shot(page, "query-map-zh")
    # a result with nothing to place has no map view
    page.goto("/query?named=measures-per-task-group&run=1&lang=zh")
    page.wait_for_selector(".yasr table.dataTable tbody tr")
    assert "disabled" in page.locator(".yasr .select_map:visible").get_attribute("class")


ENGLISH_LEFT = """() => {
  const out = [];
  const visible = (e) => e && e.getClientRects().length > 0
    && getComputedStyle(e).visibility !== 'hidden';
  const root = document.getElementById('yasgui');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let t;
  while ((t = walker.nextNode())) {
    const s = t.nodeValue.trim(), e = t.parentElement;
    if (!/[A-Za-z]{3,}/.test(s) || !visible(e)) continue;
    if (e.closest('.CodeMirror-code, table, svg')) continue;
    if (/^(CSV|TSV|JSON|SPARQL)$/.test(s)) continue;
    out.push(s);
  }
  root.querySelectorAll('[title],[aria-label],[placeholder]').forEach(e => {
    if (!visible(e) || e.closest('table')) return;
    ['title', 'aria-label', 'placeholder'].forEach(a => {
      const v = e.getAttribute(a) || '';
      const words = v.replace(/CSV|SPARQL|https?:\\/\\/\\S+/g, '');
      if (/[A-Za-z]{3,}/.test(words)) out.push(a + ': ' + v);
    });
  });
  return out;
}"""


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_query_page_screenshots(open_page, lang, viewport):
    page = open_page("/query?named=measures-by-region-and-topic&run=1", lang, viewport)
    page.wait_for_selector(".yasr table.dataTable tbody tr")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1
    # YASGUI's own words in the page language
    run_button = page.locator(".yasqe_queryButton:visible").get_attribute("aria-label")
    assert run_button == ("运行查询" if lang == "zh" else "Run query")
    if lang == "zh":  # no English left in YASGUI's visible words (data and code aside)
        english = page.evaluate(ENGLISH_LEFT)
        assert not english, english
    name = "desktop" if viewport is DESKTOP else "phone"
    shot(page, f"query-{lang}-{name}")


# --- accessibility: axe-core, served from the site ---------------------------------------------

AXE_PAGES = ["/map", "/id/measure/16", "/id/country/KZ", "/query", "/query?named=zones&run=1"]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_serious_violation(open_page, path, lang):
    page = open_page(path, lang)
    if path.startswith("/query"):
        page.wait_for_selector("html[data-yasgui=ready]")
        if "run=1" in path:
            page.wait_for_selector(".yasr table.dataTable tbody tr")
    elif path == "/map":
        page.wait_for_selector("figure.xj-map[data-drawn]")
    else:
        page.wait_for_selector("figure.xj-graph[data-drawn]")
    page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
    result = page.evaluate(
        "() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']})"
    )
    bad = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, bad


def test_without_javascript_the_query_page_and_the_pictures_still_serve(browser, site_server):
    """The plain form runs a query on the server; the pictures' lists carry their links."""
    context = browser.new_context(base_url=site_server.url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/query?lang=en")
    assert page.locator("#yasgui-panel").is_hidden()
    page.locator("#sparql").fill(
        "PREFIX xjo: <https://w3id.org/xjftz/ontology#>\n"
        "SELECT ?m ?n WHERE { ?m xjo:measureNumber ?n } ORDER BY ?n"
    )
    page.locator("#editor-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"query="))
    assert page.locator("#results tbody tr").count() == 25
    page.goto("/map?lang=en")
    assert page.locator('.xj-map-lists a[href="/id/zone/kashgar"]').is_visible()
    page.goto("/id/measure/16?lang=en")
    assert page.locator('.xj-graph-list a[href="/id/task-group/6"]').is_visible()
    shot(page, "no-js-measure-16")
    context.close()


def test_an_area_page_shows_the_map_with_that_area_drawn_stronger(open_page):
    page = open_page("/id/zone/kashgar", "zh")
    page.wait_for_selector("figure.xj-map[data-drawn]")
    focused = page.locator(".xj-map-svg a.focus")
    assert focused.count() == 1 and focused.get_attribute("href") == "/id/zone/kashgar"
    assert focused.get_attribute("aria-current") == "page"
    page.locator("figure.xj-map").scroll_into_view_if_needed()
    shot(page, "map-on-zone-kashgar-zh", full=False)


def test_share_gives_the_sites_permalink_which_reopens_the_query(open_page, site_server):
    page = open_page("/query?named=zones&run=1", "en")
    page.wait_for_selector(".yasr table.dataTable tbody tr")
    page.locator(".yasqe_share:visible").click()
    link = page.locator(".yasqe_sharePopup input").first.input_value()
    assert link.startswith(site_server.url + "/query?query=")
    page.goto(link)  # a fresh load runs it: the server's table, then YASGUI's
    page.wait_for_selector(".yasr table.dataTable tbody tr >> visible=true")
    assert page.locator('.yasr a.iri[href="/id/zone/kashgar"] >> visible=true').count() == 1
