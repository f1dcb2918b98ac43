"""The one conversion between the store's terms (pyoxigraph) and the pages' terms (rdflib).

Input:  pyoxigraph ``NamedNode``/``BlankNode``/``Literal`` (results, also as a query worker
        sends them: they pickle) or rdflib ``URIRef``/``BNode``/``Literal`` (values to bind).
Output: the same term in the other form, one function each way: :func:`to_rdflib` for results,
        :func:`to_oxigraph` for bound values. ``xsd:string`` literals come back as plain rdflib
        literals (no datatype) and language-tagged ones keep their tag, so results compare
        equal to terms parsed by rdflib from the same Turtle.
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from ontology.iris import XSD_STRING
from queries.errors import QueryError, StoreError


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
