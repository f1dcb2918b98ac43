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
one per process and spec, shared by the pools (:class:`_ForkServers`), so every query worker of
a web worker shares one copy of the graph; each worker is spoken to on a socket of its own with
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


class _ForkServers:
    """This process's fork servers, one per spec, shared by its pools (the pages' and the user
    lane's), so that every query worker of a web worker shares one copy of the graph.

    They are started from one long-lived thread: a fork server asks Linux to kill it when the
    thread that started it ends, and each worker to be killed when the fork server ends
    (``queries.stores.worker``), so that a web worker killed outright takes every query worker,
    runaways included, along. A fork server ends when the last pool using it closes.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._servers: dict[EmbeddedSpec, _ForkServer] = {}
        self._pools: dict[EmbeddedSpec, int] = {}  # spec → pools using its server
        self._starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xjftz-forks")

    def acquire(self, spec: EmbeddedSpec) -> None:
        with self._lock:
            self._pools[spec] = self._pools.get(spec, 0) + 1

    def release(self, spec: EmbeddedSpec) -> None:
        with self._lock:
            self._pools[spec] -= 1
            if self._pools[spec] > 0:
                return
            del self._pools[spec]
            server = self._servers.pop(spec, None)
        if server is not None:
            server.kill()

    def get(self, spec: EmbeddedSpec) -> _ForkServer:
        """The running fork server of ``spec``, started (again) if there is none."""
        with self._lock:
            server = self._servers.get(spec)
            if server is None or not server.alive():
                if server is not None:
                    server.kill()
                server = self._servers[spec] = self._starter.submit(_ForkServer, spec).result()
            return server

    def running(self, spec: EmbeddedSpec) -> _ForkServer | None:
        with self._lock:
            return self._servers.get(spec)


_FORK_SERVERS = _ForkServers()


def _close(workers: set[_Worker], spec: EmbeddedSpec, starter: ThreadPoolExecutor) -> None:
    server = _FORK_SERVERS.running(spec)
    for worker in list(workers):
        worker.kill()
        if server is not None:  # reaped now: the server may go on forking for another pool
            server.exit_code(worker.pid)
    workers.clear()
    _FORK_SERVERS.release(spec)
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
        # Replacements are forked on this thread, not on the thread of the call that lost one.
        self._starter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="xjftz-pool")
        _FORK_SERVERS.acquire(spec)
        self._finalizer = weakref.finalize(self, _close, self._workers, spec, self._starter)
        try:
            for _ in range(processes):
                self._idle.put(self._starter.submit(self._fork).result())
        except BaseException:
            self.close()
            raise

    def _fork(self) -> _Worker:
        """A new worker (the fork server is started first if there is none)."""
        worker = _FORK_SERVERS.get(self.spec).fork(self.memory_limit_mb, self.nice)
        self._workers.add(worker)
        return worker

    def _retire(self, worker: _Worker) -> int | None:
        """Kill ``worker``, put a fresh one in its place (on the starter thread) and return how
        the old one ended (its exit code; negative: the signal)."""
        worker.kill()
        self._workers.discard(worker)
        server = _FORK_SERVERS.running(self.spec)
        code = server.exit_code(worker.pid) if server is not None else None
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

    def fork_server_pid(self) -> int | None:
        """The process id of the fork server the workers come from (None: none running)."""
        server = _FORK_SERVERS.running(self.spec)
        return server.process.pid if server is not None else None

    def live_workers(self) -> int:
        return len(self.worker_pids())

    def idle_workers(self) -> int:
        """Workers waiting for a call (a busy one is running a query)."""
        return self._idle.qsize()

    def close(self) -> None:
        self._closed = True
        self._finalizer()
