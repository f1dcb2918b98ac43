"""How the SHACL gate runs (graph.shacl_plan, graph.shacl_run, graph.validate): the rewritten,
split shapes give the report one plain pyshacl run gives, in one process or two; the graph
being published is not touched; stable blank node names (graph.blank_nodes).

The graphs are the shapes' conforming fixture (tests/fixtures/ontology/shapes-conforming.ttl),
broken inline; nothing here needs the build.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH

from graph import blank_nodes, shacl_plan, shacl_run
from graph.validate import report_from, validate
from ontology.load import ONTOLOGY_FILE, SHAPES_FILE, load_turtle

FIXTURE = Path(__file__).parent / "fixtures" / "ontology" / "shapes-conforming.ttl"
ID = "https://w3id.org/xjftz/id/"
XJO = "https://w3id.org/xjftz/ontology#"
OA = "http://www.w3.org/ns/oa#"
MENTION = URIRef(f"{ID}mention/measure-6-7-2-4")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_turtle(SHAPES_FILE)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return load_turtle(ONTOLOGY_FILE)


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


@pytest.mark.parametrize("workers", [1, 2])
def test_the_gate_reports_what_one_plain_run_reports(shapes, ontology, workers: int) -> None:
    data = _broken()
    expected = _plain(data, shapes, ontology)
    got = validate(data, shapes, ontology, workers=workers)
    assert got == expected
    shapes_fired = {r.shape.split(" ")[0] for r in got.violations}
    for name in ("Measure-number", "Provision-text-en", "Mention-target", "area", "mentions"):
        assert f"xjs:{name}" in shapes_fired, name


def test_every_shape_is_in_exactly_one_part(shapes, ontology) -> None:
    data = _broken()
    lifted = shacl_plan.lift_property_shapes(shapes)
    parts = shacl_plan.plan(shapes, data, 3)
    for p in shacl_plan.TARGETS:
        for s, o in lifted.subject_objects(p):
            assert sum((s, p, o) in part for part in parts) == 1, (s, p, o)
    everything_else = {t for t in lifted if t[1] not in shacl_plan.TARGETS}
    for part in parts:
        assert {t for t in part if t[1] not in shacl_plan.TARGETS} == everything_else


def test_property_shapes_carry_their_node_shapes_targets(shapes) -> None:
    lifted = shacl_plan.lift_property_shapes(shapes)
    xjs = "https://w3id.org/xjftz/shapes#"
    label = URIRef(f"{xjs}label-zh")
    assert (label, SH.targetClass, URIRef(f"{XJO}Measure")) in lifted
    assert (URIRef(f"{xjs}MeasureShape"), SH.property, label) not in lifted
    assert (URIRef(f"{xjs}MeasureShape"), SH.property, label) in shapes  # a copy was changed


def test_validation_leaves_the_data_untouched(shapes, ontology) -> None:
    data = _broken()
    data += ontology  # as the build's graph holds it: validated in place
    before = set(data)
    validate(data, shapes, ontology, workers=2)
    assert set(data) == before


def test_prepared_queries_answer_as_rdflib_does() -> None:
    data = load_turtle(FIXTURE)
    view = shacl_run.working_graph(data, None)
    query = "SELECT ?o WHERE { $this ?p ?o }"
    for node in (MENTION, URIRef(f"{ID}measure/6")):
        expected = {row.o for row in data.query(query, initBindings={"this": node})}
        assert {row.o for row in view.query(query, initBindings={"this": node})} == expected
    assert len(view._prepared) == 1


def _fails(part: Graph) -> int:
    if len(part) == 2:
        raise ValueError("part two is broken")
    return len(part)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this platform")
def test_parts_in_other_processes_return_in_order_and_raise() -> None:
    parts = [Graph() for _ in range(3)]
    for i, g in enumerate(parts):
        for j in range(i + 1):
            g.add((URIRef(f"urn:s{j}"), URIRef("urn:p"), Literal(j)))
    assert shacl_run.run_parts(parts[:1] + parts[2:], len) == [1, 3]
    pids = shacl_run.run_parts(parts, lambda _part: os.getpid())
    assert pids[0] == os.getpid()
    if shacl_run._fork_is_safe():
        assert os.getpid() not in pids[1:] and len(set(pids)) == 3
    with pytest.raises(ValueError, match="part two is broken"):
        shacl_run.run_parts(parts, _fails)


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
