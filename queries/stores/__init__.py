"""The store (``base.Store``) and its engines, opened from the settings (``factory``).

Engines: ``engine.Engine`` (pyoxigraph) in this process or in worker processes with a deadline
(``pool.WorkerPool``, ``worker``), opened by ``embedded.PyoxigraphStore``; a SPARQL endpoint
over HTTP (``remote.Endpoint``, ``transport``), opened by ``remote.RemoteStore``.

Imports nothing: every query worker process starts as ``python -m queries.stores.worker``,
which imports this package first, and the worker runs without rdflib. Import the modules.
"""
