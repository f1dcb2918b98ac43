"""The whole build: what the published graph says, and how bad inputs stop it.

Uses the session fixtures ``built`` (the build result) and ``built_graph`` (the published
Turtle, parsed back) from tests/conftest.py.
"""

from __future__ import annotations

import hashlib
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib import namespace as ns
from rdflib.namespace import DCTERMS, OWL, PROV, VOID

from graph.build import SOURCES_DIR, build
from graph.parse import parse
from graph.validate import ValidationFailed
from ontology.errors import InputFileError
from ontology.load import vocabulary_files
from ontology.namespaces import (
    DATASET,
    ELI,
    FTZ,
    ID,
    OA,
    PLAN,
    SPDX,
    XJO,
    measure_iri,
    mention_iri,
    part_iri,
    provision_iri,
    source_iri,
    task_group_iri,
)

SOURCE = SOURCES_DIR / "xinjiang-ftz-master-plan-2023.zh.md"
_TEXT = SOURCE.read_text(encoding="utf-8")


def values(g, s, p) -> set:
    return set(g.objects(s, p))


def test_counts(built) -> None:
    c = built.counts
    assert (c["parts"], c["task groups"], c["measures"], c["zones"]) == (4, 8, 25, 3)
    assert c["sections"] == 4  # 一、（一）（二） and 二、（一）（二）
    assert c["provisions"] == len(parse(SOURCE).sentences)
    assert set(built.timings) == {
        "parse", "vocab", "link", "assemble", "validate", "tables", "publish"
    }  # fmt: skip


def test_measures(built_graph, doc) -> None:
    g = built_graph
    measures = set(g.subjects(RDF.type, XJO.Measure))
    assert measures == {measure_iri(n) for n in range(1, 26)}
    for n in range(1, 26):
        (number,) = values(g, measure_iri(n), XJO.measureNumber)
        assert number == Literal(n, datatype=ns.XSD.integer)
        titles = {t.language: str(t) for t in values(g, measure_iri(n), DCTERMS.title)}
        assert titles["zh"] == doc.measure(n).title
        assert titles["en"] and not titles["en"].endswith(".")
        assert values(g, measure_iri(n), ELI.is_part_of) == {
            task_group_iri(doc.measure(n).task_group)
        }
    assert values(g, measure_iri(16), ELI.number) == {Literal("16")}


def test_provisions_round_trip_to_the_source(built_graph, doc) -> None:
    g = built_graph
    text = SOURCE.read_text(encoding="utf-8")
    rows = []
    for p in g.subjects(RDF.type, XJO.Provision):
        zh = [t for t in values(g, p, XJO.text) if t.language == "zh"]
        en = [t for t in values(g, p, XJO.text) if t.language == "en"]
        assert len(zh) == 1 and len(en) == 1, p
        (start,) = values(g, p, XJO.startOffset)
        (end,) = values(g, p, XJO.endOffset)
        (seq,) = values(g, p, XJO.sequence)
        assert text[int(start) : int(end)] == str(zh[0]), p
        assert values(g, p, PROV.wasDerivedFrom) == {source_iri(SOURCE.name)}
        rows.append((int(seq), str(zh[0])))
    rows.sort()
    assert [s for _, s in rows] == [s.text for s in doc.sentences]


def test_structure_and_closure(built_graph) -> None:
    g = built_graph
    p = provision_iri("measure-16-3")
    assert values(g, p, ELI.is_part_of) == {measure_iri(16)}
    assert values(g, p, XJO.isPartOf) == {measure_iri(16), task_group_iri(6), part_iri(3), PLAN}
    assert values(g, provision_iri("section-2-1-1"), XJO.isPartOf) == {
        ID["section/2-1"],
        part_iri(2),
        PLAN,
    }
    assert values(g, provision_iri("preamble-1"), XJO.isPartOf) == {PLAN}
    assert (measure_iri(16), ELI.has_part, p) in g
    assert (g.value(ID["task-group/6"], DCTERMS.title)) is not None


def test_expressions(built_graph) -> None:
    g = built_graph
    zh, en = URIRef(f"{PLAN}/zh"), URIRef(f"{PLAN}/en")
    assert values(g, PLAN, ELI.is_realized_by) == {zh, en}
    assert values(g, en, ELI.legal_value) == {ELI["LegalValue-unofficial"]}
    assert values(g, zh, ELI.legal_value) != values(g, en, ELI.legal_value)


