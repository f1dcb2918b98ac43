"""The ontology (ontology/xjftz.ttl): every XJO term defined in both languages, the alignments the
design names, OWL 2 DL hygiene, owlready2 loading it, and its generated documentation."""

from __future__ import annotations

import html
from pathlib import Path

import owlready2
import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

from ontology.docs import describe_ontology, render_html, render_markdown, write_docs
from ontology.load import ONTOLOGY_FILE, load_turtle
from ontology.namespaces import ELI, GEO, OA, ONTOLOGY_IRI, ORG, XJO

VANN = Namespace("http://purl.org/vocab/vann/")
# rdflib's XSD is a DefinedNamespace that warns when pytest probes module globals for mocks.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
W3C_BUILTINS = (
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2002/07/owl#",
)
TERMS = [name for name in XJO.__annotations__ if not name.startswith("_")]
CLASSES = [t for t in TERMS if t[0].isupper()]
DATATYPE_RANGES = {
    "measureNumber": XSD.integer,
    "ordinal": XSD.integer,
    "areaKm2": XSD.decimal,
    "text": RDF.langString,
    "startOffset": XSD.nonNegativeInteger,
    "endOffset": XSD.nonNegativeInteger,
    "sequence": XSD.positiveInteger,
    "sentenceNumber": XSD.positiveInteger,
    "sourceLine": XSD.positiveInteger,
    "iso3166Alpha2": XSD.string,
    "iso3166Alpha3": XSD.string,
    "m49Code": XSD.string,
    "triggerTerm": RDF.langString,
    "basis": RDF.langString,
    "positioning": RDF.langString,
    "publishedVia": RDF.langString,
    "documentKind": RDF.langString,
    # codings (issue 19)
    "codedBy": XSD.string,
    "codingRule": XSD.string,
    "commitmentStrength": XSD.integer,
    "delegatedPower": RDF.langString,
    "procedureBefore": RDF.langString,
    "procedureAfter": RDF.langString,
    "procedureScope": RDF.langString,
    "minYears": XSD.positiveInteger,
    "maxYears": XSD.positiveInteger,
    "goalText": RDF.langString,
}
INVERSES = [  # docs/DESIGN.md names these pairs
    ("isPartOf", "hasPart"),
    ("mentions", "mentionedIn"),
    ("hasTopic", "topicOf"),
    ("involves", "involvedIn"),
    ("inRegion", "hasMember"),
    ("hasZone", "zoneOf"),
    ("hasComponent", "componentOf"),
]


@pytest.fixture(scope="module")
def g() -> Graph:
    return load_turtle(ONTOLOGY_FILE)


def _langs(g: Graph, s: URIRef, p: URIRef) -> list[str]:
    return sorted(o.language for o in g.objects(s, p) if isinstance(o, Literal) and o.language)


@pytest.mark.parametrize("name", TERMS)
def test_every_term_is_defined_in_both_languages(g: Graph, name: str) -> None:
    term = XJO[name]
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty} & set(g.objects(term, RDF.type))
    assert len(kinds) == 1, f"{name} must be exactly one of class, object or datatype property"
    assert _langs(g, term, RDFS.label) == ["en", "zh"]
    assert _langs(g, term, SKOS.definition) == ["en", "zh"]
    assert (term, RDFS.isDefinedBy, ONTOLOGY_IRI) in g


def test_the_ontology_defines_nothing_beyond_the_namespace(g: Graph) -> None:
    defined = {s for s in g.subjects(RDFS.isDefinedBy, ONTOLOGY_IRI)}
    assert defined == {XJO[t] for t in TERMS}


def test_ontology_header(g: Graph) -> None:
    assert g.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert _langs(g, ONTOLOGY_IRI, DCTERMS.title) == ["en", "zh"]
    assert _langs(g, ONTOLOGY_IRI, DCTERMS.description) == ["en", "zh"]
    assert g.value(ONTOLOGY_IRI, DCTERMS.creator) is not None
    assert g.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert str(g.value(ONTOLOGY_IRI, VANN.preferredNamespacePrefix)) == "xjo"
    assert (ONTOLOGY_IRI, OWL.imports, None) not in g


