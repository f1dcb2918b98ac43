"""Terms as they cross the pipe between the web process and a query worker: plain tuples.

Input:  pyoxigraph terms (in the worker, to send) or plain terms (in the worker, received).
Output: plain terms — ``(kind, value, datatype, language)`` tuples of strings, where ``kind`` is
        :data:`IRI`, :data:`BNODE` or :data:`LITERAL`, ``datatype`` is None for IRIs, blank
        nodes, ``xsd:string`` and language-tagged literals, and ``language`` is None unless
        tagged — or pyoxigraph terms made from them (values bound to a query).

Plain tuples pickle in C and unpickle without importing anything, so the worker never loads
rdflib (the web process makes rdflib terms from them: ``queries.terms.from_plain``), and the
worker does not build rdflib terms only for the web process to rebuild them from the pickle.
Measured on the plan graph's named queries, this is also faster than sending SPARQL JSON
results and parsing them back (see the pool's docstring).
"""

from __future__ import annotations

import pyoxigraph as ox

from queries.errors import QueryError, StoreError

IRI, BNODE, LITERAL = "u", "b", "l"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

PlainTerm = tuple[str, str, str | None, str | None]


def to_plain(term: object) -> PlainTerm | None:
    """A pyoxigraph term (or None for an unbound variable) as a plain tuple."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return (IRI, term.value, None, None)
    if isinstance(term, ox.Literal):
        if term.language:
            return (LITERAL, term.value, None, term.language)
        datatype = term.datatype.value
        return (LITERAL, term.value, None if datatype == XSD_STRING else datatype, None)
    if isinstance(term, ox.BlankNode):
        return (BNODE, term.value, None, None)
    raise StoreError(f"cannot represent {type(term).__name__} terms (RDF 1.2) as rdflib terms")


def rows_to_plain(rows: list) -> list[tuple[PlainTerm | None, ...]]:
    """Solutions (or triples) of pyoxigraph terms as tuples of plain terms."""
    return [tuple(map(to_plain, row)) for row in rows]


def triples_to_plain(triples: list[ox.Triple]) -> list[tuple[PlainTerm | None, ...]]:
    """Triples as (subject, predicate, object) tuples of plain terms."""
    return [(to_plain(t.subject), to_plain(t.predicate), to_plain(t.object)) for t in triples]


def from_plain(term: PlainTerm) -> ox.NamedNode | ox.Literal:
    """A plain IRI or literal (a value bound to a query) as a pyoxigraph term.

    Blank nodes are refused: they cannot be bound (``queries.binding.check_term``).
    """
    kind, value, datatype, language = term
    if kind == IRI:
        try:
            return ox.NamedNode(value)
        except ValueError as exc:
            raise QueryError(f"not a valid IRI: {value!r}") from exc
    if kind != LITERAL:
        raise QueryError(f"cannot bind a term of kind {kind!r}")
    try:
        if language:
            return ox.Literal(value, language=language)
        if datatype and datatype != XSD_STRING:
            return ox.Literal(value, datatype=ox.NamedNode(datatype))
        return ox.Literal(value)
    except ValueError as exc:
        raise QueryError(f"not a valid literal: {exc}") from exc
