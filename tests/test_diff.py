"""`xjftz diff` and the releases record (graph.diff, graph.releases, issue 20): a build with one
corrected link gives a changelog that names exactly that change, in Markdown and as a change
set; labels that change are paired old → new; the record and its first release hold."""

from __future__ import annotations

import gzip
import shutil
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from graph import diff, releases
from graph.build import SOURCES_DIR, build
from xjftz.cli import main

ID = "https://w3id.org/xjftz/id/"
XJO = "https://w3id.org/xjftz/ontology#"
CS = "http://purl.org/vocab/changeset/schema#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PROVISION = ID + "provision/part-4-5"
XPCC = ID + "agency/xpcc"


@pytest.fixture(scope="module")
def corrected_sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sources with one link corrected: part 四, sentence 5 no longer makes the XPCC
    responsible (its row dropped from responsibilities.tsv)."""
    sources = tmp_path_factory.mktemp("sources")
    for p in SOURCES_DIR.iterdir():
        if p.is_file():
            shutil.copy(p, sources / p.name)
    table = sources / "responsibilities.tsv"
    rows = table.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [r for r in rows if not (r.startswith("part-4-5\t") and f"{XPCC}\t" in r)]
    assert len(kept) == len(rows) - 1
    table.write_text("".join(kept), encoding="utf-8")
    return sources


@pytest.fixture(scope="module")
def corrected(built, corrected_sources: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The plan built from the corrected sources."""
    return Path(build(corrected_sources, tmp_path_factory.mktemp("corrected")).out_dir)


@pytest.fixture(scope="module")
def changes(built, corrected: Path) -> diff.Changes:
    return diff.diff_files(Path(built.out_dir) / "xjftz.nt", corrected / "xjftz.nt")


def test_the_diff_names_exactly_the_corrected_link(changes: diff.Changes) -> None:
    link = (ox.NamedNode(PROVISION), ox.NamedNode(XJO + "responsibleAgency"), ox.NamedNode(XPCC))
    assert changes.added == set()
    assert changes.removed == {link}
    assert sorted(changes.groups) == [XPCC, PROVISION]
    provision, agency = changes.groups[PROVISION], changes.groups[XPCC]
    assert (provision.section, provision.status) == ("provision", "changed")
    assert (agency.section, agency.status) == ("entity", "changed")
    assert [(x.op, x.what, x.predicate, x.value, x.inverse) for x in provision.lines] == [
        ("−", "link", XJO + "responsibleAgency", XPCC, False)
    ]
    assert [(x.op, x.what, x.predicate, x.value, x.inverse) for x in agency.lines] == [
        ("−", "link", XJO + "responsibleAgency", PROVISION, True)
    ]
    assert changes.touches[link] == {PROVISION, XPCC}


def test_the_markdown_and_the_change_set(
    changes: diff.Changes, built, corrected: Path, tmp_path: Path, capsys
) -> None:
    rdf = tmp_path / "changes.ttl"
    assert main(["-q", "diff", str(built.out_dir), str(corrected), "--rdf", str(rdf)]) == 0
    markdown = capsys.readouterr().out
    assert "0 triples added, 1 removed" in markdown
    assert '### <a id="provision-part-4-5"></a>`provision:part-4-5`' in markdown
    assert "- − `xjo:responsibleAgency` `agency:xpcc` (removed)" in markdown
    assert '### <a id="agency-xpcc"></a>`agency:xpcc`' in markdown
    assert markdown.count("\n- ") == 2  # one line under the provision, one under the agency
    g = Graph().parse(rdf)
    (changeset,) = g.subjects(URIRef(RDF + "type"), URIRef(CS + "ChangeSet"))
    assert list(g.objects(changeset, URIRef(CS + "addition"))) == []
    (removal,) = g.objects(changeset, URIRef(CS + "removal"))
    assert g.value(removal, URIRef(RDF + "subject")) == URIRef(PROVISION)
    assert g.value(removal, URIRef(RDF + "predicate")) == URIRef(XJO + "responsibleAgency")
    assert g.value(removal, URIRef(RDF + "object")) == URIRef(XPCC)
    assert g.value(changeset, URIRef(CS + "subjectOfChange")) == URIRef(ID + "dataset/xjftz")


