"""Request bodies read with a deadline by a bounded number of threads (issue 18, point 1).

Input:  the WSGI environ of a request with a body (``Content-Length`` or chunked), and the
        settings ``BODY_TIMEOUT``, ``BODY_READERS``, ``MAX_BODY_BYTES``.
Output: :class:`BodyGate`, WSGI middleware: the app sees the whole body in memory
        (``wsgi.input`` a ``BytesIO``), or the client gets 408 once the deadline has passed,
        or 503 with Retry-After when ``BODY_READERS`` bodies are still being read after
        ``READER_WAIT``. A declared
        length over the cap goes to the app unread (it answers 413 from the header alone).

Why: granian reads request heads on its Rust event loop, with a deadline, but hands the body
over as a stream whose ``read`` blocks the calling thread until bytes arrive (measured: a body
sent 4 bytes a second holds the app's thread for the whole time; granian has no body timeout).
So at most ``BODY_READERS`` (fewer than the request threads) of a web worker's threads read
bodies at once, and requests without a body — the pages, GET queries — always find a thread.
A body that trickles in is cut at the deadline (408); one that stops arriving altogether holds
its reader until the client goes away. Reading on a separate thread and answering 408 at the
deadline was tried and dropped: granian then stalled one later request per abandoned body.
"""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

READ_CHUNK = 64 * 1024
RETRY_AFTER = "5"
# Seconds a request with a body waits for a free reader, then 503. Short, because the waiting
# request holds one of the web worker's threads: with 1.0 s, 8 clients whose POSTs all waited
# beside 10 stalled bodies held every thread and GETs behind them reached p95 160 ms (0.1 s:
# see tests/test_slow_clients.py).
READER_WAIT = 0.1

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict, StartResponse], Iterable[bytes]]


def _plain(start_response: StartResponse, status: str, text: str, *extra: tuple[str, str]):
    body = (text + "\n").encode()
    headers = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
    start_response(status, headers + list(extra))
    return [body]


class BodyGate:
    """Read each request body on a counted reader thread with a deadline, then call ``app``."""

    def __init__(self, app: WsgiApp, timeout: float, readers: int, max_bytes: int) -> None:
        self.app = app
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._readers = threading.BoundedSemaphore(readers)

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        declared = environ.get("CONTENT_LENGTH") or ""
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        length = int(declared) if declared.isdigit() else None
        if (not length and not chunked) or (length is not None and length > self.max_bytes):
            return self.app(environ, start_response)
        # A short wait: a reader holding a complete body frees up in moments (it may just be
        # waiting for the GIL), one holding a stalled body does not.
        if not self._readers.acquire(timeout=READER_WAIT):
            return _plain(
                start_response,
                "503 Service Unavailable",
                "too many request bodies are arriving at once; try again later",
                ("Retry-After", RETRY_AFTER),
                ("Connection", "close"),  # the body stays unread: this connection ends
            )
        try:
            body = self._read(environ["wsgi.input"], length)
        finally:
            self._readers.release()
        if body is None:
            return _plain(
                start_response,
                "408 Request Timeout",
                f"the request body did not arrive within {self.timeout:g} s",
                ("Connection", "close"),
            )
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        return self.app(environ, start_response)

    def _read(self, stream: Any, length: int | None) -> bytes | None:
        """The body, or None if it was not complete by the deadline (or the client left)."""
        wanted = self.max_bytes + 1 if length is None else length
        deadline = time.monotonic() + self.timeout
        parts, got = [], 0
        try:
            while got < wanted:
                if time.monotonic() > deadline:
                    return None
                chunk = stream.read(min(READ_CHUNK, wanted - got))
                if not chunk:
                    break
                parts.append(chunk)
                got += len(chunk)
        except OSError:
            return None
        return b"".join(parts)
