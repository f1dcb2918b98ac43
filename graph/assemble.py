"""Stage 3 of the build: everything the build knows, as one rdflib graph.

Input:  the parsed plan (``graph.parse``), the lexicon (``graph.vocab``), the links
        (``graph.link``), the zone layout (``graph.zones``), the English texts
        (``graph.translation``), the curated responsibilities (``graph.responsibility``), the
        codings (``graph.codings``), and
        the ontology graph.
Output: one ``Graph`` = ontology + vocabularies + the plan's data — the data with no blank
        nodes (the ontology's OWL class expressions keep theirs, stably named): the
        structure (``graph.structure``), mentions and aggregated links (``graph.annotate``),
        zones with areas, components and functions, ``xjo:responsibleAgency``, and
        ``rdfs:label`` copied from ``skos:prefLabel`` for every vocabulary concept.

Follows docs/DESIGN.md, "What the published graph materialises".
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, SKOS, BNode, Graph, Literal, URIRef

from graph import blank_nodes
from graph.annotate import add_aggregates, add_provision_links
from graph.codings import Codings
from graph.codings_rdf import add_codings
from graph.describe import add_document_facts
from graph.evidence import measure_topics
from graph.link import ProvisionLinks
from graph.parse import PlanDocument
from graph.responsibility import Responsibility
from graph.structure import Unit, add_source, add_structure, provision_names
from graph.vocab import Lexicon
from graph.zones import ZoneError, ZoneLayout
from ontology.errors import XjftzError
from ontology.namespaces import ELI, FTZ, GEO, ID, LANG, OA, ORG, PLAN, SPDX, WD, XJO, provision_iri

MEASURE_PREFIX = str(ID["measure/"])  # a unit whose IRI starts so is a measure

# The plan's generic “…等产业” closes a list without naming a group of industries.
GENERIC_GROUP = "产业"

PREFIXES = {
    "xjo": XJO._NS,
    "xjid": ID,
    "eli": ELI,
    "oa": OA,
    "org": ORG,
    "geo": GEO,
    "spdx": SPDX,
    "wd": WD,
    "lang": LANG,
}


@dataclass(frozen=True)
class Inputs:
    doc: PlanDocument
    lexicon: Lexicon
    links: Mapping[str, ProvisionLinks]
    zones: ZoneLayout
    english: Mapping[str, str]  # id → en, from graph.translation
    responsibilities: list[Responsibility]
    ontology: Graph
    source: URIRef
    codings: Codings | None = None  # from graph.codings: actions, instruments, delegations …


def new_graph() -> Graph:
    g = Graph()
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    return g


def add_zones(g: Graph, layout: ZoneLayout, lexicon: Lexicon) -> None:
    """The FTZ's area, its zones with areas and components, and each zone's functions."""
    g.add((FTZ, RDF.type, XJO.PilotFreeTradeZone))
    g.add((FTZ, XJO.areaKm2, Literal(layout.total)))
    scope = provision_iri(layout.scope_provision)
    g.add((FTZ, XJO.areaStatedIn, scope))
    for zone in layout.zones:
        g.add((FTZ, XJO.hasZone, zone.iri))
        g.add((zone.iri, RDF.type, XJO.Zone))
        g.add((zone.iri, XJO.areaKm2, Literal(zone.area)))
        g.add((zone.iri, XJO.areaStatedIn, scope))
        if zone.role_provision is not None:
            g.add((zone.iri, XJO.roleStatedIn, provision_iri(zone.role_provision)))
        if zone.basis is not None:
            g.add((zone.iri, XJO.basis, Literal(zone.basis, lang="zh")))
        if zone.positioning is not None:
            g.add((zone.iri, XJO.positioning, Literal(zone.positioning, lang="zh")))
        for place in zone.connects:
            g.add((zone.iri, XJO.connects, place))
        for c in zone.components:
            g.add((c.iri, XJO.areaStatedIn, scope))
            cls = XJO.XPCCDivisionArea if c.kind == "xpcc-division" else XJO.ComprehensiveBondedZone
            g.add((c.iri, RDF.type, cls))
            g.add((zone.iri, XJO.hasComponent, c.iri))
            g.add((c.iri, XJO.areaKm2, Literal(c.area)))
            if c.division is not None:
                g.add((c.iri, XJO.division, c.division))
        zone_zh = lexicon.pref_label(zone.iri, "zh") or zone.name
        zone_en = lexicon.pref_label(zone.iri, "en")
        for f in zone.functions:
            g.add((zone.iri, XJO.hasFunction, f.iri))
            g.add((f.iri, RDF.type, XJO.ZoneFunction))
            g.add((f.iri, XJO.industry, f.industry))
            g.add((f.iri, XJO.framing, f.framing))
            g.add((f.iri, XJO.statedIn, provision_iri(f.provision)))
            if f.group is not None and f.group != GENERIC_GROUP:
                group = lexicon.lookup(f.group, XJO.Industry)
                if group is None:
                    raise ZoneError(
                        f"{f.provision}: the group “{f.group}” is not an industry "
                        "in the vocabularies"
                    )
                g.add((f.iri, XJO.industryGroup, group))
            g.add((f.iri, RDFS.label, Literal(f"{zone_zh}：{f.framing_words}{f.item}", lang="zh")))
            framing_en = lexicon.pref_label(f.framing, "en")
            industry_en = lexicon.pref_label(f.industry, "en")
            if zone_en and framing_en and industry_en:
                g.add(
                    (
                        f.iri,
                        RDFS.label,
                        Literal(f"{zone_en}: {framing_en} {industry_en}", lang="en"),
                    )
                )


def add_responsibilities(g: Graph, rows: list[Responsibility]) -> None:
    for row in rows:
        g.add((provision_iri(row.provision), XJO.responsibleAgency, row.agency))


def add_concept_labels(g: Graph) -> None:
    """``rdfs:label`` from ``skos:prefLabel`` (for generic browsers), per DESIGN.md."""
    for node, label in list(g.subject_objects(SKOS.prefLabel)):
        g.add((node, RDFS.label, label))


def check_no_blank_nodes(g: Graph, allowed: set[BNode]) -> None:
    """Only the ontology's blank nodes (``allowed``): every node of the data needs an IRI."""
    for triple in g:
        if any(isinstance(t, BNode) and t not in allowed for t in triple):
            raise XjftzError(f"the graph has a blank node (in {triple}): every node needs an IRI")


