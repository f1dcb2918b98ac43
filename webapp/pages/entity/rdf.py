"""An entity's RDF: its outgoing statements plus the labels of what they link to.

Input:  an entity IRI, bound as ``?entity`` in ``queries/site/entity-rdf.rq``; a format name.
Output: the serialised document (Turtle, N-Triples, JSON-LD, RDF/XML) as bytes, with the
        project's prefixes, cached per (IRI, format).

The description is the entity's blank-node-free concise bounded description (the data under
``id/`` holds no blank nodes) widened by one step for reading: the ``rdfs:label`` of every IRI
it links to, so a client needs no second request to name the neighbours.
"""

from __future__ import annotations

from rdflib import Graph, URIRef

from queries.results import FORMATS
from webapp.shared.cache import cached, page_key
from webapp.shared.fetch import construct
from webapp.shared.http import GRAPH_TYPES
from webapp.shared.nodes import PREFIXES

RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
# File suffixes of /id/…​.ttl and the ?format= names, to the format names of queries.results.
SUFFIXES = {".ttl": "ttl", ".nt": "nt", ".jsonld": "jsonld", ".rdf": "rdfxml"}
FORMAT_NAMES = {
    "html": "html",
    "ttl": "ttl",
    "turtle": "ttl",
    "nt": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
    "json": "jsonld",
    "rdf": "rdfxml",
    "rdfxml": "rdfxml",
    "rdf+xml": "rdfxml",
    "xml": "rdfxml",
}
ACCEPT = {"text/html": "html", "application/xhtml+xml": "html", **GRAPH_TYPES}


def media_type(fmt: str) -> str:
    media = FORMATS[fmt].media_type
    return f"{media}; charset=utf-8" if media.startswith("text/") or fmt == "nt" else media


def entity_graph(iri: str) -> Graph:
    return construct("entity-rdf", {"entity": URIRef(iri)})


def entity_document(iri: str, fmt: str) -> bytes:
    """The serialised description of ``iri`` in ``fmt`` (one of :data:`RDFLIB_FORMATS`)."""

    def build() -> bytes:
        graph = Graph()
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns, override=True, replace=True)
        for triple in entity_graph(iri):
            graph.add(triple)
        return graph.serialize(format=RDFLIB_FORMATS[fmt], encoding="utf-8")

    return cached(page_key("entity-doc", iri, fmt), build, len)[0]
