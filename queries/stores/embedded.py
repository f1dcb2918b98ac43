"""The embedded backend: a pyoxigraph store in this process or in query worker processes.

Input:  the published graph (``graph/build/xjftz.ttl``), or any RDF files — Turtle, TriG,
        N-Triples, N-Quads, RDF/XML, JSON-LD, chosen by extension; named graphs kept.
Output: a :class:`PyoxigraphStore` (a ``queries.stores.base.Store``); a file that does not
        parse raises ``InputFileError`` naming the file and line.

The engine (loading, querying, caps, result documents) is ``queries.stores.engine.Engine``.
In this process a query cannot be interrupted (pyoxigraph holds the GIL until it finishes);
``pooled`` runs the engine in worker processes with a deadline (``queries.stores.pool``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from queries.stores.base import Store, substitutions
from queries.stores.engine import DEFAULT_BASE_IRI, PUBLISHED_GRAPH, EmbeddedSpec, Engine
from queries.stores.pool import WorkerPool

__all__ = ["PUBLISHED_GRAPH", "PyoxigraphStore", "substitutions"]


class PyoxigraphStore(Store):
    """A pyoxigraph engine (or a pool of them) behind the project's Store interface."""

    @classmethod
    def pooled(cls, spec: EmbeddedSpec, *args: Any, **pool: Any) -> PyoxigraphStore:
        """The engine ``spec`` describes in worker processes: ``WorkerPool``'s arguments
        (``processes``, ``timeout``, ``memory_limit_mb``, ``nice``, ``wait``)."""
        return cls(WorkerPool(spec, *args, **pool))

    @classmethod
    def from_files(
        cls, paths: Iterable[str | Path], base_iri: str | None = DEFAULT_BASE_IRI
    ) -> PyoxigraphStore:
        """An in-memory store holding exactly these files (all or nothing)."""
        return cls(Engine.from_files(paths, base_iri))

    def load(self, path: str | Path) -> None:
        """Add one RDF file; triples files go to the default graph, quads keep their graphs."""
        self.engine.load(path)
