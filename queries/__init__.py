"""The query layer: named SPARQL queries, their loader and runner, and the store interface.

Input:  the published graph (or any RDF files) and SPARQL text from ``.rq`` files or callers.
Output: query results as rdflib terms (``queries.stores``), serialised result documents for
        the protocol endpoint, and the named-query library (``queries.library``).

Kept light on purpose: query worker processes import this package, so nothing heavy (rdflib's
SPARQL engine, Flask) is imported here.
"""
