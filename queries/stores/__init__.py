"""Choose and open the store backend from configuration.

Input:  settings with the attributes of :class:`StoreSettings` (``webapp.config.Settings`` has
        them; the CLI builds a ``StoreSettings``): ``store`` (``embedded`` or ``remote``),
        ``data`` (RDF files; empty = the published graph), ``database`` (an on-disk pyoxigraph
        directory), ``query_processes`` (0 = run in this process, unbounded), ``query_timeout``,
        ``worker_memory_mb``, ``base_iri``.
Output: a ``queries.stores.base.Store``.

``XJFTZ_STORE=remote`` is reserved for the remote SPARQL backend (issue 7); a class for it goes in
``queries/stores/remote.py`` and is chosen here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ontology.errors import XjftzError
from queries.stores.base import RawResult, SelectResult, Store
from queries.stores.embedded import DEFAULT_BASE_IRI, PyoxigraphStore

BACKENDS = ("embedded", "remote")

__all__ = [
    "BACKENDS",
    "PyoxigraphStore",
    "RawResult",
    "SelectResult",
    "Store",
    "StoreSettings",
    "open_store",
]


class StoreConfig(Protocol):
    store: str
    data: Sequence[str]
    database: str | None
    query_processes: int
    query_timeout: float
    worker_memory_mb: int
    base_iri: str | None


@dataclass
class StoreSettings:
    """Store configuration for callers without the web app's settings (CLI, tests)."""

    store: str = "embedded"  # backend: embedded | remote
    data: Sequence[str] = field(default_factory=tuple)  # RDF files; empty = the published graph
    database: str | None = None  # on-disk pyoxigraph directory, opened read-only
    query_processes: int = 0  # worker processes; 0 = run queries in this process (no timeout)
    query_timeout: float = 10.0  # seconds before a query is stopped (needs query_processes > 0)
    worker_memory_mb: int = 0  # address-space limit per worker process; 0 = none
    base_iri: str | None = DEFAULT_BASE_IRI  # base for relative IRIs in queries


def open_store(settings: StoreConfig) -> Store:
    """The backend ``settings.store`` names, opened on ``settings.data`` or the published graph."""
    backend = (settings.store or "embedded").lower()
    if backend == "remote":
        raise XjftzError(
            "XJFTZ_STORE=remote: the remote SPARQL backend is not available yet; "
            "use XJFTZ_STORE=embedded"
        )
    if backend != "embedded":
        raise XjftzError(f"unknown store backend {settings.store!r}; one of {', '.join(BACKENDS)}")
    if settings.query_processes > 0:
        from queries.stores.pool import PooledStore, spec_for

        spec = spec_for(settings.data, settings.database, base_iri=settings.base_iri)
        return PooledStore(
            spec,
            processes=settings.query_processes,
            timeout=settings.query_timeout,
            memory_limit_mb=settings.worker_memory_mb,
        )
    if settings.database:
        return PyoxigraphStore.open_read_only(settings.database, base_iri=settings.base_iri)
    if settings.data:
        return PyoxigraphStore.from_files(settings.data, base_iri=settings.base_iri)
    return PyoxigraphStore.published(base_iri=settings.base_iri)