def test_zone_areas_and_divisions(built_graph) -> None:
    g = built_graph

    def area(node) -> Literal:
        (a,) = values(g, node, XJO.areaKm2)
        assert a.datatype == ns.XSD.decimal
        return a

    assert Decimal(str(area(FTZ))) == Decimal("179.66")
    expected = {
        "urumqi": ("134.6", "agency/xpcc-12th-division", "30.8", "2.41"),
        "kashgar": ("28.48", "agency/xpcc-3rd-division", "3.81", "3.56"),
        "khorgos": ("16.58", "agency/xpcc-4th-division", "1.95", "3.61"),
    }
    assert values(g, FTZ, XJO.hasZone) == {ID[f"zone/{z}"] for z in expected}
    for zone, (zone_area, division, xpcc_area, bonded_area) in expected.items():
        z = ID[f"zone/{zone}"]
        assert str(area(z)) == zone_area
        xpcc, bonded = ID[f"zone/{zone}/xpcc-division"], ID[f"zone/{zone}/bonded-zone"]
        assert values(g, z, XJO.hasComponent) == {xpcc, bonded}
        assert values(g, xpcc, XJO.division) == {ID[division]}
        assert (str(area(xpcc)), str(area(bonded))) == (xpcc_area, bonded_area)


def test_zone_function(built_graph) -> None:
    g = built_graph
    f = ID["zone/kashgar/function/international-logistics"]
    assert (ID["zone/kashgar"], XJO.hasFunction, f) in g
    assert values(g, f, XJO.industry) == {ID["industry/international-logistics"]}
    assert values(g, f, XJO.framing) == {ID["framing/active-cultivation"]}
    assert values(g, f, XJO.industryGroup) == {ID["industry/modern-services"]}
    assert values(g, f, XJO.statedIn) == {provision_iri("section-2-2-2")}
    # “…等产业” closes a list without naming a group.
    assert not values(g, ID["zone/khorgos/function/new-materials"], XJO.industryGroup)


def test_mention_annotation(built_graph, doc) -> None:
    g = built_graph
    s = next(s for s in doc.measure(16).sentences if "中巴多式联运" in s.text)
    start = s.text.index("中巴")
    m = mention_iri(s.id, start, start + 2)
    assert values(g, m, OA.hasBody) == {ID["country/PK"]}
    assert values(g, m, XJO.mentionIn) == {provision_iri(s.id)}
    (target,) = values(g, m, OA.hasTarget)
    assert values(g, target, OA.hasSource) == {provision_iri(s.id)}
    selectors = {g.value(sel, RDF.type): sel for sel in values(g, target, OA.hasSelector)}
    pos, quote = selectors[OA.TextPositionSelector], selectors[OA.TextQuoteSelector]
    assert (int(g.value(pos, OA.start)), int(g.value(pos, OA.end))) == (start, start + 2)
    assert str(g.value(quote, OA.exact)) == "中巴"
    assert s.text[:start].endswith(str(g.value(quote, OA.prefix)))
    assert s.text[start + 2 :].startswith(str(g.value(quote, OA.suffix)))
    assert (provision_iri(s.id), XJO.mentionsCountry, ID["country/PK"]) in g
    assert (provision_iri(s.id), XJO.mentions, ID["country/PK"]) in g


def test_a_name_is_mentioned_and_what_is_inside_it_is_inferred(built_graph, doc) -> None:
    """中哈 inside 中哈霍尔果斯国际边境合作中心: the centre is mentioned, Kazakhstan is not."""
    g = built_graph
    s = next(s for s in doc.measure(6).sentences if "中哈霍尔果斯" in s.text)
    centre = ID["organization/horgos-border-cooperation-center"]
    assert (provision_iri(s.id), XJO.mentionsOrganization, centre) in g
    assert (provision_iri(s.id), XJO.mentions, ID["country/KZ"]) not in g
    assert (provision_iri(s.id), XJO.mentionsInName, ID["country/KZ"]) in g
    assert (measure_iri(6), XJO.involvesCountry, ID["country/KZ"]) in g  # the roll-up


