"""Admission of user queries: a per-client cap on concurrent /sparql queries.

Input:  the request's client address (``request.remote_addr``) and ``SPARQL_PER_CLIENT``.
Output: :func:`client_slot`, a context manager held while a user query runs; the client's
        next query beyond the cap waits briefly (``ADMISSION_WAIT``) for one of its own to end,
        then raises ``TooManyQueries`` (429 with Retry-After).

The cap is per web worker process (the counts live in its memory), as the worker sets are: a
client can run at most ``workers × SPARQL_PER_CLIENT`` user queries at once, so one client
re-sending runaways holds at most that many of the user lane's workers and others keep theirs.
The user lane itself answers 503 when no worker frees up within ``ADMISSION_WAIT``
(``queries.stores.pool``); pages and named queries have their own workers. Behind a proxy every
client has the proxy's address: docs/DEPLOY.md says how to pass the client's on.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from flask import request

from queries.errors import TooManyQueries
from webapp.state import settings

_freed = threading.Condition()  # notified whenever a client's query ends
_running: Counter[str] = Counter()  # client address → user queries running now


@contextmanager
def client_slot() -> Iterator[None]:
    """Count one user query of this request's client while it runs; one over the cap waits
    ``ADMISSION_WAIT`` for one of the client's own to finish, then is refused."""
    client = request.remote_addr or "-"
    conf = settings()
    with _freed:
        if not _freed.wait_for(
            lambda: _running[client] < conf.sparql_per_client, conf.admission_wait
        ):
            raise TooManyQueries(
                f"this client already runs {conf.sparql_per_client} queries at once here; "
                "wait for one to finish and try again"
            )
        _running[client] += 1
    try:
        yield
    finally:
        with _freed:
            _running[client] -= 1
            if _running[client] <= 0:
                del _running[client]
            _freed.notify_all()
