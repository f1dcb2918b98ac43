"""The store (``base.Store``) over its engines: pyoxigraph here or in worker processes
(``engine``, ``pool``, ``worker``), or a SPARQL endpoint (``remote``); ``factory`` opens them.

Imports nothing: a query worker starts as ``python -m queries.stores.worker``, which imports
this package first and must stay rdflib-free.
"""
