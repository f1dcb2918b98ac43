"""The ontology's axioms as plain Python sets and maps, for checks that do not need a reasoner.

Input:  an rdflib ``Graph`` holding OWL axioms (``ontology/xjftz.ttl``, possibly merged with data).
Output: a :class:`Tbox` — the named-class hierarchy (reflexive, transitive), disjoint class
        pairs (``owl:disjointWith`` and ``owl:AllDisjointClasses``), effective domains and ranges
        (inherited from super-properties; a union is kept as the set of its members), functional,
        transitive and inverse properties, property chains, datatype ranges.

Used by ``ontology.reason`` to name the culprits of an inconsistency and to count inferences.
Only the OWL constructs the project's ontology uses are read; anything else is ignored.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import OWL, RDF, RDFS, BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.term import Node


def _closure(direct: dict[URIRef, set[URIRef]], reflexive: bool) -> dict[URIRef, set[URIRef]]:
    out: dict[URIRef, set[URIRef]] = {}
    for start in direct:
        seen: set[URIRef] = {start} if reflexive else set()
        stack = list(direct[start])
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            stack.extend(direct.get(node, ()))
        out[start] = seen
    return out


def _class_members(graph: Graph, node: Node) -> frozenset[URIRef] | None:
    """A named class as {itself}; an owl:unionOf of named classes as its members; else None."""
    if isinstance(node, URIRef):
        return frozenset({node})
    if isinstance(node, BNode):
        union = graph.value(node, OWL.unionOf)
        if union is not None:
            members = list(Collection(graph, union))
            if all(isinstance(m, URIRef) for m in members):
                return frozenset(members)  # type: ignore[arg-type]
    return None


@dataclass
class Tbox:
    """What the checks need to know about classes and properties."""

    superclasses: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    disjoint: set[frozenset[URIRef]] = field(default_factory=set)
    domains: dict[URIRef, set[frozenset[URIRef]]] = field(default_factory=dict)
    ranges: dict[URIRef, set[frozenset[URIRef]]] = field(default_factory=dict)
    data_ranges: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    object_properties: set[URIRef] = field(default_factory=set)
    data_properties: set[URIRef] = field(default_factory=set)
    annotation_properties: set[URIRef] = field(default_factory=set)
    functional: set[URIRef] = field(default_factory=set)
    transitive: set[URIRef] = field(default_factory=set)
    inverse: dict[URIRef, URIRef] = field(default_factory=dict)
    chains: dict[URIRef, list[list[URIRef]]] = field(default_factory=dict)
    superproperties: dict[URIRef, set[URIRef]] = field(default_factory=dict)
    # properties with an rdfs:domain of their own (not inherited)
    declared_domain: set[URIRef] = field(default_factory=set)

    def ancestors(self, cls: URIRef) -> set[URIRef]:
        """The class and all its named superclasses."""
        return self.superclasses.get(cls, {cls})

    def type_closure(self, types: Iterable[URIRef]) -> set[URIRef]:
        out: set[URIRef] = set()
        for t in types:
            out |= self.ancestors(t)
        return out

    def disjoint_pair(self, a: URIRef, b: URIRef) -> tuple[URIRef, URIRef] | None:
        """The declared disjoint pair that makes ``a`` and ``b`` disjoint, if any."""
        for x in self.ancestors(a):
            for y in self.ancestors(b):
                if frozenset({x, y}) in self.disjoint:
                    return x, y
        return None

    def is_tbox_subject(self, node: Node) -> bool:
        return node in self.superclasses or node in self.object_properties | self.data_properties


def read_tbox(graph: Graph) -> Tbox:
    """Collect the axioms of ``graph`` (only the constructs this project uses)."""
    tbox = Tbox()
    direct_sup: dict[URIRef, set[URIRef]] = defaultdict(set)
    for cls in set(graph.subjects(RDF.type, OWL.Class)):
        if isinstance(cls, URIRef):
            direct_sup.setdefault(cls, set())
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            direct_sup[sub].add(sup)
            direct_sup.setdefault(sup, set())
    tbox.superclasses = _closure(direct_sup, reflexive=True)

    for a, b in graph.subject_objects(OWL.disjointWith):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            tbox.disjoint.add(frozenset({a, b}))
    for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        listed = Collection(graph, graph.value(axiom, OWL.members))
        members = [m for m in listed if isinstance(m, URIRef)]
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                tbox.disjoint.add(frozenset({a, b}))

    def typed(kind: URIRef) -> set[URIRef]:
        return {p for p in graph.subjects(RDF.type, kind) if isinstance(p, URIRef)}

    tbox.object_properties = typed(OWL.ObjectProperty)
    tbox.data_properties = typed(OWL.DatatypeProperty)
    tbox.annotation_properties = typed(OWL.AnnotationProperty)
    tbox.functional = typed(OWL.FunctionalProperty)
    tbox.transitive = typed(OWL.TransitiveProperty)
    for a, b in graph.subject_objects(OWL.inverseOf):
        if isinstance(a, URIRef) and isinstance(b, URIRef):
            tbox.inverse[a] = b
            tbox.inverse[b] = a
    for prop, chain in graph.subject_objects(OWL.propertyChainAxiom):
        if isinstance(prop, URIRef):
            tbox.chains.setdefault(prop, []).append([p for p in Collection(graph, chain)])  # type: ignore[misc]

    direct_superprop: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sub, sup in graph.subject_objects(RDFS.subPropertyOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            direct_superprop[sub].add(sup)
    for p in tbox.object_properties | tbox.data_properties:
        direct_superprop.setdefault(p, set())
    tbox.superproperties = _closure(direct_superprop, reflexive=False)

    own_domains: dict[URIRef, set[frozenset[URIRef]]] = defaultdict(set)
    own_ranges: dict[URIRef, set[frozenset[URIRef]]] = defaultdict(set)
    own_data_ranges: dict[URIRef, set[URIRef]] = defaultdict(set)
    for p, d in graph.subject_objects(RDFS.domain):
        members = _class_members(graph, d)
        if isinstance(p, URIRef) and members:
            own_domains[p].add(members)
    for p, r in graph.subject_objects(RDFS.range):
        if not isinstance(p, URIRef):
            continue
        if p in tbox.data_properties and isinstance(r, URIRef):
            own_data_ranges[p].add(r)
        elif (members := _class_members(graph, r)) is not None:
            own_ranges[p].add(members)
    tbox.declared_domain = set(own_domains)
    # A sub-property's values are values of its super-properties, so their domains apply too.
    for p in tbox.object_properties | tbox.data_properties:
        lineage = {p} | tbox.superproperties.get(p, set())
        tbox.domains[p] = set().union(*(own_domains.get(q, set()) for q in lineage))
        tbox.ranges[p] = set().union(*(own_ranges.get(q, set()) for q in lineage))
        tbox.data_ranges[p] = set().union(*(own_data_ranges.get(q, set()) for q in lineage))
    # The inverse of a property swaps its domain and range.
    for p, q in tbox.inverse.items():
        tbox.domains[p] = tbox.domains.get(p, set()) | own_ranges.get(q, set())
        tbox.ranges[p] = tbox.ranges.get(p, set()) | own_domains.get(q, set())
    return tbox
