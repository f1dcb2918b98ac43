"""Bounded query execution: the embedded engine in a fixed set of worker processes.

Input:  an :class:`EmbeddedSpec` (what every worker opens), the number of workers, the
        per-query timeout, the memory limit per worker, the wait for an idle worker.
Output: a :class:`WorkerPool` answering ``engine.Engine``'s calls. A call takes an idle worker
        (or, after the wait, ``StoreBusy``: 503 with Retry-After), sends the query and polls
        for the answer until the deadline; past it the worker is killed and replaced, and the
        call gets ``QueryTimeout`` (503).

Why processes: pyoxigraph's ``query()`` has no timeout and cannot be cancelled; only killing
the process gives its CPU and memory back. Why not ``pebble``: its ProcessPool starts workers
with ``multiprocessing``, which re-imports the caller's ``__main__`` (a web server, pytest) in
each and forks from a threaded server, and it queues calls without bound. Here a worker is
``python -m queries.stores.worker`` on a socket pair, spoken to with
``multiprocessing.connection.Connection`` and waited for with its ``poll(timeout)``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import signal
import socket
import subprocess
import sys
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path

from queries.errors import QueryAborted, QueryTimeout, StoreBusy, StoreError
from queries.stores.engine import Answer, EmbeddedSpec, Substitutions

log = logging.getLogger(__name__)
STARTUP_TIMEOUT = 120.0  # seconds a worker may take to open its store (large data)
WORKER_MODULE = "queries.stores.worker"
# How a worker over its address-space cap ends: Rust aborts when an allocation fails (SIGABRT);
# the kernel's OOM killer sends SIGKILL.
MEMORY_DEATHS = (-signal.SIGABRT, -signal.SIGKILL)
MEMORY_MESSAGE = "query needs more memory than this server allows ({} MB per query); it was stopped"
PROJECT_ROOT = str(Path(__file__).resolve().parents[2])


class _Worker:
    """One worker process and the connection to it."""

    def __init__(self, spec: EmbeddedSpec, memory_limit_mb: int, nice: int = 0) -> None:
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
            )
        self.conn = Connection(ours.detach())
        self.conn.send((spec, memory_limit_mb, nice))

    def wait_ready(self) -> None:
        """Return once the worker has opened its store; raise what it met otherwise."""
        try:
            if not self.conn.poll(STARTUP_TIMEOUT):
                raise StoreError(f"query worker did not start within {STARTUP_TIMEOUT:g} s")
            status, payload = self.conn.recv()
        except (EOFError, OSError) as exc:
            self.kill()
            raise StoreError("query worker died while opening the store") from exc
        if status != "ok":
            self.kill()
            raise payload

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        self.conn.close()


def _kill_all(workers: set[_Worker], starter: ThreadPoolExecutor) -> None:
    for worker in list(workers):
        worker.kill()
    workers.clear()
    starter.shutdown(wait=False, cancel_futures=True)


class WorkerPool:
    """``processes`` worker processes, each with the engine ``spec`` opens; a deadline per call."""

    def __init__(
        self,
        spec: EmbeddedSpec,
        processes: int = 2,
        timeout: float = 10.0,
        memory_limit_mb: int = 0,
        *,
        nice: int = 0,
        wait: float | None = None,
    ) -> None:
        """``nice``: the workers' CPU priority (10 for user queries, below the pages');
        ``wait``: seconds a call waits for an idle worker before ``StoreBusy`` (default: twice the
        timeout)."""
        if processes < 1:
            raise ValueError("a pool needs at least one worker process")
        self.spec = spec
        self.processes = processes
        self.timeout = float(timeout)
        self.memory_limit_mb = memory_limit_mb
        self.nice = nice
        # By default a call waits as long as a busy worker can take: it is free by its deadline
        # at the latest, or killed and replaced then; so a call queued behind runaways waits that
        # long and the replacement's start-up, no more. (Waiting one timeout only,
        # tests/test_under_load.py saw 14 of 3,268 light queries refused while runaways held
        # every worker of a web worker.) The user lane waits briefly instead (admission).
        self.wait = 2 * self.timeout if wait is None else float(wait)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()  # every live worker, for close()
        self._closed = False
        # Every worker is started from this one long-lived thread: a worker asks Linux to kill it
        # when the thread that started it ends (``queries.stores.worker``), so that a web worker
        # killed outright takes its query workers, runaways included, along.
        self._starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xjftz-pool")
        self._finalizer = weakref.finalize(self, _kill_all, self._workers, self._starter)
        try:
            started = [self._starter.submit(self._start).result() for _ in range(processes)]
            for worker in started:
                worker.wait_ready()
                self._idle.put(worker)
        except BaseException:
            self.close()
            raise

    def _start(self) -> _Worker:
        worker = _Worker(self.spec, self.memory_limit_mb, self.nice)
        self._workers.add(worker)
        return worker

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and, on the starter thread, put a fresh one in its place."""
        worker.kill()
        self._workers.discard(worker)
        if not self._closed:
            self._starter.submit(self._refill)

    def _refill(self) -> None:
        fresh = self._start()
        try:
            fresh.wait_ready()
        except Exception:
            self._workers.discard(fresh)
            log.exception("could not start a query worker")
            return
        if self._closed:
            fresh.kill()
        else:
            self._idle.put(fresh)

    def _call(self, op: str, *args: object, **kwargs: object) -> object:
        if self._closed:
            raise StoreError("the store is closed")
        try:
            worker = self._idle.get(timeout=self.wait)
        except queue.Empty:
            raise StoreBusy(
                f"all {self.processes} query workers stayed busy for {self.wait:g} s; "
                "try again later"
            ) from None
        deadline = time.monotonic() + self.timeout
        try:
            worker.conn.send((op, args, kwargs))
            if not worker.conn.poll(max(deadline - time.monotonic(), 0.0)):
                self._replace(worker)
                raise QueryTimeout(
                    f"query stopped: it ran past the time limit of {self.timeout:g} s"
                )
            status, payload = worker.conn.recv()
        except (EOFError, OSError) as exc:
            self._replace(worker)
            if worker.process.returncode in MEMORY_DEATHS and self.memory_limit_mb:
                raise QueryAborted(MEMORY_MESSAGE.format(self.memory_limit_mb)) from exc
            raise QueryAborted("the query worker stopped and was replaced") from exc
        self._idle.put(worker)
        if status != "ok":
            if isinstance(payload, MemoryError):
                raise QueryAborted(MEMORY_MESSAGE.format(self.memory_limit_mb))
            raise payload
        return payload

    # The engine's calls (``queries.stores.engine.Engine``), each run in a worker ---------------

    def answer(self, query: str, substitutions: Substitutions = None, limit=None) -> Answer:
        return self._call("answer", query, substitutions, limit)

    def document(self, *args: object, **kwargs: object) -> tuple[bytes, str, str | None]:
        return self._call("document", *args, **kwargs)

    def triple_count(self) -> int:
        return self._call("triple_count")

    def worker_pids(self) -> set[int]:
        """The process ids of the workers running now (fewer while one is being replaced)."""
        return {w.process.pid for w in list(self._workers) if w.process.poll() is None}

    def live_workers(self) -> int:
        return len(self.worker_pids())

    def idle_workers(self) -> int:
        """Workers waiting for a call (a busy one is running a query)."""
        return self._idle.qsize()

    def close(self) -> None:
        self._closed = True
        self._finalizer()
