"""Convert RDF terms between pyoxigraph (the engine) and rdflib (the project's lingua franca).

Input:  pyoxigraph ``NamedNode``/``BlankNode``/``Literal``, rdflib ``URIRef``/``BNode``/
        ``Literal``, or the plain tuples a query worker sends (``queries.stores.wire``).
Output: the same term in the other form. ``xsd:string`` literals come back as plain rdflib
        literals (no datatype) and language-tagged ones keep their tag, so results compare
        equal to terms parsed by rdflib from the same Turtle.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from queries.errors import QueryError, StoreError
from queries.stores.wire import BNODE, IRI, LITERAL, PlainTerm

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
RDF_DIRLANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#dirLangString"


def to_rdflib(term: object) -> Node | None:
    """A pyoxigraph term (or None for an unbound variable) as an rdflib term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise StoreError(f"cannot represent {type(term).__name__} terms (RDF 1.2) as rdflib terms")


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        try:
            return ox.NamedNode(str(term))
        except ValueError as exc:
            raise QueryError(f"not a valid IRI: {str(term)!r}") from exc
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"cannot use a {type(term).__name__} as an RDF term")


def from_plain(term: PlainTerm | None) -> Node | None:
    """A plain term from a query worker (or None for an unbound variable) as an rdflib term."""
    if term is None:
        return None
    kind, value, datatype, language = term
    if kind == IRI:
        return URIRef(value)
    if kind == LITERAL:
        if language:
            return Literal(value, lang=language)
        return Literal(value, datatype=URIRef(datatype) if datatype else None)
    if kind == BNODE:
        return BNode(value)
    raise StoreError(f"unknown term kind {kind!r} from the query worker")


def rows_from_plain(rows: list) -> tuple[tuple[Node | None, ...], ...]:
    """Rows of plain terms as rows of rdflib terms; an IRI met twice is made once."""
    made: dict[PlainTerm, Node] = {}

    def term(plain: PlainTerm | None) -> Node | None:
        if plain is None:
            return None
        found = made.get(plain)
        if found is None:
            found = made[plain] = from_plain(plain)
        return found

    return tuple(tuple(map(term, row)) for row in rows)


def as_plain(term: URIRef | Literal) -> PlainTerm:
    """A checked rdflib IRI or literal (a value bound to a query) as a plain term."""
    if isinstance(term, URIRef):
        return (IRI, str(term), None, None)
    if isinstance(term, Literal):
        if term.language:
            return (LITERAL, str(term), None, term.language)
        datatype = str(term.datatype) if term.datatype is not None else None
        return (LITERAL, str(term), None if datatype == XSD_STRING else datatype, None)
    raise QueryError(f"cannot use a {type(term).__name__} as an RDF term")
