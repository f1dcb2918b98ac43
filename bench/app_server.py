"""``xjftz serve`` (gunicorn) on a free loopback port, timed from spawn to first answer.

Input:  environment overrides (``XJFTZ_*``, e.g. ``XJFTZ_CACHE_ENTRIES=0``), a readiness path.
Output: a running :class:`AppServer` — ``url``, ``pid`` (the gunicorn master: ``xjftz serve``
        runs gunicorn in its own process), ``cold_start_s`` (spawn to the first 200 answer of
        the readiness path), ``bound_s`` (spawn to the first accepted TCP connection) — and
        ``stop()``, which sends SIGTERM to the master and waits, then SIGKILL to its process
        group (its own session, started here) if anything is left.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from bench import PROJECT_ROOT, VENV_BIN

READY_LIMIT_S = 120.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, headers: dict | None = None, timeout: float = 10.0):
    """One GET on a fresh connection: (status, headers, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


class AppServer:
    def __init__(self, env: dict[str, str] | None = None, log: Path | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, **(env or {})}
        self.log_path = log
        self.process: subprocess.Popen | None = None
        self.cold_start_s: float | None = None
        self.bound_s: float | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self, ready_path: str) -> AppServer:
        log = self.log_path.open("ab") if self.log_path else subprocess.DEVNULL
        cmd = [str(VENV_BIN / "xjftz"), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        t0 = time.perf_counter()
        self.process = subprocess.Popen(
            cmd,
            cwd=PROJECT_ROOT,
            env=self.env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        deadline = t0 + READY_LIMIT_S
        while self.bound_s is None and time.perf_counter() < deadline:
            self._check_alive()
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                self.bound_s = time.perf_counter() - t0
            except OSError:
                time.sleep(0.005)
        while time.perf_counter() < deadline:
            self._check_alive()
            try:
                status, _, _ = get(self.port, ready_path, timeout=READY_LIMIT_S)
            except OSError:
                status = 0
            if status == 200:
                self.cold_start_s = time.perf_counter() - t0
                return self
            time.sleep(0.005)
        self.stop()
        raise RuntimeError(f"xjftz serve did not answer {ready_path} within {READY_LIMIT_S} s")

    def _check_alive(self) -> None:
        assert self.process is not None
        if self.process.poll() is not None:
            raise RuntimeError(f"xjftz serve exited ({self.process.returncode}) at start-up")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def __enter__(self) -> AppServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
