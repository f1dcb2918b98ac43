"""Open a store: the embedded backend (:class:`PyoxigraphStore`), or the one the settings name.

Input:  a ``queries.settings.Settings`` (``store``, ``data``, ``query_processes`` — 0: in this
        process, without a deadline —, timeouts, memory cap, the user lane's own worker count and
        wait, the remote endpoint and credentials); ``user=True`` for /sparql's own lane.
Output: a ``queries.stores.base.Store``: the engine in this process, in a ``pool.WorkerPool``
        (pyoxigraph holds the GIL until a query ends: only a process can be stopped), or remote.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ontology.errors import XjftzError
from queries.settings import Settings
from queries.stores.base import Store
from queries.stores.engine import BASE, EmbeddedSpec, Engine
from queries.stores.pool import WorkerPool

BACKENDS = ("embedded", "remote")
USER_NICE = 10  # CPU priority of the user lane's workers: pages and named queries go first


class PyoxigraphStore(Store):
    """A pyoxigraph engine (or a pool of them) behind the project's Store interface."""

    @classmethod
    def pooled(cls, spec: EmbeddedSpec, *args: Any, **pool: Any) -> PyoxigraphStore:
        """The engine ``spec`` describes in worker processes: ``WorkerPool``'s arguments
        (``processes``, ``timeout``, ``memory_limit_mb``, ``nice``, ``wait``)."""
        return cls(WorkerPool(spec, *args, **pool))

    @classmethod
    def from_files(
        cls, paths: Iterable[str | Path], base_iri: str | None = BASE
    ) -> PyoxigraphStore:
        """An in-memory store holding exactly these files (all or nothing)."""
        return cls(Engine.from_files(paths, base_iri))

    def load(self, path: str | Path) -> None:
        """Add one RDF file; triples files go to the default graph, quads keep their graphs."""
        self.engine.load(path)


def open_store(settings: Settings, *, user: bool = False) -> Store:
    """The backend ``settings.store`` names, opened on ``settings.data`` or the published graph.
    ``user``: the worker set for user queries (fewer or more processes, lower CPU priority,
    a short wait for a free worker before 503)."""
    backend = (settings.store or "embedded").lower()
    if backend == "remote":
        from queries.stores.remote import RemoteStore

        if not settings.endpoint:
            raise XjftzError(
                "XJFTZ_STORE=remote needs XJFTZ_ENDPOINT, the SPARQL query endpoint URL "
                "(e.g. http://127.0.0.1:8890/sparql); see docs/DEPLOY.md"
            )
        return RemoteStore(
            settings.endpoint,
            settings.graph or None,
            user=settings.user,
            password=settings.password,
            auth=settings.auth or "auto",
            timeout=settings.query_timeout,
            base_iri=settings.base_iri,
        )
    if backend != "embedded":
        raise XjftzError(f"unknown store backend {settings.store!r}; one of {', '.join(BACKENDS)}")
    spec = EmbeddedSpec(settings.data, base_iri=settings.base_iri)
    if settings.query_processes > 0:
        return PyoxigraphStore.pooled(
            spec,
            processes=settings.user_query_processes if user else settings.query_processes,
            timeout=settings.query_timeout,
            memory_limit_mb=settings.worker_memory_cap,
            nice=USER_NICE if user else 0,
            wait=settings.admission_wait if user else None,
        )
    return PyoxigraphStore(spec.open())
