"""Read a SPARQL server's answers into pyoxigraph terms, written as the embedded store writes them.

Input:  the bytes of a SPARQL 1.1 Query Results JSON document
        (https://www.w3.org/TR/sparql11-results-json/) or of an RDF document (N-Triples, Turtle,
        RDF/XML — whatever the server chose from our ``Accept``).
Output: variables and rows of pyoxigraph terms, a boolean, or a list of pyoxigraph triples —
        each with a flag saying whether anything had to be normalised.

Servers agree on what a literal *means* but not on how they write it. The embedded store is
pyoxigraph, whose storage keeps one canonical form per value, so the remote backend brings
every answer to that form; results then compare equal term by term, whichever backend ran the
query. The normalisations, each of which keeps the value and changes only its writing:

1. Every typed literal other than ``xsd:string`` is passed through a scratch pyoxigraph store,
   which writes it as the embedded store would. Seen with Virtuoso 7.2: ``"1"^^xsd:boolean`` →
   ``"true"``; ``"1000.0"^^xsd:double`` → ``"1000"``; ``xsd:nonNegativeInteger``, ``xsd:int``
   and the other integer-derived types → ``xsd:integer`` (pyoxigraph keeps only the value); also
   ``"+01"`` → ``"1"``, ``"1.50"^^xsd:decimal`` → ``"1.5"``, ``…+00:00`` → ``…Z`` in date-times.
2. ``"…"^^xsd:string`` → a simple literal (the same term in RDF 1.1; Virtuoso writes the type).
3. Language tags in lower case (BCP 47 tags are case-insensitive; pyoxigraph lower-cases them).
4. Blank node labels that are not valid N-Triples labels (Virtuoso's ``nodeID://b10001``) keep
   their letters and digits (``b10001``). Labels are local to one answer in every backend.
5. The SPARQL 1.0-era ``"type": "typed-literal"`` (Virtuoso) is read as ``"literal"``.

What no normalisation can repair is listed in docs/DEPLOY.md (e.g. Virtuoso stores
``xsd:duration`` values as a month count).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Sequence

import pyoxigraph as ox

from ontology.iris import RDF_LANGSTRING, XSD_STRING
from queries.errors import StoreError

_BNODE_JUNK = re.compile(r"^nodeID://|[^A-Za-z0-9_]")
_SCRATCH_PREDICATE = ox.NamedNode("urn:x-xjftz:canonical")

# Media types a server may answer a CONSTRUCT/DESCRIBE with, most preferred first.
GRAPH_MEDIA_TYPES: dict[str, ox.RdfFormat] = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "text/plain": ox.RdfFormat.N_TRIPLES,  # older servers label N-Triples so
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
RESULTS_ACCEPT = "application/sparql-results+json"

Term = ox.NamedNode | ox.BlankNode | ox.Literal


def json_term(value: dict) -> Term:
    """One RDF term of a SPARQL JSON result (``{"type": …, "value": …}``), as written."""
    kind = value.get("type")
    text = value.get("value", "")
    try:
        if kind == "uri":
            return ox.NamedNode(text)
        if kind == "bnode":
            return ox.BlankNode(_BNODE_JUNK.sub("", text) or "b")
        if kind in ("literal", "typed-literal"):
            lang = value.get("xml:lang")
            if lang:
                return ox.Literal(text, language=lang)
            datatype = value.get("datatype")
            if datatype and datatype not in (XSD_STRING, RDF_LANGSTRING):
                return ox.Literal(text, datatype=ox.NamedNode(datatype))
            return ox.Literal(text)
    except ValueError as exc:
        raise StoreError(f"the SPARQL server returned an invalid RDF term {value}: {exc}") from exc
    raise StoreError(f"the SPARQL server returned a term of unknown type {kind!r}")


def canonical(terms: Iterable[Term | None]) -> dict[Term, Term]:
    """For each typed literal among ``terms`` that pyoxigraph would write differently, its form."""
    typed = {t for t in terms if isinstance(t, ox.Literal) and _needs_store(t)}
    if not typed:
        return {}
    ordered = list(typed)
    scratch = ox.Store()
    scratch.extend(
        ox.Quad(ox.NamedNode(f"urn:x-xjftz:{i}"), _SCRATCH_PREDICATE, term)
        for i, term in enumerate(ordered)
    )
    changed: dict[Term, Term] = {}
    for quad in scratch:
        original = ordered[int(quad.subject.value.rsplit(":", 1)[1])]
        if quad.object != original:
            changed[original] = quad.object
    return changed


def _needs_store(term: ox.Literal) -> bool:
    return not term.language and term.datatype.value != XSD_STRING


def parse_results(body: bytes) -> tuple[tuple[str, ...], list[tuple], bool | None, bool]:
    """``(variables, rows, boolean, normalised)`` of a SPARQL JSON results document.

    ``boolean`` is set for an ASK answer (then there are no rows); ``normalised`` says whether
    any term or the document's form had to change to match the embedded store.
    """
    try:
        doc = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(f"the SPARQL server sent results that are not JSON: {exc}") from exc
    if not isinstance(doc, dict):
        raise StoreError("the SPARQL server sent a JSON document that is not a result")
    if "boolean" in doc:
        return (), [], bool(doc["boolean"]), False
    try:
        variables = tuple(doc["head"]["vars"])
        bindings = doc["results"]["bindings"]
    except (KeyError, TypeError) as exc:
        raise StoreError(f"the SPARQL server sent a result without {exc}") from exc
    legacy = False
    rows = []
    for solution in bindings:
        row = []
        for var in variables:
            value = solution.get(var)
            if value is None:
                row.append(None)
                continue
            legacy = legacy or value.get("type") == "typed-literal"
            row.append(json_term(value))
        rows.append(tuple(row))
    rows, changed = normalise_rows(rows)
    return variables, rows, None, legacy or changed


def normalise_rows(rows: Sequence[tuple]) -> tuple[list[tuple], bool]:
    """Rows with every term in the embedded store's form, and whether any term changed."""
    mapping = canonical(t for row in rows for t in row)
    if not mapping:
        return list(rows), False
    return [tuple(mapping.get(t, t) if t is not None else None for t in row) for row in rows], True


def parse_graph(body: bytes, media_type: str) -> tuple[list[ox.Triple], bool]:
    """``(triples, normalised)`` of an RDF document in ``media_type``."""
    fmt = GRAPH_MEDIA_TYPES.get(media_type.split(";", 1)[0].strip().lower())
    if fmt is None:
        raise StoreError(f"the SPARQL server answered with {media_type!r}, not an RDF syntax")
    try:
        quads = list(ox.parse(io.BytesIO(body), format=fmt))
    except (SyntaxError, ValueError) as exc:
        raise StoreError(f"the SPARQL server sent {media_type} that does not parse: {exc}") from exc
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    mapping = canonical(t.object for t in triples)
    if not mapping:
        return triples, False
    triples = [ox.Triple(t.subject, t.predicate, mapping.get(t.object, t.object)) for t in triples]
    return triples, True
