"""`xjftz reason` and ontology.reason: HermiT (through owlready2) finds the ontology, the
vocabularies and the published graph consistent, counts what it infers, and names the culprits
of an inconsistent graph — which owlready2 itself does not."""

from __future__ import annotations

from pathlib import Path

import owlready2
import pytest
from rdflib import RDF, Graph, Literal, URIRef

from ontology.explain import literal_fits, minimise
from ontology.load import ONTOLOGY_FILE, load_turtle
from ontology.namespaces import XJO
from ontology.reason import (
    InconsistentGraphError,
    ReasonerError,
    reason,
    reason_over,
    reasoning_view,
)
from ontology.tbox import read_tbox
from xjftz.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "ontology"
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XSD_NS = "http://www.w3.org/2001/XMLSchema#"


def test_ontology_and_vocabularies_are_consistent() -> None:
    result = reason(include_graph=False)
    assert result.consistent
    assert result.unsatisfiable == []
    # Every vocabulary concept's ORG superclasses follow from the ontology, e.g. agencies.
    assert result.superclass_types.get("org:Organization", 0) > 0


def test_inferences_on_an_unmaterialised_sample() -> None:
    result = reason_over([FIXTURES / "consistent-sample.ttl"])
    values = result.new_values
    # isPartOf closure: provision → task group, part, plan; measure → part, plan; task group → plan
    assert values["xjo:isPartOf"]["HermiT"] == 6
    # property chains: the measure, task group, part and plan involve Kazakhstan (mentioned) and
    # Central Asia (its region)
    assert values["xjo:involvesCountry"]["HermiT"] == 4
    assert values["xjo:involvesRegion"]["HermiT"] == 4
    assert values["xjo:involves"]["super-property"] == 12
    # inverses: every isPartOf link, asserted or inferred, has its hasPart
    assert values["xjo:hasPart"]["inverse"] == 10
    assert values["xjo:zoneOf"]["inverse"] == 1
    # subclass types: the task group is a section; the entities are SKOS concepts
    assert result.superclass_types["xjo:Section"] == 1
    assert result.superclass_types["skos:Concept"] == 3
    assert "xjo:isPartOf" in result.report()


@pytest.mark.parametrize(
    ("fixture", "culprit", "words"),
    [
        (
            "inconsistent-disjoint-types.ttl",
            "xjid:country/KZ",
            ["xjo:Agency", "xjo:Country", "disjoint"],
        ),
        (
            "inconsistent-functional-value.ttl",
            "xjid:measure/6",
            ["xjo:measureNumber", "functional"],
        ),
        (
            "inconsistent-range.ttl",
            "xjid:region/143",
            ["range of xjo:mentionsCountry", "xjid:provision/measure-6-7", "xjo:Region"],
        ),
    ],
)
def test_an_inconsistent_graph_names_its_culprit(
    fixture: str, culprit: str, words: list[str]
) -> None:
    with pytest.raises(InconsistentGraphError) as caught:
        reason_over([FIXTURES / fixture])
    message = str(caught.value)
    assert message.strip(), "owlready2's own error is empty; ours must not be"
    assert culprit in message
    for word in words:
        assert word in message
    assert [c.individual for c in caught.value.clashes] == [culprit]


@pytest.mark.slow
def test_an_inconsistency_no_single_axiom_explains_is_narrowed_down_with_hermit() -> None:
    with pytest.raises(InconsistentGraphError) as caught:
        reason_over([FIXTURES / "inconsistent-needs-search.ttl"])
    assert caught.value.clashes == []
    assert sorted(caught.value.suspects) == ["xjid:ftz/other", "xjid:ftz/xinjiang"]
    assert "minimal set" in str(caught.value)


def test_unsatisfiable_classes_are_reported() -> None:
    result = reason_over([FIXTURES / "unsatisfiable-class.ttl"])
    assert result.unsatisfiable == ["<https://example.org/test#CountryAgency>"]


