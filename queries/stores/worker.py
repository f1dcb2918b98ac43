"""The query workers' fork server: one pyoxigraph engine, and the worker processes it forks.

Input:  argv ``FD PARENT_PID`` (an inherited socket, the web process's pid); on the socket the
        ``EmbeddedSpec``, then requests: ``("fork", memory_limit_mb, nice)`` followed by one
        file descriptor (``multiprocessing.reduction.send_handle``), the socket of the worker
        to fork; ``("exit_code", pid)`` for a worker that was killed or died.
Output: on the socket ``("ok", "ready")`` once the store is open, then ``("ok", pid)`` per fork
        (``("err", exception)`` if it cannot fork) and ``("ok", code)`` per exit code (negative:
        the signal that ended it; None: unknown).
        Each forked worker answers ``WorkerPool``'s calls on its own socket — ``(operation,
        args, kwargs)``, an ``engine.Engine`` method with values as pyoxigraph terms — with
        ``("ok", "ready")`` first, then ``("ok", result)`` or ``("err", exception)`` per call
        (pyoxigraph terms pickle), until that socket closes. The server ends when its own does.

Why fork: every worker used to be an interpreter of its own that loaded the graph (48–53 MB
resident each, five per web worker). Forked from the one process that loaded it, the workers
share the interpreter, pyoxigraph and the graph copy-on-write, and each adds what its queries
write: a web worker with its query processes took 314–345 MB of peak RSS added up, and takes at
most 190.5 MB of Pss (each shared page counted once) during ``make bench``'s load
(bench/README.md). A killed worker is replaced by a fork in milliseconds instead of a new
interpreter loading the graph. The server is
single-threaded and does nothing but fork and reap, so no lock is held when it forks.

rdflib-free (``tests/test_lean_worker.py`` holds it to that): rdflib would add ~18 MB.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import resource
import signal
import socket
import sys
from multiprocessing.connection import Connection
from multiprocessing.reduction import recv_handle

from ontology.errors import XjftzError
from queries.errors import StoreError
from queries.stores.engine import Engine

# The engine's methods a worker answers (``queries.stores.pool.WorkerPool`` calls them by name).
OPERATIONS = frozenset({"answer", "document", "triple_count"})


def serve(control: Connection) -> None:
    """Open the store the first message describes, then fork workers until the socket closes."""
    spec = control.recv()
    try:
        engine = spec.open()
    except Exception as exc:  # report it; never leave the web process waiting for "ready"
        control.send(("err", exc if isinstance(exc, XjftzError) else StoreError(str(exc))))
        return
    # Objects made so far are never collected: the collector would otherwise write to each of
    # them in every worker, and the pages shared with this process would be copied.
    gc.freeze()
    control.send(("ok", "ready"))
    ended: dict[int, int] = {}  # pid → exit code of workers reaped before anyone asked
    while True:
        try:
            request = control.recv()
        except (EOFError, OSError):
            return
        _reap(ended)
        if request[0] == "fork":
            _, memory_limit_mb, nice = request
            fd = recv_handle(control)
            server = os.getpid()
            try:
                pid = os.fork()
            except OSError as exc:  # e.g. no memory left for another process
                os.close(fd)
                control.send(("err", StoreError(f"cannot start a query worker: {exc}")))
                continue
            if pid == 0:  # the worker: it never returns to this loop
                control.close()
                _work(Connection(fd), engine, server, memory_limit_mb, nice)
            os.close(fd)
            control.send(("ok", pid))
        else:  # ("exit_code", pid): the pool has killed it, or seen it die
            control.send(("ok", _exit_code(request[1], ended)))


def _reap(ended: dict[int, int]) -> None:
    """Collect every worker that has ended (no zombies), keeping their exit codes."""
    with contextlib.suppress(ChildProcessError):
        while (found := os.waitpid(-1, os.WNOHANG))[0]:
            ended[found[0]] = os.waitstatus_to_exitcode(found[1])


def _exit_code(pid: int, ended: dict[int, int]) -> int | None:
    if pid in ended:
        return ended.pop(pid)
    try:
        return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    except ChildProcessError:  # not a worker of this server
        return None


def _work(conn: Connection, engine: Engine, server: int, memory_limit_mb: int, nice: int) -> None:
    """Answer calls on ``conn`` until it closes, then end this process."""
    code = 0
    try:
        die_with_parent(server)
        if nice:
            os.nice(nice)
        if memory_limit_mb > 0:
            limit = memory_limit_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        conn.send(("ok", "ready"))
        answer_calls(conn, engine)
    except BaseException:
        code = 1
    finally:
        os._exit(code)  # never back into the fork server's loop


def answer_calls(conn: Connection, engine: Engine) -> None:
    """Answer ``(operation, args, kwargs)`` calls on ``conn`` until it closes."""
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
    its runaway running for minutes (tests/test_bounds_live.py kills one to check). The fork
    server dies with the web worker's starter thread, each worker with the fork server.
    """
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(0)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C belongs to the web process
    die_with_parent(int(sys.argv[2]))
    serve(Connection(socket.socket(fileno=int(sys.argv[1])).detach()))
