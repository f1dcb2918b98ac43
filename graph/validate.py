"""Stage 5 of the build: the SHACL gate.

Input:  a data graph (the assembled graph, or a published file), the shapes
        (``ontology/shapes.ttl``) and the ontology (``ontology/xjftz.ttl``, with the data, so
        that targets follow its ``rdfs:subClassOf``).
Output: a :class:`Report` — every result as focus node, path, value, message, shape and
        severity, in a stable order and readable form — or, from :func:`check`,
        :class:`ValidationFailed` when any result is a ``sh:Violation``.

Follows SHACL (https://www.w3.org/TR/shacl/), §3.6 Validation Report. Warnings and infos are
reported but do not stop the build. The shapes are run as written, through pyshacl's own entry
point (``pyshacl.validate``), with no inference. The assembled and the published graphs hold the
ontology already: then nothing is mixed in and pyshacl reads the data where it is (with no
``ont_graph``, no inference and no advanced mode, which the shapes do not use, it neither copies
nor changes the graph; the copy cost a tenth of the gate). Any other graph gets the ontology as
``ont_graph``, mixed into a copy. Either way the graph being published is untouched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from graph.publish import qname
from ontology.errors import XjftzError
from ontology.load import ONTOLOGY_FILE, SHAPES_FILE, load_turtle


@dataclass(frozen=True)
class Result:
    severity: str  # "Violation", "Warning" or "Info"
    focus: str
    path: str
    value: str
    message: str
    shape: str

    def render(self) -> str:
        lines = [
            f"{self.severity}: {self.message}",
            f"  focus node: {self.focus}",
            f"  path:       {self.path}",
            f"  value:      {self.value}",
            f"  shape:      {self.shape}",
        ]
        return "\n".join(lines)


@dataclass(frozen=True)
class Report:
    results: tuple[Result, ...]

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations

    def render(self) -> str:
        if not self.results:
            return "The graph conforms to the shapes."
        counts = ", ".join(
            f"{n} {kind.lower()}{'s' if n != 1 else ''}"
            for kind in ("Violation", "Warning", "Info")
            if (n := sum(r.severity == kind for r in self.results))
        )
        body = "\n\n".join(r.render() for r in self.results)
        return f"SHACL validation: {counts}\n\n{body}"


class ValidationFailed(XjftzError):
    """The graph does not conform to the shapes; the message is the readable report."""

    def __init__(self, report: Report, *, with_report: bool = True) -> None:
        self.report = report
        n = len(report.violations)
        head = f"the graph does not conform to the SHACL shapes ({n} violation{'s' * (n != 1)})"
        super().__init__(
            f"{head}\n\n{report.render()}" if with_report else f"{head}; see the report"
        )


def _show(node: Node | None, g: Graph) -> str:
    if node is None:
        return "—"
    if isinstance(node, URIRef):
        if q := qname(str(node)):
            return q
        for prefix, ns in sorted(g.namespaces(), key=lambda kv: -len(kv[1])):
            local = str(node)[len(ns) :]
            if prefix and str(node).startswith(ns) and local and not set(local) & set("/#"):
                return f"{prefix}:{local}"
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3(g.namespace_manager)
    # A blank node (a property path or an anonymous shape): describe it by its SHACL terms.
    return f"[{node.n3()}]"


def _messages(result: Node, results: Graph, shapes: Graph) -> str:
    """The result's messages; for a SPARQL constraint its own, not its shape's general one."""
    found = sorted(str(m) for m in results.objects(result, SH.resultMessage))
    shape = results.value(result, SH.sourceShape)
    general = {str(m) for m in shapes.objects(shape, SH.message)} if shape is not None else set()
    specific = [m for m in found if m not in general]
    return "; ".join(specific or found) or "—"


def _path(node: Node | None, shapes: Graph) -> str:
    """A property path as readable text (sequence, inverse, alternative and repeated paths
    spelt out)."""
    if node is None:
        return "—"
    if isinstance(node, URIRef):
        return _show(node, shapes)
    if (inv := shapes.value(node, SH.inversePath)) is not None:
        return f"^{_path(inv, shapes)}"
    if (alt := shapes.value(node, SH.alternativePath)) is not None:
        return "(" + " | ".join(_path(p, shapes) for p in shapes.items(alt)) + ")"
    for kind, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        if (inner := shapes.value(node, kind)) is not None:
            return f"{_path(inner, shapes)}{mark}"
    if (node, RDF.first, None) in shapes:
        return " / ".join(_path(p, shapes) for p in shapes.items(node))
    return _show(node, shapes)


def _shape_name(result: Node, results: Graph, shapes: Graph) -> str:
    shape = results.value(result, SH.sourceShape)
    component = results.value(result, SH.sourceConstraintComponent)
    constraint = results.value(result, SH.sourceConstraint)
    parts = []
    if isinstance(constraint, URIRef):  # a named SPARQL constraint: it says what was checked
        parts.append(_show(constraint, shapes))
    elif isinstance(shape, URIRef):
        parts.append(_show(shape, shapes))
    else:
        # An anonymous property shape: name it by the node shape that holds it and its path.
        parent = next(shapes.subjects(SH.property, shape), None) if shape is not None else None
        path = shapes.value(shape, SH.path) if shape is not None else None
        if parent is not None:
            parts.append(f"{_show(parent, shapes)} → {_path(path, shapes)}")
    if component is not None:
        parts.append(f"({_show(component, shapes)})")
    return " ".join(parts) or "—"


def results_from(results: Graph, shapes: Graph, data: Graph) -> list[Result]:
    """pyshacl's results graph as :class:`Result` values, shapes named from ``shapes``."""
    out = []
    for r in results.subjects(RDF.type, SH.ValidationResult):
        severity = results.value(r, SH.resultSeverity)
        out.append(
            Result(
                severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
                focus=_show(results.value(r, SH.focusNode), data),
                path=_path(results.value(r, SH.resultPath), results),
                value=_show(results.value(r, SH.value), data),
                message=_messages(r, results, shapes),
                shape=_shape_name(r, results, shapes),
            )
        )
    return out


