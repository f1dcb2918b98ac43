"""Processes and their memory, read from /proc (psutil is not a dependency).

Input:  process ids.
Output: :func:`memory` — ``VmHWM`` (peak resident set) and ``VmRSS`` in MB of one process;
        :func:`pss` — its proportional set size (``Pss`` of smaps_rollup: each page shared by
        n processes counts 1/n in each, so a sum over processes counts every page once, as the
        kernel charges them to a cgroup); :func:`children` — the direct children of a process;
        :func:`tree` — a process and all its descendants, each with its role (its command line,
        shortened) and memory.
"""

from __future__ import annotations

from pathlib import Path

PROC = Path("/proc")


def _status(pid: int) -> dict[str, str]:
    try:
        text = (PROC / str(pid) / "status").read_text()
    except OSError:
        return {}
    out = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        out[key] = value.strip()
    return out


def _kb_to_mb(value: str | None) -> float | None:
    if not value:
        return None
    return round(int(value.split()[0]) / 1024, 1)


def memory(pid: int) -> dict[str, float | None]:
    """Peak (VmHWM) and current (VmRSS) resident memory of ``pid`` in MB; None if gone."""
    status = _status(pid)
    return {"peak_mb": _kb_to_mb(status.get("VmHWM")), "rss_mb": _kb_to_mb(status.get("VmRSS"))}


def pss(pid: int) -> float | None:
    """Proportional set size of ``pid`` in MB; None if gone."""
    try:
        text = (PROC / str(pid) / "smaps_rollup").read_text()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("Pss:"):
            return round(int(line.split()[1]) / 1024, 1)
    return None


def children(pid: int) -> list[int]:
    """Direct children of ``pid`` (every thread's children file)."""
    found: list[int] = []
    try:
        tasks = list((PROC / str(pid) / "task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return sorted(set(found))


def command(pid: int) -> str:
    try:
        raw = (PROC / str(pid) / "cmdline").read_bytes()
    except OSError:
        return ""
    return " ".join(part.decode(errors="replace") for part in raw.split(b"\0") if part)


def tree(pid: int, depth: int = 0) -> list[dict]:
    """``pid`` and its descendants: pid, depth, command and memory, parents first."""
    rows = [
        {
            "pid": pid,
            "depth": depth,
            "command": command(pid)[:120],
            **memory(pid),
            "pss_mb": pss(pid),
        }
    ]
    for child in children(pid):
        rows += tree(child, depth + 1)
    return rows