def test_missing_java_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(owlready2, "JAVA_EXE", "no-such-java-xjftz")
    with pytest.raises(ReasonerError, match="default-jre-headless"):
        reason_over([])


def test_reasoning_view_leaves_out_annotations_and_selectors() -> None:
    data = Graph().parse(
        data="""
        @prefix xjo: <https://w3id.org/xjftz/ontology#> .
        @prefix oa: <http://www.w3.org/ns/oa#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        <urn:m> a xjo:Mention ; rdfs:label "m"@en ; oa:hasTarget <urn:t> .
        <urn:t> a oa:SpecificResource ; oa:hasSelector <urn:s> .
        <urn:s> a oa:TextPositionSelector ; oa:start 0 ; oa:end 2 .
        """,
        format="turtle",
    )
    ontology = load_turtle(ONTOLOGY_FILE)
    view = reasoning_view(ontology, data, read_tbox(ontology))
    kept = {t for t in view if t not in ontology}
    assert kept == {(URIRef("urn:m"), RDF.type, XJO.Mention)}


def test_minimise_finds_a_minimal_culprit_set() -> None:
    subjects = list(range(40))
    runs = []

    def inconsistent(chosen: list[int]) -> bool:
        runs.append(len(chosen))
        return {7, 31} <= set(chosen)

    found, minimal = minimise(subjects, inconsistent)  # type: ignore[arg-type]
    assert sorted(found) == [7, 31] and minimal
    assert len(runs) < 40


@pytest.mark.parametrize(
    ("literal", "datatype", "fits"),
    [
        (Literal(3), "integer", True),
        (Literal("3"), "integer", False),
        (Literal(0, datatype=XSD_NS + "positiveInteger"), "positiveInteger", False),
        (Literal("text", lang="zh"), "langString", True),
        (Literal("text"), "langString", False),
        (Literal("179.66", datatype=XSD_NS + "decimal"), "decimal", True),
        (Literal("398"), "string", True),
    ],
)
def test_literal_fits(literal: Literal, datatype: str, fits: bool) -> None:
    base = RDF_NS if datatype == "langString" else XSD_NS
    assert literal_fits(literal, URIRef(base + datatype)) is fits


# ---- the command -----------------------------------------------------------------------------


def test_reason_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["reason", "--help"])
    assert exited.value.code == 0
    assert "--no-graph" in capsys.readouterr().out


def test_reason_command_reports_a_consistent_graph(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["-q", "reason", "--graph", str(FIXTURES / "consistent-sample.ttl")])
    out = capsys.readouterr().out
    assert code == 0
    assert out.startswith("Consistent: yes")
    assert "xjo:involvesRegion" in out


def test_reason_command_exits_1_naming_the_culprit(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["-q", "reason", "--graph", str(FIXTURES / "inconsistent-disjoint-types.ttl")])
    err = capsys.readouterr().err
    assert code == 1
    assert "inconsistent" in err and "xjid:country/KZ" in err and "disjoint" in err


def test_reason_command_exits_1_on_unsatisfiable_classes() -> None:
    assert main(["-q", "reason", "--graph", str(FIXTURES / "unsatisfiable-class.ttl")]) == 1


def test_reason_command_names_a_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["-q", "reason", "--graph", "no-such-graph.ttl"]) == 1
    assert "no-such-graph.ttl: no such file" in capsys.readouterr().err


@pytest.mark.slow
def test_the_published_graph_is_consistent(published_ttl: Path) -> None:
    result = reason([published_ttl])
    assert result.consistent and result.unsatisfiable == []
    # How long HermiT takes is measured in bench/ (`make bench`), not asserted here.
    # The build materialises what HermiT would derive: no new isPartOf or involves links.
    assert "HermiT" not in result.new_values.get("xjo:isPartOf", {})
    assert "HermiT" not in result.new_values.get("xjo:involvesRegion", {})
