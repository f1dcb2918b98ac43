"""`import xjftz` (xjftz.api, issue 20): its doctests run; its DataFrames equal the CLI's JSON
results; a table equals its published CSV; the same calls against a live endpoint give the same
frames."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pandas as pd
import pytest

import xjftz
from queries.library import load_library
from xjftz import api
from xjftz.cli import main

XSD = "http://www.w3.org/2001/XMLSchema#"
# Values for the parameters that have no default.
REQUIRED = {
    "find-entity": {"label": "哈萨克斯坦"},
    "measure-entities": {"number": "16"},
    "measures-by-entity": {"entity": "https://w3id.org/xjftz/id/country/KZ"},
}
INTEGERS = {XSD + t for t in ("integer", "int", "nonNegativeInteger", "positiveInteger")}


def test_the_doctests_run() -> None:
    result = doctest.testmod(api, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted >= 10
    assert result.failed == 0


def test_the_package_exposes_the_api_lazily() -> None:
    assert xjftz.query is api.query and xjftz.table is api.table
    with pytest.raises(AttributeError):
        _ = xjftz.no_such_name


def cli_json(capfdbinary: pytest.CaptureFixture, *args: str) -> dict:
    assert main(["-q", "query", *args, "--format", "json"]) == 0
    return json.loads(capfdbinary.readouterr().out)


def from_json(binding: dict | None) -> object:
    """A SPARQL JSON value as the API promises it: numbers as numbers, the rest as text."""
    if binding is None:
        return None
    datatype = binding.get("datatype", "")
    if datatype in INTEGERS:
        return int(binding["value"])
    if datatype in (XSD + "decimal", XSD + "double"):
        return float(binding["value"])
    if datatype == XSD + "boolean":
        return binding["value"] in ("true", "1")
    return binding["value"]


def plain(value: object) -> object:
    return None if value is None or value is pd.NA else value


@pytest.mark.parametrize("name", sorted(load_library()))
def test_dataframes_equal_the_cli_json(
    name: str, published_ttl: Path, capfdbinary: pytest.CaptureFixture
) -> None:
    if load_library()[name].form != "SELECT":
        pytest.skip("not a SELECT query")  # no DataFrame for ASK/CONSTRUCT
    params = REQUIRED.get(name, {})
    flags = [a for k, v in params.items() for a in ("--param", f"{k}={v}")]
    doc = cli_json(capfdbinary, name, *flags, "--data", str(published_ttl))
    frame = xjftz.query(name, data=published_ttl, **params)
    assert list(frame.columns) == doc["head"]["vars"]
    expected = [
        [from_json(b.get(v)) for v in doc["head"]["vars"]] for b in doc["results"]["bindings"]
    ]
    got = [[plain(x) for x in row] for row in frame.astype(object).itertuples(index=False)]
    assert got == expected


def test_a_query_with_parameters_and_a_language(
    published_ttl: Path, capfdbinary: pytest.CaptureFixture
) -> None:
    topic = xjftz.ID + "topic/finance"
    doc = cli_json(capfdbinary, "measures-by-topic", "--param", f"topic={topic}")
    frame = xjftz.query("measures-by-topic", topic=topic, lang="en")
    assert list(frame.columns) == ["measure", "number", "title"]
    assert frame["number"].dtype == "Int64"
    assert frame["title"].tolist() == [b["title_en"]["value"] for b in doc["results"]["bindings"]]
    zh = xjftz.query("measures-by-topic", topic=topic, lang="zh")
    assert zh["title"].tolist() == [b["title_zh"]["value"] for b in doc["results"]["bindings"]]


def test_tables_are_typed_by_their_schema() -> None:
    provisions = xjftz.table("provisions")
    assert provisions["sequence"].dtype == "Int64"
    assert provisions["measure_number"].isna().sum() > 0  # the provisions outside the measures
    assert provisions["sequence"].is_monotonic_increasing
    zones = xjftz.table("zones")
    assert zones["area_km2"].dtype == "float64"
    with pytest.raises(Exception, match="no table 'nope'"):
        xjftz.table("nope")


def test_open_store_and_graph_hold_the_same_graph() -> None:
    store = xjftz.open_store()
    graph = xjftz.open_graph()
    assert len(store) == len(graph) > 10_000


@pytest.fixture(scope="module")
def endpoint(site_server) -> str:
    return site_server.endpoint


@pytest.mark.remote
@pytest.mark.parametrize("name", ["measures-per-task-group", "zones", "measure-topics"])
def test_named_queries_against_the_endpoint(name: str, endpoint: str) -> None:
    local = xjftz.query(name)
    remote = xjftz.query(name, endpoint=endpoint)
    pd.testing.assert_frame_equal(remote, local)


@pytest.mark.remote
def test_every_table_from_the_endpoint_equals_the_published_csv(endpoint: str) -> None:
    for name in xjftz.tables():
        pd.testing.assert_frame_equal(xjftz.table(name, endpoint=endpoint), xjftz.table(name))
