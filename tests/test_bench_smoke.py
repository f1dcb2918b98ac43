"""The benchmarks' synthetic corpus (bench/synthetic.py) at a tiny scale: behaviour, not timing.

The corpus must load whole (one triple per line, none repeated), and the contract queries must
find rows on it — on the synthetic plans too, not only on the real plan it starts from — so
that the scale benchmarks time queries that do real work. Timings live in `make bench` only.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from named import run_select

from bench.cases import CONTRACT, PARAMS
from bench.synthetic import generate
from queries.stores.factory import PyoxigraphStore

ID = "https://w3id.org/xjftz/id/"


def test_synthetic_corpus_answers_every_contract_query(tmp_path: Path, published_ttl: Path):
    corpus = tmp_path / "corpus.nt"
    # A target above the plan graph itself (47,732 triples today), so that one synthetic plan
    # at least is generated beside it.
    target = PyoxigraphStore.from_files([published_ttl]).triple_count() + 15_000
    info = generate(target, corpus, seed=7, published=published_ttl)
    assert info.plans >= 1 and info.triples >= target
    store = PyoxigraphStore.from_files([corpus])
    assert store.triple_count() == info.triples == len(corpus.read_text().splitlines())
    for query_id in CONTRACT:
        assert len(run_select(store, query_id, PARAMS.get(query_id))) > 0, query_id
    groups = run_select(store, "measures-per-task-group").column("task_group")
    assert any(str(g).startswith(ID + "task-group/s0001-") for g in groups)
    zones = run_select(store, "zones").column("zone")
    assert any(str(z).startswith(ID + "zone/s0001-") for z in zones)


def test_synthetic_corpus_is_deterministic(tmp_path: Path, published_ttl: Path):
    """The same seed gives the same bytes, also in a process with another string-hash seed
    (at 100k triples: the smaller corpus did not reach the set that was once iterated unsorted)."""
    a, b = tmp_path / "a.nt", tmp_path / "b.nt"
    generate(100_000, a, seed=3, published=published_ttl)
    env = {
        **os.environ,
        "PYTHONHASHSEED": "4242" if os.environ.get("PYTHONHASHSEED") != "4242" else "7",
    }
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.synthetic",
            "--triples",
            "100000",
            "--seed",
            "3",
            "--out",
            str(b),
        ],
        check=True,
        env=env,
        capture_output=True,
        cwd=Path(__file__).parent.parent,
    )
    assert a.read_bytes() == b.read_bytes()
