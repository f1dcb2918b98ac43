"""Store backends behind one interface (``base.Store``), opened from the settings (``factory``).

Backends: ``embedded.PyoxigraphStore`` (the pyoxigraph engine, ``engine.Engine``, in this
process or in worker processes with a deadline: ``pool.WorkerPool``, ``worker``) and
``remote.RemoteStore`` (a SPARQL endpoint over HTTP: ``transport``, ``remote_terms``).

Imports nothing: every query worker process starts as ``python -m queries.stores.worker``,
which imports this package first, and the worker runs without rdflib. Import the modules.
"""
