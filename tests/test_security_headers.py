"""Cross-cutting web safety (issue 9, point 3): headers on every route, no debug, no traces.

Every rule of ``app.url_map`` is requested — with a value that exists and with one that does
not — and every answer, error pages included, must carry Content-Security-Policy (with
``frame-ancestors``, or X-Frame-Options), ``X-Content-Type-Options: nosniff`` and a
Referrer-Policy. Debug mode is off unless ``xjftz serve --dev`` (not even by XJFTZ_DEV in the
environment). A store that raises gives 500 pages that show no stack trace, no exception text
and no file path, on every route, in debug mode too.
"""

from __future__ import annotations

import re

import pytest
from werkzeug.routing import Rule

from queries.stores.base import Store
from webapp import create_app
from xjftz.cli import build_parser

# A value per URL variable that exists in the published graph, and one that does not.
GOOD = {
    "filename": "site.css",
    "query_id": "zones",
    "path": "zone/kashgar",
    "name": "xjftz.ttl",
    "version": "0.1.0",  # /changes/<version>.<fmt>
    "fmt": "md",
}
BAD = {"filename": "nothing.css", "query_id": "nothing", "path": "nothing/here", "name": "x.exe",
       "version": "9.9.9", "fmt": "ttl"}  # fmt: skip
SECRET = "SECRET-DETAIL-7f3a"
LEAKS = re.compile(r"Traceback|RuntimeError|SECRET-DETAIL|/work/|\.py\b|line \d+", re.I)


def has_security_headers(headers) -> list[str]:
    """The names of the missing protections (empty when all are there)."""
    missing = []
    csp = headers.get("Content-Security-Policy", "")
    if not csp:
        missing.append("Content-Security-Policy")
    if "frame-ancestors" not in csp and not headers.get("X-Frame-Options"):
        missing.append("frame-ancestors / X-Frame-Options")
    if headers.get("X-Content-Type-Options", "").lower() != "nosniff":
        missing.append("X-Content-Type-Options")
    if not headers.get("Referrer-Policy"):
        missing.append("Referrer-Policy")
    return missing


def url_for_rule(rule: Rule, values: dict[str, str]) -> str:
    return rule.build({a: values[a] for a in rule.arguments}, append_unknown=False)[1]


def rules(app) -> list[Rule]:
    return sorted(app.url_map.iter_rules(), key=lambda r: r.rule)


def test_every_route_every_answer_has_the_headers(site_app):
    client = site_app.test_client()
    seen = []
    for rule in rules(site_app):
        for values in (GOOD, BAD):
            url = url_for_rule(rule, values)
            for method in sorted(rule.methods - {"HEAD"}):
                r = client.open(url, method=method, headers={"Accept": "text/html"})
                seen.append((method, url, r.status_code))
                missing = has_security_headers(r.headers)
                assert not missing, (method, url, r.status_code, missing)
                assert r.status_code < 500, (method, url, r.status_code)
    assert any(status == 200 for _, _, status in seen)
    assert any(status == 404 for _, _, status in seen)
    for url, method in (("/no/such/page", "GET"), ("/plan", "POST"), ("/sparql", "PUT")):
        r = client.open(url, method=method)
        assert r.status_code in (404, 405) and not has_security_headers(r.headers), url


def test_debug_is_off_by_default_and_env_cannot_turn_it_on(monkeypatch):
    from xjftz.commands.serve import _overrides

    assert create_app({"TESTING": True, "QUERY_PROCESSES": 0}).debug is False
    monkeypatch.setenv("XJFTZ_DEV", "1")
    args = build_parser().parse_args(["serve"])
    assert create_app({**_overrides(args), "QUERY_PROCESSES": 0}).debug is False
    dev = build_parser().parse_args(["serve", "--dev"])
    assert create_app({**_overrides(dev), "QUERY_PROCESSES": 0}).debug is True


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError(f"{SECRET} in /work/main/queries/x.py line 3")


class RaisingStore(Store):
    """A store whose every call fails with an exception the client must never see."""

    select = ask = construct = rows = query_raw = named_graphs = triple_count = staticmethod(_boom)


@pytest.mark.parametrize("dev", [False, True])
def test_a_failing_store_gives_500s_without_stack_traces(site_app, dev):
    app = create_app({"STORE_INSTANCE": RaisingStore(), "DEV": dev})
    app.logger.disabled = True
    client = app.test_client()
    statuses = []
    for rule in rules(site_app):
        url = url_for_rule(rule, GOOD)
        for accept in ("text/html", "application/json", "text/plain"):
            r = client.get(url, headers={"Accept": accept})
            body = r.get_data(as_text=True)
            statuses.append(r.status_code)
            assert not LEAKS.search(body), (url, accept, r.status_code, body[:300])
            assert not has_security_headers(r.headers), url
    assert statuses.count(500) >= 10


def test_a_store_that_cannot_open_is_500_without_its_path(tmp_path):
    """Regression: /sparql and /api answered 400 with the server's file path in the body."""
    missing = tmp_path / "gone" / "data.ttl"
    app = create_app({"DATA": [str(missing)], "QUERY_PROCESSES": 0})
    app.logger.disabled = True
    client = app.test_client()
    for url in ("/sparql?query=ASK%7B%7D", "/api/queries/zones", "/"):
        r = client.get(url)
        assert r.status_code == 500, (url, r.status_code)
        assert str(tmp_path) not in r.get_data(as_text=True), url


def test_machine_errors_are_in_english_whatever_the_page_language():
    """Regression: /api and /sparql 500 bodies followed the page-language cookie (Chinese)."""
    app = create_app({"STORE_INSTANCE": RaisingStore()})
    app.logger.disabled = True
    client = app.test_client()
    client.set_cookie("lang", "zh")
    for url in ("/api/queries/zones", "/sparql?query=ASK%7B%7D"):
        r = client.get(url, headers={"Accept": "application/json", "Accept-Language": "zh"})
        body = r.get_data(as_text=True)
        assert r.status_code == 500, (url, r.status_code)
        assert not re.search(r"[\u4e00-\u9fff]", body), (url, body)
