"""Name the culprits of an inconsistency, since HermiT (through owlready2) only says "inconsistent".

Input:  the ontology's axioms (a :class:`~ontology.tbox.Tbox`) and the asserted data (an rdflib
        ``Graph``); for the fallback, a callable that asks HermiT whether a graph is consistent.
Output: :class:`Clash` records — an individual, what it is, and the axiom it breaks — found by
        direct checks (disjoint types, including types implied by domains, ranges and
        superclasses; two values of a functional data property; a literal outside a datatype
        property's range; two values of a functional object property whose types are disjoint);
        and, when those find nothing, :func:`minimise`, which shrinks the data to a small set
        of subjects whose triples are still inconsistent (delta debugging, ddmin).
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.term import Node

from ontology.namespaces import ID
from ontology.tbox import Tbox

_INTEGERS = {
    XSD.integer, XSD.int, XSD.long, XSD.short, XSD.byte, XSD.nonNegativeInteger,
    XSD.positiveInteger, XSD.negativeInteger, XSD.nonPositiveInteger, XSD.unsignedLong,
    XSD.unsignedInt, XSD.unsignedShort, XSD.unsignedByte,
}  # fmt: skip
_RDF_LANGSTRING = RDF.langString


@dataclass(frozen=True)
class Clash:
    """One reason the data cannot be true under the ontology."""

    individual: str
    explanation: str

    def __str__(self) -> str:
        return f"{self.individual}: {self.explanation}"


def short(node: Node, graph: Graph | None = None) -> str:
    """A compact name: ``xjid:…`` for instances, a prefixed name where the graph knows one."""
    if isinstance(node, URIRef):
        if node.startswith(ID):
            return "xjid:" + node[len(ID) :]
        if graph is not None:
            return graph.namespace_manager.normalizeUri(node)  # <IRI> when no prefix fits
    return node.n3()


def literal_fits(lit: Literal, datatype: URIRef) -> bool:
    """Whether ``lit`` is a value of ``datatype`` (for the datatypes this ontology uses)."""
    if getattr(lit, "ill_typed", False):
        return False
    if datatype == _RDF_LANGSTRING:
        return lit.language is not None
    if lit.language is not None:
        return datatype == RDF.PlainLiteral
    dt = lit.datatype or XSD.string
    value = lit.toPython()
    if datatype in (XSD.integer, XSD.nonNegativeInteger, XSD.positiveInteger):
        if dt not in _INTEGERS or not isinstance(value, int):
            return False
        least = {XSD.nonNegativeInteger: 0, XSD.positiveInteger: 1}.get(datatype, value)
        return value >= least
    if datatype == XSD.decimal:
        return dt == XSD.decimal or dt in _INTEGERS
    if datatype == XSD.string:
        return dt == XSD.string
    return True  # a datatype this check does not know: leave it to HermiT


class _Types:
    """The classes an individual must belong to, each with the first reason found."""

    def __init__(self, graph: Graph, tbox: Tbox) -> None:
        self.graph, self.tbox = graph, tbox
        self.reasons: dict[Node, dict[URIRef, str]] = defaultdict(dict)
        for s, cls in graph.subject_objects(RDF.type):
            if isinstance(cls, URIRef) and cls in tbox.superclasses:
                self.reasons[s].setdefault(cls, "rdf:type")
        for s, p, o in graph:
            for members in tbox.domains.get(p, ()):  # type: ignore[call-overload]
                if len(members) == 1:
                    (cls,) = members
                    self.reasons[s].setdefault(cls, f"domain of {short(p, graph)}")
            if not isinstance(o, Literal):
                for members in tbox.ranges.get(p, ()):  # type: ignore[call-overload]
                    if len(members) == 1:
                        (cls,) = members
                        why = f"range of {short(p, graph)} from {short(s, graph)}"
                        self.reasons[o].setdefault(cls, why)

    def closure(self, node: Node) -> set[URIRef]:
        return self.tbox.type_closure(self.reasons.get(node, {}))

    def explain(self, node: Node, cls: URIRef) -> str:
        why = self.reasons[node][cls]
        return f"{short(cls, self.graph)} ({why})"


def find_clashes(data: Graph, tbox: Tbox) -> list[Clash]:
    """Clashes that follow directly from the axioms; an empty list if none is found this way."""
    types = _Types(data, tbox)
    clashes: list[Clash] = []
    seen: set[tuple[str, str]] = set()

    def add(node: Node, text: str) -> None:
        key = (str(node), text)
        if key not in seen:
            seen.add(key)
            clashes.append(Clash(short(node, data), text))

    for node, reasons in types.reasons.items():
        base = sorted(reasons)
        for i, a in enumerate(base):
            for b in base[i + 1 :]:
                if pair := tbox.disjoint_pair(a, b):
                    add(
                        node,
                        f"is {types.explain(node, a)} and {types.explain(node, b)}, but "
                        f"{short(pair[0], data)} and {short(pair[1], data)} are disjoint",
                    )

    clashing = {c.individual for c in clashes}
    for s, p, o in data:
        if not isinstance(p, URIRef):
            continue
        for members in tbox.domains.get(p, ()):
            if len(members) > 1 and short(s, data) not in clashing:
                _union_clash(data, tbox, types, s, p, members, "domain", add)
        if not isinstance(o, Literal):
            for members in tbox.ranges.get(p, ()):
                if len(members) > 1 and short(o, data) not in clashing:
                    _union_clash(data, tbox, types, o, p, members, "range", add)
        elif p in tbox.data_properties:
            for dt in tbox.data_ranges.get(p, ()):
                if not literal_fits(o, dt):
                    add(s, f"{short(p, data)} {o.n3(data.namespace_manager)} is not a value of "
                        f"{short(dt, data)}, the property's range")  # fmt: skip

    values: dict[tuple[Node, URIRef], set[Node]] = defaultdict(set)
    for p in tbox.functional:
        for s, o in data.subject_objects(p):
            values[(s, p)].add(o)
    for (s, p), objs in values.items():
        if len(objs) < 2:
            continue
        if p in tbox.data_properties:
            distinct = {(o.toPython(), o.language) if isinstance(o, Literal) else o for o in objs}
            if len(distinct) > 1:
                shown = ", ".join(sorted(o.n3(data.namespace_manager) for o in objs))
                name = short(p, data)
                add(s, f"has {len(objs)} values of the functional property {name}: {shown}")
            continue
        merged: dict[URIRef, tuple[Node, str]] = {}
        for o in objs:
            for cls in types.reasons.get(o, {}):
                merged.setdefault(cls, (o, types.explain(o, cls)))
        base = sorted(merged)
        for i, a in enumerate(base):
            for b in base[i + 1 :]:
                if pair := tbox.disjoint_pair(a, b):
                    add(
                        s,
                        f"has two values of the functional property {short(p, data)}, which "
                        f"must then be one individual: {short(merged[a][0], data)} is "
                        f"{merged[a][1]} and {short(merged[b][0], data)} is {merged[b][1]}, but "
                        f"{short(pair[0], data)} and {short(pair[1], data)} are disjoint",
                    )
    return clashes


def _union_clash(
    data: Graph,
    tbox: Tbox,
    types: _Types,
    node: Node,
    prop: URIRef,
    members: frozenset[URIRef],
    role: str,
    add: Callable[[Node, str], None],
) -> None:
    """``node`` must be in one of ``members``; a clash if each is disjoint with a type it has."""
    own = sorted(types.reasons.get(node, {}))
    blocked: list[str] = []
    for member in sorted(members):
        blocker = next((t for t in own if tbox.disjoint_pair(t, member)), None)
        if blocker is None:
            return
        blocked.append(f"{short(member, data)} (disjoint with {types.explain(node, blocker)})")
    where = "subject" if role == "domain" else "object"
    add(node, f"is the {where} of {short(prop, data)}, so it must be one of: " + "; ".join(blocked))


def minimise(
    subjects: list[Node],
    is_inconsistent: Callable[[list[Node]], bool],
    max_runs: int = 40,
    deadline: float | None = None,
) -> tuple[list[Node], bool]:
    """Shrink ``subjects`` (whose triples are inconsistent) to a 1-minimal inconsistent subset.

    Returns the subset and whether it is known to be minimal (False when the run or time
    budget ran out first; the subset is then still inconsistent, only perhaps not minimal).
    """
    current = list(subjects)
    n = 2
    runs = 0
    while len(current) >= 2:
        chunk = -(-len(current) // n)
        parts = [current[i : i + chunk] for i in range(0, len(current), chunk)]
        reduced = False
        for i in range(len(parts)):
            if runs >= max_runs or (deadline is not None and time.monotonic() > deadline):
                return current, False
            complement = [x for j, part in enumerate(parts) if j != i for x in part]
            runs += 1
            if complement and is_inconsistent(complement):
                current, n, reduced = complement, max(n - 1, 2), True
                break
        if not reduced:
            if n >= len(current):
                break
            n = min(len(current), 2 * n)
    return current, True
