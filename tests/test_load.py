"""Turtle loading names the file and the line of a syntax error."""

from __future__ import annotations

from pathlib import Path

import pytest

from ontology.errors import InputFileError
from ontology.load import load_turtle


def test_line_of_an_error_after_a_multi_line_object_list(tmp_path: Path) -> None:
    # Regression: rdflib's own line count drifts by one per line break in an object list.
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        '@prefix ex: <http://ex/> .\nex:a ex:b "x",\n    "y",\n    "z" .\nex:c ex:d "broken .\n',
        encoding="utf-8",
    )
    with pytest.raises(InputFileError) as err:
        load_turtle(bad)
    assert err.value.path == str(bad)
    assert err.value.line == 5
    assert f"{bad}:5:" in str(err.value)


def test_a_file_that_is_not_utf8_is_named_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "latin1.ttl"
    bad.write_bytes(b'@prefix ex: <http://ex/> .\nex:a ex:b "caf\xe9" .\n')
    with pytest.raises(InputFileError) as err:
        load_turtle(bad)
    assert err.value.line == 2
    assert "not UTF-8" in str(err.value)
