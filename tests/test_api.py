"""GET /api/queries and /api/queries/<id> on the sample graph."""

from __future__ import annotations

import csv
import io
import json

import pytest

from queries.library import load_library, load_site_queries

ID = "https://w3id.org/xjftz/id/"


def test_list(client):
    r = client.get("/api/queries")
    assert r.status_code == 200 and r.mimetype == "application/json"
    queries = {q["id"]: q for q in r.json["queries"]}
    assert len(queries) >= 15
    q = queries["measures-by-region-and-topic"]
    assert q["title_zh"] and q["title_en"] and q["description"]
    assert [p["name"] for p in q["params"]] == ["region", "topic", "same_sentence"]
    assert q["params"][0]["default"] == ID + "region/143"
    assert q["params"][0]["kinds"] == ["region"]
    assert q["url"] == "/api/queries/measures-by-region-and-topic"
    assert r.headers["Access-Control-Allow-Origin"] == "*"


def test_page_queries_are_not_in_the_api(client):
    listed = {q["id"] for q in client.get("/api/queries").json["queries"]}
    assert listed == set(load_library())
    for query_id in load_site_queries():
        assert client.get(f"/api/queries/{query_id}").status_code == 404, query_id


def test_run_default_json(client):
    r = client.get("/api/queries/measures-by-region-and-topic")
    assert r.status_code == 200
    assert r.mimetype == "application/sparql-results+json"
    doc = r.json
    assert doc["head"]["vars"] == [
        "measure", "number", "title_zh", "title_en",
        "region_words", "topic_words", "meets_in_sentence",
    ]  # fmt: skip
    assert [b["number"]["value"] for b in doc["results"]["bindings"]] == ["16", "17"]


def test_run_with_parameters(client):
    r = client.get(f"/api/queries/measures-by-entity?entity={ID}country/KZ")
    assert [b["number"]["value"] for b in r.json["results"]["bindings"]] == ["17"]


@pytest.mark.parametrize(
    ("how", "mimetype", "delimiter"),
    [
        ({"query_string": "format=csv"}, "text/csv", ","),
        ({"query_string": "format=tsv"}, "text/tab-separated-values", "\t"),
        ({"headers": {"Accept": "text/csv"}}, "text/csv", ","),
        ({"headers": {"Accept": "text/tab-separated-values"}}, "text/tab-separated-values", "\t"),
    ],
)
def test_run_csv_tsv(client, how, mimetype, delimiter):
    r = client.get("/api/queries/zones", **how)
    assert r.status_code == 200 and r.mimetype == mimetype
    rows = list(csv.reader(io.StringIO(r.get_data(as_text=True)), delimiter=delimiter))
    assert rows[0] in (
        ["zone", "label_zh", "label_en", "area_km2"],
        ["?zone", "?label_zh", "?label_en", "?area_km2"],
    )
    assert len(rows) == 4


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/queries/measures-by-entity", "entity"),
        ("/api/queries/measures-by-entity?entity=http://evil.example/x", "entity"),
        ("/api/queries/measure-entities?number=99", "number"),
        ("/api/queries/measure-entities?number=abc", "number"),
        ("/api/queries/zones?bogus=1", "bogus"),
        ("/api/queries/measure-entities?number=1&number=2", "number"),
    ],
)
def test_bad_parameter_is_400_naming_it(client, url, param):
    r = client.get(url)
    assert r.status_code == 400
    assert r.json["parameter"] == param
    assert param in r.json["error"]


def test_unknown_query_is_404(client):
    r = client.get("/api/queries/no-such-query")
    assert r.status_code == 404
    assert "no-such-query" in r.json["error"]


def test_bad_format_is_406(client):
    assert client.get("/api/queries/zones?format=ttl").status_code == 406


def test_repeated_calls_hit_the_cache(client):
    url = "/api/queries/measure-entities?number=16"
    first = client.get(url)
    again = client.get(url)
    assert again.headers["X-Xjftz-Cache"] == "hit"
    assert json.loads(first.data) == json.loads(again.data)
