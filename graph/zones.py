"""Stage 2c of the build: the zones, their areas, components and functions, read from the text.

Input:  the provisions of 二、区位布局 — （一）实施范围 (areas) and （二）功能划分 (functions) —
        from ``graph.parse``, and the :class:`graph.vocab.Lexicon` (places, XPCC divisions,
        industries, framings).
Output: a :class:`ZoneLayout`: the FTZ total area; each zone with its area, its XPCC division
        component (which division, km²) and comprehensive bonded zone component (km²); and each
        zone's functions — an industry the text lists after a framing verb (重点发展, 做大做强 …),
        the group the text puts it in (…等新兴产业), and the provision that states it; each
        zone's basis (依托…), positioning (打造…) and the countries and regions its positioning
        names (中亚、南亚), with the sentence that states them (issue 15, point 2).

Every number is parsed from the sentence as written (``Decimal``, never a float), and the zone
areas must add up to the stated total: the build stops otherwise. Names become IRIs only
through the vocabularies; a name the vocabularies do not know is an error, not a guess.
Follows docs/DESIGN.md, "Geography and zones".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import URIRef

from graph.link import match_layer
from graph.parse import CN_NUMERALS, PlanDocument, Sentence, cn_numeral_value
from graph.vocab import GEOGRAPHY, Lexicon
from ontology.errors import XjftzError
from ontology.namespaces import XJO, local_slug, zone_component_iri, zone_function_iri, zone_iri

SCOPE_SECTION = "section-2-1"  # 二、（一）实施范围
FUNCTION_SECTION = "section-2-2"  # 二、（二）功能划分
XPCC = "新疆生产建设兵团"
BONDED_ZONE = "综合保税区"
BASIS = "依托"  # a zone's basis: 依托陆港空港联动发展区位优势
POSITIONING = "打造"  # its positioning: 打造跨境经贸投资合作新样板

_NUM = r"\d+(?:\.\d+)?"
_TOTAL = re.compile(rf"实施范围(?P<area>{_NUM})平方公里，涵盖(?P<count>[{CN_NUMERALS}]+)个片区")
_ZONE = re.compile(rf"(?P<name>[^，：；（）\d]+?)片区(?P<area>{_NUM})平方公里（(?P<inner>[^）]*)）")
_COMPONENT = re.compile(rf"^含(?P<name>.+?)(?P<area>{_NUM})平方公里$")
_DIVISION = re.compile(rf"^{XPCC}(?P<division>第[{CN_NUMERALS}]+师)$")
_GROUP = re.compile(r"^(?P<items>.+)等(?P<group>[^、等]*(?:产业|服务业))$")


class ZoneError(XjftzError):
    """The zones cannot be read from the text as it stands."""


@dataclass(frozen=True)
class Component:
    kind: str  # "xpcc-division" or "bonded-zone"
    name: str  # as written: "新疆生产建设兵团第十二师", "乌鲁木齐综合保税区"
    area: Decimal
    iri: URIRef
    division: URIRef | None = None  # the XPCC division (an agency) for "xpcc-division"
    source: str = ""  # file:line of its area in the source text


@dataclass(frozen=True)
class ZoneFunction:
    iri: URIRef
    industry: URIRef
    item: str  # the industry as the text writes it
    framing: URIRef
    framing_words: str  # 重点发展 …
    group: str | None  # 新兴产业, 现代服务业, 劳动密集型产业, 产业 — or None
    provision: str  # the provision id that states it


@dataclass
class Zone:
    name: str  # 乌鲁木齐片区
    place_name: str  # 乌鲁木齐
    iri: URIRef
    place: URIRef | None
    area: Decimal
    components: list[Component] = field(default_factory=list)
    functions: list[ZoneFunction] = field(default_factory=list)
    basis: str | None = None  # 依托… : what the zone builds on, as written
    positioning: str | None = None  # 打造… : what it is to become, as written
    connects: tuple[URIRef, ...] = ()  # the countries and regions its positioning names
    role_provision: str | None = None  # the sentence of 二、（二） that states all this
    source: str = ""  # file:line of its area in the source text

    @property
    def slug(self) -> str:
        return local_slug(self.iri)


@dataclass
class ZoneLayout:
    total: Decimal
    zones: list[Zone]
    scope_provision: str  # where the areas are stated
    total_source: str = ""  # file:line of the stated total in the source text

    def zone(self, slug: str) -> Zone:
        return next(z for z in self.zones if z.slug == slug)


def _sentences(doc: PlanDocument, section_id: str) -> list[Sentence]:
    for section in doc.sections:
        if section.id == section_id:
            return section.sentences
    raise ZoneError(f"the source has no section {section_id} (二、区位布局): cannot read the zones")


def _zone_iri(name: str, place_name: str, lexicon: Lexicon) -> tuple[URIRef, URIRef | None]:
    place = lexicon.lookup(place_name, XJO.Place)
    zone = lexicon.lookup(name, XJO.Zone)
    if zone is not None:
        return zone, place
    if place is None:
        raise ZoneError(f"zone {name}: the vocabularies define no place labelled “{place_name}”")
    return zone_iri(local_slug(place)), place


def _where(doc: PlanDocument, sentence: Sentence, offset: int) -> str:
    """``file:line`` of the character at ``offset`` in ``sentence`` (issue 18, point 6)."""
    return f"{doc.path}:{sentence.line + sentence.text.count(chr(10), 0, offset)}"


def _component(zone_slug: str, text: str, lexicon: Lexicon, pid: str, where: str = "") -> Component:
    m = _COMPONENT.match(text)
    if not m:
        raise ZoneError(f"{pid}: cannot read a zone component from “{text}”")
    name, area = m["name"], Decimal(m["area"])
    if BONDED_ZONE in name:
        iri = zone_component_iri(zone_slug, "bonded-zone")
        return Component("bonded-zone", name, area, iri, source=where)
    d = _DIVISION.match(name)
    if not d:
        raise ZoneError(f"{pid}: “{name}” is neither an XPCC division nor a {BONDED_ZONE}")
    agency = lexicon.lookup(name, XJO.Agency) or lexicon.lookup(d["division"], XJO.Agency)
    if agency is None:
        raise ZoneError(f"{pid}: the vocabularies define no agency for “{name}”")
    iri = zone_component_iri(zone_slug, "xpcc-division")
    return Component("xpcc-division", name, area, iri, agency, where)


def read_scope(doc: PlanDocument, lexicon: Lexicon) -> ZoneLayout:
    """The total and the zones with their components, from 二、（一）实施范围."""
    for sentence in _sentences(doc, SCOPE_SECTION):
        total = _TOTAL.search(sentence.text)
        if total:
            break
    else:
        raise ZoneError(f"{SCOPE_SECTION}: no sentence states the FTZ's 实施范围 in 平方公里")
    zones: list[Zone] = []
    for m in _ZONE.finditer(sentence.text):
        place_name = m["name"]
        name = place_name + "片区"
        iri, place = _zone_iri(name, place_name, lexicon)
        zone = Zone(name, place_name, iri, place, Decimal(m["area"]))
        zone.source = _where(doc, sentence, m.start("area"))
        offset = m.start("inner")
        for part in m["inner"].split("；"):
            where = _where(doc, sentence, offset)
            zone.components.append(_component(zone.slug, part, lexicon, sentence.id, where))
            offset += len(part) + 1
        zones.append(zone)
    stated = cn_numeral_value(total["count"])
    if len(zones) != stated:
        raise ZoneError(
            f"{sentence.id}: the text says {stated} zones but {len(zones)} could be read"
        )
    total_source = _where(doc, sentence, total.start("area"))
    layout = ZoneLayout(Decimal(total["area"]), zones, sentence.id, total_source)
    check_areas(layout)
    return layout


def check_areas(layout: ZoneLayout) -> None:
    """The zones must add up to the stated total, and each zone must hold its components."""
    total = sum((z.area for z in layout.zones), Decimal(0))
    if total != layout.total:
        parts = " + ".join(f"{z.area} ({z.name}, {z.source})" for z in layout.zones)
        raise ZoneError(
            f"{layout.total_source}: {layout.scope_provision}: zone areas do not add up to the "
            f"FTZ's stated {layout.total} km²: {parts} = {total}"
        )
    for zone in layout.zones:
        inner = sum((c.area for c in zone.components), Decimal(0))
        if inner > zone.area:
            parts = " + ".join(f"{c.area} ({c.source})" for c in zone.components)
            raise ZoneError(
                f"{zone.source}: {zone.name}: its components ({parts} = {inner} km²) exceed "
                f"its area ({zone.area} km²)"
            )


def _framed(clause: str, lexicon: Lexicon) -> tuple[str, URIRef] | None:
    words = [w for w in lexicon.framings if clause.startswith(w)]
    if not words:
        return None
    longest = max(words, key=len)
    return longest, lexicon.framings[longest]


def _items(phrase: str) -> list[tuple[str, str | None]]:
    """“甲、乙及丙、丁等新兴产业” → 甲, 乙 (no group), 丙, 丁 (新兴产业): the group closes the list
    after 及 only, which is how the plan separates its ungrouped and grouped industries."""
    out: list[tuple[str, str | None]] = []
    segments = phrase.split("及")
    for k, segment in enumerate(segments):
        group = None
        if k == len(segments) - 1 and (g := _GROUP.match(segment)):
            segment, group = g["items"], g["group"]
        out.extend((item, group) for item in segment.split("、") if item)
    return out


def read_functions(doc: PlanDocument, layout: ZoneLayout, lexicon: Lexicon) -> None:
    """Each zone's functions, from 二、（二）功能划分; adds them to ``layout``'s zones."""
    if not lexicon.framings:
        raise ZoneError("the vocabularies define no framings (xjo:Framing with @zh labels)")
    for sentence in _sentences(doc, FUNCTION_SECTION):
        zone = next((z for z in layout.zones if sentence.text.startswith(z.name)), None)
        if zone is None:
            raise ZoneError(f"{sentence.id}: the sentence does not begin with a zone's name")
        zone.role_provision = sentence.id
        for clause in re.split(r"[，；。]", sentence.text[len(zone.name) :]):
            if clause.startswith(BASIS) and zone.basis is None:
                zone.basis = clause[len(BASIS) :]
            elif clause.startswith(POSITIONING) and zone.positioning is None:
                zone.positioning = clause[len(POSITIONING) :]
                found = match_layer(zone.positioning, lexicon.layer(GEOGRAPHY))
                zone.connects = tuple(sorted({m.entity for m in found}))
            framed = _framed(clause, lexicon)
            if framed is None:
                continue
            words, framing = framed
            for item, group in _items(clause[len(words) :]):
                industry = lexicon.lookup(item, XJO.Industry)
                if industry is None:
                    raise ZoneError(
                        f"{sentence.id}: “{item}” ({zone.name}, {words}) is not an industry "
                        "in the vocabularies"
                    )
                iri = zone_function_iri(zone.slug, local_slug(industry))
                if any(f.iri == iri for f in zone.functions):
                    raise ZoneError(f"{sentence.id}: {zone.name} lists “{item}” twice")
                zone.functions.append(
                    ZoneFunction(iri, industry, item, framing, words, group, sentence.id)
                )
    for zone in layout.zones:
        if not zone.functions:
            raise ZoneError(f"{FUNCTION_SECTION}: no functions could be read for {zone.name}")
        if zone.basis is None or zone.positioning is None:
            raise ZoneError(f"{FUNCTION_SECTION}: no {BASIS}… or {POSITIONING}… for {zone.name}")


def read_zones(doc: PlanDocument, lexicon: Lexicon) -> ZoneLayout:
    """The whole zone layout: areas, components and functions."""
    layout = read_scope(doc, lexicon)
    read_functions(doc, layout, lexicon)
    return layout
