"""`xjftz build`, `xjftz validate` and `xjftz export`: help, exit codes, outputs."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.compare import isomorphic

from ontology.namespaces import XJO, provision_iri
from xjftz.cli import main


@pytest.mark.parametrize("command", ["build", "validate", "export"])
def test_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    assert f"usage: xjftz {command}" in capsys.readouterr().out


def test_validate_a_conforming_graph(built, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-q", "validate", str(Path(built.out_dir) / "xjftz.ttl")]) == 0
    assert "conforms" in capsys.readouterr().out


def test_validate_a_broken_graph(built, tmp_path: Path, capsys) -> None:
    g = Graph().parse(Path(built.out_dir) / "xjftz.nt", format="nt")
    p = provision_iri("measure-16-3")
    for text in list(g.objects(p, XJO.text)):
        if isinstance(text, Literal) and text.language == "zh":
            g.remove((p, XJO.text, text))
    bad = tmp_path / "bad.nt"
    g.serialize(bad, format="nt", encoding="utf-8")
    assert main(["-q", "validate", str(bad)]) == 1
    captured = capsys.readouterr()
    assert "provision:measure-16-3" in captured.out
    assert "xjo:text" in captured.out
    assert "error:" in captured.err


def test_validate_a_missing_file(tmp_path: Path, capsys) -> None:
    assert main(["-q", "validate", str(tmp_path / "nothing.ttl")]) == 1
    assert "nothing.ttl" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_export_gives_the_published_bytes(built, fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"graph.{fmt}"
    graph = str(Path(built.out_dir) / "xjftz.ttl")
    assert main(["-q", "export", "--format", fmt, "--graph", graph, "--out", str(out)]) == 0
    assert out.read_bytes() == (Path(built.out_dir) / f"xjftz.{fmt}").read_bytes()


def test_export_rdfxml_to_stdout(built, built_graph, capsysbinary) -> None:
    graph = str(Path(built.out_dir) / "xjftz.ttl")
    assert main(["-q", "export", "--format", "rdfxml", "--graph", graph]) == 0
    data = capsysbinary.readouterr().out
    assert isomorphic(Graph().parse(data=data, format="xml"), built_graph)


def test_export_without_a_build(tmp_path: Path, capsys) -> None:
    assert main(["-q", "export", "--graph", str(tmp_path / "xjftz.ttl")]) == 1
    assert "xjftz build" in capsys.readouterr().err


def test_build_with_bad_sources_exits_1(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "sources"
    empty.mkdir()
    assert main(["-q", "build", "--sources", str(empty), "--out", str(tmp_path / "out")]) == 1
    assert "*.zh.md" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_bad_arguments_exit_2() -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["export", "--format", "docx"])
    assert exit_.value.code == 2
