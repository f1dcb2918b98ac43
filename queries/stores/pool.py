"""Bounded query execution: the embedded engine in a fixed set of worker processes.

Input:  an :class:`EmbeddedSpec` (what the workers hold), the number of workers, the
        per-query timeout, the memory limit per worker, the wait for an idle worker.
Output: a :class:`WorkerPool` answering ``engine.Engine``'s calls. A call takes an idle worker
        (or, after the wait, ``StoreBusy``: 503 with Retry-After), sends the query and polls
        for the answer until the deadline; past it the worker is killed and replaced, and the
        call gets ``QueryTimeout`` (503).

Why processes: pyoxigraph's ``query()`` has no timeout and cannot be cancelled; only killing
the process gives its CPU and memory back. The workers are forked by a fork server
(``python -m queries.stores.worker`` on a socket pair, see there) that loaded the graph once,
so they share it; each worker is spoken to on a socket of its own with
``multiprocessing.connection.Connection`` and waited for with its ``poll(timeout)``. Why not
``pebble``: its ProcessPool starts workers with ``multiprocessing``, which re-imports the
caller's ``__main__`` (a web server, pytest) in each and forks from a threaded server, and it
queues calls without bound.
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
import threading
import time
import weakref
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from multiprocessing.reduction import send_handle
from pathlib import Path

from queries.errors import QueryAborted, QueryTimeout, StoreBusy, StoreError
from queries.stores.engine import Answer, EmbeddedSpec, Substitutions

log = logging.getLogger(__name__)
STARTUP_TIMEOUT = 120.0  # seconds the fork server may take to open its store (large data)
WORKER_MODULE = "queries.stores.worker"
# How a worker over its address-space cap ends: Rust aborts when an allocation fails (SIGABRT);
# the kernel's OOM killer sends SIGKILL.
MEMORY_DEATHS = (-signal.SIGABRT, -signal.SIGKILL)
MEMORY_MESSAGE = "query needs more memory than this server allows ({} MB per query); it was stopped"
PROJECT_ROOT = str(Path(__file__).resolve().parents[2])


def _ready(conn: Connection, timeout: float, what: str) -> None:
    """Return once ``conn`` says "ready"; raise what the other end met otherwise."""
    try:
        if not conn.poll(timeout):
            raise StoreError(f"{what} did not start within {timeout:g} s")
        status, payload = conn.recv()
    except (EOFError, OSError) as exc:
        raise StoreError(f"{what} died while opening the store") from exc
    if status != "ok":
        raise payload


class _Worker:
    """One forked worker process and the connection to it."""

    def __init__(self, pid: int, conn: Connection) -> None:
        self.pid = pid
        self.conn = conn

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            os.kill(self.pid, signal.SIGKILL)
        self.conn.close()


class _ForkServer:
    """The process that holds the engine and forks the workers (``queries.stores.worker``)."""

    def __init__(self, spec: EmbeddedSpec) -> None:
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
        self.lock = threading.Lock()  # one request at a time on the connection
        self.conn.send(spec)
        try:
            _ready(self.conn, STARTUP_TIMEOUT, "the query fork server")
        except BaseException:
            self.kill()
            raise

    def fork(self, memory_limit_mb: int, nice: int) -> _Worker:
        """A new worker, ready for calls."""
        ours, theirs = socket.socketpair()
        with theirs, self.lock:
            self.conn.send(("fork", memory_limit_mb, nice))
            send_handle(self.conn, theirs.fileno(), self.process.pid)
            status, payload = self.conn.recv()
        if status != "ok":
            ours.close()
            raise payload
        worker = _Worker(payload, Connection(ours.detach()))
        try:
            _ready(worker.conn, STARTUP_TIMEOUT, "a query worker")
        except BaseException:
            worker.kill()
            raise
        return worker

    def exit_code(self, pid: int) -> int | None:
        """How a worker that has been killed or has died ended (negative: by that signal)."""
        try:
            with self.lock:
                self.conn.send(("exit_code", pid))
                return self.conn.recv()[1]
        except (EOFError, OSError):  # the fork server is gone: its workers went with it
            return None

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self.process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        self.conn.close()


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (not gone, not a zombie waiting to be reaped)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def _kill_all(
    workers: set[_Worker], servers: list[_ForkServer], starter: ThreadPoolExecutor
) -> None:
    for worker in list(workers):
        worker.kill()
    workers.clear()
    for server in servers:
        server.kill()
    servers.clear()
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
        self._servers: list[_ForkServer] = []  # the fork server (none before the first fork)
        self._closed = False
        # The fork server is started from this one long-lived thread: it asks Linux to kill it
        # when the thread that started it ends, and each worker to be killed when the fork server
        # ends (``queries.stores.worker``), so that a web worker killed outright takes its query
        # workers, runaways included, along.
        self._starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xjftz-pool")
        self._finalizer = weakref.finalize(
            self, _kill_all, self._workers, self._servers, self._starter
        )
        try:
            for _ in range(processes):
                self._idle.put(self._starter.submit(self._fork).result())
        except BaseException:
            self.close()
            raise

    def _fork(self) -> _Worker:
        """A new worker; the fork server is started first if there is none (starter thread)."""
        if not (self._servers and self._servers[0].alive()):
            for gone in self._servers:
                gone.kill()
            self._servers[:] = [_ForkServer(self.spec)]
        worker = self._servers[0].fork(self.memory_limit_mb, self.nice)
        self._workers.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> int | None:
        """Kill ``worker``, put a fresh one in its place (on the starter thread) and return how
        the old one ended (its exit code; negative: the signal)."""
        worker.kill()
        self._workers.discard(worker)
        code = self._servers[0].exit_code(worker.pid) if self._servers else None
        if not self._closed:
            self._starter.submit(self._refill)
        return code

    def _refill(self) -> None:
        try:
            fresh = self._fork()
        except Exception:
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
                self._retire(worker)
                raise QueryTimeout(
                    f"query stopped: it ran past the time limit of {self.timeout:g} s"
                )
            status, payload = worker.conn.recv()
        except (EOFError, OSError) as exc:
            if self._retire(worker) in MEMORY_DEATHS and self.memory_limit_mb:
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
        return {w.pid for w in list(self._workers) if _running(w.pid)}

    def live_workers(self) -> int:
        return len(self.worker_pids())

    def idle_workers(self) -> int:
        """Workers waiting for a call (a busy one is running a query)."""
        return self._idle.qsize()

    def close(self) -> None:
        self._closed = True
        self._finalizer()