def _sorted(results: list[Result]) -> Report:
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    results.sort(
        key=lambda x: (order.get(x.severity, 3), x.focus, x.path, x.message, x.value, x.shape)
    )
    return Report(tuple(results))


def report_from(results: Graph, shapes: Graph, data: Graph) -> Report:
    return _sorted(results_from(results, shapes, data))


def load_shapes(path: Path | None = None) -> Graph:
    return load_turtle(path or SHAPES_FILE)


def load_ontology(path: Path | None = None) -> Graph:
    return load_turtle(path or ONTOLOGY_FILE)


def _holds(data: Graph, ontology: Graph) -> bool:
    """Whether ``data`` holds every triple of ``ontology`` (those with blank nodes aside: the
    build names them anew)."""
    return all(t in data for t in ontology if not any(isinstance(term, BNode) for term in t))


def validate(data: Graph, shapes: Graph | None = None, ontology: Graph | None = None) -> Report:
    """Run pyshacl over ``data`` with ``ontology``; never raises for non-conformance."""
    from pyshacl import validate as shacl_validate  # heavy: only the gate needs it

    shapes = load_shapes() if shapes is None else shapes
    ontology = load_ontology() if ontology is None else ontology
    _conforms, results, _text = shacl_validate(
        data,
        shacl_graph=shapes,
        ont_graph=None if _holds(data, ontology) else ontology,
        inference="none",
        allow_warnings=True,
    )
    return report_from(results, shapes, data)


def check(data: Graph, shapes: Graph | None = None, ontology: Graph | None = None) -> Report:
    """Validate; raise :class:`ValidationFailed` on any violation."""
    report = validate(data, shapes, ontology)
    if not report.conforms:
        raise ValidationFailed(report)
    return report
