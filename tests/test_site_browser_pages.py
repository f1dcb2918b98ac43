"""Every kind of page in a real browser, both languages, desktop and phone (issue 17.8).

Input:  the published graph served by gunicorn (``site_server``); Debian's chromium through
        Playwright; axe-core from its npm package (``make frontend`` copies it to
        webapp/static/vendor/axe-core/, the site's own copy).
Output: a topic page marks its triggers in both languages; the reader's filter dims the other
        measures and its contents stay in view; axe-core finds no serious or critical
        violation on any page kind in either language; on a phone every navigation entry is
        reachable and the downloads table fits; screenshots of every page kind, zh and en,
        desktop and phone, in tests/artifacts/pages/ (git-ignored).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ARTIFACTS, require

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ARTIFACTS / "pages"
AXE = (
    ROOT / "webapp/static/vendor/axe-core/axe.min.js",
    ROOT / "webapp/frontend/node_modules/axe-core/axe.min.js",
)
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
# One page of each kind: (name, path, full-page screenshot?)
KINDS = [
    ("home", "/", True),
    ("plan", "/plan", False),
    ("plan-filtered", "/plan?zone=kashgar", False),
    ("measures", "/measures?region=143", True),
    ("matrix", "/matrix", False),
    ("query", "/query", True),
    ("downloads", "/downloads", True),
    ("ontology", "/ontology", False),
    ("map", "/map", True),
    ("lists-index", "/id/", True),
    ("list-countries", "/id/country/", True),
    ("scheme-industries", "/id/scheme/industries", False),
    ("measure", "/id/measure/16", True),
    ("provision", "/id/provision/measure-16-3", True),
    ("country", "/id/country/KZ", True),
    ("region", "/id/region/143", True),
    ("topic", "/id/topic/logistics", False),
    ("zone", "/id/zone/urumqi", True),
    ("agency", "/id/agency/state-council", True),
    ("industry", "/id/industry/textiles-garments", True),
    ("not-found", "/id/nothing", True),
    ("ask-lists", "/ask?q=哪些国家和地区", False),
    ("ask-area", "/ask?q=喀什片区的面积", False),
    ("ask-responsible", "/ask?q=谁负责", False),
]


def _axe_file() -> Path | None:
    return next((p for p in AXE if p.is_file()), None)


@pytest.fixture(scope="module")
def browser(browser: object) -> object:
    """The shared chromium, with this module's screenshot folder in place."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    return browser


def _context(browser, server, lang: str, device: dict, **extra):
    return browser.new_context(
        base_url=server.url, locale="zh-CN" if lang == "zh" else "en-US", **device, **extra
    )


def _settle(page) -> None:
    """Wait until the page's scripts have drawn what they draw (graph, map, editor)."""
    page.wait_for_load_state("load")
    if page.locator("figure.xj-graph").count():
        page.wait_for_selector("figure.xj-graph[data-drawn]")
    if page.locator("figure.xj-map").count():
        page.wait_for_selector("figure.xj-map[data-drawn]")
    if page.url.split("?")[0].endswith("/query"):
        page.wait_for_selector("html[data-yasgui=ready]")


def _url(path: str, lang: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}lang={lang}"


def test_topic_page_marks_its_triggers_in_both_languages(browser, site_server):
    context = _context(browser, site_server, "en", DESKTOP)
    page = context.new_page()
    page.goto("/id/topic/logistics?lang=en")
    texts = page.locator(".topic-texts li")
    assert texts.count() > 10
    for i in range(texts.count()):
        item = texts.nth(i)
        assert item.locator("p.zh mark.trigger").count() >= 1
        assert item.locator("p.en mark.trigger").count() >= 1
    first = page.locator(".topic-texts p.en mark.trigger").first
    assert first.inner_text().lower().startswith(("logistic", "cold", "ware", "freight", "supply"))
    background = first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # visibly marked
    context.close()


def test_reader_filter_dims_the_rest_and_the_contents_stay_in_view(browser, site_server):
    context = _context(browser, site_server, "en", DESKTOP)
    page = context.new_page()
    page.goto("/plan?lang=en")
    page.locator("#reader-filter-box > summary").click()  # the filter folds away until used
    page.select_option("#reader-filter select[name=zone]", "kashgar")
    page.locator("#reader-filter button[type=submit]").click()
    page.wait_for_url("**zone=kashgar**")
    matched = page.locator("section.unit-measure.matched")
    assert matched.count() == 1 and matched.first.get_attribute("id") == "measure-17"
    assert page.locator("section.unit-measure.dimmed").count() == 24

    # Dimmed by a grey background and muted text (not by opacity: the text keeps its contrast).
    def colours(selector: str) -> list[str]:
        return page.locator(selector).evaluate(
            "e => [getComputedStyle(e).backgroundColor, getComputedStyle(e.querySelector('p'))"
            ".color]"
        )

    assert colours("#measure-1") != colours("#measure-17")
    # Previous/next between measures, and the contents beside the text while scrolling.
    page.locator('#measure-17 a[rel="next"]').click()
    page.wait_for_url("**#measure-18")
    page.mouse.wheel(0, 6000)
    page.wait_for_function("window.scrollY > 5000")
    top = page.locator("nav.toc-side").evaluate("e => e.getBoundingClientRect().top")
    assert -1 <= top <= 5
    assert page.locator("a.back-to-top").is_visible()
    context.close()


def test_phone_reaches_every_navigation_entry_and_the_downloads_fit(browser, site_server):
    context = _context(browser, site_server, "zh", PHONE)
    page = context.new_page()
    page.goto("/downloads?lang=zh")
    width = page.evaluate("window.innerWidth")
    for name in ("下载", "本体"):
        box = page.locator(".site-nav").get_by_role("link", name=name).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    table = page.locator("table.downloads").first
    fits = table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth + 1")
    assert fits
    file_column = page.locator("table.downloads td").first.bounding_box()
    assert file_column["width"] > 100  # the file names are not squeezed by the checksums
    context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_axe_finds_no_serious_violation_on_any_page_kind(browser, site_server, lang):
    axe = _axe_file()
    require(axe is not None, "axe-core is not installed (make frontend)")
    # The site's CSP allows only its own scripts; the test injects axe-core, so it bypasses it.
    context = _context(browser, site_server, lang, DESKTOP, bypass_csp=True)
    page = context.new_page()
    found: dict[str, list[str]] = {}
    for name, path, _full in KINDS:
        page.goto(_url(path, lang))
        _settle(page)
        page.add_script_tag(path=str(axe))
        result = page.evaluate(
            "async () => JSON.stringify((await axe.run(document, "
            "{resultTypes: ['violations']})).violations)"
        )
        bad = [
            f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
            for v in json.loads(result)
            if v["impact"] in ("serious", "critical")
        ]
        if bad:
            found[name] = bad
    context.close()
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_screenshots_of_every_page_kind(browser, site_server, lang, device):
    context = _context(browser, site_server, lang, DESKTOP if device == "desktop" else PHONE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    for name, path, full in KINDS:
        response = page.goto(_url(path, lang))
        assert response is not None
        assert response.status == (404 if name == "not-found" else 200), path
        _settle(page)
        target = SHOTS / f"{name}-{lang}-{device}.png"
        page.screenshot(path=str(target), full_page=full)
        assert target.stat().st_size > 5000
        # Nothing wider than the screen: no sideways scrolling of the whole page.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} is {overflow}px wider than the {device} screen"
    context.close()
    assert errors == []
