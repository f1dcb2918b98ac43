"""The neighbourhood graph of an entity page, as data for Cytoscape.js (``static/graph.js``) and
for the plain list beside it.

Input:  the entity (a ``Node``) and its neighbours — (neighbour, property, direction) — in the
        order of importance the caller chose; the page language.
Output: :func:`neighbourhood_graph` — ``{"nodes", "edges", "kinds", "hidden"}``: the entity and
        up to :data:`MAX_NODES` neighbours with their whole labels in the page language, their
        kind (for colour and the legend) and their page; one edge per link with the property's
        label and direction. ``templates/components/graph.html`` writes it into the page as JSON
        and as a list of links, which is what readers without JavaScript and screen readers use.

:class:`Edge` and ``webapp.shared.highlight.Span`` are small frozen dataclasses alike in shape
only (a link between two nodes; a span of a sentence).
"""

from __future__ import annotations

from dataclasses import dataclass

from webapp.shared.nodes import Node

MAX_NODES = 24
WIKIDATA = "http://www.wikidata.org/entity/"
# Kinds by the IRI's path (/id/<kind>/…): the class names in static/pictures.css (.kind-*).
KINDS = (
    *("measure", "provision", "task-group", "section", "part", "plan"),  # the plan's units
    *("country", "region", "place", "agency", "organization", "mechanism", "initiative"),
    *("event", "industry", "topic", "zone", "framing", "scheme"),
)


@dataclass(frozen=True)
class Edge:
    """A neighbour and how it links to the centre: ``outgoing`` = centre → neighbour."""

    node: Node
    prop_label: str
    outgoing: bool


def kind_of(node: Node) -> str:
    marker = "/id/"
    if marker in node.iri:
        kind = node.iri.split(marker, 1)[1].split("/", 1)[0]
        if kind in KINDS:
            return kind
    return "other"


def _label(node: Node, lang: str) -> str:
    # An outside identifier has no label here: name it by its source, not by a bare prefix.
    if node.iri.startswith(WIKIDATA):
        return "Wikidata " + node.iri[len(WIKIDATA) :]
    return node.label(lang)


def _node(node: Node, lang: str, centre: bool = False) -> dict:
    return {
        "id": node.iri,
        "label": _label(node, lang),
        "lang": node.label_lang(lang) or "",
        "kind": "centre" if centre else kind_of(node),
        "href": node.href or "",
    }


def neighbourhood_graph(centre: Node, edges: list[Edge], lang: str) -> dict:
    """The picture's data; neighbours beyond :data:`MAX_NODES` are counted in ``hidden``."""
    shown: list[Node] = []
    seen = {centre.iri}
    for edge in edges:
        if edge.node.iri not in seen and len(shown) < MAX_NODES:
            seen.add(edge.node.iri)
            shown.append(edge.node)
    links = []
    for edge in edges:
        if edge.node.iri in seen and edge.node.iri != centre.iri:
            source, target = (centre, edge.node) if edge.outgoing else (edge.node, centre)
            links.append(
                {
                    "id": f"e{len(links)}",
                    "source": source.iri,
                    "target": target.iri,
                    "label": edge.prop_label,
                    "outgoing": edge.outgoing,
                    "other": _node(edge.node, lang),
                }
            )
    nodes = [_node(centre, lang, centre=True)] + [_node(n, lang) for n in shown]
    kinds = sorted({n["kind"] for n in nodes[1:]}, key=lambda k: (k == "other", k))
    return {
        "nodes": nodes,
        "edges": links,
        "kinds": kinds,
        "hidden": len({e.node.iri for e in edges} - seen),
    }