def add_ontology_and_vocabularies(g: Graph, ontology: Graph, vocabularies: Graph) -> set[BNode]:
    """Add both to ``g``, their blank nodes under stable names (``graph.blank_nodes``); return
    those names."""
    names: set[BNode] = set()
    for triple in blank_nodes.stable(itertools.chain(ontology, vocabularies)):
        g.add(triple)
        names.update(t for t in triple if isinstance(t, BNode))
    return names


def topics_of_units(
    units: list[Unit], links: Mapping[str, ProvisionLinks]
) -> dict[URIRef, set[URIRef]]:
    """The topics of each unit: a measure's by the rule of ``evidence.measure_topics``; a
    section's or part's are those of the units it holds and of its provisions outside them."""
    children: dict[URIRef, list[Unit]] = {}
    for unit in units:
        if unit.parent is not None:
            children.setdefault(unit.parent, []).append(unit)
    topics: dict[URIRef, set[URIRef]] = {}
    for unit in units:  # children come before their parents
        if unit.iri.startswith(MEASURE_PREFIX):
            topics[unit.iri] = measure_topics([links[pid] for pid in unit.provisions])
            continue
        held = {pid for child in children.get(unit.iri, []) for pid in child.provisions}
        found = {t for child in children.get(unit.iri, []) for t in topics[child.iri]}
        for pid in unit.provisions:
            if pid not in held:
                found.update(hit.topic for hit in links[pid].topics)
        topics[unit.iri] = found
    return topics


def assemble(inputs: Inputs) -> Graph:
    """Build the whole published graph (without the dataset description).

    Everything is added to one graph: copying the ~12,000 triples of the plan's data from a
    graph of their own would cost more than making them.
    """
    doc = inputs.doc
    g = new_graph()
    allowed = add_ontology_and_vocabularies(g, inputs.ontology, inputs.lexicon.graph)
    units = add_structure(g, doc, inputs.english)
    add_source(g, inputs.source, Path(doc.path).name)
    source_text = Path(doc.path).read_text(encoding="utf-8")
    add_document_facts(g, source_text, inputs.source, doc.title.text, inputs.lexicon)
    names = provision_names(doc)
    for sentence in doc.sentences:
        links = inputs.links[sentence.id]
        add_provision_links(g, sentence, links, names[sentence.id], inputs.lexicon)
    unit_topics = topics_of_units(units, inputs.links)
    for unit in units:
        provisions = [inputs.links[pid] for pid in unit.provisions]
        add_aggregates(g, unit.iri, provisions, inputs.lexicon, topics=unit_topics[unit.iri])
    add_aggregates(g, PLAN, list(inputs.links.values()), inputs.lexicon)
    add_zones(g, inputs.zones, inputs.lexicon)
    add_responsibilities(g, inputs.responsibilities)
    if inputs.codings is not None:
        add_codings(g, inputs.codings, doc, names, inputs.lexicon)
    check_no_blank_nodes(g, allowed)
    add_concept_labels(g)
    return g
