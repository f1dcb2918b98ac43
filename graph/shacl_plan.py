"""How the SHACL gate runs the shapes: an equivalent shapes graph that pyshacl evaluates in
fewer steps, split into parts that separate workers can validate side by side.

Input:  the shapes graph (``ontology/shapes.ttl``) and the data graph it will check.
Output: :func:`plan` — ``n`` shapes graphs. Each is the whole (rewritten) shapes graph, so that
        every shape can still refer to every other, but keeps the targets of only its own share
        of the shapes: every shape is evaluated by exactly one part, and the union of the parts'
        reports is the report of the whole.

The rewrite is an equivalence of SHACL (https://www.w3.org/TR/shacl/#property-shapes): a named
property shape that node shapes reference with ``sh:property`` gets those node shapes' targets
instead. Its focus nodes are the same, and the results are its own either way
(``sh:sourceShape`` is the property shape, its path and message unchanged). pyshacl then
evaluates it once over all its focus nodes instead of once per focus node of each node shape.
A node that two such node shapes target is checked once instead of twice, so the report loses
only exact duplicates.
"""

from __future__ import annotations

from collections import Counter

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

TARGETS = (SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf)
# Parameters whose values are shapes that are validated as part of another shape.
NESTING = (SH.node, SH["not"], SH.qualifiedValueShape)
NESTING_LISTS = (SH["and"], SH["or"], SH.xone)
# The split balances an estimate of pyshacl's work in "shape evaluations" (one is ~0.1 ms on
# rdflib): a nested shape is evaluated once per value node, a SPARQL constraint runs a query
# per focus node, and one that does not mention $this reads the whole graph. Only the balance
# of the parts depends on these numbers, never the report.
COST_QUERY = 10
COST_WHOLE_GRAPH_QUERY = 600
COST_CORE = 0.01
MAX_DEPTH = 8


def _nested_shapes(shapes: Graph) -> set[Node]:
    nested = {o for p in NESTING for o in shapes.objects(None, p)}
    for p in NESTING_LISTS:
        for lst in shapes.objects(None, p):
            nested.update(shapes.items(lst))
    return nested


def lift_property_shapes(shapes: Graph) -> Graph:
    """A copy of ``shapes`` where named property shapes carry their node shapes' targets."""
    out = Graph()
    for prefix, ns in shapes.namespaces():
        out.bind(prefix, ns)
    out += shapes
    nested = _nested_shapes(shapes)
    for node in sorted(set(out.subjects(RDF.type, SH.NodeShape)), key=str):
        targets = [(p, o) for p in TARGETS for o in out.objects(node, p)]
        if not targets or node in nested or (node, SH.deactivated, None) in out:
            continue
        for prop in sorted(out.objects(node, SH.property), key=str):
            if isinstance(prop, URIRef):
                out.remove((node, SH.property, prop))
                for p, o in targets:
                    out.add((prop, p, o))
    return out


def _instances(data: Graph) -> Counter[Node]:
    """How many nodes each class has, counting the instances of its subclasses."""
    direct = Counter(o for o in data.objects(None, RDF.type))
    out: Counter[Node] = Counter()
    for cls, n in direct.items():
        for sup in set(data.transitive_objects(cls, RDFS.subClassOf)):
            out[sup] += n
    return out


def _focus_count(shape: Node, shapes: Graph, data: Graph, instances: Counter[Node]) -> int:
    n = 0
    for p, o in shapes.predicate_objects(shape):
        if p == SH.targetClass:
            n += instances[o]
        elif p == SH.targetNode:
            n += 1
        elif p in (SH.targetObjectsOf, SH.targetSubjectsOf) and isinstance(o, URIRef):
            n += sum(1 for _ in data.triples((None, o, None)))
    return n


class _Costs:
    """Estimated shape evaluations of validating a shape over a number of focus nodes."""

    def __init__(self, shapes: Graph, data: Graph) -> None:
        self.shapes, self.data = shapes, data
        self.fanout: dict[Node, float] = {}

    def _fanout(self, path: Node) -> float:
        """Average number of values per node of a predicate path (a guess for other paths)."""
        if not isinstance(path, URIRef):
            return 2.0
        if path not in self.fanout:
            triples = sum(1 for _ in self.data.triples((None, path, None)))
            subjects = len(set(self.data.subjects(path, None)))
            self.fanout[path] = triples / subjects if subjects else 0.0
        return self.fanout[path]

    def of(self, shape: Node, focus: float, depth: int = 0) -> float:
        if depth > MAX_DEPTH or focus == 0:
            return 0.0
        g = self.shapes
        path = g.value(shape, SH.path)
        nests = any((shape, p, None) in g for p in (*NESTING, *NESTING_LISTS))
        values = focus * self._fanout(path) if path is not None and nests else focus
        cost = 1.0
        for p, o in g.predicate_objects(shape):
            # pyshacl evaluates a nested shape once per value node, and the property shapes
            # of a node shape once per focus node.
            if p in NESTING:
                cost += values * self.of(o, 1, depth + 1)
            elif p in NESTING_LISTS:
                cost += values * sum(self.of(s, 1, depth + 1) for s in g.items(o))
            elif p == SH.property:
                cost += focus * self.of(o, 1, depth + 1)
            elif p == SH.sparql:
                text = str(g.value(o, SH.select) or g.value(o, SH.ask) or "")
                per_focus = "$this" in text or "?this" in text
                cost += focus * COST_QUERY if per_focus else COST_WHOLE_GRAPH_QUERY
            elif str(p).startswith(str(SH)) and p not in TARGETS:
                cost += values * COST_CORE
        return cost


def plan(shapes: Graph, data: Graph, n: int = 1) -> list[Graph]:
    """``n`` shapes graphs that together validate ``data`` exactly as ``shapes`` does."""
    lifted = lift_property_shapes(shapes)
    if n <= 1:
        return [lifted]
    instances = _instances(data)
    estimate = _Costs(lifted, data)
    top = sorted({s for p in TARGETS for s in lifted.subjects(p, None)}, key=str)
    costs = {s: estimate.of(s, _focus_count(s, lifted, data, instances)) for s in top}
    # Longest first, each to the lightest part: a deterministic, near-even split. The lightest
    # part comes first: the process that runs it also gathers the others' reports.
    loads = [0.0] * n
    owner: dict[Node, int] = {}
    for s in sorted(top, key=lambda s: (-costs[s], str(s))):
        i = loads.index(min(loads))
        owner[s] = i
        loads[i] += costs[s]
    rank = {i: r for r, i in enumerate(sorted(range(n), key=lambda i: (loads[i], i)))}
    owner = {s: rank[i] for s, i in owner.items()}
    parts = [lifted]  # a copy already: the first part can be cut down in place
    for _ in range(1, n):
        part = Graph()
        part += lifted
        parts.append(part)
    for i, part in enumerate(parts):
        for s, k in owner.items():
            if k != i:
                for p in TARGETS:
                    part.remove((s, p, None))
    return parts
