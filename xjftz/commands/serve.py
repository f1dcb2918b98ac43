"""`xjftz serve`: serve the web app — granian by default, Flask's dev server with ``--dev``.

Input:  ``--host H --port P [--data FILE…] [--workers N] [--threads N] [--timeout S] [--dev]``;
        settings not given as options come from ``XJFTZ_*`` environment variables.
Output: a running server until interrupted. Before anything binds a port the data is loaded
        once, so a missing graph or a malformed ``--data`` file exits 1 with the file and line.

Why granian (issue 18): its front is Rust (hyper on tokio) and reads every request line and
header block on its event loop, with a deadline (``header_timeout``) and a size cap (431 at
once), before a Python thread is involved; a thread is taken only for a complete request head.
gunicorn's threaded workers gave each accepted socket a thread while its headers arrived: 20
sockets sending 8 bytes every 2 s timed out every other request for 25 s, and a 30 MB request
line cost 116 s of CPU. Measured with a trivial WSGI app under granian (1 worker, 8 threads): 50
slow-header sockets dripping 8 bytes every 2 s plus 50 idle ones, 8 clients probing for 10 s:
68,833 requests, 0 errors, p95 2.1 ms; a 30 MB request line → 431 in 0.1 s, no measurable CPU in
the worker, +0.2 MB RSS. The same with this app: tests/test_slow_clients.py.

The request BODY is not buffered by granian: the app is called once the head is in, and
``wsgi.input.read`` blocks its thread while the body arrives (measured: a body sent 4 bytes a
second held the thread 5 s; no timeout). ``webapp.shared.body`` therefore lets at most
``body_readers`` threads (4 of 8) read bodies at once — 503 with Retry-After beyond — and cuts
a trickling body at ``body_timeout`` (408), so bodies can never take the threads that GET
requests need; a body that stops arriving holds its reader until the client goes away. For a
larger deployment put a buffering front server (nginx from Debian) before it: docs/DEPLOY.md.

Each granian worker process builds its own app with ``webapp.create_app`` (``_load_app``, after
the fork) and opens its own query worker processes (``queries.stores.pool``) before the first
request — nothing that holds a process or a socket is created before the fork. A worker that
dies is replaced. Debug mode exists only with ``--dev``.

``register`` has the shape of every subcommand's (add_parser, arguments, set_defaults):
a deliberate parallel, see xjftz/commands/__init__.py.
"""

from __future__ import annotations

import argparse
import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from functools import partial
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


def granian_options(host: str, port: int, overrides: dict[str, Any]) -> dict[str, Any]:
    """The keyword arguments of ``granian.server.Server`` for these settings."""
    from granian.constants import HTTPModes, Interfaces
    from granian.http import HTTP1Settings
    from granian.log import LogLevels

    from webapp.config import load_settings

    settings = load_settings(overrides)
    return {
        "address": host,
        "port": port,
        "interface": Interfaces.WSGI,
        "http": HTTPModes.http1,
        "websockets": False,
        "workers": settings.workers,
        "blocking_threads": settings.threads,
        "http1_settings": HTTP1Settings(
            # A client gets this long to send its request line and headers, then is dropped.
            header_read_timeout=int(settings.header_timeout * 1000),
            # The request line and headers together may not exceed this; hyper answers 431 at
            # once, before Python sees anything. Room for a GET /sparql at its length cap.
            max_buffer_size=header_buffer_bytes(settings.max_query_length),
        ),
        "respawn_failed_workers": True,
        "respawn_interval": 0.5,
        "workers_kill_timeout": 10,
        # Errors only: granian warns at start about more threads than cores, which is meant
        # (most of a request's time is spent waiting for a query worker).
        "log_level": LogLevels.error,
        "log_access": False,
    }


def header_buffer_bytes(max_query_length: int) -> int:
    """Bytes of request line and headers allowed: a percent-encoded query of the longest
    length (at most nine bytes per character), plus 32 KiB for the rest."""
    return max(64 * 1024, max_query_length * 9 + 32 * 1024)


def serve_granian(host: str, port: int, overrides: dict[str, Any]) -> None:
    from granian.server import Server

    Server("webapp:create_app", **granian_options(host, port, overrides)).serve(
        target_loader=partial(_load_app, overrides), wrap_loader=False
    )


def _load_app(overrides: dict[str, Any]) -> Any:
    """In each web worker: build the app and open its store (start the page and named-query
    workers) before the first request arrives; the user-query workers start beside the first
    requests, on a thread. Waiting for all of them (2 web workers x 5 query workers, each
    loading the graph, on 2 cores) put the first answer 3.3-4.3 s after the spawn (load 5)."""
    from webapp import create_app
    from webapp.state import EXTENSION

    app = create_app(overrides)
    state = app.extensions[EXTENSION]
    _open(state.get_store)
    # A /sparql request that comes first waits on the state's lock until the lane is open.
    threading.Thread(target=_open, args=(state.get_user_store,), daemon=True).start()
    return app


def _open(opener: Callable[[], object]) -> None:
    try:
        opener()
    except Exception:  # the first request that needs the store reports it properly
        log.exception("could not open the store")


def run(args: argparse.Namespace) -> int:
    overrides = _overrides(args)
    _check_data(overrides)
    if args.dev:
        from webapp import create_app

        app = create_app(overrides)
        app.run(host=args.host, port=args.port, debug=True, use_reloader=False, threaded=True)
        return 0
    serve_granian(args.host, args.port, overrides)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "serve",
        help="serve the web app and the SPARQL endpoint",
        description="Serve the site, /sparql and /api with granian (Flask's development "
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
    p.add_argument("--workers", type=positive_int, help="web worker processes (default: 2)")
    p.add_argument(
        "--threads", type=positive_int, help="request threads per web worker (default: 8)"
    )
    p.add_argument("--timeout", type=seconds, help="per-query time limit in seconds (default: 10)")
    p.add_argument(
        "--dev", action="store_true", help="Flask's development server with the debugger"
    )
    p.set_defaults(func=run)
