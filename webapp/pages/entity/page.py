"""The HTML entity page: the description arranged for reading, in the chosen language.

Input:  a :class:`webapp.pages.entity.data.Description` and the page language.
Output: the template context of ``entity.html`` — title and types, outgoing statements by
        property (labelled from the ontology), incoming links by property with counts, the
        sentences that name the entity, the unit's own sentences with mentions and topic
        triggers marked in both languages, a zone's components and functions, the
        neighbourhood picture, and the curated sections by kind (``curated.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

from webapp.pages.entity.codings import add_codings, codings_of, verbs_of
from webapp.pages.entity.curated import curated, mention_views, sentence_views
from webapp.pages.entity.data import (
    RDF_TYPE,
    XJO,
    Description,
    PropertyGroup,
    inferred_links,
    mentioned_in,
    texts_of,
)
from webapp.pages.entity.graph import MAX_NODES, Edge, neighbourhood_graph
from webapp.pages.entity.vocab import inverse_of, term_node
from webapp.pages.entity.zone import zone_view
from webapp.shared.fetch import base
from webapp.shared.i18n import t
from webapp.shared.mapdata import map_data
from webapp.shared.nodes import PREFIXES, Node, anchor_of

SHOWN = 8  # values shown per property before "show all"
_P = PREFIXES
# Properties listed first, in this order; the rest follow by label.
OUT_ORDER = (
    RDF_TYPE,
    _P["rdfs"] + "label",
    _P["skos"] + "prefLabel",
    _P["dcterms"] + "title",
    XJO + "text",
    _P["eli"] + "number",
    XJO + "measureNumber",
    _P["eli"] + "is_part_of",
    _P["eli"] + "has_part",
)
# Neighbours for the picture, most telling first; xjo:isPartOf (the closure) and types are left out.
PICTURE_ORDER = (
    _P["eli"] + "is_part_of",
    XJO + "hasZone",
    XJO + "zoneOf",
    XJO + "hasComponent",
    XJO + "componentOf",
    XJO + "division",
    XJO + "inRegion",
    XJO + "industry",
    XJO + "framing",
    XJO + "involves",
    XJO + "mentions",
    XJO + "hasTopic",
    XJO + "responsibleAgency",
    XJO + "statedIn",
    _P["eli"] + "has_part",
    _P["skos"] + "broader",
    _P["skos"] + "exactMatch",
)
PICTURE_SKIP = (RDF_TYPE, XJO + "isPartOf", _P["oa"] + "hasBody", XJO + "mentionIn")
# Types whose own sentences or children's sentences the page shows.
TEXT_UNITS = ("Measure", "Section", "TaskGroup", "Part", "Plan")
# The classes the linker matches in the text (docs/DESIGN.md, "Entity linking rule").
LINKABLE = (
    *("Country", "Region", "Place", "Agency", "Organization", "Mechanism", "Initiative"),
    *("Event", "Industry", "Zone", "ComprehensiveBondedZone", "XPCCDivisionArea"),
    *("Commodity", "TradeMode", "FinancialOperation", "Designation", "Facility", "Regime"),
    "Catalogue",
)


@dataclass
class Row:
    """One property's values on the page."""

    prop: Node
    heading: str
    items: list
    count: int

    @property
    def first(self) -> list:
        return self.items[:SHOWN]

    @property
    def rest(self) -> list:
        return self.items[SHOWN:]


def _out_rows(desc: Description, lang: str) -> list[Row]:
    def key(group: PropertyGroup) -> tuple:
        if group.prop in OUT_ORDER:
            return (0, OUT_ORDER.index(group.prop), "")
        return (1, 0, term_node(group.prop).label(lang).lower() + group.prop)

    rows = []
    for group in sorted(desc.outgoing.values(), key=key):
        prop = term_node(group.prop)
        items = group.items
        if group.prop == RDF_TYPE:
            items = sorted((term_node(n.iri) for n in items), key=lambda n: (n.label(lang), n.iri))
        rows.append(Row(prop, prop.label(lang), items, group.count))
    return rows


