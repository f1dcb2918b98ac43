"""Bad input gets a clear error and nothing is lost (issue 9, point 4), through the CLI.

- Bad arguments to every subcommand — unknown options, missing operands, values of the wrong
  type or out of range — exit 2 with the subcommand's usage line.
- Malformed ``--data`` files for ``xjftz serve`` and ``xjftz query`` (cut short, not UTF-8,
  bad syntax in each RDF format, a missing file, an unknown extension) exit 1 with the file
  and, where the parser knows it, the line — never a traceback.
- ``xjftz build`` on an empty, truncated or wrongly encoded source text, or with a vocabulary
  of malformed Turtle, exits 1 naming the file and what is wrong, and leaves the published
  files as they were.
- A bad ``XJFTZ_*`` setting exits 1 naming the setting.

The bad argument lists repeat one shape on purpose: they are the data of one parametrised test.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.build import SOURCES_DIR
from xjftz.cli import COMMANDS, main

SOURCE = next(SOURCES_DIR.glob("*.zh.md"))


def usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """Run ``xjftz argv``, expect exit 2, and return stderr."""
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    assert exit_.value.code == 2, argv
    return capsys.readouterr().err


REQUIRED = {
    "query": ["zones"],
    "ask": ["中亚 物流"],
    "push": ["--endpoint", "http://127.0.0.1:9/sparql"],
    "diff": ["0.1.0", "graph/build"],
}


@pytest.mark.parametrize("command", COMMANDS)
def test_unknown_option_is_usage_error(capsys, command):
    err = usage_error(capsys, command, *REQUIRED.get(command, []), "--no-such-option")
    assert f"usage: xjftz {command}" in err and "unrecognized arguments: --no-such-option" in err
    assert "usage: xjftz [-h]" not in err  # the subcommand's usage, not the top level's


def test_no_command_is_usage_error(capsys):
    assert "usage: xjftz" in usage_error(capsys)
    assert "invalid choice" in usage_error(capsys, "frobnicate")


@pytest.mark.parametrize(
    "argv",
    [
        ["query"],  # neither a name, --file nor --list
        ["query", "zones", "--list"],
        ["query", "zones", "--format", "yaml"],
        ["query", "zones", "--data"],
        ["export", "--format", "docx"],
        ["reason", "--ontology-only", "--with-vocabularies"],
        ["validate", "a.ttl", "b.ttl", "c.ttl", "--no-such"],
        ["push", "--method", "carrier-pigeon"],
        ["push", "--timeout", "0"],
        ["push", "--timeout", "soon"],
        ["serve", "--port", "http"],
        ["serve", "--port", "70000"],
        ["serve", "--port", "-5"],
        ["serve", "--workers", "0"],
        ["serve", "--workers", "two"],
        ["serve", "--threads", "0"],
        ["serve", "--timeout", "0"],
        ["serve", "--timeout", "-1"],
        ["serve", "--timeout", "nan"],
        ["serve", "--timeout", "inf"],
        ["serve", "--data"],
        ["build", "--sources"],
    ],
    ids=lambda argv: " ".join(argv),
)
def test_bad_values_are_usage_errors(capsys, argv):
    """Each bad command line above is a usage error naming its command (the table's rows share
    one shape by design: they are data)."""
    err = usage_error(capsys, *argv)
    assert f"usage: xjftz {argv[0]}" in err, err
    assert "Traceback" not in err


# --- malformed --data files -------------------------------------------------------------------

BAD_DATA = {
    "cut-short.ttl": (b'@prefix : <http://x/> .\n:a :b :c .\n:a :b "unterminated\n', 3),
    "latin-1.ttl": (b'<http://x/s> <http://x/p> "caf\xe9" .\n', 1),
    "utf-16.ttl": ("<http://x/s> <http://x/p> 1 .\n".encode("utf-16"), 1),
    "bad.nt": (b"<http://x/s> <http://x/p> <http://x/o> .\n<http://x/s> <http://x/p> .\n", 2),
    "bad.trig": (b"<http://g> { <http://s> <http://p> }\n", 1),
    "bad.nq": (b"<http://s> <http://p> <http://o> <http://g> <http://h> .\n", 1),
    "bad.jsonld": (b'{"@id": "http://x/s",\n "http://x/p": ', 2),
    "cut-short.rdf": (
        b'<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        b'\n<rdf:Description rdf:about="http://x/a"><rdf:type rdf:resource="http://x/T"/>'
        b"</rdf:Description>\n",
        4,
    ),
    "unknown.csv": (b"a,b\n", None),
}


def bad_file(tmp_path: Path, name: str) -> tuple[Path, int | None]:
    content, line = BAD_DATA[name]
    path = tmp_path / name
    path.write_bytes(content)
    return path, line


@pytest.mark.parametrize("name", sorted(BAD_DATA))
@pytest.mark.parametrize("command", ["serve", "query"])
def test_malformed_data_file_exits_1_with_file_and_line(tmp_path, capsys, command, name):
    path, line = bad_file(tmp_path, name)
    argv = ["serve", "--port", "1"] if command == "serve" else ["query", "zones"]
    assert main(["-q", *argv, "--data", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"xjftz {command}: error: {path}" in err, err
    if line is not None:
        assert f"{path}:{line}:" in err, err
    assert "Traceback" not in err


def test_a_byte_order_mark_is_not_data(tmp_path, capsys):
    """Regression: a Turtle file starting with a UTF-8 BOM failed with an invisible character."""
    path = tmp_path / "bom.ttl"
    path.write_bytes(
        b"\xef\xbb\xbf<https://w3id.org/xjftz/id/zone/x>"
        b" a <https://w3id.org/xjftz/ontology#Zone> ;\n"
        b'  <http://www.w3.org/2004/02/skos/core#prefLabel> "X"@en ;\n'
        b"  <https://w3id.org/xjftz/ontology#areaKm2> 1.5 .\n"
    )
    query = tmp_path / "q.rq"
    query.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", encoding="utf-8")
    assert main(["-q", "query", "--file", str(query), "--data", str(path), "--format", "csv"]) == 0
    assert capsys.readouterr().out.split() == ["n", "3"]

    broken = tmp_path / "bom-broken.ttl"
    broken.write_bytes(b'\xef\xbb\xbf<a> <b> <c> .\n<d> <e> "broken .\n')
    assert main(["-q", "query", "zones", "--data", str(broken)]) == 1
    assert f"{broken}:2:" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["serve", "query"])
def test_missing_data_file_exits_1(tmp_path, capsys, command):
    argv = ["serve", "--port", "1"] if command == "serve" else ["query", "zones"]
    assert main(["-q", *argv, "--data", str(tmp_path / "nothing.ttl")]) == 1
    assert "nothing.ttl: no such file" in capsys.readouterr().err


@pytest.mark.parametrize("command", [["serve", "--port", "1"], ["query", "zones"]])
def test_bad_setting_in_the_environment_exits_1(monkeypatch, capsys, sample_ttl, command):
    monkeypatch.setenv("XJFTZ_QUERY_TIMEOUT", "soon")
    assert main(["-q", *command, "--data", str(sample_ttl)]) == 1
    err = capsys.readouterr().err
    assert "setting QUERY_TIMEOUT" in err and "Traceback" not in err


# --- xjftz build: bad sources and vocabularies leave the published graph alone ----------------


def files_of(out: Path) -> dict[str, bytes]:
    """Every published file under ``out`` (the tables are in tables/), by relative path."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture
