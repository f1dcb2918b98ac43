"""Choose and open the store backend from configuration (re-exported by ``queries.stores``).

Input:  settings with the attributes of :class:`StoreSettings` (``webapp.config.Settings`` has
        them; the CLI builds a ``StoreSettings``): ``store`` (``embedded`` or ``remote``),
        ``data`` (RDF files; empty = the published graph), ``database`` (an on-disk pyoxigraph
        directory), ``query_processes`` (0 = run in this process, unbounded),
        ``query_processes_max`` (the pool's most processes, extras included), ``query_timeout``,
        ``worker_memory_mb``, ``base_iri``.
Output: a ``queries.stores.base.Store``.

``store = remote`` opens ``queries.stores.remote.RemoteStore`` on ``endpoint`` (the SPARQL query
endpoint URL), with ``graph`` (the plan graph's IRI, sent as ``default-graph-uri``; empty = the
server's default graph), ``user``/``password``/``auth`` and ``query_timeout`` as its HTTP
timeout. Settings objects without these attributes get the defaults of :class:`StoreSettings`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ontology.errors import XjftzError
from ontology.namespaces import DATASET
from queries.stores.base import Store
from queries.stores.embedded import DEFAULT_BASE_IRI, PyoxigraphStore

BACKENDS = ("embedded", "remote")
# The named graph `xjftz push` writes the plan to and the remote backend reads it from.
PLAN_GRAPH = str(DATASET)

__all__ = ["BACKENDS", "PLAN_GRAPH", "StoreConfig", "StoreSettings", "open_remote", "open_store"]


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
    query_processes_max: int = 3  # most worker processes, extras started when all stay busy
    query_timeout: float = 10.0  # seconds before a query is stopped (needs query_processes > 0)
    worker_memory_mb: int = 0  # address-space limit per worker process; 0 = none
    base_iri: str | None = DEFAULT_BASE_IRI  # base for relative IRIs in queries
    endpoint: str | None = None  # remote: the SPARQL query endpoint URL
    graph: str | None = PLAN_GRAPH  # remote: graph holding the plan; None = server's default graph
    user: str | None = None  # remote: user for digest/basic auth; None = anonymous
    password: str | None = field(default=None, repr=False)  # remote: that user's password
    auth: str = "auto"  # remote: auto (the server's challenge decides) | digest | basic


def open_remote(settings: StoreConfig) -> Store:
    """A ``RemoteStore`` from the remote settings (defaults where ``settings`` lacks them)."""
    from queries.stores.remote import RemoteStore

    endpoint = getattr(settings, "endpoint", None)
    if not endpoint:
        raise XjftzError(
            "XJFTZ_STORE=remote needs XJFTZ_ENDPOINT, the SPARQL query endpoint URL "
            "(e.g. http://127.0.0.1:8890/sparql); see docs/DEPLOY.md"
        )
    return RemoteStore(
        endpoint,
        getattr(settings, "graph", PLAN_GRAPH) or None,
        user=getattr(settings, "user", None),
        password=getattr(settings, "password", None),
        auth=getattr(settings, "auth", "auto") or "auto",
        timeout=settings.query_timeout,
        base_iri=settings.base_iri,
    )


def open_store(settings: StoreConfig) -> Store:
    """The backend ``settings.store`` names, opened on ``settings.data`` or the published graph."""
    backend = (settings.store or "embedded").lower()
    if backend == "remote":
        return open_remote(settings)
    if backend != "embedded":
        raise XjftzError(f"unknown store backend {settings.store!r}; one of {', '.join(BACKENDS)}")
    if settings.query_processes > 0:
        from queries.stores.pool import PooledStore, spec_for

        spec = spec_for(settings.data, settings.database, base_iri=settings.base_iri)
        most = getattr(settings, "query_processes_max", StoreSettings.query_processes_max)
        return PooledStore(
            spec,
            processes=settings.query_processes,
            timeout=settings.query_timeout,
            memory_limit_mb=settings.worker_memory_mb,
            burst=max(most - settings.query_processes, 0),
        )
    if settings.database:
        return PyoxigraphStore.open_read_only(settings.database, base_iri=settings.base_iri)
    if settings.data:
        return PyoxigraphStore.from_files(settings.data, base_iri=settings.base_iri)
    return PyoxigraphStore.published(base_iri=settings.base_iri)
