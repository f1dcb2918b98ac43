"""`xjftz serve`: serve the web app — gunicorn by default, Flask's dev server with ``--dev``.

Input:  ``--host H --port P [--data FILE…] [--workers N] [--threads N] [--timeout S] [--dev]``;
        settings not given as options come from ``XJFTZ_*`` environment variables.
Output: a running server until interrupted. Before anything binds a port the data is loaded
        once, so a missing graph or a malformed ``--data`` file exits 1 with the file and line.

gunicorn runs programmatically (``gunicorn.app.base.BaseApplication``) with threaded workers;
each worker builds its own app with ``webapp.create_app`` after the fork and opens its own
query worker processes (``queries.stores.pool``) — nothing that holds a process or a socket is
created before the fork. Debug mode exists only with ``--dev``.
"""

from __future__ import annotations

import argparse
import logging
from dataclasses import replace
from typing import Any

from queries.stores.factory import open_store
from xjftz.argtypes import port, positive_int, seconds

# The web app (Flask, Jinja) is imported by the functions that serve it, not with the CLI:
# every other subcommand would pay for it at start-up.

log = logging.getLogger("xjftz.serve")


def _overrides(args: argparse.Namespace) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    if args.data:
        overrides["DATA"] = tuple(args.data)
    if args.workers is not None:
        overrides["WORKERS"] = args.workers
    if args.threads is not None:
        overrides["THREADS"] = args.threads
    if args.timeout is not None:
        overrides["QUERY_TIMEOUT"] = args.timeout
    # Debug mode only with --dev: XJFTZ_DEV in the environment must not turn it on (issue 9).
    overrides["DEV"] = bool(args.dev)
    return overrides


def _check_data(overrides: dict[str, Any]) -> None:
    """Load the data once in this process, so bad input fails before the server starts."""
    from webapp.config import load_settings

    settings = load_settings(overrides)
    if settings.store == "remote":
        store = open_store(settings)  # checks the endpoint answers before any port is bound
        count = store.triple_count()
        log.info("serving %d triples from %s (graph %s)", count, settings.endpoint, settings.graph)
        if count == 0:
            log.warning("the remote graph is empty: push the graph first (xjftz push)")
        return
    if settings.store != "embedded":
        return
    store = open_store(replace(settings, query_processes=0))
    log.info("serving %d triples", store.triple_count())
    store.close()


def gunicorn_options(host: str, port: int, overrides: dict[str, Any]) -> dict[str, Any]:
    from webapp.config import load_settings

    settings = load_settings(overrides)
    return {
        "bind": f"{host}:{port}",
        "workers": settings.workers,
        "worker_class": "gthread",
        "threads": settings.threads,
        # A query may legitimately take up to the query timeout; gunicorn must not kill the
        # worker first. The query itself is stopped by the pool.
        "timeout": max(30, int(settings.query_timeout * 3)),
        "graceful_timeout": 10,
        "keepalive": 5,
        # Our own caps answer 414/413 with a message; gunicorn's 4 KiB line limit would cut
        # ordinary GET queries first.
        "limit_request_line": 0,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "xjftz",
    }


def serve_gunicorn(host: str, port: int, overrides: dict[str, Any]) -> None:
    from gunicorn.app.base import BaseApplication

    from webapp import create_app

    class XjftzApplication(BaseApplication):
        def load_config(self) -> None:
            for key, value in gunicorn_options(host, port, overrides).items():
                if key in self.cfg.settings and value is not None:
                    self.cfg.set(key, value)
            self.cfg.set("post_worker_init", _warm_up)

        def load(self):
            return create_app(overrides)

    XjftzApplication().run()


def _warm_up(worker: Any) -> None:
    """Open the store (start the query workers) before the first request arrives."""
    from webapp.state import EXTENSION

    try:
        worker.wsgi.extensions[EXTENSION].get_store()
    except Exception:  # the first request reports it properly
        log.exception("could not open the store")


def run(args: argparse.Namespace) -> int:
    overrides = _overrides(args)
    _check_data(overrides)
    if args.dev:
        from webapp import create_app

        app = create_app(overrides)
        app.run(host=args.host, port=args.port, debug=True, use_reloader=False, threaded=True)
        return 0
    serve_gunicorn(args.host, args.port, overrides)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "serve",
        help="serve the web app and the SPARQL endpoint",
        description="Serve the site, /sparql and /api with gunicorn (Flask's development "
        "server with --dev). Settings not given here come from XJFTZ_* environment variables.",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    p.add_argument("--port", type=port, default=5000, help="port to bind (default: %(default)s)")
    p.add_argument(
        "--data",
        nargs="+",
        metavar="FILE",
        help="serve exactly these RDF files (Turtle, TriG, N-Triples, N-Quads, RDF/XML; "
        "named graphs kept) instead of the plan graph",
    )
    p.add_argument("--workers", type=positive_int, help="gunicorn worker processes (default: 2)")
    p.add_argument("--threads", type=positive_int, help="threads per gunicorn worker (default: 8)")
    p.add_argument("--timeout", type=seconds, help="per-query time limit in seconds (default: 10)")
    p.add_argument(
        "--dev", action="store_true", help="Flask's development server with the debugger"
    )
    p.set_defaults(func=run)
