"""A canary for outbound requests: a loopback HTTP server that records every request it gets.

Input:  nothing (it binds a free 127.0.0.1 port).
Output: a :class:`Canary` with ``url`` (where a smuggled SERVICE call would go) and ``hits``
        (the paths requested so far); it answers every request with an empty SPARQL JSON
        result, so that an engine that calls it carries on. Also :func:`canary_file`, a Turtle
        file whose one literal is a marker that must never appear in a response.

Used by the read-only and no-local-files tests (issue 9, point 1): a request that reaches the
canary proves an engine made an outbound call; a marker in a response proves a file was read.
"""

from __future__ import annotations

import http.server
import threading
import uuid
from pathlib import Path

EMPTY_RESULT = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'


class _Handler(http.server.BaseHTTPRequestHandler):
    def _answer(self) -> None:
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(EMPTY_RESULT)))
        self.end_headers()
        self.wfile.write(EMPTY_RESULT)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:  # quiet
        pass


class Canary:
    """A recording HTTP server on loopback, in a daemon thread."""

    def __init__(self) -> None:
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.hits = []  # type: ignore[attr-defined]
        self.url = f"http://127.0.0.1:{self._server.server_port}/sparql"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def hits(self) -> list[str]:
        return self._server.hits  # type: ignore[attr-defined]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def canary_file(directory: Path) -> tuple[Path, str]:
    """A Turtle file holding one marker literal, and the marker."""
    marker = f"canary-{uuid.uuid4().hex}"
    path = directory / "canary.ttl"
    path.write_text(f'<http://canary.example/s> <http://canary.example/p> "{marker}" .\n')
    return path, marker
