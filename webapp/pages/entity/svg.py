"""The neighbourhood picture of an entity page: a small network drawn as inline SVG on the server.

Input:  the entity (a ``Node``) and its neighbours — (neighbour, property, direction) — in the
        order of importance the caller chose; the page language.
Output: ``Markup`` of an ``<svg>`` element: the entity in the centre, up to :data:`MAX_NODES`
        neighbours on a circle (deterministic: the same input gives the same picture), each a
        labelled, clickable link with the property in its tooltip, edges arrowed by direction.

Every text and attribute is escaped by ``Markup.format``; colours come from CSS classes (the
Content-Security-Policy allows no inline styles).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

from webapp.shared.nodes import Node

MAX_NODES = 16
WIDTH, HEIGHT = 720, 440
CX, CY = WIDTH / 2, HEIGHT / 2
RX, RY = 270, 165
# Classes by the IRI's kind, for colour (webapp/static/site.css: .nb-kind-*).
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


def _short(text: str, limit: int) -> str:
    # CJK characters are about twice as wide as Latin letters.
    width, out = 0.0, []
    for ch in text:
        width += 2 if ord(ch) > 0x2E80 else 1.1
        if width > limit:
            return "".join(out).rstrip() + "…"
        out.append(ch)
    return text


def _node(x: float, y: float, node: Node, lang: str, title: str, r: float, cls: str) -> Markup:
    label = _short(node.label(lang), 26 if cls == "nb-centre" else 22)
    anchor = "middle"
    ty = y + r + 14
    if cls != "nb-centre":
        if x < CX - 40:
            anchor, ty = "end", y + 4
        elif x > CX + 40:
            anchor, ty = "start", y + 4
    tx = x if anchor == "middle" else (x - r - 6 if anchor == "end" else x + r + 6)
    body = Markup(
        '<circle class="{cls} nb-kind-{kind}" cx="{x:.1f}" cy="{y:.1f}" r="{r}"/>'
        '<text x="{tx:.1f}" y="{ty:.1f}" text-anchor="{anchor}" lang="{lang}">{label}</text>'
    ).format(
        cls=cls,
        kind=kind_of(node),
        x=x,
        y=y,
        r=r,
        tx=tx,
        ty=ty,
        anchor=anchor,
        lang=node.label_lang(lang) or "",
        label=label,
    )
    title_markup = Markup("<title>{}</title>").format(title)
    if node.href:
        return Markup('<a href="{}" class="nb-link">{}{}</a>').format(node.href, title_markup, body)
    return Markup('<g class="nb-link">{}{}</g>').format(title_markup, body)


def neighbourhood_svg(centre: Node, edges: list[Edge], lang: str, caption: str) -> Markup:
    """The picture; ``edges`` beyond :data:`MAX_NODES` are left out (the caller says so)."""
    shown: list[Edge] = []
    seen = {centre.iri}
    for edge in edges:
        if edge.node.iri not in seen:
            seen.add(edge.node.iri)
            shown.append(edge)
        if len(shown) == MAX_NODES:
            break
    lines, nodes = [], []
    n = max(len(shown), 1)
    for i, edge in enumerate(shown):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        x, y = CX + RX * math.cos(angle), CY + RY * math.sin(angle)
        # Lines stop at the circles' rims so the arrowheads show.
        dx, dy = x - CX, y - CY
        dist = math.hypot(dx, dy) or 1
        x1, y1 = CX + dx / dist * 24, CY + dy / dist * 24
        x2, y2 = x - dx / dist * 12, y - dy / dist * 12
        if not edge.outgoing:
            x1, y1, x2, y2 = x2, y2, x1, y1
        lines.append(
            Markup(
                '<line class="nb-edge" x1="{:.1f}" y1="{:.1f}" x2="{:.1f}" y2="{:.1f}" '
                'marker-end="url(#nb-arrow)"><title>{}</title></line>'
            ).format(x1, y1, x2, y2, edge.prop_label)
        )
        title = f"{edge.prop_label}: {edge.node.label(lang)}"
        nodes.append(_node(x, y, edge.node, lang, title, 9, "nb-node"))
    nodes.append(_node(CX, CY, centre, lang, centre.label(lang), 22, "nb-centre"))
    defs = Markup(
        '<defs><marker id="nb-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'class="nb-arrowhead"/></marker></defs>'
    )
    return Markup(
        '<svg class="neighbourhood" viewBox="0 0 {w} {h}" role="img" aria-label="{cap}" '
        'xmlns="http://www.w3.org/2000/svg">{defs}<g>{lines}</g><g>{nodes}</g></svg>'
    ).format(
        w=WIDTH,
        h=HEIGHT,
        cap=escape(caption),
        defs=defs,
        lines=Markup("").join(lines),
        nodes=Markup("").join(nodes),
    )
