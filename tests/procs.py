"""Processes of a running server, read from /proc: the tree under a pid, states and memory.

Input:  a pid (the granian main process a ``servers.XjftzServer`` started).
Output: its descendants as :class:`Proc` records (pid, parent, state, resident memory, command
        line), and helpers that classify them — web workers (the main process's children), query
        workers — and add up their memory. Linux only; nothing here signals or changes a process.

Used by the bounds and load tests (issue 9, points 2 and 6) to prove that a stopped query's
worker process really ends, that nothing outlives the server, and that memory comes back.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
QUERY_WORKER = "queries.stores.worker"
PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


@dataclass(frozen=True)
class Proc:
    pid: int
    ppid: int
    state: str  # R, S, D, Z (zombie) …
    rss_kb: int
    cmdline: str

    @property
    def is_query_worker(self) -> bool:
        return QUERY_WORKER in self.cmdline


def read(pid: int) -> Proc | None:
    """The process ``pid`` now, or None if it no longer exists."""
    try:
        stat = (PROC / str(pid) / "stat").read_text()
        statm = (PROC / str(pid) / "statm").read_text().split()
        raw = (PROC / str(pid) / "cmdline").read_bytes()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    # Fields after the command name, which is in parentheses and may hold spaces.
    rest = stat[stat.rindex(")") + 2 :].split()
    cmdline = raw.replace(b"\0", b" ").decode(errors="replace").strip()
    return Proc(pid, int(rest[1]), rest[0], int(statm[1]) * PAGE_KB, cmdline)


def children(pid: int) -> list[Proc]:
    """The live processes whose parent is ``pid``."""
    out = []
    for task in (PROC / str(pid) / "task").glob("*"):
        try:
            pids = (task / "children").read_text().split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        out += [p for p in (read(int(c)) for c in pids) if p is not None]
    return out


def descendants(pid: int) -> list[Proc]:
    """Every process below ``pid``, breadth first."""
    out, frontier = [], [pid]
    while frontier:
        kids = [c for p in frontier for c in children(p)]
        out += kids
        frontier = [k.pid for k in kids]
    return out


def tree(pid: int) -> list[Proc]:
    """``pid`` itself and its descendants."""
    root = read(pid)
    return ([root] if root else []) + descendants(pid)


def query_workers(pid: int) -> list[Proc]:
    return [p for p in descendants(pid) if p.is_query_worker]


def web_workers(pid: int) -> list[Proc]:
    return [p for p in children(pid) if not p.is_query_worker]


def total_rss_kb(pid: int) -> int:
    """Resident memory of the master, its web workers and their query workers, added up."""
    return sum(p.rss_kb for p in tree(pid))


def alive(proc: Proc) -> bool:
    """Whether this very process (same pid and command line) still exists, or is a zombie."""
    now = read(proc.pid)
    return now is not None and (now.state == "Z" or now.cmdline == proc.cmdline)


def wait_for(condition, timeout: float, interval: float = 0.1) -> bool:
    """Poll ``condition()`` until it holds or ``timeout`` seconds pass; its last value."""
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(interval)


def a_query_worker_runs(pid: int, timeout: float = 20) -> bool:
    """Whether a query worker below ``pid`` comes to be running (a runaway holds it)."""
    return wait_for(lambda: any(p.state == "R" for p in query_workers(pid)), timeout, 0.02)
