"""Request bodies read with a deadline, off the request threads (issue 18, point 1).

Input:  the WSGI environ of a request with a body (``Content-Length`` or chunked), and the
        settings ``BODY_TIMEOUT``, ``BODY_READERS``, ``MAX_BODY_BYTES``.
Output: :class:`BodyGate`, WSGI middleware: the app sees the whole body in memory
        (``wsgi.input`` a ``BytesIO``), or the client gets 408 once the deadline passes, or 503
        with Retry-After when every reader is busy. A declared length over the cap goes to the
        app unread (it answers 413 from the header alone).

Why: granian reads request heads on its Rust event loop, with a deadline, but hands the body
over as a stream that blocks the reading thread until the bytes arrive (measured: a body sent
4 bytes a second holds the app's thread for the whole time, with no timeout). So each body is
read on its own short-lived reader thread while the request thread waits at most
``BODY_TIMEOUT``; the reader ends when the body is complete or the client goes away. At most
``BODY_READERS`` readers exist per web worker, so stalled bodies cannot pile up threads without
bound, and requests without a body (GET, HEAD: the pages, most queries) never wait for them.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Iterable
from typing import Any

READ_CHUNK = 64 * 1024
RETRY_AFTER = "5"

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
        if not self._readers.acquire(blocking=False):
            return _plain(
                start_response,
                "503 Service Unavailable",
                "too many request bodies are arriving at once; try again later",
                ("Retry-After", RETRY_AFTER),
            )
        done = threading.Event()
        box: list[bytes] = []
        wanted = self.max_bytes + 1 if length is None else length
        stream = environ["wsgi.input"]

        def read() -> None:
            try:
                parts, got = [], 0
                while got < wanted:
                    chunk = stream.read(min(READ_CHUNK, wanted - got))
                    if not chunk:
                        break
                    parts.append(chunk)
                    got += len(chunk)
                box.append(b"".join(parts))
            except Exception:  # the client went away: nothing to answer
                pass
            finally:
                self._readers.release()
                done.set()

        threading.Thread(target=read, name="xjftz-body", daemon=True).start()
        if not done.wait(self.timeout) or not box:
            return _plain(
                start_response,
                "408 Request Timeout",
                f"the request body did not arrive within {self.timeout:g} s",
                ("Connection", "close"),
            )
        environ["wsgi.input"] = io.BytesIO(box[0])
        environ["CONTENT_LENGTH"] = str(len(box[0]))
        return self.app(environ, start_response)
