"""What the synthetic corpus is made of, read from the published plan graph.

Input:  the published graph (``graph/build/xjftz.ttl``) in a pyoxigraph store.
Output: a :class:`Template`: the real sentences (zh, en) by where they stand, each with its
        mentions (offsets, quote, entities) and responsible agencies; the real titles of
        measures, task groups, sections and parts; the linkable entities by class with their
        zh/en labels; each country's regions; each topic's trigger terms; the framings, the
        industry groups and the XPCC divisions used by zone functions.

The queries are constants with nothing to bind.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

PREFIXES = """\
PREFIX xjo: <https://w3id.org/xjftz/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""
XJO = "https://w3id.org/xjftz/ontology#"
LINKABLE = (
    *("Country", "Region", "Place", "Agency", "Organization", "Mechanism", "Initiative"),
    *("Event", "Industry", "Zone", "ComprehensiveBondedZone", "XPCCDivisionArea"),
)
_LINKABLE_VALUES = " ".join(f"xjo:{c}" for c in LINKABLE)

PROVISIONS = (
    PREFIXES
    + """
SELECT ?p ?zh ?en ?kind ?sentence WHERE {
  ?p a xjo:Provision ; xjo:text ?zh, ?en ; eli:is_part_of ?parent ; xjo:sentenceNumber ?sentence .
  FILTER(LANG(?zh) = "zh" && LANG(?en) = "en")
  ?parent a ?kind .
  VALUES ?kind { xjo:Plan xjo:Part xjo:Section xjo:TaskGroup xjo:Measure }
} ORDER BY ?p"""
)
MENTIONS = (
    PREFIXES
    + f"""
SELECT ?p ?start ?end ?exact ?body ?cls WHERE {{
  ?m a xjo:Mention ; xjo:mentionIn ?p ; oa:hasBody ?body ; oa:hasTarget ?t .
  ?t oa:hasSelector ?pos, ?q .
  ?pos a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
  ?q a oa:TextQuoteSelector ; oa:exact ?exact .
  ?body a ?cls .
  VALUES ?cls {{ {_LINKABLE_VALUES} }}
}} ORDER BY ?p ?start ?body"""
)
RESPONSIBLE = PREFIXES + "SELECT ?p ?a WHERE { ?p xjo:responsibleAgency ?a } ORDER BY ?p ?a"
ENTITIES = (
    PREFIXES
    + f"""
SELECT ?e ?cls ?zh ?en WHERE {{
  ?e a ?cls ; skos:prefLabel ?zh, ?en .
  FILTER(LANG(?zh) = "zh" && LANG(?en) = "en")
  VALUES ?cls {{ {_LINKABLE_VALUES} xjo:Framing }}
}} ORDER BY ?cls ?e"""
)
COUNTRY_REGIONS = (
    PREFIXES + "SELECT ?c ?r WHERE { ?c a xjo:Country ; xjo:inRegion ?r } ORDER BY ?c ?r"
)
TRIGGERS = PREFIXES + "SELECT ?t ?w WHERE { ?t a xjo:Topic ; xjo:triggerTerm ?w } ORDER BY ?t ?w"
TITLES = (
    PREFIXES
    + """
SELECT ?kind ?ordinal ?zh ?en WHERE {
  ?x a ?kind ; dcterms:title ?zh, ?en .
  FILTER(LANG(?zh) = "zh" && LANG(?en) = "en")
  VALUES ?kind { xjo:Part xjo:Section xjo:TaskGroup xjo:Measure }
  OPTIONAL { ?x xjo:ordinal ?o }
  OPTIONAL { ?x xjo:measureNumber ?n }
  BIND(COALESCE(?o, ?n) AS ?ordinal)
} ORDER BY ?kind ?ordinal ?zh"""
)
GROUPS = PREFIXES + "SELECT DISTINCT ?g WHERE { ?f xjo:industryGroup ?g } ORDER BY ?g"
DIVISIONS = PREFIXES + "SELECT DISTINCT ?a WHERE { ?c xjo:division ?a } ORDER BY ?a"


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    exact: str
    bodies: tuple[tuple[str, str], ...]  # (entity IRI, class local name)


@dataclass(frozen=True)
class Sentence:
    kind: str  # preamble, part, section, measure-title, measure
    zh: str
    en: str
    mentions: tuple[Mention, ...] = ()
    agencies: tuple[str, ...] = ()  # xjo:responsibleAgency


@dataclass(frozen=True)
class Entity:
    iri: str
    cls: str
    zh: str
    en: str


@dataclass
class Template:
    sentences: dict[str, list[Sentence]] = field(default_factory=lambda: defaultdict(list))
    titles: dict[str, list[tuple[int, str, str]]] = field(default_factory=lambda: defaultdict(list))
    entities: dict[str, list[Entity]] = field(default_factory=lambda: defaultdict(list))
    regions: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    triggers: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    groups: list[str] = field(default_factory=list)
    divisions: list[str] = field(default_factory=list)


def _local(term: ox.NamedNode) -> str:
    return term.value.removeprefix(XJO)


def _rows(store: ox.Store, query: str) -> list:
    return list(store.query(query))


def _kind(parent_type: str, sentence: int) -> str:
    if parent_type == "Measure":
        return "measure-title" if sentence == 1 else "measure"
    return {"Plan": "preamble", "Part": "part"}.get(parent_type, "section")


def read_template(path: Path) -> Template:
    """The :class:`Template` of the plan graph in ``path`` (Turtle or N-Triples)."""
    store = ox.Store()
    fmt = ox.RdfFormat.N_TRIPLES if path.suffix == ".nt" else ox.RdfFormat.TURTLE
    store.load(path=str(path), format=fmt)
    return template_of(store)


def template_of(store: ox.Store) -> Template:
    t = Template()
    mentions: dict[str, dict[tuple[int, int], list]] = defaultdict(dict)
    for p, start, end, exact, body, cls in _rows(store, MENTIONS):
        key = (int(start.value), int(end.value))
        slot = mentions[p.value].setdefault(key, [exact.value, []])
        slot[1].append((body.value, _local(cls)))
    agencies: dict[str, list[str]] = defaultdict(list)
    for p, a in _rows(store, RESPONSIBLE):
        agencies[p.value].append(a.value)
    for p, zh, en, kind, sentence in _rows(store, PROVISIONS):
        found = tuple(
            Mention(s, e, exact, tuple(sorted(set(bodies))))
            for (s, e), (exact, bodies) in sorted(mentions[p.value].items())
        )
        k = _kind(_local(kind), int(sentence.value))
        t.sentences[k].append(Sentence(k, zh.value, en.value, found, tuple(agencies[p.value])))
    for kind, ordinal, zh, en in _rows(store, TITLES):
        t.titles[_local(kind)].append((int(ordinal.value) if ordinal else 0, zh.value, en.value))
    for e, cls, zh, en in _rows(store, ENTITIES):
        t.entities[_local(cls)].append(Entity(e.value, _local(cls), zh.value, en.value))
    for c, r in _rows(store, COUNTRY_REGIONS):
        t.regions[c.value].append(r.value)
    for topic, word in _rows(store, TRIGGERS):
        t.triggers[topic.value].append(word.value)
    t.groups = [row[0].value for row in _rows(store, GROUPS)]
    t.divisions = [row[0].value for row in _rows(store, DIVISIONS)]
    return t
