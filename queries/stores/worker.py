"""A query worker process: holds one embedded store and answers calls from ``PooledStore``.

Input:  argv ``FD PARENT_PID``: a connected socket inherited from the web process, and that
        process's pid; then, on the socket, the ``EmbeddedSpec`` and memory limit, followed by
        ``(operation, args, kwargs)`` messages.
Output: on the socket, ``("ok", "ready")`` once the store is open (or a load error naming file
        and line), then one ``("ok", result)`` or ``("err", (error class name, message))`` per
        call. The process ends when the socket closes or the web process dies.

Started as ``python -m queries.stores.worker`` rather than through ``multiprocessing`` so that
it never re-imports the caller's ``__main__`` (a gunicorn or pytest entry point) and is safe
to start from a threaded server.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from multiprocessing.connection import Connection

from ontology.errors import InputFileError, XjftzError
from queries.errors import ERRORS_BY_NAME, StoreError

OPERATIONS = frozenset(
    {"select", "ask", "construct", "query_raw", "named_graphs", "triple_count", "ping"}
)


def _die_with_parent(parent_pid: int) -> None:
    """Have Linux kill this worker when the thread that started it ends (best effort)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(0)


def serve(conn: Connection) -> None:
    """Open the store described by the first message, then answer calls until EOF."""
    spec, memory_limit_mb = conn.recv()
    if memory_limit_mb > 0:
        import resource

        limit = memory_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        store = spec.open()
    except InputFileError as exc:
        conn.send(("load-error", (exc.path, exc.message, exc.line)))
        return
    except Exception as exc:  # report it; never leave the parent waiting for "ready"
        conn.send(("err", ("StoreError", f"cannot open the store: {exc}")))
        return
    conn.send(("ok", "ready"))
    while True:
        try:
            op, args, kwargs = conn.recv()
        except (EOFError, OSError):
            return
        try:
            if op not in OPERATIONS:
                raise StoreError(f"unknown operation {op!r}")
            reply = ("ok", "pong" if op == "ping" else getattr(store, op)(*args, **kwargs))
        except XjftzError as exc:
            name = type(exc).__name__
            reply = ("err", (name if name in ERRORS_BY_NAME else "QueryError", str(exc)))
        except MemoryError:
            reply = ("err", ("QueryAborted", "the query ran out of memory and was stopped"))
        except Exception as exc:
            reply = ("err", ("StoreError", f"{type(exc).__name__}: {exc}"))
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


def main(argv: list[str]) -> int:
    fd, parent_pid = int(argv[0]), int(argv[1])
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C belongs to the web process
    _die_with_parent(parent_pid)
    serve(Connection(fd))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