def _in_rows(desc: Description, lang: str) -> list[Row]:
    rows = []
    for group in desc.incoming.values():
        prop = term_node(group.prop)
        inverse = inverse_of(group.prop)
        heading = (
            term_node(inverse).label(lang) if inverse else t("incoming_by", prop=prop.label(lang))
        )
        rows.append(Row(prop, heading, group.items, group.count))
    return sorted(rows, key=lambda r: (-r.count, r.heading, r.prop.iri))


def _edges(desc: Description, lang: str) -> tuple[list[Edge], int]:
    ranked: list[tuple[tuple, Edge]] = []
    for direction, groups in ((True, desc.outgoing), (False, desc.incoming)):
        for prop, group in groups.items():
            if prop in PICTURE_SKIP:
                continue
            rank = PICTURE_ORDER.index(prop) if prop in PICTURE_ORDER else len(PICTURE_ORDER)
            label = term_node(prop).label(lang)
            for item in group.items:
                if isinstance(item, Node) and not item.blank and "/id/mention/" not in item.iri:
                    order = (0 if direction else 1, rank, item.label("en"), item.iri, prop)
                    ranked.append((order, Edge(item, label, direction)))
    ranked.sort(key=lambda pair: pair[0])
    unique: dict[str, Edge] = {}
    for _, edge in ranked:
        unique.setdefault(edge.node.iri, edge)
    edges = list(unique.values())
    return edges, max(0, len(edges) - MAX_NODES)


def page_context(desc: Description, lang: str) -> dict:
    """Everything ``entity.html`` shows for ``desc``."""
    node = desc.node()
    types = {iri[len(XJO) :] for iri in desc.types if iri.startswith(XJO)}
    texts: list = []
    if "Provision" in types:
        texts = texts_of(desc.iri, is_provision=True)
    elif types & set(TEXT_UNITS):
        texts = texts_of(desc.iri, is_provision=False)
    chips = codings_of(desc.iri)  # a measure's action and instrument chips
    verbs = {p: verbs_of(c, lang) for p, c in chips.items()}
    sentences = sentence_views(desc.iri, texts, lang, verbs)
    add_codings(sentences, texts, chips)
    mentions = mention_views(mentioned_in(desc.iri, node), lang) if types & set(LINKABLE) else []
    inferred = inferred_links(desc.iri, lang) if types & set(LINKABLE) else []
    zone = zone_view(desc.iri) if "Zone" in types else None
    areas = desc.outgoing.get(XJO + "areaKm2")
    area = areas.items[0].text if areas and areas.items else None
    edges, hidden = _edges(desc, lang)
    return {
        "node": node,
        "title": node.label(lang),
        "other_title": node.label("en" if lang == "zh" else "zh"),
        "types": sorted((term_node(i) for i in desc.types), key=lambda n: (n.label(lang), n.iri)),
        "out_rows": _out_rows(desc, lang),
        "in_rows": _in_rows(desc, lang),
        "sentences": sentences,
        "mentions": mentions,
        "inferred": inferred,
        "zone": zone,
        # the map, with this place drawn stronger, on the pages of what the map shows
        "map": map_data(lang) if types & {"Zone", "Country", "Region"} else None,
        "area": area,
        "graph": neighbourhood_graph(node, edges, lang),
        "picture_hidden": hidden,
        "is_provision": "Provision" in types,
        "reader_href": _reader_href(desc.iri, types),
        **curated(desc, types, lang, texts),
    }


def _reader_href(iri: str, types: set[str]) -> str | None:
    """Where the plan reader shows this unit, for the parts of the plan."""
    if types & {"Provision", "Measure", "TaskGroup", "Section", "Part"}:
        return "/plan#" + anchor_of(iri, base())
    return "/plan" if "Plan" in types else None
