"""IRIs the whole project shares, written once, without importing rdflib.

Input:  nothing (constants).
Output: ``BASE`` (every project IRI starts with it), ``PLAN_GRAPH`` (the named graph ``xjftz
        push`` writes the plan to), and the two datatype IRIs the term conversions test for.

Plain strings, not rdflib terms: the query worker processes import this module and run without
rdflib (``queries.stores.worker``). ``ontology.namespaces`` builds the rdflib namespaces on it.
"""

from __future__ import annotations

BASE = "https://w3id.org/xjftz/"
PLAN_GRAPH = BASE + "id/dataset/xjftz"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
