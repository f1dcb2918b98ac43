"""Typed settings of the store, the web app and the server: one object, every key with a default.

Input:  the defaults below; environment variables ``XJFTZ_<KEY>`` (e.g. ``XJFTZ_QUERY_TIMEOUT=5``,
        ``XJFTZ_DATA=a.ttl:b.trig``, ``XJFTZ_SERVICE_ALLOWLIST="https://query.wikidata.org/sparql"``);
        then ``create_app(test_config)``'s mapping (keys in either case: ``QUERY_TIMEOUT`` or
        ``query_timeout``).
Output: a :class:`Settings`; ``queries.stores.factory.open_store`` reads it, the web app and
        ``xjftz serve`` too (``webapp.config`` re-exports it). The CLI's ``xjftz query`` uses
        the same object with ``query_processes=0`` (one query, run in the calling process).

List values in the environment are separated by ``os.pathsep`` for ``DATA`` (file paths) and by
commas or whitespace otherwise. A value that does not convert raises ``SettingError`` (an
``XjftzError`` and a ``ValueError``) naming the key.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, get_args, get_origin, get_type_hints

from ontology.errors import XjftzError
from ontology.iris import BASE, PLAN_GRAPH

ENV_PREFIX = "XJFTZ_"
TRUE = frozenset({"1", "true", "yes", "on"})
FALSE = frozenset({"0", "false", "no", "off"})


class SettingError(XjftzError, ValueError):
    """A setting whose value does not convert or is out of range (the CLI exits 1 on it)."""


@dataclass(frozen=True)
class Settings:
    """The configuration (see the module docstring for how it is read)."""

    # Store
    store: str = "embedded"  # backend: embedded (pyoxigraph in worker processes) | remote
    data: tuple[str, ...] = ()  # RDF files to serve instead of the published plan graph
    base_iri: str = BASE  # base for relative IRIs in queries
    query_processes: int = 2  # query worker processes per web worker for pages and named
    #                           queries; 0 = everything in-process, no timeout
    user_query_processes: int = 3  # further query workers per web worker for /sparql and the
    #                                query page's free SPARQL, at lower CPU priority; 0 = share
    worker_memory_mb: int | None = None  # address-space cap of each query worker; 0 = none;
    #                                      unset = derived from the machine (worker_memory_cap)
    # Remote store (store = remote; docs/DEPLOY.md). query_timeout is its HTTP timeout.
    endpoint: str | None = None  # SPARQL query endpoint URL, e.g. http://127.0.0.1:8890/sparql
    graph: str | None = PLAN_GRAPH  # the plan graph (default-graph-uri); "" = server default
    user: str | None = None  # user for digest/basic auth at the endpoint; unset = anonymous
    password: str | None = field(default=None, repr=False)  # that user's password
    auth: str = "auto"  # auto (the server's challenge picks digest or basic) | digest | basic
    # Bounds (issue 9)
    query_timeout: float = 10.0  # seconds before a query is stopped and answered with 503
    max_rows: int = 10_000  # solutions (or triples) per result; more are cut, with a notice
    max_response_bytes: int = 16 * 1024 * 1024  # size of one result document; cut with a notice
    max_query_length: int = 16 * 1024  # characters of SPARQL; longer → 414 (GET) or 413 (POST)
    max_body_bytes: int = 256 * 1024  # request body; larger → 413
    service_allowlist: tuple[str, ...] = ()  # SERVICE endpoints a query may call; none by default
    # Admission of user queries (issue 18): what runaways may take from readers
    sparql_per_client: int = 2  # /sparql queries one client address may run at once per web
    #                             worker; more → 429 with Retry-After
    admission_wait: float = 2.0  # seconds a user query waits for a free worker, then 503
    light_query_ms: float = 2.0  # a /sparql query the user lane answered within this many ms
    #                              runs in the web worker itself when sent again; 0 = never
    # Caching (the data is read-only, so results never go stale while the app runs)
    cache_entries: int = 1024  # result documents kept per web worker
    cache_item_bytes: int = 1024 * 1024  # larger documents are not cached
    # Serving (xjftz serve)
    workers: int = 2  # web worker processes (granian)
    threads: int = 8  # request threads per web worker
    header_timeout: float = 10.0  # seconds to send the request line and headers, then dropped
    body_timeout: float = 10.0  # seconds to send the request body, then 408
    body_readers: int = 4  # request bodies read at once per web worker (< threads); more → 503
    # Development
    dev: bool = False  # Flask's debugger and reloader; only `xjftz serve --dev` sets it

    @property
    def query_workers(self) -> int:
        """Query worker processes of the whole server (every web worker's two sets)."""
        return self.workers * (self.query_processes + self.user_query_processes)

    @property
    def worker_memory_cap(self) -> int:
        """MB of address space per query worker: ``worker_memory_mb`` if set, else derived so
        that all query workers together stay within half of the machine's memory (read now,
        from ``os.sysconf``), and at most 4 GB each."""
        if self.worker_memory_mb is not None:
            return self.worker_memory_mb
        return derived_memory_cap(machine_memory_mb(), self.query_workers)


MAX_WORKER_MEMORY_MB = 4096  # no query over this plan needs more; a cross product does


def machine_memory_mb() -> int:
    """The machine's physical memory in MB."""
    return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // (1024 * 1024)


def derived_memory_cap(machine_mb: int, workers: int) -> int:
    """Half of ``machine_mb`` shared by ``workers`` query workers, at most 4 GB each."""
    return max(1, min(MAX_WORKER_MEMORY_MB, machine_mb // 2 // max(workers, 1)))


def _convert(name: str, hint: Any, value: Any) -> Any:
    """``value`` (a string from the environment, or a Python value) as the field's type."""
    optional = type(None) in get_args(hint)
    base = next((a for a in get_args(hint) if a is not type(None)), hint) if optional else hint
    try:
        if get_origin(base) is tuple:
            if isinstance(value, str):
                parts = value.split(os.pathsep) if name == "data" else re.split(r"[,\s]+", value)
                return tuple(p for p in (s.strip() for s in parts) if p)
            return tuple(str(v) for v in value)
        if not isinstance(value, str):
            return value
        if optional and value.strip() == "":
            return None
        if base is bool:
            word = value.strip().lower()
            if word not in TRUE | FALSE:
                raise ValueError(value)
            return word in TRUE
        if base in (int, float):
            return base(value)
        return value
    except (TypeError, ValueError) as exc:
        raise SettingError(f"setting {name.upper()}: cannot use {value!r}") from exc


def load_settings(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Defaults, then ``XJFTZ_*`` environment variables, then ``overrides``."""
    environ = os.environ if environ is None else environ
    hints = get_type_hints(Settings)
    names = {f.name for f in fields(Settings)}
    values: dict[str, Any] = {}
    for name in names:
        env = environ.get(ENV_PREFIX + name.upper())
        if env is not None:
            values[name] = _convert(name, hints[name], env)
    for key, value in (overrides or {}).items():
        name = key.lower()
        if name in names:
            values[name] = _convert(name, hints[name], value)
    settings = replace(Settings(), **values)
    if settings.query_processes < 0 or settings.query_timeout <= 0:
        raise SettingError("QUERY_PROCESSES must be >= 0 and QUERY_TIMEOUT > 0")
    if settings.user_query_processes < 0 or settings.sparql_per_client < 1:
        raise SettingError("USER_QUERY_PROCESSES must be >= 0 and SPARQL_PER_CLIENT >= 1")
    if not 0 <= settings.light_query_ms <= 100:
        raise SettingError("LIGHT_QUERY_MS must be between 0 and 100")
    if min(settings.header_timeout, settings.body_timeout, settings.body_readers) <= 0:
        raise SettingError("HEADER_TIMEOUT, BODY_TIMEOUT and BODY_READERS must be > 0")
    return settings
