"""docs/examples (issue 20): the Python script writes its table and chart, and its numbers are
the graph's; the R script (httr) and the curl script ask a live endpoint and agree with it."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT_ROOT, require

import xjftz

EXAMPLES = PROJECT_ROOT / "docs" / "examples"
# Task group × topic → measures, counted over the graph independently of the example.
COUNT = """
PREFIX xjo: <https://w3id.org/xjftz/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?group ?topic (COUNT(DISTINCT ?m) AS ?n)
WHERE { ?m a xjo:Measure ; eli:is_part_of/xjo:ordinal ?group ; xjo:hasTopic ?topic }
GROUP BY ?group ?topic
"""


def graph_counts() -> dict[int, int]:
    """Measure-topic tags per task group."""
    out: dict[int, int] = {}
    for row in xjftz.select(COUNT).itertuples():
        out[int(row.group)] = out.get(int(row.group), 0) + int(row.n)
    return out


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        args, cwd=cwd, capture_output=True, text=True, env={**os.environ, **env}, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def test_the_python_example_writes_a_table_and_a_chart(tmp_path: Path) -> None:
    script = EXAMPLES / "measures_by_topic.py"
    run([sys.executable, str(script), "--out", str(tmp_path)], PROJECT_ROOT, MPLBACKEND="Agg")
    with open(tmp_path / "measures_by_topic.csv", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    assert header[0] == "task group" and len(header) > 10  # one column per topic
    per_group = {int(r[0].split(".")[0]): sum(int(x) for x in r[1:]) for r in body}
    assert per_group == graph_counts()
    png = (tmp_path / "measures_by_topic.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 10_000


@pytest.mark.remote
def test_the_r_example_asks_the_endpoint(site_server, tmp_path: Path) -> None:
    rscript = shutil.which("Rscript")
    require(rscript is not None, "R is not installed (scripts/install-system-deps.sh)")
    done = run([rscript, str(EXAMPLES / "measures_by_topic.R"), site_server.endpoint], tmp_path)
    with open(tmp_path / "measures_by_topic_r.csv", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    per_group = {int(r[0]): sum(int(x) for x in r[1:]) for r in rows[1:]}
    assert per_group == graph_counts()
    assert f"{sum(per_group.values())} measure-topic tags in 8 task groups" in done.stdout


@pytest.mark.remote
def test_the_curl_example(site_server, tmp_path: Path) -> None:
    require(shutil.which("curl") is not None, "curl is not installed")
    done = run(["bash", str(EXAMPLES / "sparql.sh")], tmp_path, XJFTZ_URL=site_server.url)
    out = done.stdout
    assert "measure,number,title_zh,title_en" in out  # the named query, and the table's header
    assert "group,measures" in out
    assert '"profile": "tabular-data-package"' in out
