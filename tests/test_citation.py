"""CITATION.cff (issue 20): valid by cffconvert, and naming the version and date of the newest
release, as the graph and the data package do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml
from conftest import PROJECT_ROOT, require

from graph import releases

CFF = PROJECT_ROOT / "CITATION.cff"
CFFCONVERT = Path(sys.executable).parent / "cffconvert"


def test_cffconvert_validates_the_citation_file() -> None:
    require(CFFCONVERT.is_file(), "cffconvert is not installed (make setup installs it)")
    done = subprocess.run(
        [str(CFFCONVERT), "--validate", "-i", str(CFF)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "valid" in done.stdout


def test_cffconvert_rejects_a_broken_file(tmp_path: Path) -> None:
    require(CFFCONVERT.is_file(), "cffconvert is not installed (make setup installs it)")
    broken = tmp_path / "CITATION.cff"
    broken.write_text(CFF.read_text(encoding="utf-8").replace("type: dataset", "type: novel"))
    done = subprocess.run([str(CFFCONVERT), "--validate", "-i", str(broken)], capture_output=True)
    assert done.returncode != 0


def test_the_citation_names_the_current_release() -> None:
    cff = yaml.safe_load(CFF.read_text(encoding="utf-8"))
    release = releases.current()
    assert cff["version"] == release.version
    assert str(cff["date-released"]) == release.date.isoformat()
    assert cff["license"] == "CC-BY-4.0"
    assert str(release.iri) in [i["value"] for i in cff["identifiers"]]
