"""The Flask application: ``create_app(test_config=None)`` builds one app per call.

Input:  settings (defaults ← ``XJFTZ_*`` environment ← ``test_config``; see ``webapp.config``).
Output: a Flask app with one blueprint per page family, registered from :data:`BLUEPRINTS`;
        the layout and a request's way through it are in docs/DESIGN.md.

There is no module-level app: granian (``xjftz serve``) and the tests call the factory. The
store opens on first use, in the serving process (``webapp.state``).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from flask import Flask

from webapp.config import Settings, load_settings
from webapp.shared.body import BodyGate
from webapp.shared.light import LightLane
from webapp.state import init_state

# One blueprint per family, each module or package exposing it as `bp`: the site-wide hooks,
# the machine-facing routes (webapp/api/), then the HTML pages (webapp/pages/<family>/).
# Order matters only where URL rules overlap.
BLUEPRINTS: tuple[str, ...] = (
    "webapp.shared.site",
    "webapp.api.sparql",
    "webapp.api.queries",
    "webapp.api.lookup",
    "webapp.api.ask",
    "webapp.api.openapi",
    "webapp.pages.home",
    "webapp.pages.lists",  # before entity: /id/… ending in / is a list
    "webapp.pages.entity",
    "webapp.pages.plan",
    "webapp.pages.measures",
    "webapp.pages.query",
    "webapp.pages.ask",
    "webapp.pages.downloads",
    "webapp.pages.ontology",
    "webapp.pages.map",
    "webapp.pages.changes",
)


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """A configured app. ``test_config`` overrides settings; ``STORE_INSTANCE`` injects a store."""
    test_config = dict(test_config or {})
    store = test_config.pop("STORE_INSTANCE", None)
    settings: Settings = load_settings(test_config)
    app = Flask(__name__)
    app.config.update(
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        DEBUG=settings.dev,
        TESTING=bool(test_config.get("TESTING", False)),
        XJFTZ_SETTINGS=settings,
    )
    app.json.ensure_ascii = False
    app.json.sort_keys = False
    state = init_state(app, settings, store)
    for name in BLUEPRINTS:
        app.register_blueprint(importlib.import_module(name).bp)
    if LightLane.wanted(state):  # /sparql's proven-cheap queries, before Flask (issue 18)
        app.wsgi_app = state.light = LightLane(app.wsgi_app, state)
    app.wsgi_app = BodyGate(
        app.wsgi_app, settings.body_timeout, settings.body_readers, settings.max_body_bytes
    )
    return app
