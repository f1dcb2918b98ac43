"""A query worker process: one pyoxigraph engine answering ``WorkerPool``'s calls.

Input:  argv ``FD PARENT_PID`` (an inherited socket, the web process's pid); on the socket the
        ``EmbeddedSpec``, memory limit (MB) and niceness, then ``(operation, args, kwargs)``
        calls, an ``engine.Engine`` method with values as pyoxigraph terms.
Output: on the socket ``("ok", "ready")`` once the store is open, then ``("ok", result)`` or
        ``("err", exception)`` per call (pyoxigraph terms pickle). It ends when the socket
        closes. rdflib-free (``tests/test_lean_worker.py`` holds it to that): a worker holding
        the plan graph is ~48 MB; rdflib would add ~18 MB to each.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import resource
import signal
import socket
import sys
from multiprocessing.connection import Connection

from ontology.errors import XjftzError
from queries.errors import StoreError

# The engine's methods a worker answers (``queries.stores.pool.WorkerPool`` calls them by name).
OPERATIONS = frozenset({"answer", "document", "triple_count"})


def serve(conn: Connection) -> None:
    """Open the store the first message describes, then answer calls until the socket closes."""
    spec, memory_limit_mb, nice = conn.recv()
    if nice:
        os.nice(nice)
    if memory_limit_mb > 0:
        limit = memory_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        engine = spec.open()
    except Exception as exc:  # report it; never leave the web process waiting for "ready"
        conn.send(("err", exc if isinstance(exc, XjftzError) else StoreError(str(exc))))
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
            reply = ("ok", getattr(engine, op)(*args, **kwargs))
        except XjftzError as exc:
            reply = ("err", exc)
        except MemoryError:  # the pool words it with the limit
            reply = ("err", MemoryError())
        except Exception as exc:
            reply = ("err", StoreError(f"{type(exc).__name__}: {exc}"))
        conn.send(reply)


def die_with_parent(parent_pid: int) -> None:
    """Have Linux kill this process when the thread that started it ends.

    A runaway query holds the GIL in Rust, so no thread here could notice the web process is
    gone; without this, a web worker killed outright (``kill -9``, the OOM killer) would leave
    its runaway running for minutes (tests/test_bounds_live.py kills one to check).
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(0)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C belongs to the web process
    die_with_parent(int(sys.argv[2]))
    serve(Connection(socket.socket(fileno=int(sys.argv[1])).detach()))