def published(built, tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "out"
    shutil.copytree(built.out_dir, out)
    return out, files_of(out)


def _text() -> str:
    return SOURCE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (lambda: b"", "empty"),
        (lambda: b"\n \n\t\n", "empty"),
        (lambda: _text().encode("gb18030"), "not UTF-8"),
        (lambda: _text().encode("utf-16"), "not UTF-8"),
        (lambda: _text()[: _text().index("。", 3000) + 1].encode(), "truncated"),
        (lambda: _text()[: len(_text()) // 2].encode(), "truncated"),
    ],
    ids=["empty", "blank", "gb18030", "utf-16", "cut-at-a-sentence", "cut-mid-sentence"],
)
def test_build_on_a_bad_source_text(published, tmp_path, capsys, content, message):
    out, before = published
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES_DIR, sources)
    (sources / SOURCE.name).write_bytes(content())
    assert main(["-q", "build", "--sources", str(sources), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert SOURCE.name in err and message in err, err
    assert "Traceback" not in err
    assert files_of(out) == before


def test_build_with_a_malformed_vocabulary(published, tmp_path, capsys, monkeypatch):
    import ontology.load

    out, before = published
    vocabularies = tmp_path / "vocabularies"
    shutil.copytree(ontology.load.VOCABULARY_DIR, vocabularies)
    broken = vocabularies / "countries.ttl"
    lines = broken.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("@prefix")) + 1
    lines.insert(at, 'xjid:broken a skos:Concept ; skos:prefLabel "unterminated .\n')
    broken.write_text("".join(lines), encoding="utf-8")
    monkeypatch.setattr(ontology.load, "VOCABULARY_DIR", vocabularies)
    assert main(["-q", "build", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert f"{broken}:{at + 1}" in err, err
    assert files_of(out) == before
