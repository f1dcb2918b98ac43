"""Per-app state: the settings, the store (opened on first use) and the result cache.

Input:  the Flask app created by ``webapp.create_app``.
Output: ``settings()``, ``get_store()``, ``result_cache()`` for views of any blueprint.

The store is opened lazily, in the process that serves requests: under gunicorn that is each
worker after the fork, so no query worker process is ever shared across a fork. A test may
hand in a ready store as ``create_app({"STORE_INSTANCE": store})``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from flask import Flask, current_app

from queries.cache import ResultCache
from queries.stores.base import Store
from queries.stores.factory import open_store
from webapp.config import Settings

EXTENSION = "xjftz"


@dataclass
class AppState:
    settings: Settings
    store: Store | None = None
    cache: ResultCache = field(default_factory=ResultCache)
    lock: threading.Lock = field(default_factory=threading.Lock)
    memo: dict = field(default_factory=dict)  # small computed documents (service description)

    def get_store(self) -> Store:
        if self.store is None:
            with self.lock:
                if self.store is None:
                    self.store = open_store(self.settings)
        return self.store

    def close(self) -> None:
        with self.lock:
            if self.store is not None:
                self.store.close()
                self.store = None


def init_state(app: Flask, settings: Settings, store: Store | None = None) -> AppState:
    state = AppState(
        settings=settings,
        store=store,
        cache=ResultCache(settings.cache_entries, settings.cache_item_bytes),
    )
    app.extensions[EXTENSION] = state
    return state


def app_state() -> AppState:
    return current_app.extensions[EXTENSION]


def settings() -> Settings:
    return app_state().settings


def get_store() -> Store:
    return app_state().get_store()


def result_cache() -> ResultCache:
    return app_state().cache
