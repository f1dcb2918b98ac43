"""``xjftz serve`` for the benchmarks: the test suite's launcher (``tests/servers.py``), and a GET.

Input:  environment overrides (``XJFTZ_*``, e.g. ``XJFTZ_CACHE_ENTRIES=0``), a log directory.
Output: :func:`app_server` — an ``XjftzServer`` not yet started: ``start(ready_path=...)``
        returns once that path answers 200 and sets ``cold_start_s`` (spawn to that answer);
        ``url``, ``port``, ``pid`` (the granian main process), ``stop()``. :func:`get` — one GET.
"""

from __future__ import annotations

import http.client
from pathlib import Path

from bench.servers import harness


def app_server(env: dict[str, str] | None = None, workdir: Path | None = None):
    """The launcher of the test suite, for the published graph with ``env`` on top."""
    return harness().XjftzServer(env=env, workdir=workdir)


def get(port: int, path: str, headers: dict | None = None, timeout: float = 10.0):
    """One GET on a fresh connection: (status, headers, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()  # any case
    finally:
        conn.close()
