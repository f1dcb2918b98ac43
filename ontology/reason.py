"""``xjftz reason``'s engine: run HermiT over the ontology, the vocabularies and the built graph.

Input:  ``ontology/xjftz.ttl``, the SKOS vocabularies (``ontology/vocabularies/*.ttl``) and, when
        present or named, the published graph (``graph/build/xjftz.ttl``; any RDF file rdflib
        reads). Java (Debian's ``default-jre-headless``) for HermiT, which owlready2 bundles.
Output: a :class:`ReasoningResult` — consistency, unsatisfiable classes, timings, and counts of
        the inferences HermiT adds (class memberships, property values by property, split into
        what HermiT derived — transitive closure, property chains, domains and ranges — and what
        follows from super-properties and inverses). An inconsistent input raises
        :class:`InconsistentGraphError`, which names the individuals and axioms involved.

owlready2 reads RDF/XML or N-Triples, not Turtle, so the sources are merged with rdflib and
written as N-Triples to a temporary directory. HermiT sees a *reasoning view* of the data:
annotation assertions (labels, definitions, titles) and the Web Annotation target and selector
nodes are left out, because no axiom of the ontology applies to them; this cuts HermiT's time
by about two thirds (ontology/README.md has the measurements).
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import owlready2
from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.term import Node
from rdflib.util import guess_format

from ontology.errors import InputFileError, XjftzError
from ontology.explain import Clash, find_clashes, minimise, short
from ontology.load import ONTOLOGY_FILE, load_turtle, vocabulary_files
from ontology.namespaces import OA, ONTOLOGY_IRI
from ontology.tbox import Tbox, read_tbox

log = logging.getLogger(__name__)

PUBLISHED_GRAPH = ONTOLOGY_FILE.parent.parent / "graph" / "build" / "xjftz.ttl"

# Nodes of the Web Annotation structure that carry no axioms: a mention's target and selectors.
_SELECTOR_TYPES = {OA.SpecificResource, OA.TextPositionSelector, OA.TextQuoteSelector}
_SELECTOR_LINKS = {OA.hasTarget, OA.hasSelector}
_BUILTIN_ANNOTATIONS = {RDFS.label, RDFS.comment, RDFS.seeAlso, RDFS.isDefinedBy, OWL.versionInfo}
Triple = tuple[Node, URIRef, Node]
_TBOX_PREDICATES = {
    RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, OWL.equivalentProperty,
    OWL.inverseOf, OWL.disjointWith,
}  # fmt: skip


class ReasonerError(XjftzError):
    """HermiT could not be run (no Java, or Java failed)."""


class InconsistentGraphError(XjftzError):
    """The data contradicts the ontology; the message names the individuals involved."""

    def __init__(
        self, clashes: Sequence[Clash], suspects: Sequence[str] = (), minimal: bool = True
    ) -> None:
        self.clashes = list(clashes)
        self.suspects = list(suspects)
        lines = ["the graph is inconsistent with the ontology (HermiT)."]
        if self.clashes:
            lines.append("Culprits:")
            lines += [f"  - {c}" for c in self.clashes]
        elif self.suspects:
            kind = "a minimal set" if minimal else "a reduced (not necessarily minimal) set"
            lines.append(f"No single axiom explains it; {kind} of subjects whose triples clash:")
            lines += [f"  - {s}" for s in self.suspects]
        super().__init__("\n".join(lines))


@dataclass
class ReasoningResult:
    """What one HermiT run found."""

    sources: list[Path]
    asserted_triples: int
    reasoned_triples: int
    individuals: int
    hermit_seconds: float
    total_seconds: float
    unsatisfiable: list[str] = field(default_factory=list)
    new_types: Counter[str] = field(default_factory=Counter)
    superclass_types: Counter[str] = field(default_factory=Counter)
    new_values: dict[str, Counter[str]] = field(default_factory=dict)
    new_axioms: int = 0
    property_values_inferred: bool = True

    @property
    def consistent(self) -> bool:
        return True  # an inconsistent input raises InconsistentGraphError instead

    def total_values(self, stage: str | None = None) -> int:
        return sum(c[stage] if stage else sum(c.values()) for c in self.new_values.values())

    def report(self) -> str:
        """A readable report, as printed by ``xjftz reason``."""
        out = [
            "Consistent: yes"
            + (" (but some classes are unsatisfiable)" if self.unsatisfiable else ""),
            "Sources: " + ", ".join(_display(p) for p in self.sources),
            f"Triples: {self.asserted_triples} asserted, {self.reasoned_triples} given to HermiT "
            "(annotations and Web Annotation targets/selectors left out)",
            f"Individuals: {self.individuals}",
            f"Time: HermiT {self.hermit_seconds:.1f} s, total {self.total_seconds:.1f} s",
            "Unsatisfiable classes: " + (", ".join(self.unsatisfiable) or "none"),
            f"New class or property axioms: {self.new_axioms}",
            "",
            f"Inferred class memberships: {sum(self.new_types.values())} by HermiT (most "
            f"specific), {sum(self.superclass_types.values())} more from superclasses",
        ]
        for name, counter in (("HermiT", self.new_types), ("superclass", self.superclass_types)):
            out += [f"  {cls:<52} +{n:<6} ({name})" for cls, n in sorted(counter.items())]
        if not self.property_values_inferred:
            out += ["", "Inferred property values: not computed (--no-property-values)"]
            return "\n".join(out)
        out += [
            "",
            f"Inferred property values: {self.total_values()} "
            f"({self.total_values('HermiT')} by HermiT, {self.total_values('super-property')} from "
            f"super-properties, {self.total_values('inverse')} inverse links)",
        ]
        for prop, stages in sorted(self.new_values.items()):
            detail = ", ".join(f"{stage} {n}" for stage, n in sorted(stages.items()))
            out.append(f"  {prop:<52} +{sum(stages.values()):<6} ({detail})")
        return "\n".join(out)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def reasoning_sources(
    graphs: Sequence[Path | str] | None = None, include_graph: bool = True
) -> list[Path]:
    """The ontology, the vocabularies and the graphs: those named, else the published one."""
    sources = [ONTOLOGY_FILE, *vocabulary_files()]
    if not include_graph:
        return sources
    if graphs:
        return [*sources, *map(Path, graphs)]
    if PUBLISHED_GRAPH.exists():
        return [*sources, PUBLISHED_GRAPH]
    log.info(
        "no built graph at %s: reasoning over the ontology and vocabularies only",
        _display(PUBLISHED_GRAPH),
    )
    return sources


def load_sources(paths: Iterable[Path | str]) -> Graph:
    """Merge RDF files into one graph (Turtle through ``load_turtle`` for file-and-line errors)."""
    graph = Graph()
    for path in map(Path, paths):
        if not path.is_file():
            raise InputFileError(path, "no such file")
        if path.suffix == ".ttl":
            load_turtle(path, graph)
            continue
        try:
            graph.parse(path, format=guess_format(str(path)) or "turtle")
        except Exception as exc:  # rdflib's parsers raise assorted exception types
            raise InputFileError(path, f"cannot parse: {exc}") from exc
    return graph


def reasoning_view(ontology: Graph, data: Graph, tbox: Tbox) -> Graph:
    """The triples HermiT needs: all axioms and data, minus annotations and selector nodes."""
    annotations = tbox.annotation_properties | _BUILTIN_ANNOTATIONS
    selector_nodes = {
        s for t in _SELECTOR_TYPES for s in data.subjects(RDF.type, t)
        if set(data.objects(s, RDF.type)) <= _SELECTOR_TYPES
        and all(p in _SELECTOR_LINKS for p in data.predicates(None, s))
    }  # fmt: skip
    view = Graph()
    view.namespace_manager = ontology.namespace_manager
    for s, p, o in ontology:
        view.add((s, p, o))
    for s, p, o in data:
        if p in annotations or s in selector_nodes or o in selector_nodes:
            continue
        view.add((s, p, o))
    return view


def _hermit(
    view: Graph, workdir: Path, infer_property_values: bool
) -> tuple[owlready2.World, Graph]:
    """Load ``view`` into a fresh owlready2 world, run HermiT; return the world and inferences."""
    nt = workdir / "view.nt"
    view.serialize(nt, format="nt", encoding="utf-8")
    world = owlready2.World()
    with nt.open("rb") as fh:
        world.get_ontology(str(ONTOLOGY_IRI)).load(fileobj=fh, format="ntriples")
    inferences = world.get_ontology("http://inferrences/")  # where owlready2 puts HermiT's results
    try:
        owlready2.sync_reasoner_hermit(world, infer_property_values=infer_property_values, debug=0)
    except owlready2.OwlReadyJavaError as exc:
        raise ReasonerError(f"HermiT failed: {exc}") from exc
    out = workdir / "inferred.nt"
    inferences.save(str(out), format="ntriples")
    inferred = Graph()
    inferred.parse(out, format="nt")
    return world, inferred


def _is_consistent(view: Graph) -> bool:
    with tempfile.TemporaryDirectory(prefix="xjftz-reason-") as tmp:
        try:
            _hermit(view, Path(tmp), infer_property_values=False)
        except owlready2.OwlReadyInconsistentOntologyError:
            return False
    return True


def explain_inconsistency(
    ontology: Graph, data: Graph, tbox: Tbox, budget_seconds: float = 120
) -> InconsistentGraphError:
    """Name the culprits: direct axiom checks first, then a HermiT-driven search over subjects."""
    clashes = find_clashes(data, tbox)
    if clashes:
        return InconsistentGraphError(clashes)
    log.info("no single axiom explains the inconsistency; narrowing it down with HermiT…")
    by_subject: dict[Node, list[tuple[Node, Node, Node]]] = {}
    for triple in data:
        by_subject.setdefault(triple[0], []).append(triple)
    subjects = sorted(by_subject, key=str)

    def inconsistent(chosen: list[Node]) -> bool:
        part = Graph()
        for s in chosen:
            for triple in by_subject[s]:
                part.add(triple)
        return not _is_consistent(reasoning_view(ontology, part, tbox))

    suspects, minimal = minimise(subjects, inconsistent, deadline=time.monotonic() + budget_seconds)
    return InconsistentGraphError([], [short(s, data) for s in suspects[:50]], minimal)


def _count_inferences(result: ReasoningResult, view: Graph, inferred: Graph, tbox: Tbox) -> None:
    individuals = {
        s
        for s, c in view.subject_objects(RDF.type)
        if c in tbox.superclasses and not tbox.is_tbox_subject(s)
    }
    result.individuals = len(individuals)
    hermit_types: dict[Node, set[URIRef]] = {}
    hermit_values: set[Triple] = set()
    for s, p, o in inferred:
        if (s, p, o) in view:
            continue
        if p == RDF.type and s in individuals and isinstance(o, URIRef):
            hermit_types.setdefault(s, set()).add(o)
            result.new_types[short(o, view)] += 1
        elif p in _TBOX_PREDICATES:
            result.new_axioms += 1
        elif p in tbox.object_properties:
            hermit_values.add((s, p, o))  # type: ignore[arg-type]

    for ind in individuals:
        asserted = {c for c in view.objects(ind, RDF.type) if isinstance(c, URIRef)}
        base = asserted | hermit_types.get(ind, set())
        for cls in tbox.type_closure(base) - base:
            result.superclass_types[short(cls, view)] += 1

    if not result.property_values_inferred:
        return
    asserted_values = {(s, p, o) for s, p, o in view if p in tbox.object_properties}
    uses = Counter(p for _, p, _ in asserted_values)

    def rank(p: URIRef) -> tuple[int, bool, str]:
        return uses[p], p in tbox.declared_domain, str(p)

    def secondary(p: URIRef) -> bool:
        """The direction of an inverse pair that the data states less (or that has no domain)."""
        q = tbox.inverse.get(p)
        return q is not None and rank(p) < rank(q)

    # Close asserted ∪ HermiT's values under super-properties, then inverses, until nothing is
    # new; each new triple keeps the rule that first produced it (super-properties first).
    known = asserted_values | hermit_values
    stage_of: dict[Triple, str] = {}

    def expand(triples: set[Triple], stage: str) -> set[Triple]:
        out: set[Triple] = set()
        for s, p, o in triples:
            if stage == "super-property":
                candidates = [(s, q, o) for q in tbox.superproperties.get(p, ())]
            else:
                candidates = [(o, q, s)] if (q := tbox.inverse.get(p)) is not None else []
            out |= {t for t in candidates if t[1] in tbox.object_properties and t not in known}
        for t in out:
            stage_of[t] = stage
        known.update(out)
        return out

    frontier = set(known)
    while frontier:
        frontier = expand(frontier | expand(frontier, "super-property"), "inverse")
    for s, p, o in hermit_values:
        # HermiT also states the direction of an inverse pair that the data leaves implicit.
        stage_of[(s, p, o)] = "inverse" if secondary(p) else "HermiT"
    for (_, p, _), stage in stage_of.items():
        result.new_values.setdefault(short(p, view), Counter())[stage] += 1


def reason(
    graphs: Sequence[Path | str] | None = None,
    include_graph: bool = True,
    infer_property_values: bool = True,
) -> ReasoningResult:
    """Reason over the ontology, vocabularies and graphs chosen by :func:`reasoning_sources`."""
    return reason_over(reasoning_sources(graphs, include_graph)[1:], infer_property_values)


def reason_over(
    data_files: Sequence[Path | str], infer_property_values: bool = True
) -> ReasoningResult:
    """Check the ontology plus ``data_files`` with HermiT and count what it infers.

    Raises :class:`InconsistentGraphError` naming the culprits when they contradict each other,
    :class:`ReasonerError` when HermiT cannot run.
    """
    if shutil.which(owlready2.JAVA_EXE) is None:
        raise ReasonerError(
            f"cannot run HermiT: no Java executable {owlready2.JAVA_EXE!r} on PATH "
            "(install Debian's default-jre-headless: scripts/install-system-deps.sh)"
        )
    started = time.monotonic()
    sources = [ONTOLOGY_FILE, *map(Path, data_files)]
    log.info("loading %d source file(s)", len(sources))
    ontology = load_turtle(ONTOLOGY_FILE)
    data = load_sources(sources[1:])
    data -= ontology  # the published graph repeats the ontology; keep the data apart
    tbox = read_tbox(ontology + data)
    view = reasoning_view(ontology, data, tbox)
    result = ReasoningResult(
        sources=sources,
        asserted_triples=len(ontology) + len(data),
        reasoned_triples=len(view),
        individuals=0,
        hermit_seconds=0.0,
        total_seconds=0.0,
        property_values_inferred=infer_property_values,
    )
    log.info("running HermiT on %d triples…", len(view))
    with tempfile.TemporaryDirectory(prefix="xjftz-reason-") as tmp:
        t0 = time.monotonic()
        try:
            world, inferred = _hermit(view, Path(tmp), infer_property_values)
        except owlready2.OwlReadyInconsistentOntologyError:
            log.info("HermiT: inconsistent; looking for the culprits")
            raise explain_inconsistency(ontology, data, tbox) from None
        result.hermit_seconds = time.monotonic() - t0
    result.unsatisfiable = sorted(
        short(URIRef(c.iri), view)
        for c in world.inconsistent_classes()
        if hasattr(c, "iri") and c.iri != str(OWL.Nothing)
    )
    _count_inferences(result, view, inferred, tbox)
    result.total_seconds = time.monotonic() - started
    return result
