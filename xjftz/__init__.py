"""xjftz: the knowledge graph of the Master Plan of the China (Xinjiang) Pilot Free Trade Zone.

The `xjftz` console script (``xjftz.cli``) is one argparse shell over the ontology, graph,
queries and webapp layers. For notebooks, ``import xjftz`` gives the API of ``xjftz.api``:

- ``xjftz.open_store()`` / ``xjftz.open_graph()`` — the published graph in pyoxigraph or rdflib;
- ``xjftz.query(name, lang=…, **params)`` — a named query's results as a pandas DataFrame;
- ``xjftz.table(name)`` / ``xjftz.tables()`` — the data package's tables as DataFrames;
- ``xjftz.select(sparql)`` — any SELECT query as a DataFrame;
- ``endpoint=URL`` on each of these to ask a remote SPARQL endpoint instead.

The names are imported on first use (PEP 562), so the CLI does not load rdflib or pandas.
"""

from __future__ import annotations

import importlib
from typing import Any

_API = ("ID", "in_language", "open_graph", "open_store", "queries", "query", "select", "table",
        "tables", "value")  # fmt: skip

__all__ = list(_API)


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(importlib.import_module("xjftz.api"), name)
    raise AttributeError(f"module 'xjftz' has no attribute {name!r}")
