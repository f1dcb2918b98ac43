"""A query worker process: holds one pyoxigraph engine and answers calls from ``PooledStore``.

Input:  argv ``FD PARENT_PID``: a connected socket inherited from the web process, and that
        process's pid; then, on the socket, the ``EmbeddedSpec`` and memory limit, followed by
        ``(operation, args, kwargs)`` messages whose values bound to queries are plain terms
        (``queries.stores.wire``).
Output: on the socket, ``("ok", "ready")`` once the store is open (or a load error naming file
        and line), then one ``("ok", result)`` or ``("err", (error class name, message))`` per
        call, results in plain Python values: ``select`` → (variable names, rows of plain
        terms), ``ask`` → bool, ``construct`` → (s, p, o) tuples of plain terms, ``query_raw``
        → (body, Content-Type, notice), ``named_graphs`` → plain terms, ``triple_count`` → int.
        The process ends when the socket closes or the web process dies.

Started as ``python -m queries.stores.worker`` rather than through ``multiprocessing`` so that
it never re-imports the caller's ``__main__`` (a gunicorn or pytest entry point) and is safe
to start from a threaded server. It imports the standard library, pyoxigraph and the project's
rdflib-free modules only: each worker is then ~25 MB once it holds the plan graph and ~33 MB
once it has run queries (pyoxigraph's code pages), instead of ~49 MB with rdflib.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Mapping

from ontology.errors import InputFileError, XjftzError
from queries.errors import ERRORS_BY_NAME, StoreError
from queries.stores.channel import Channel
from queries.stores.engine import Engine, OxTerm
from queries.stores.wire import PlainTerm, from_plain, rows_to_plain, to_plain, triples_to_plain


def _substitutions(bindings: Mapping[str, PlainTerm] | None) -> dict[str, OxTerm]:
    return {name: from_plain(term) for name, term in (bindings or {}).items()}


def operations(engine: Engine) -> dict[str, Callable[..., object]]:
    """The calls a worker answers, each returning plain values that pickle without rdflib."""

    def select(query: str, bindings: Mapping[str, PlainTerm] | None = None) -> tuple:
        variables, solutions = engine.solutions(query, _substitutions(bindings))
        return variables, rows_to_plain(solutions)

    def ask(query: str, bindings: Mapping[str, PlainTerm] | None = None) -> bool:
        return engine.boolean(query, _substitutions(bindings))

    def construct(query: str, bindings: Mapping[str, PlainTerm] | None = None) -> list:
        return triples_to_plain(engine.triples(query, _substitutions(bindings)))

    def query_raw(*args: object, bindings: Mapping[str, PlainTerm] | None = None, **kw: object):
        return engine.document(*args, substitutions=_substitutions(bindings), **kw)

    return {
        "select": select,
        "ask": ask,
        "construct": construct,
        "query_raw": query_raw,
        "named_graphs": lambda: [to_plain(g) for g in engine.named_graphs()],
        "triple_count": engine.triple_count,
        "ping": lambda: "pong",
    }


def _die_with_parent(parent_pid: int) -> None:
    """Have Linux kill this worker when the thread that started it ends (best effort)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(0)


def serve(conn: Channel) -> None:
    """Open the store described by the first message, then answer calls until EOF."""
    spec, memory_limit_mb = conn.recv()
    if memory_limit_mb > 0:
        import resource

        limit = memory_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        engine = spec.open()
    except InputFileError as exc:
        conn.send(("load-error", (exc.path, exc.message, exc.line)))
        return
    except Exception as exc:  # report it; never leave the parent waiting for "ready"
        conn.send(("err", ("StoreError", f"cannot open the store: {exc}")))
        return
    calls = operations(engine)
    conn.send(("ok", "ready"))
    while True:
        try:
            op, args, kwargs = conn.recv()
        except (EOFError, OSError):
            return
        try:
            call = calls.get(op)
            if call is None:
                raise StoreError(f"unknown operation {op!r}")
            reply = ("ok", call(*args, **kwargs))
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
    serve(Channel(fd))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