def test_object_properties_have_domains_and_ranges(g: Graph) -> None:
    for name in TERMS:
        p = XJO[name]
        if (p, RDF.type, OWL.ObjectProperty) in g:
            assert (p, RDFS.domain, None) in g, name
            assert (p, RDFS.range, None) in g, name


@pytest.mark.parametrize(("name", "datatype"), DATATYPE_RANGES.items())
def test_datatype_ranges(g: Graph, name: str, datatype: URIRef) -> None:
    assert (XJO[name], RDF.type, OWL.DatatypeProperty) in g
    assert set(g.objects(XJO[name], RDFS.range)) == {datatype}


def test_every_datatype_property_has_its_range_checked(g: Graph) -> None:
    declared = {
        s for s in g.subjects(RDF.type, OWL.DatatypeProperty) if s in {XJO[t] for t in TERMS}
    }
    assert declared == {XJO[n] for n in DATATYPE_RANGES}


@pytest.mark.parametrize(("a", "b"), INVERSES)
def test_inverses(g: Graph, a: str, b: str) -> None:
    assert (XJO[a], OWL.inverseOf, XJO[b]) in g or (XJO[b], OWL.inverseOf, XJO[a]) in g


def test_part_of_and_region_membership_are_transitive(g: Graph) -> None:
    assert (XJO.isPartOf, RDF.type, OWL.TransitiveProperty) in g
    assert (XJO.inRegion, RDF.type, OWL.TransitiveProperty) in g


@pytest.mark.parametrize(
    ("sub", "relation", "sup"),
    [
        (XJO.Plan, RDFS.subClassOf, ELI.LegalResource),
        *[
            (XJO[c], RDFS.subClassOf, ELI.LegalResourceSubdivision)
            for c in ("Part", "Section", "Measure", "Provision")
        ],
        (XJO.TaskGroup, RDFS.subClassOf, XJO.Section),
        (XJO.Mention, RDFS.subClassOf, OA.Annotation),
        (XJO.Coding, RDFS.subClassOf, OA.Annotation),
        (XJO.Action, RDFS.subClassOf, SKOS.Concept),
        (XJO.PolicyInstrument, RDFS.subClassOf, SKOS.Concept),
        (XJO.Agency, RDFS.subClassOf, ORG.FormalOrganization),
        (ORG.FormalOrganization, RDFS.subClassOf, ORG.Organization),
        (XJO.Organization, RDFS.subClassOf, ORG.Organization),
        *[
            (XJO[c], RDFS.subClassOf, GEO.Feature)
            for c in ("Zone", "ZoneComponent", "PilotFreeTradeZone")
        ],
        *[
            (XJO[c], RDFS.subClassOf, SKOS.Concept)
            for c in (
                "Country",
                "Region",
                "Place",
                "Agency",
                "Organization",
                "Mechanism",
                "Initiative",
                "Event",
                "Industry",
                "Topic",
                "Framing",
            )
        ],
        (XJO.isPartOf, RDFS.subPropertyOf, DCTERMS.isPartOf),
        (XJO.hasTopic, RDFS.subPropertyOf, ELI.is_about),
        (XJO.responsibleAgency, RDFS.subPropertyOf, ELI.responsibility_of_agent),
    ],
)
def test_alignments_to_reused_vocabularies(
    g: Graph, sub: URIRef, relation: URIRef, sup: URIRef
) -> None:
    assert (sub, relation, sup) in g


