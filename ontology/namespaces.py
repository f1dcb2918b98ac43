"""The project's namespaces, declared once.

Input:  nothing (constants).
Output: ``XJO`` — the ontology's terms as an rdflib ``DefinedNamespace`` with ``_fail = True``,
        so a mistyped term fails at import, not in a query — and the standard namespaces the
        project uses, plus helpers that mint instance IRIs under ``https://w3id.org/xjftz/id/``.

Every term listed in ``XJO`` is defined, with zh/en labels and definitions, in
``ontology/xjftz.ttl``; a test holds the two together.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from ontology.iris import BASE, PLAN_GRAPH

ONTOLOGY_IRI = URIRef(BASE + "ontology")
ID = Namespace(BASE + "id/")

ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
OA = Namespace("http://www.w3.org/ns/oa#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
WD = Namespace("http://www.wikidata.org/entity/")
LANG = Namespace("http://publications.europa.eu/resource/authority/language/")


class XJO(DefinedNamespace):
    """https://w3id.org/xjftz/ontology# — the xjftz ontology."""

    _fail = True
    _NS = Namespace(BASE + "ontology#")

    # Classes: the document
    Plan: URIRef
    Part: URIRef
    Section: URIRef
    TaskGroup: URIRef
    Measure: URIRef
    Provision: URIRef
    Mention: URIRef
    # Classes: zones
    PilotFreeTradeZone: URIRef
    Zone: URIRef
    ZoneComponent: URIRef
    XPCCDivisionArea: URIRef
    ComprehensiveBondedZone: URIRef
    ZoneFunction: URIRef
    Framing: URIRef
    # Classes: what the plan names
    Country: URIRef
    Region: URIRef
    Place: URIRef
    Agency: URIRef
    Organization: URIRef
    Mechanism: URIRef
    Initiative: URIRef
    Event: URIRef
    Industry: URIRef
    Topic: URIRef
    Commodity: URIRef
    TradeMode: URIRef
    FinancialOperation: URIRef
    Designation: URIRef
    Facility: URIRef
    Regime: URIRef
    Catalogue: URIRef
    # Classes: inferred links and topic evidence
    InferredLink: URIRef
    InNameLink: URIRef
    ViaMemberLink: URIRef
    TopicAssignment: URIRef
    TriggerOccurrence: URIRef

    # Structure
    isPartOf: URIRef
    hasPart: URIRef
    measureNumber: URIRef
    ordinal: URIRef
    text: URIRef
    sentenceNumber: URIRef
    sequence: URIRef
    startOffset: URIRef
    endOffset: URIRef
    sourceLine: URIRef

    # Mentions and links
    mentionIn: URIRef
    mentions: URIRef
    mentionedIn: URIRef
    mentionsCountry: URIRef
    mentionsRegion: URIRef
    mentionsPlace: URIRef
    mentionsAgency: URIRef
    mentionsOrganization: URIRef
    mentionsMechanism: URIRef
    mentionsInitiative: URIRef
    mentionsEvent: URIRef
    mentionsIndustry: URIRef
    mentionsZone: URIRef
    hasTopic: URIRef
    topicOf: URIRef
    involves: URIRef
    involvedIn: URIRef
    involvesCountry: URIRef
    involvesRegion: URIRef
    involvesPlace: URIRef
    involvesAgency: URIRef
    involvesOrganization: URIRef
    involvesMechanism: URIRef
    involvesInitiative: URIRef
    involvesEvent: URIRef
    involvesIndustry: URIRef
    involvesZone: URIRef
    responsibleAgency: URIRef
    mentionsInName: URIRef
    linkSource: URIRef
    linkTarget: URIRef
    inferredFrom: URIRef
    viaMember: URIRef
    assignedTo: URIRef
    assignedTopic: URIRef
    trigger: URIRef
    attribution: URIRef
    publishedVia: URIRef
    documentKind: URIRef
    basis: URIRef
    positioning: URIRef
    connects: URIRef
    areaStatedIn: URIRef
    roleStatedIn: URIRef

    # Geography and zones
    inRegion: URIRef
    hasMember: URIRef
    iso3166Alpha2: URIRef
    iso3166Alpha3: URIRef
    m49Code: URIRef
    areaKm2: URIRef
    hasZone: URIRef
    zoneOf: URIRef
    hasComponent: URIRef
    componentOf: URIRef
    division: URIRef
    hasFunction: URIRef
    industry: URIRef
    framing: URIRef
    industryGroup: URIRef
    statedIn: URIRef
    triggerTerm: URIRef

    # Codings: what a provision commits to (issue 19; graph/codings.py)
    Action: URIRef
    PolicyInstrument: URIRef
    Coding: URIRef
    Delegation: URIRef
    ProcedureChange: URIRef
    TimeFrame: URIRef
    codingIn: URIRef
    codedBy: URIRef
    codingRule: URIRef
    hasAction: URIRef
    hasInstrument: URIRef
    commitmentStrength: URIRef
    delegatedFrom: URIRef
    delegatedTo: URIRef
    delegatedPower: URIRef
    setOutIn: URIRef
    procedureBefore: URIRef
    procedureAfter: URIRef
    procedureScope: URIRef
    minYears: URIRef
    maxYears: URIRef
    goalText: URIRef


# Instance IRIs, as laid out in docs/DESIGN.md.
PLAN = ID["plan/xinjiang-ftz-2023"]
FTZ = ID["ftz/xinjiang"]
DATASET = URIRef(PLAN_GRAPH)


def part_iri(n: int) -> URIRef:
    return ID[f"part/{n}"]


def section_iri(part: int, n: int) -> URIRef:
    return ID[f"section/{part}-{n}"]


def task_group_iri(n: int) -> URIRef:
    return ID[f"task-group/{n}"]


def measure_iri(n: int) -> URIRef:
    return ID[f"measure/{n}"]


def provision_iri(pid: str) -> URIRef:
    return ID[f"provision/{pid}"]


def mention_iri(pid: str, start: int, end: int) -> URIRef:
    return ID[f"mention/{pid}-{start}-{end}"]


# Helpers added for the build (graph/): append-only, see docs/DESIGN.md "Instance IRIs".
SOURCE_PREFIX = "source/"


def source_iri(filename: str) -> URIRef:
    return ID[f"{SOURCE_PREFIX}{filename}"]


def expression_iri(lang: str) -> URIRef:
    """The plan's expression in ``lang`` ("zh" authoritative, "en" unofficial)."""
    return URIRef(f"{PLAN}/{lang}")


def zone_iri(slug: str) -> URIRef:
    return ID[f"zone/{slug}"]


def zone_component_iri(zone_slug: str, kind: str) -> URIRef:
    """``kind`` is "xpcc-division" or "bonded-zone"."""
    return ID[f"zone/{zone_slug}/{kind}"]


def zone_function_iri(zone_slug: str, industry_slug: str) -> URIRef:
    return ID[f"zone/{zone_slug}/function/{industry_slug}"]


def mention_part_iri(mention: URIRef, part: str) -> URIRef:
    """A mention's target and selectors: ``part`` is "target", "position" or "quote"."""
    return URIRef(f"{mention}/{part}")


def local_slug(iri: URIRef | str) -> str:
    """The last path segment of an instance IRI: ``…/industry/new-materials`` → "new-materials"."""
    return str(iri).rstrip("/").rsplit("/", 1)[-1]
