"""How the SHACL gate runs (graph.validate): ontology/shapes.ttl as written, through pyshacl's
own entry point, reported in readable form; the graph being published is not touched; stable
blank node names (graph.blank_nodes).

The graphs are the shapes' conforming fixture (tests/fixtures/ontology/shapes-conforming.ttl),
broken inline; nothing here needs the build.
"""

from __future__ import annotations

import random
from pathlib import Path

from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Graph, Literal, URIRef

from graph import blank_nodes
from graph.validate import report_from, validate
from ontology.load import ONTOLOGY_FILE, load_turtle

FIXTURE = Path(__file__).parent / "fixtures" / "ontology" / "shapes-conforming.ttl"
ID = "https://w3id.org/xjftz/id/"
XJO = "https://w3id.org/xjftz/ontology#"
OA = "http://www.w3.org/ns/oa#"
MENTION = URIRef(f"{ID}mention/measure-6-7-2-4")


def _broken() -> Graph:
    """The fixture with a bad measure number, a provision without English text, a mention
    without a target, a negative area and a mention of a framing."""
    g = load_turtle(FIXTURE)
    measure, provision = URIRef(f"{ID}measure/6"), URIRef(f"{ID}provision/measure-6-7")
    g.remove((measure, URIRef(f"{XJO}measureNumber"), None))
    g.add((measure, URIRef(f"{XJO}measureNumber"), Literal(26)))
    for text in list(g.objects(provision, URIRef(f"{XJO}text"))):
        if isinstance(text, Literal) and text.language == "en":
            g.remove((provision, URIRef(f"{XJO}text"), text))
    g.remove((MENTION, URIRef(f"{OA}hasTarget"), None))
    zone = URIRef(f"{ID}zone/kashgar")
    g.remove((zone, URIRef(f"{XJO}areaKm2"), None))
    g.add((zone, URIRef(f"{XJO}areaKm2"), Literal("-1.5", datatype=Literal(1.5).datatype)))
    g.add((provision, URIRef(f"{XJO}mentions"), URIRef(f"{ID}framing/key-development")))
    return g


def _plain(data: Graph, shapes: Graph, ontology: Graph):
    """One pyshacl run over the shapes as written: what the gate must match."""
    _conforms, results, _text = pyshacl_validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", advanced=True
    )
    return report_from(results, shapes, data)


def test_the_gate_reports_what_one_plain_run_reports(shapes, ontology) -> None:
    data = _broken()
    got = validate(data, shapes, ontology)
    assert got == _plain(data, shapes, ontology)
    shapes_fired = {r.shape.split(" ")[0] for r in got.violations}
    for name in ("Measure-number", "Provision-text", "Mention-target", "area", "named-entities"):
        assert f"xjs:{name}" in shapes_fired, name


def test_validation_leaves_the_data_untouched(shapes, ontology) -> None:
    data = _broken()
    data += ontology  # as the build's graph holds it: validated in place
    before = set(data)
    validate(data, shapes, ontology)
    assert set(data) == before


def test_blank_node_names_do_not_depend_on_parsing(ontology) -> None:
    again = load_turtle(ONTOLOGY_FILE)  # new blank node ids
    shuffled = list(again)
    random.Random(7).shuffle(shuffled)
    first = sorted(blank_nodes.stable(ontology))
    assert sorted(blank_nodes.stable(shuffled)) == first
    names = {t for triple in first for t in triple if isinstance(t, BNode)}
    assert names == {BNode(f"b{i}") for i in range(1, len(names) + 1)}


def test_blank_nodes_that_are_not_a_tree_fall_back_to_canonical_names() -> None:
    text = "<urn:a> <urn:p> _:x . <urn:b> <urn:p> _:x . _:x <urn:q> _:y . _:y <urn:q> _:x ."
    one = blank_nodes.stable(Graph().parse(data=text, format="turtle"))
    two = blank_nodes.stable(Graph().parse(data=text, format="turtle"))
    assert sorted(one) == sorted(two)
    assert {t for triple in one for t in triple if isinstance(t, BNode)} == {
        BNode("b1"),
        BNode("b2"),
    }


def test_an_area_that_is_not_a_number_is_reported_not_a_crash(shapes, ontology) -> None:
    g = load_turtle(FIXTURE)
    zone = URIRef(f"{ID}zone/kashgar")
    g.remove((zone, URIRef(f"{XJO}areaKm2"), None))
    g.add((zone, URIRef(f"{XJO}areaKm2"), Literal("twenty")))
    report = validate(g, shapes, ontology)
    assert {(r.focus, r.shape.split(" ")[0]) for r in report.violations} == {
        ("zone:kashgar", "xjs:area")
    }
