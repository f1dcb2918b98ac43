"""Choose and open the store backend from the settings.

Input:  a ``queries.settings.Settings``: ``store`` (``embedded`` or ``remote``), ``data`` (RDF
        files; empty = the published graph), ``query_processes`` (0 = run in this process,
        without a timeout), ``query_timeout``, ``worker_memory_cap``, ``base_iri``; for the
        user lane (``user=True``: /sparql's own worker set) ``user_query_processes`` and
        ``admission_wait``; for ``remote``: ``endpoint``, ``graph``, ``user``, ``password``,
        ``auth``.
Output: a ``queries.stores.base.Store``.
"""

from __future__ import annotations

from ontology.errors import XjftzError
from queries.settings import Settings
from queries.stores.base import Store
from queries.stores.embedded import PyoxigraphStore
from queries.stores.pool import spec_for

BACKENDS = ("embedded", "remote")


USER_NICE = 10  # CPU priority of the user lane's workers: pages and named queries go first


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
    spec = spec_for(settings.data, base_iri=settings.base_iri)
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
