"""The header's search box in a real browser (issue 16): Playwright drives Debian's chromium
against `xjftz serve` (the ``site_server`` fixture), as tests/test_site_browser.py does.

The headline question typed into the box on the home page must show measures 6, 7 and 16, each
with its sentences and the words that carry each facet marked; the autocomplete offers labels of
the vocabularies in either language.
"""

from __future__ import annotations

import re

import pytest
from conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.mark.parametrize("question", ["中亚 物流", "measures involving Central Asia and logistics"])
def test_the_headline_typed_into_the_header_box(page, question: str) -> None:
    page.goto("/plan")
    box = page.locator("header #ask-q")
    box.fill(question)
    box.press("Enter")
    page.wait_for_url(re.compile(r"/ask\?"))
    cards = page.locator(".ask-answers > li")
    cards.first.wait_for()
    assert [int(n) for n in cards.evaluate_all("els => els.map(e => e.dataset.number)")] == [
        6,
        7,
        16,
    ]
    chips = page.locator(".ask-chip").all_inner_texts()
    assert any("Central Asia" in c for c in chips) and any("Logistics" in c for c in chips)
    six = page.locator("#measure-6")
    assert six.locator(".ask-apart").count() == 1  # Central Asia and logistics apart in 6
    assert {"中亚", "中哈", "物流"} <= set(six.locator("mark").all_inner_texts())
    sixteen = page.locator("#measure-16")
    assert "中吉乌" in sixteen.locator("mark").all_inner_texts()
    assert sixteen.locator(".ask-sentence").count() >= 2
    page.screenshot(path=str(ARTIFACTS / "ask-headline.png"), full_page=True)
    # "as SPARQL" opens the query page with the named query and its parameters, and runs it.
    page.locator("a.ask-sparql").click()
    page.wait_for_url(re.compile(r"/query\?named=measures-by-region-and-topic"))
    assert "region%2F143" in page.url and "topic%2Flogistics" in page.url
    # Removing a chip asks again without it.
    page.go_back()
    page.locator(".ask-chip[data-kind=topic] a.ask-remove").click()
    page.wait_for_url(re.compile(r"/ask\?"))
    assert page.locator(".ask-chip").count() == 1


def test_autocomplete_offers_labels_as_the_reader_types(page) -> None:
    page.goto("/?lang=zh")
    box = page.locator("header #ask-q")
    box.press_sequentially("哈萨", delay=30)
    option = page.locator("#ask-list li").first
    option.wait_for()
    assert "哈萨克斯坦" in option.inner_text()
    box.press("ArrowDown")
    box.press("Enter")  # chooses the option, does not submit
    assert box.input_value() == "哈萨克斯坦 "
    box.press("Enter")
    page.wait_for_url(re.compile(r"/ask\?"))
    assert [int(n) for n in page.locator(".ask-answers > li").evaluate_all(
        "els => els.map(e => e.dataset.number)")] == [6]  # fmt: skip
