"""Store backends behind one interface (``base.Store``), opened from the settings (``factory``).

Backends: ``embedded.PyoxigraphStore`` (pyoxigraph in this process), ``pool.PooledStore`` (the
same engine, ``engine.Engine``, in worker processes with a deadline: ``worker``) and
``remote.RemoteStore`` (a SPARQL endpoint over HTTP: ``transport``, ``remote_terms``).

Imports nothing: every query worker process starts as ``python -m queries.stores.worker``,
which imports this package first, and the worker runs without rdflib. Import the modules.
"""
