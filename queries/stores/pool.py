"""Bounded query execution: the embedded store run in worker processes with a deadline.

Input:  an :class:`EmbeddedSpec` (which files or database every worker opens), the number of
        worker processes and the per-query timeout.
Output: a :class:`PooledStore` implementing ``queries.stores.base.Store``; every call runs in an
        idle worker, and one that passes its deadline is killed, replaced, and answered with
        ``QueryTimeout`` (the endpoint's 503).

Why processes: pyoxigraph evaluates a query in Rust without a cancellation hook, so a thread
cannot stop it; only killing the process that runs it gives the CPU and memory back. Workers
are fresh interpreters (``queries/stores/worker.py``) that open the store themselves, so they
are safe to start from a threaded server (gunicorn's gthread workers) and share no locks with
it; for the plan graph the load takes a fraction of a second, and large data can be an
on-disk database opened read-only. With several workers a runaway query holds one of them
while the others keep answering; when every worker stays busy (several runaways at once) a
call starts one more, up to ``burst`` more than configured (as many again by default; the web
app's ``XJFTZ_QUERY_PROCESSES_MAX`` caps the total), rather than wait for a busy one to pass
its deadline, and such extra workers end once idle for ``linger`` seconds, so the pool and its
memory return to the configured size. A call waits ``grow_after`` seconds before it starts
one: a light query frees its worker within milliseconds, so under ordinary load — every
worker busy with light queries — calls wait their turn and the pool keeps its size.

Workers run pyoxigraph without rdflib (``queries.stores.worker``), so values and results cross
the socket as plain tuples (``queries.stores.wire``), made into rdflib terms here: bindings are
checked here before they are sent; ``select``/``construct`` rows come back as plain terms;
``query_raw`` comes back as the finished document (serialised in the worker, so the web
process only relays bytes). Plain tuples were chosen over SPARQL JSON results measured side
by side: pickling them costs the worker less than writing JSON and the web process less than
parsing it, and both sides then make the same terms.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import socket
import subprocess
import sys
import threading
import time
import weakref
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path

from rdflib import BNode, Graph, URIRef

from ontology.errors import InputFileError
from queries.binding import checked_bindings
from queries.errors import (
    ERRORS_BY_NAME,
    QueryAborted,
    QueryTimeout,
    StoreBusy,
    StoreError,
)
from queries.stores.base import Bindings, RawResult, SelectResult, Store
from queries.stores.engine import EmbeddedSpec
from queries.stores.wire import PlainTerm
from queries.terms import as_plain, from_plain, rows_from_plain

log = logging.getLogger(__name__)
STARTUP_TIMEOUT = 120.0
# How long a call waits for a busy worker before it starts one more: light queries on the plan
# graph take milliseconds, even queued behind each other; runaways take seconds.
GROW_AFTER = 0.2
WORKER_MODULE = "queries.stores.worker"
PROJECT_ROOT = str(Path(__file__).resolve().parents[2])


__all__ = ["EmbeddedSpec", "PooledStore", "plain_bindings", "spec_for"]


def plain_bindings(bindings: Bindings | None) -> dict[str, PlainTerm]:
    """The bindings checked here (``QueryError`` if one cannot be bound), as plain terms."""
    return {name: as_plain(term) for name, term in checked_bindings(bindings).items()}


class _Worker:
    """One worker process and the socket to it."""

    def __init__(self, spec: EmbeddedSpec, memory_limit_mb: int) -> None:
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [PROJECT_ROOT, env.get("PYTHONPATH")]))
        with theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-m", WORKER_MODULE, str(theirs.fileno()), str(os.getpid())],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                env=env,
                close_fds=True,
            )
        self.conn = Connection(ours.detach())
        self.conn.send((spec, memory_limit_mb))
        self.last_used = time.monotonic()

    def wait_ready(self, timeout: float) -> None:
        if not self.conn.poll(timeout):
            self.kill()
            raise StoreError(f"query worker did not start within {timeout:g} s")
        try:
            status, payload = self.conn.recv()
        except EOFError as exc:
            self.kill()
            raise StoreError("query worker died while opening the store") from exc
        if status == "load-error":
            self.kill()
            raise InputFileError(*payload)
        if status != "ok":
            self.kill()
            raise ERRORS_BY_NAME.get(payload[0], StoreError)(payload[1])

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.wait(5)
        with contextlib.suppress(Exception):
            self.conn.close()


def _shutdown(workers: set[_Worker], spawner: ThreadPoolExecutor) -> None:
    for worker in list(workers):
        worker.kill()
    workers.clear()
    spawner.shutdown(wait=False, cancel_futures=True)


class PooledStore(Store):
    """The embedded store, run in ``processes`` worker processes with a per-call deadline."""

    def __init__(
        self,
        spec: EmbeddedSpec,
        processes: int = 2,
        timeout: float = 10.0,
        *,
        memory_limit_mb: int = 0,
        burst: int | None = None,
        linger: float = 5.0,
        grow_after: float = GROW_AFTER,
    ) -> None:
        if processes < 1:
            raise ValueError("a pool needs at least one worker process")
        self.spec = spec
        self.processes = processes
        self.max_processes = processes + (processes if burst is None else max(burst, 0))
        self.linger = linger
        self.grow_after = grow_after
        self.timeout = float(timeout)
        self.memory_limit_mb = memory_limit_mb
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._count = processes  # workers running or starting
        self._trimmer: threading.Thread | None = None
        self._closed = False
        # Every worker is started from this one long-lived thread: Linux's parent-death signal
        # follows the starting thread, so workers die with the pool, not with a request thread.
        self._spawner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xjftz-pool")
        self._finalizer = weakref.finalize(self, _shutdown, self._workers, self._spawner)
        try:
            futures = [self._spawner.submit(self._spawn) for _ in range(processes)]
            started = [f.result() for f in futures]
            for worker in started:
                worker.wait_ready(STARTUP_TIMEOUT)
                self._idle.put(worker)
        except BaseException:
            self.close()
            raise

    def _spawn(self) -> _Worker:
        worker = _Worker(self.spec, self.memory_limit_mb)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        """Kill ``worker``; start a replacement unless the pool is above its configured size."""
        worker.kill()
        with self._lock:
            self._workers.discard(worker)
            replace = not self._closed and self._count <= self.processes
            if not replace:
                self._count -= 1
        if replace:
            threading.Thread(target=self._start_one, name="xjftz-pool-start", daemon=True).start()

    def _start_one(self) -> None:
        """Start a worker (already counted in ``_count``) and make it idle once ready."""
        try:
            worker = self._spawner.submit(self._spawn).result()
            worker.wait_ready(STARTUP_TIMEOUT)
        except Exception:
            with self._lock:
                self._count -= 1
            if not self._closed:
                log.exception("could not start a query worker")
            return
        if self._closed:
            worker.kill()
        else:
            self._idle.put(worker)

    def _grow(self) -> None:
        """Every worker is busy: start one more, up to ``max_processes``."""
        with self._lock:
            if self._closed or self._count >= self.max_processes:
                return
            self._count += 1
            if self._trimmer is None:
                self._trimmer = threading.Thread(
                    target=self._trim, name="xjftz-pool-trim", daemon=True
                )
                self._trimmer.start()
        threading.Thread(target=self._start_one, name="xjftz-pool-start", daemon=True).start()

    def _trim(self) -> None:
        """End the workers above the configured number once idle for ``linger`` seconds."""
        while not self._closed:
            time.sleep(min(1.0, self.linger / 2))
            with self._lock:
                excess = self._count - self.processes
                if excess <= 0:
                    self._trimmer = None
                    return
            keep, now = [], time.monotonic()
            while True:
                try:
                    worker = self._idle.get_nowait()
                except queue.Empty:
                    break
                if excess > 0 and now - worker.last_used >= self.linger:
                    worker.kill()
                    with self._lock:
                        self._workers.discard(worker)
                        self._count -= 1
                    excess -= 1
                else:
                    keep.append(worker)
            for worker in keep:
                self._idle.put(worker)

    def _acquire(self, deadline: float) -> _Worker:
        """An idle worker — at once, freed soon, or one started for this call — or ``StoreBusy``."""
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        try:
            return self._idle.get(timeout=max(min(self.grow_after, deadline - time.monotonic()), 0))
        except queue.Empty:
            self._grow()
        try:
            return self._idle.get(timeout=max(deadline - time.monotonic(), 0.0))
        except queue.Empty:
            raise StoreBusy(
                f"all {self._count} query workers stayed busy for {self.timeout:g} s; "
                "try again later"
            ) from None

    def _call(self, op: str, *args: object, **kwargs: object) -> object:
        if self._closed:
            raise StoreError("the store is closed")
        deadline = time.monotonic() + self.timeout
        worker = self._acquire(deadline)
        healthy = False
        try:
            worker.conn.send((op, args, kwargs))
            if not worker.conn.poll(max(deadline - time.monotonic(), 0.0)):
                raise QueryTimeout(
                    f"query stopped: it ran past the time limit of {self.timeout:g} s"
                )
            status, payload = worker.conn.recv()
            healthy = True
        except (EOFError, OSError, BrokenPipeError) as exc:
            raise QueryAborted("the query worker stopped (memory limit?) and was replaced") from exc
        finally:
            if healthy:
                worker.last_used = time.monotonic()
                self._idle.put(worker)
            else:
                self._retire(worker)
        if status == "ok":
            return payload
        name, message = payload
        raise ERRORS_BY_NAME.get(name, StoreError)(message)

    # Store interface --------------------------------------------------------------------------

    def select(self, query: str, bindings: Bindings | None = None) -> SelectResult:
        variables, rows = self._call("select", query, plain_bindings(bindings))
        return SelectResult(variables, rows_from_plain(rows))

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        return self._call("ask", query, plain_bindings(bindings))

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        graph = Graph()
        for triple in rows_from_plain(self._call("construct", query, plain_bindings(bindings))):
            graph.add(triple)
        return graph

    def query_raw(
        self,
        query: str,
        result_format: str,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
        *,
        bindings: Bindings | None = None,
        max_rows: int | None = None,
        max_bytes: int | None = None,
    ) -> RawResult:
        return RawResult(
            *self._call(
                "query_raw",
                query,
                result_format,
                tuple(default_graph_uris),
                tuple(named_graph_uris),
                bindings=plain_bindings(bindings),
                max_rows=max_rows,
                max_bytes=max_bytes,
            )
        )

    def named_graphs(self) -> list[URIRef | BNode]:
        return sorted((from_plain(g) for g in self._call("named_graphs")), key=str)

    def triple_count(self) -> int:
        return self._call("triple_count")

    def ping(self) -> bool:
        return self._call("ping") == "pong"

    def live_workers(self) -> int:
        with self._lock:
            return sum(1 for w in self._workers if w.alive())

    def idle_workers(self) -> int:
        return self._idle.qsize()

    def close(self) -> None:
        self._closed = True
        self._finalizer()


def spec_for(
    files: Sequence[str | Path] = (), database: str | None = None, **kw: object
) -> EmbeddedSpec:
    """An :class:`EmbeddedSpec` from file paths (made absolute, since workers may chdir)."""
    return EmbeddedSpec(tuple(str(Path(f).resolve()) for f in files), database, **kw)
