"""Choose and open the store backend from the settings.

Input:  a ``queries.settings.Settings``: ``store`` (``embedded`` or ``remote``), ``data`` (RDF
        files; empty = the published graph), ``database`` (an on-disk pyoxigraph directory),
        ``query_processes`` (0 = run in this process, without a timeout), ``query_timeout``,
        ``worker_memory_mb``, ``base_iri``; for ``remote``: ``endpoint``, ``graph``, ``user``,
        ``password``, ``auth``.
Output: a ``queries.stores.base.Store``.
"""

from __future__ import annotations

from ontology.errors import XjftzError
from queries.settings import Settings
from queries.stores.base import Store
from queries.stores.embedded import PyoxigraphStore

BACKENDS = ("embedded", "remote")


def open_store(settings: Settings) -> Store:
    """The backend ``settings.store`` names, opened on ``settings.data`` or the published graph."""
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
    if settings.query_processes > 0:
        from queries.stores.pool import spec_for

        return PyoxigraphStore.pooled(
            spec_for(settings.data, settings.database, base_iri=settings.base_iri),
            processes=settings.query_processes,
            timeout=settings.query_timeout,
            memory_limit_mb=settings.worker_memory_mb,
        )
    if settings.database:
        return PyoxigraphStore.open_read_only(settings.database, base_iri=settings.base_iri)
    if settings.data:
        return PyoxigraphStore.from_files(settings.data, base_iri=settings.base_iri)
    return PyoxigraphStore.published(base_iri=settings.base_iri)
