"""A small thread-safe LRU cache for serialised query results.

Input:  hashable keys (query id or text, bound parameters, format, dataset) and values with a
        size in bytes.
Output: the cached value or ``None``. Entries are evicted least-recently-used first when the
        entry count passes ``max_entries``; values over ``max_item_bytes`` are not kept.

The published graph is read-only while the app runs, so a result never goes stale: caching
named queries keyed by (id, parameters) takes the process hop out of the hot path.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class ResultCache(Generic[V]):
    """Least-recently-used cache bounded by entry count and item size."""

    def __init__(self, max_entries: int = 1024, max_item_bytes: int = 1024 * 1024) -> None:
        self.max_entries = max_entries
        self.max_item_bytes = max_item_bytes
        self._data: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            value = self._data.get(key)
            if value is None:
                return None
            self._data.move_to_end(key)
            return value

    def put(self, key: Hashable, value: V, size: int) -> None:
        if self.max_entries <= 0 or size > self.max_item_bytes:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
