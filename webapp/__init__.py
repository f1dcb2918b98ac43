"""The Flask application: ``create_app(test_config=None)`` builds one app per call.

Input:  settings (defaults ← ``XJFTZ_*`` environment ← ``test_config``; see ``webapp.config``).
Output: a Flask app with one blueprint per concern, registered from :data:`BLUEPRINTS`.

There is no module-level app: gunicorn (``xjftz serve``) and the tests call the factory. The
store opens on first use, in the serving process (``webapp.state``).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from flask import Flask

from webapp.config import Settings, load_settings
from webapp.state import init_state

# One module per concern, each exposing a Blueprint named `bp`. Add browse, explorer, reader,
# downloads … here; order matters only where URL rules overlap.
BLUEPRINTS: tuple[str, ...] = (
    "webapp.sparql",
    "webapp.api",
    "webapp.ask_api",
    "webapp.site",
    "webapp.browse",
    "webapp.reader",
    "webapp.explorer",
    "webapp.querypage",
    "webapp.lookup",
    "webapp.matrix",
    "webapp.downloads",
    "webapp.ontology_page",
    "webapp.openapi",
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
    init_state(app, settings, store)
    for name in BLUEPRINTS:
        app.register_blueprint(importlib.import_module(name).bp)
    return app