def test_joint_abbreviation_is_one_mention_with_two_bodies(built_graph, doc) -> None:
    g = built_graph
    s = next(s for s in doc.measure(16).sentences if "中吉乌公铁联运" in s.text)
    start = s.text.index("中吉乌")
    m = mention_iri(s.id, start, start + 3)
    assert values(g, m, OA.hasBody) == {ID["country/KG"], ID["country/UZ"]}


def test_aggregated_links(built_graph) -> None:
    g = built_graph
    m16 = measure_iri(16)
    assert {ID["country/KG"], ID["country/UZ"], ID["country/PK"]} <= values(
        g, m16, XJO.involvesCountry
    )
    assert {ID["region/143"], ID["region/034"]} <= values(g, m16, XJO.involvesRegion)
    assert values(g, m16, XJO.involvesCountry) <= values(g, m16, XJO.involves)
    m19 = values(g, measure_iri(19), XJO.involves)
    assert {
        ID["organization/sco"],
        ID["organization/carec"],
        ID["mechanism/china-central-asia-mechanism"],
        ID["event/china-eurasia-expo"],
    } <= m19
    assert not values(g, measure_iri(15), XJO.involvesCountry)
    assert not values(g, measure_iri(15), XJO.involvesRegion)
    assert values(g, measure_iri(16), XJO.involves) <= values(g, task_group_iri(6), XJO.involves)
    assert values(g, task_group_iri(6), XJO.involves) <= values(g, part_iri(3), XJO.involves)
    topics_16 = set().union(
        *(values(g, provision_iri(f"measure-16-{k}"), XJO.hasTopic) for k in range(1, 9))
    )
    # A measure's topics are those its sentences substantially address (issue 15): a subset of
    # its sentences' topics — 产业链 in passing (16-4) does not make it a manufacturing measure.
    assert values(g, m16, XJO.hasTopic) <= topics_16
    assert ID["topic/manufacturing"] in topics_16 - values(g, m16, XJO.hasTopic)


def test_responsible_agencies(built_graph) -> None:
    g = built_graph
    xuar, xpcc = ID["agency/xinjiang-uygur-autonomous-region"], ID["agency/xpcc"]
    assert values(g, provision_iri("part-4-4"), XJO.responsibleAgency) == {xuar, xpcc}
    assert values(g, provision_iri("part-4-3"), XJO.responsibleAgency) == {
        ID["agency/ftz-inter-ministerial-joint-conference"]
    }
    assert len(set(g.subject_objects(XJO.responsibleAgency))) == 5


def test_labels_everywhere_and_no_blank_nodes_in_the_data(built_graph) -> None:
    g = built_graph
    for s in set(g.subjects()):
        if isinstance(s, URIRef) and str(s).startswith(str(ID)):
            langs = {label.language for label in g.objects(s, RDFS.label)}
            assert {"zh", "en"} <= langs, s
    owl_terms = {OWL.unionOf, OWL.members, RDF.first, RDF.rest, RDF.type, OWL.propertyChainAxiom}
    for s, p, o in g:
        if isinstance(s, BNode):
            assert p in owl_terms, (s, p, o)  # only the ontology's class expressions and lists
        if isinstance(o, BNode):
            assert str(s).startswith(str(XJO._NS)) or isinstance(s, BNode), (s, p, o)


def test_vocabularies_and_ontology_are_included(built_graph) -> None:
    g = built_graph
    assert (URIRef("https://w3id.org/xjftz/ontology"), RDF.type, OWL.Ontology) in g
    assert (
        ID["scheme/countries"],
        RDF.type,
        URIRef("http://www.w3.org/2004/02/skos/core#ConceptScheme"),
    ) in g
    assert Literal("Kazakhstan", lang="en") in values(g, ID["country/KZ"], RDFS.label)