def test_every_external_term_is_declared_with_one_owl_type(g: Graph) -> None:
    """OWL 2 DL: a term the ontology uses must be typed, and an object property must not have a
    datatype or annotation super-property (and so on)."""
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    used = set(g.objects(None, RDFS.subClassOf)) | set(g.objects(None, RDFS.subPropertyOf))
    used |= set(g.predicates()) - {RDF.type, RDF.first, RDF.rest}
    for term in used:
        if not isinstance(term, URIRef) or str(term).startswith(W3C_BUILTINS):
            continue
        types = set(g.objects(term, RDF.type)) & set(kinds)
        assert len(types) == 1, f"{term} must be declared as exactly one of {kinds}"
    for sub, sup in g.subject_objects(RDFS.subPropertyOf):
        assert set(g.objects(sub, RDF.type)) & set(kinds) == set(g.objects(sup, RDF.type)) & set(
            kinds
        )


def test_eli_unofficial_legal_value_is_declared(g: Graph) -> None:
    assert (ELI["LegalValue-unofficial"], RDF.type, ELI.LegalValue) in g


def test_owlready2_loads_the_ontology(tmp_path: Path, g: Graph) -> None:
    nt = tmp_path / "xjftz.nt"
    g.serialize(nt, format="nt", encoding="utf-8")
    world = owlready2.World()
    with nt.open("rb") as fh:
        onto = world.get_ontology(str(ONTOLOGY_IRI)).load(fileobj=fh, format="ntriples")
    names = {c.iri for c in onto.classes()}
    assert {str(XJO[c]) for c in CLASSES} <= names
    assert world[str(XJO.isPartOf)] is not None
    assert owlready2.TransitiveProperty in world[str(XJO.isPartOf)].is_a


def test_the_readme_lists_every_property() -> None:
    readme = (ONTOLOGY_FILE.parent / "README.md").read_text(encoding="utf-8")
    for name in TERMS:
        if name[0].islower():
            assert f"`xjo:{name}`" in readme, name


# ---- generated documentation ---------------------------------------------------------------


def test_describe_ontology_lists_every_term_with_both_languages() -> None:
    doc = describe_ontology()
    assert {t.name for t in doc.terms} == set(TERMS)
    for term in doc.terms:
        assert set(term.label) == {"en", "zh"}, term.name
        assert set(term.definition) == {"en", "zh"}, term.name
    measure = doc.term("Measure")
    assert measure.kind == "class"
    assert "eli:LegalResourceSubdivision" in measure.alignments
    part_of = doc.term("isPartOf")
    assert part_of.inverse == "xjo:hasPart"
    assert "transitive" in part_of.characteristics
    assert set(part_of.domain) == {"xjo:Part", "xjo:Section", "xjo:Measure", "xjo:Provision"}
    assert ("xjo:involvesCountry", "xjo:inRegion") in doc.term("involvesRegion").chains


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_html_page_has_an_anchor_per_term_in_both_languages(lang: str) -> None:
    page = render_html(lang=lang)
    assert page.startswith("<!DOCTYPE html>") and f'<html lang="{lang}">' in page
    for name in TERMS:
        assert f'id="{name}"' in page
    assert "措施" in page and "Measure" in page


def test_html_escapes_everything_it_takes_from_the_ontology(tmp_path: Path) -> None:
    evil = tmp_path / "evil.ttl"
    evil.write_text(
        ONTOLOGY_FILE.read_text(encoding="utf-8").replace(
            '"Measure"@en', '"Measure <script>alert(1)</script> & co"@en'
        ),
        encoding="utf-8",
    )
    page = render_html(describe_ontology(evil), "en")
    assert "<script>" not in page
    assert html.escape("Measure <script>alert(1)</script> & co") in page


def test_render_html_refuses_other_languages() -> None:
    with pytest.raises(ValueError, match="lang"):
        render_html(lang="fr")


def test_write_docs(tmp_path: Path) -> None:
    written = write_docs(tmp_path / "docs")
    assert sorted(p.name for p in written) == ["ontology.html", "ontology.md", "ontology.zh.html"]
    markdown = (tmp_path / "docs" / "ontology.md").read_text(encoding="utf-8")
    assert markdown == render_markdown()
    assert '### <a id="isPartOf"></a>is part of · 属于 (`xjo:isPartOf`)' in markdown
