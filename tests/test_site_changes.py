"""/changes, the Changes link on entity pages and the data package on /downloads (issue 20)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from graph import releases, tables
from webapp.pages.changes import data as changes_data

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "graph" / "build"


def test_changes_lists_each_release_with_its_checksums(site) -> None:
    html = site.get("/changes?lang=en").get_data(as_text=True)
    for release in releases.load():
        assert f'id="release-{release.version}"' in html
        assert str(release.iri) in html
        for info in release.files.values():
            assert info["sha256"] in html
    assert "The first release: everything in it is new." in html


def test_the_served_graph_against_the_newest_release(site, tmp_path: Path, monkeypatch) -> None:
    """Unreleased changes are shown above the releases: here, a served graph with a link less."""
    source = (BUILD / "xjftz.nt").read_text(encoding="utf-8")
    line = next(x for x in source.splitlines() if "responsibleAgency" in x and "part-4-5" in x)
    served = tmp_path / "xjftz.nt"
    served.write_text(source.replace(line + "\n", ""), encoding="utf-8")
    monkeypatch.setattr(changes_data, "SERVED", served)
    html = site.get("/changes?lang=en").get_data(as_text=True)
    newest = releases.current()
    unchanged_since_release = not changes_data.diff.diff_files(
        newest.folder / releases.SNAPSHOT, BUILD / "xjftz.nt"
    ).groups
    assert "Unreleased changes" in html
    assert 'id="provision-part-4-5"' in html
    if unchanged_since_release:  # the build is the release: the one line is all that differs
        assert len(re.findall(r'<li class="change ', html)) == 2


def test_changes_for_one_entity_and_bad_input(site) -> None:
    html = site.get("/changes?lang=en&entity=https://w3id.org/xjftz/id/country/KG").get_data(
        as_text=True
    )
    assert "Only the changes that touched" in html and "country:KG" in html
    assert site.get("/changes?entity=http://example.org/x").status_code == 400
    assert site.get("/changes?nope=1").status_code == 400


@pytest.mark.parametrize("path", ["/id/country/KG", "/id/measure/16", "/id/provision/measure-16-2"])
def test_every_entity_page_links_to_its_changes(site, path: str) -> None:
    html = site.get(path + "?lang=en").get_data(as_text=True)
    iri = "https%3A//w3id.org/xjftz/id/" + path.removeprefix("/id/")
    assert f'href="/changes?entity={iri}"' in html


def test_downloads_lists_the_tables_with_sizes_and_checksums(site) -> None:
    html = site.get("/downloads?lang=en").get_data(as_text=True)
    files = [tables.PACKAGE_FILE, *(f"tables/{p.name}" for p in (BUILD / "tables").glob("*.csv"))]
    assert len(files) >= 11
    for name in files:
        data = (BUILD / name).read_bytes()
        assert f'href="/downloads/{name}"' in html
        assert hashlib.sha256(data).hexdigest() in html
        assert f'title="{len(data)} bytes"' in html
        response = site.get(f"/downloads/{name}")
        assert response.status_code == 200 and response.data == data
    assert "Measures × topics" in html
    assert site.get("/downloads/tables/../xjftz.ttl").status_code == 404
    assert site.get("/downloads/tables/nope.csv").status_code == 404