def test_dataset_description(built, built_graph) -> None:
    g = built_graph
    nt_lines = (Path(built.out_dir) / "xjftz.nt").read_text(encoding="utf-8").count("\n")
    assert int(g.value(DATASET, VOID.triples)) == len(g) == nt_lines
    checksum = g.value(source_iri(SOURCE.name), SPDX.checksum)
    assert (
        str(g.value(checksum, SPDX.checksumValue))
        == hashlib.sha256(SOURCE.read_bytes()).hexdigest()
    )
    used = {str(g.value(t, RDFS.label)) for t in g.objects(ID["dataset/xjftz/build"], PROV.used)}
    for tool in ("rdflib", "pyoxigraph", "pyshacl", "owlready2", "Python"):
        assert any(label.startswith(tool + " ") for label in used), tool
    assert not [o for o in g.objects() if isinstance(o, Literal) and o.datatype == ns.XSD.dateTime]
    partitions = {
        g.value(p, VOID["class"]): int(g.value(p, VOID.entities))
        for p in g.objects(DATASET, VOID.classPartition)
    }
    assert partitions[XJO.Measure] == 25


# --- bad inputs stop the build and leave what was published untouched ---------------------


@pytest.fixture
def published(built, tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    """A directory holding a copy of a good build, and its files' bytes."""
    out = tmp_path / "out"
    shutil.copytree(built.out_dir, out)
    return out, files_of(out)


def files_of(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` (the tables are in tables/) by its relative path."""
    return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def unchanged(out: Path, before: dict[str, bytes]) -> bool:
    return files_of(out) == before


def test_broken_vocabulary_names_file_and_line(published, tmp_path: Path) -> None:
    out, before = published
    vocab_dir = tmp_path / "vocabularies"
    vocab_dir.mkdir()
    for f in vocabulary_files():
        shutil.copy(f, vocab_dir)
    broken = vocab_dir / "regions.ttl"
    lines = broken.read_text(encoding="utf-8").splitlines(keepends=True)
    # Before the first statement: rdflib miscounts lines after object lists that span lines.
    at = next(i for i, line in enumerate(lines) if line.startswith("scheme:regions"))
    lines[at] = lines[at].replace(" a skos:ConceptScheme", " a skos:ConceptScheme xjo:oops")
    broken.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(InputFileError) as err:
        build(SOURCES_DIR, out, vocabulary_files=sorted(vocab_dir.glob("*.ttl")))
    assert err.value.path == str(broken)
    assert err.value.line == at + 1
    assert unchanged(out, before)


def _sources_with(tmp_path: Path, name: str, content: bytes | None) -> Path:
    src = tmp_path / "sources"
    shutil.copytree(SOURCES_DIR, src)
    if content is not None:
        (src / name).write_bytes(content)
    return src


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        ("中国（新疆）自由贸易试验区总体方案".encode("gb18030"), "not UTF-8"),
        (_TEXT[: _TEXT.index("。", 3000)].encode(), "truncated"),
    ],
    ids=["empty", "not-utf8", "truncated"],
)
def test_bad_source_text(published, tmp_path: Path, content: bytes, message: str) -> None:
    out, before = published
    src = _sources_with(tmp_path, SOURCE.name, content)
    with pytest.raises(InputFileError, match=message) as err:
        build(src, out)
    assert SOURCE.name in str(err.value)
    assert unchanged(out, before)


def test_bad_responsibility_row_names_the_row(published, tmp_path: Path) -> None:
    out, before = published
    tsv = (SOURCES_DIR / "responsibilities.tsv").read_text(encoding="utf-8")
    tsv += "part-4-6\thttps://w3id.org/xjftz/id/agency/xpcc\t新疆生产建设兵团要切实履行主体责任\n"
    src = _sources_with(tmp_path, "responsibilities.tsv", tsv.encode())
    with pytest.raises(InputFileError, match="does not occur in part-4-6") as err:
        build(src, out)
    assert err.value.line == tsv.count("\n")
    assert unchanged(out, before)


def test_non_conforming_graph_is_not_published(published, tmp_path: Path) -> None:
    out, before = published
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix xjo: <https://w3id.org/xjftz/ontology#> .\n"
        "<urn:test:MeasureShape> a sh:NodeShape ; sh:targetClass xjo:Measure ;\n"
        "  sh:property [ sh:path xjo:measureNumber ; sh:maxInclusive 24 ] .\n",
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as err:
        build(SOURCES_DIR, out, shapes_file=shapes)
    report = str(err.value)
    assert "measure:25" in report and "xjo:measureNumber" in report
    assert len(err.value.report.violations) == 1
    assert unchanged(out, before)
