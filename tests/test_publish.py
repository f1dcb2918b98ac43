"""Stage 6: the published files are deterministic, parse back to the same graph, and are
replaced all together or not at all."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from graph import publish
from graph.publish import OUTPUTS

ROOT = Path(__file__).resolve().parents[1]


def _build_in_subprocess(out: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    code = (
        "import sys; from pathlib import Path; from graph.build import build; "
        "build(out_dir=Path(sys.argv[1]))"
    )
    subprocess.run([sys.executable, "-c", code, str(out)], cwd=ROOT, env=env, check=True)


@pytest.mark.slow
def test_two_builds_are_byte_identical(built, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    _build_in_subprocess(a, "1")
    _build_in_subprocess(b, "4242")
    for name in OUTPUTS:
        first = (a / name).read_bytes()
        assert first == (b / name).read_bytes(), name
        assert first == (Path(built.out_dir) / name).read_bytes(), name


def test_formats_hold_the_same_graph(built, built_graph) -> None:
    out = Path(built.out_dir)
    nt = Graph().parse(out / "xjftz.nt", format="nt")
    jsonld = Graph().parse(out / "xjftz.jsonld", format="json-ld")
    assert len(built_graph) == len(nt) == len(jsonld) == built.triples
    assert isomorphic(built_graph, nt)
    assert isomorphic(built_graph, jsonld)


def test_ntriples_lines_are_sorted(built) -> None:
    lines = (Path(built.out_dir) / "xjftz.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines)
    assert len(lines) == len(set(lines))


def test_void_is_part_of_the_published_graph(built, built_graph) -> None:
    void = Graph().parse(Path(built.out_dir) / "void.ttl", format="turtle")
    assert len(void) > 0
    assert all(t in built_graph for t in void)


def test_turtle_uses_readable_prefixes(built) -> None:
    text = (Path(built.out_dir) / "xjftz.ttl").read_text(encoding="utf-8")
    assert "\nmeasure:16\n    a xjo:Measure ;" in text
    assert "xjo:measureNumber 16 ." in text
    assert "xjo:areaKm2 134.6 ;" in text


def test_a_failing_write_leaves_the_published_files_untouched(
    built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    for name in OUTPUTS:
        (out / name).write_bytes((Path(built.out_dir) / name).read_bytes())
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    graph = Graph().parse(out / "xjftz.ttl")
    description = Graph().parse(out / "void.ttl")

    def broken(_graph: Graph) -> str:
        raise OSError("disk full")

    monkeypatch.setattr(publish, "to_jsonld", broken)
    with pytest.raises(OSError, match="disk full"):
        publish.publish(graph, description, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before  # and no temp files left


def test_publish_replaces_all_files(built, tmp_path: Path) -> None:
    out = tmp_path / "fresh"
    graph = Graph().parse(Path(built.out_dir) / "xjftz.ttl")
    description = Graph().parse(Path(built.out_dir) / "void.ttl")
    files = publish.publish(graph, description, out)
    assert sorted(p.name for p in files) == sorted(OUTPUTS)
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS)
    assert isomorphic(Graph().parse(out / "xjftz.ttl"), graph)
    assert oct((out / "xjftz.ttl").stat().st_mode & 0o444) == oct(0o444)
