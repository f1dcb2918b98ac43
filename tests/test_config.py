"""webapp.config: defaults, XJFTZ_* environment overrides, test overrides."""

from __future__ import annotations

import pytest

from webapp.config import Settings, load_settings


def test_defaults():
    s = load_settings({}, environ={})
    assert s == Settings()
    assert s.query_timeout == 10.0 and s.store == "embedded" and s.service_allowlist == ()


def test_environment_values_are_typed():
    env = {
        "XJFTZ_QUERY_TIMEOUT": "2.5",
        "XJFTZ_MAX_ROWS": "7",
        "XJFTZ_CACHE_ENTRIES": "0",
        "XJFTZ_DATA": "a.ttl:b.trig",
        "XJFTZ_SERVICE_ALLOWLIST": "http://a/sparql, http://b/sparql",
        "XJFTZ_DEV": "no",
        "XJFTZ_STORE": "remote",
    }
    s = load_settings({}, environ=env)
    assert s.query_timeout == 2.5 and s.max_rows == 7 and s.cache_entries == 0
    assert s.data == ("a.ttl", "b.trig")
    assert s.service_allowlist == ("http://a/sparql", "http://b/sparql")
    assert s.dev is False and s.store == "remote"


def test_overrides_win_over_environment():
    s = load_settings({"MAX_ROWS": 3, "data": ["x.ttl"]}, environ={"XJFTZ_MAX_ROWS": "7"})
    assert s.max_rows == 3 and s.data == ("x.ttl",)


@pytest.mark.parametrize(("key", "value"), [("XJFTZ_MAX_ROWS", "many"), ("XJFTZ_DEV", "maybe")])
def test_bad_values_name_the_key(key, value):
    with pytest.raises(ValueError, match=key.removeprefix("XJFTZ_")):
        load_settings({}, environ={key: value})


@pytest.mark.parametrize(("env", "processes"), [({}, 2), ({"XJFTZ_QUERY_PROCESSES": "3"}, 3)])
def test_query_processes_sets_the_fixed_pool(sample_ttl, env, processes):
    from queries.stores.factory import open_store

    settings = load_settings({"DATA": [str(sample_ttl)]}, environ=env)
    store = open_store(settings)
    try:
        assert store.engine.processes == processes == store.engine.live_workers()
    finally:
        store.close()
