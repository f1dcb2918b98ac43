"""Store backends behind one interface, and the choice between them from configuration.

Input:  settings (``webapp.config.Settings`` or a ``StoreSettings``), see
        ``queries.stores.factory``.
Output: ``open_store(settings)`` → a ``queries.stores.base.Store``; also ``PLAN_GRAPH``,
        ``BACKENDS``, ``StoreSettings``, ``PyoxigraphStore``, ``Store``, ``SelectResult``,
        ``RawResult``.

The names are imported on first use (PEP 562 ``__getattr__``), not with the package: every
query worker process starts as ``python -m queries.stores.worker``, which imports this package
first, and the worker runs on pyoxigraph and the standard library alone (no rdflib, ~19 MB
less per process). ``tests/test_lean_worker.py`` holds it to that.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from queries.stores.base import RawResult, SelectResult, Store
    from queries.stores.embedded import PyoxigraphStore
    from queries.stores.factory import (
        BACKENDS,
        PLAN_GRAPH,
        StoreConfig,
        StoreSettings,
        open_remote,
        open_store,
    )

_HOMES = {
    "BACKENDS": "queries.stores.factory",
    "PLAN_GRAPH": "queries.stores.factory",
    "StoreConfig": "queries.stores.factory",
    "StoreSettings": "queries.stores.factory",
    "open_remote": "queries.stores.factory",
    "open_store": "queries.stores.factory",
    "PyoxigraphStore": "queries.stores.embedded",
    "RawResult": "queries.stores.base",
    "SelectResult": "queries.stores.base",
    "Store": "queries.stores.base",
}

__all__ = [
    "BACKENDS",
    "PLAN_GRAPH",
    "PyoxigraphStore",
    "RawResult",
    "SelectResult",
    "Store",
    "StoreConfig",
    "StoreSettings",
    "open_remote",
    "open_store",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # the next lookup does not come here
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOMES])
