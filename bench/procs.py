"""Processes and their memory, read from /proc (psutil is not a dependency).

Input:  process ids.
Output: :func:`memory` — ``VmHWM`` (peak resident set) and ``VmRSS`` in MB of one process;
        :func:`children` — the direct children of a process; :func:`tree` — a process and all
        its descendants, each with its role (its command line, shortened) and memory.
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
    rows = [{"pid": pid, "depth": depth, "command": command(pid)[:120], **memory(pid)}]
    for child in children(pid):
        rows += tree(child, depth + 1)
    return rows
