"""`xjftz query` and the `xjftz serve` argument handling."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from xjftz.cli import main

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def xjftz(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "xjftz", *args],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
        timeout=120,
    )


def test_list(capsys):
    assert main(["query", "--list"]) == 0
    out = capsys.readouterr().out
    assert "measures-by-region-and-topic" in out and "zones" in out


def test_table(capsys, sample_ttl):
    assert main(["query", "zones", "--data", str(sample_ttl)]) == 0
    out = capsys.readouterr().out
    assert "134.6" in out and "霍尔果斯片区" in out and "(3 rows)" in out


def test_json_is_sparql_results_json(capsys, sample_ttl):
    code = main(
        [
            "query",
            "measure-entities",
            "--param",
            "number=16",
            "--format",
            "json",
            "--data",
            str(sample_ttl),
        ]
    )
    assert code == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["head"]["vars"] == ["entity", "type", "label_zh", "label_en", "evidence"]
    assert {b["entity"]["value"] for b in doc["results"]["bindings"]} == {
        "https://w3id.org/xjftz/id/agency/xpcc",
        "https://w3id.org/xjftz/id/region/143",
    }
    assert doc["results"]["bindings"][0]["entity"]["type"] == "uri"


@pytest.mark.parametrize(("fmt", "first"), [("csv", "zone,label_zh"), ("tsv", "?zone\t?label_zh")])
def test_csv_tsv(capsys, sample_ttl, fmt, first):
    assert main(["query", "zones", "--format", fmt, "--data", str(sample_ttl)]) == 0
    assert capsys.readouterr().out.startswith(first)


def test_file(capsys, sample_ttl, tmp_path):
    q = tmp_path / "q.rq"
    q.write_text("SELECT ?z WHERE { ?z a <https://w3id.org/xjftz/ontology#Zone> } ORDER BY ?z\n")
    assert main(["query", "--file", str(q), "--data", str(sample_ttl)]) == 0
    assert "zone/kashgar" in capsys.readouterr().out


def test_bad_parameter_exit_1(sample_ttl):
    r = xjftz("query", "measure-entities", "--param", "number=99", "--data", str(sample_ttl))
    assert r.returncode == 1
    assert "number" in r.stderr and "Traceback" not in r.stderr


def test_bad_data_file_exit_1_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix : <http://x/> .\n:a :b :c .\n:a :b .\n")
    r = xjftz("query", "zones", "--data", str(bad))
    assert r.returncode == 1
    assert f"{bad}:3" in r.stderr


def test_usage_exit_2():
    assert xjftz("query").returncode == 2
    assert xjftz("query", "zones", "--format", "yaml").returncode == 2


def test_serve_bad_data_exit_1(tmp_path):
    bad = tmp_path / "bad.trig"
    bad.write_text("<http://g> { <http://s> <http://p> }\n")
    r = xjftz("serve", "--port", "1", "--data", str(bad))
    assert r.returncode == 1
    assert f"{bad}:1" in r.stderr


def test_help():
    for sub in ("query", "serve"):
        assert xjftz(sub, "--help").returncode == 0
