"""A zone's page data: its components (with XPCC division and km²) and functions by framing.

Input:  a zone IRI, bound as ``?zone``.
Output: :class:`ZoneView` — the components, and the functions grouped by how the plan frames
        them (重点发展, 积极发展, …, in the plan's order of emphasis), each with its industry,
        the group the text puts it in, and the sentence that states it. Two cached queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from webapp.pages.entity.data import natural_key
from webapp.shared.fetch import base, select
from webapp.shared.nodes import LabelSet, Node

# The plan's order of emphasis for the framings (DESIGN.md, "framings of functions").
FRAMING_ORDER = (
    "key-development",
    "active-development",
    "active-cultivation",
    "scale-up",
    "vigorous-promotion",
)


@dataclass
class Component:
    node: Node
    type: Node | None
    area: str | None
    division: Node | None


@dataclass
class Function:
    industry: Node
    group: Node | None
    provision: Node | None


@dataclass
class FramingGroup:
    framing: Node | None
    functions: list[Function] = field(default_factory=list)


@dataclass
class ZoneView:
    components: list[Component]
    framings: list[FramingGroup]


def _labels(labels: LabelSet, row: dict, *names: str) -> None:
    for name in names:
        term = row.get(name)
        if isinstance(term, URIRef):
            labels.add(str(term), "zh", row.get(f"{name}_zh"))
            labels.add(str(term), "en", row.get(f"{name}_en"))


def zone_view(iri: str) -> ZoneView:
    b = base()
    bound = {"zone": URIRef(iri)}
    labels = LabelSet()
    comp_rows = list(select("zone-components", bound))
    func_rows = list(select("zone-functions", bound))
    for row in comp_rows:
        _labels(labels, row, "component", "type", "division")
    for row in func_rows:
        _labels(labels, row, "industry", "framing", "group", "provision")

    def node(term: object) -> Node | None:
        return labels.node(term, b) if isinstance(term, URIRef) else None

    components: dict[str, Component] = {}
    for row in comp_rows:
        iri_c = str(row["component"])
        current = components.get(iri_c)
        candidate = Component(
            node(row["component"]),
            node(row.get("type")),
            str(row["area"]) if row.get("area") is not None else None,
            node(row.get("division")),
        )
        # Several types or divisions give several rows: keep the smallest, whatever the order.
        if current is None or _component_key(candidate) < _component_key(current):
            components[iri_c] = candidate
    groups: dict[str, FramingGroup] = {}
    for row in func_rows:
        framing = node(row.get("framing"))
        group = groups.setdefault(framing.iri if framing else "", FramingGroup(framing))
        group.functions.append(
            Function(node(row["industry"]), node(row.get("group")), node(row.get("provision")))
        )
    for group in groups.values():
        unique = {(f.industry.iri, f.group and f.group.iri, f.provision and f.provision.iri): f
                  for f in group.functions}  # fmt: skip
        group.functions = sorted(
            unique.values(),
            key=lambda f: (natural_key(f.industry.label("en")), f.industry.iri, repr(f)),
        )
    return ZoneView(
        sorted(components.values(), key=lambda c: (c.node.label("en"), c.node.iri)),
        sorted(groups.values(), key=_framing_key),
    )


def _component_key(c: Component) -> tuple:
    return (c.type.iri if c.type else "", c.division.iri if c.division else "", c.area or "")


def _framing_key(group: FramingGroup) -> tuple:
    if group.framing is None:
        return (len(FRAMING_ORDER) + 1, "")
    slug = group.framing.iri.rsplit("/", 1)[-1]
    rank = FRAMING_ORDER.index(slug) if slug in FRAMING_ORDER else len(FRAMING_ORDER)
    return (rank, group.framing.iri)
