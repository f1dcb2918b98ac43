"""The machine and software a benchmark run measured.

Input:  /proc/cpuinfo, /proc/meminfo, the installed distributions, ``git``, the tools' binaries.
Output: :func:`describe` — a dict: cores, memory, CPU model, kernel, Python, the library
        versions (pyoxigraph, rdflib, pyshacl, owlready2, flask, granian, SPARQLWrapper,
        werkzeug), the tools (wrk, Virtuoso, Oxigraph server, Java), the git commit and
        whether the working tree had changes.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from bench import PROJECT_ROOT, VENV_BIN

LIBRARIES = (
    "pyoxigraph",
    "rdflib",
    "pyshacl",
    "owlready2",
    "flask",
    "werkzeug",
    "granian",
    "sparqlwrapper",
)


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _first_line(cmd: list[str], pattern: str = "") -> str | None:
    """The first line of ``cmd``'s output that contains ``pattern``."""
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = [line.strip() for line in (done.stdout + done.stderr).splitlines()]
    return next((line for line in lines if line and pattern in line), None)


def cpu_model() -> str:
    m = re.search(r"^model name\s*:\s*(.+)$", _read("/proc/cpuinfo"), re.M)
    return m.group(1).strip() if m else platform.processor() or "unknown"


def memory_mb() -> int:
    m = re.search(r"^MemTotal:\s*(\d+) kB", _read("/proc/meminfo"), re.M)
    return int(m.group(1)) // 1024 if m else 0


def versions() -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = None
    return out


def tools() -> dict[str, str | None]:
    oxigraph = VENV_BIN / "oxigraph"
    return {
        "wrk": _first_line(["wrk", "--version"]),
        "virtuoso": _first_line(["virtuoso-t", "-?"], "Version"),
        "oxigraph_server": _first_line([str(oxigraph), "--version"]),
        "java": _first_line(["java", "-version"]),
    }


def git_state() -> dict[str, object]:
    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", *args], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
        )
        return done.stdout.strip()

    status = git("status", "--porcelain", "--untracked-files=no")
    return {"commit": git("rev-parse", "HEAD"), "dirty": bool(status)}


def describe() -> dict[str, object]:
    return {
        "cores": os.cpu_count(),
        "memory_mb": memory_mb(),
        "cpu_model": cpu_model(),
        "kernel": platform.release(),
        "python": sys.version.split()[0],
        "implementation": platform.python_implementation(),
        "libraries": versions(),
        "tools": tools(),
        "git": git_state(),
    }