def test_a_graph_against_itself_has_no_changes(built, capsys) -> None:
    assert main(["-q", "diff", str(built.out_dir), str(built.out_dir)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("No changes.")


def test_a_changed_label_is_paired_and_a_new_mention_shown() -> None:
    def nn(x: str) -> ox.NamedNode:
        return ox.NamedNode(x)

    kg, p, m = (
        nn(ID + "country/KG"),
        nn(ID + "provision/measure-1-1"),
        ID + "mention/measure-1-1-2-4",
    )
    concept = (kg, nn(RDF + "type"), nn("http://www.w3.org/2004/02/skos/core#Concept"))
    alt = nn("http://www.w3.org/2004/02/skos/core#altLabel")
    old = {concept, (kg, alt, ox.Literal("Kyrgyz Republic", language="en"))}
    new = {
        concept,
        (kg, alt, ox.Literal("The Kyrgyz Republic", language="en")),
        (nn(m), nn(XJO + "mentionIn"), p),
        (nn(m), nn("http://www.w3.org/ns/oa#hasBody"), kg),
    }
    changes = diff.diff(old, new)
    lines = [(x.op, x.what, x.value, x.old) for x in changes.groups[str(kg.value)].lines]
    assert ("~", "label", "“The Kyrgyz Republic”@en", "“Kyrgyz Republic”@en") in lines
    assert ("+", "mention", p.value, "“” (?)") in lines
    assert [x.op for x in changes.groups[p.value].lines] == ["+"]


def test_the_record_and_the_first_release() -> None:
    record = releases.load()
    first = record[0]
    assert first.version == "0.1.0" and first.title
    assert {"xjftz.ttl", "xjftz.nt", "datapackage.json", "tables/measures.csv"} <= set(first.files)
    assert all(len(f["sha256"]) == 64 and f["bytes"] > 0 for f in first.files.values())
    snapshot = first.folder / releases.SNAPSHOT
    data = gzip.decompress(snapshot.read_bytes())
    assert len(data) == first.files["xjftz.nt"]["bytes"]  # the released graph, as published
    assert releases.current() == record[-1]


def test_snapshots_are_the_same_bytes_every_time(built, tmp_path: Path) -> None:
    releases.snapshot(Path(built.out_dir), tmp_path / "a.nt.gz")
    releases.snapshot(Path(built.out_dir), tmp_path / "b.nt.gz")
    assert (tmp_path / "a.nt.gz").read_bytes() == (tmp_path / "b.nt.gz").read_bytes()


def test_a_malformed_record_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "releases.yaml"
    bad.write_text("releases:\n- version: one\n  date: 2026-12-06\n", encoding="utf-8")
    with pytest.raises(Exception, match=r"releases\.yaml.*not X\.Y\.Z"):
        releases.load(bad)


def test_cutting_a_release_of_the_corrected_graph(
    corrected_sources: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second release, 0.2.0, of the corrected plan: the build describes itself as 0.2.0,
    `python -m graph.releases` records it with its changelog, and /changes serves it."""
    first = releases.load()[0]
    folder = tmp_path / "releases"
    (folder / first.version).mkdir(parents=True)
    shutil.copy(first.folder / releases.SNAPSHOT, folder / first.version / releases.SNAPSHOT)
    monkeypatch.setattr(releases, "RELEASES_DIR", folder)
    monkeypatch.setattr(releases, "RECORD", folder / "releases.yaml")
    second = releases.Release("0.2.0", date(2026, 12, 7), "Corrected link", "XPCC in 四-5")
    releases.write_record([first, second])

    out = Path(build(corrected_sources, tmp_path / "build").out_dir)
    ttl = (out / "xjftz.ttl").read_text(encoding="utf-8")
    assert 'owl:versionInfo "0.2.0"' in ttl
    assert 'dcterms:modified "2026-12-07"^^xsd:date' in ttl
    assert '"version": "0.2.0"' in (out / "datapackage.json").read_text(encoding="utf-8")

    cut = releases.cut("0.2.0", second.date, "", out)
    assert (cut.title, cut.notes) == (second.title, second.notes)  # kept from the entry
    assert [r.version for r in releases.load()] == ["0.1.0", "0.2.0"]
    assert cut.files["xjftz.nt"]["bytes"] == (out / "xjftz.nt").stat().st_size
    markdown = (folder / "0.2.0" / "changes.md").read_text(encoding="utf-8")
    assert markdown.startswith("# Changes in xjftz 0.2.0 (2026-12-07), since 0.1.0")
    assert "- − `xjo:responsibleAgency` `agency:xpcc` (removed)" in markdown
    changeset = Graph().parse(folder / "0.2.0" / "changes.ttl")
    assert (None, URIRef(XJO + "responsibleAgency"), None) not in changeset  # reified only
    assert len(list(changeset.subjects(URIRef(RDF + "type"), URIRef(CS + "ChangeSet")))) == 1

    from webapp import create_app

    site = create_app({"TESTING": True}).test_client()
    html = site.get("/changes?lang=en").get_data(as_text=True)
    assert 'id="release-0.2.0"' in html and cut.files["xjftz.nt"]["sha256"] in html
    assert site.get("/changes/0.2.0.md").get_data(as_text=True) == markdown
    served = Graph().parse(data=site.get("/changes/0.2.0.ttl").get_data(as_text=True))
    assert len(served) == len(changeset)
    assert site.get("/changes/0.1.0.ttl").status_code == 404  # the first has no changelog
