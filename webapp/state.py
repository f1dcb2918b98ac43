"""Per-app state: the settings, the store (opened on first use) and the result cache.

Input:  the Flask app created by ``webapp.create_app``.
Output: ``settings()``, ``get_store()``, ``get_user_store()``, ``result_cache()`` for views of
        any blueprint.

The store is opened lazily, in the process that serves requests: under granian that is each
web worker after the fork, so no query worker process is ever shared across a fork. A test may
hand in a ready store as ``create_app({"STORE_INSTANCE": store})``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

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
    user_store: Store | None = None  # the worker set of user queries (None: not opened yet)
    cache: ResultCache = field(default_factory=ResultCache)
    lock: threading.Lock = field(default_factory=threading.Lock)
    memo: dict = field(default_factory=dict)  # small computed documents (service description)
    light: Any = None  # /sparql's light lane (webapp.shared.light.LightLane), when it can help

    def get_store(self) -> Store:
        if self.store is None:
            with self.lock:
                if self.store is None:
                    self.store = open_store(self.settings)
        return self.store

    def get_user_store(self) -> Store:
        """The store user queries (/sparql, the query page) run on: their own worker set when
        the store is embedded with worker processes, else the one store."""
        conf = self.settings
        if conf.store != "embedded" or not conf.query_processes or not conf.user_query_processes:
            return self.get_store()
        if self.user_store is None:
            with self.lock:
                if self.user_store is None:
                    self.user_store = open_store(conf, user=True)
        return self.user_store

    def close(self) -> None:
        with self.lock:
            for store in (self.store, self.user_store):
                if store is not None:
                    store.close()
            self.store = self.user_store = None


def init_state(app: Flask, settings: Settings, store: Store | None = None) -> AppState:
    state = AppState(
        settings=settings,
        store=store,
        user_store=store,  # a store handed in serves user queries too
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


def get_user_store() -> Store:
    return app_state().get_user_store()


def result_cache() -> ResultCache:
    return app_state().cache
