"""The query worker's end of its socket: pickled messages, framed as multiprocessing frames them.

Input:  the file descriptor of a connected socket (inherited from the web process).
Output: a :class:`Channel` with ``send(obj)`` and ``recv()``: each message is a pickle behind
        its length as a 4-byte big-endian signed integer (or -1 and an 8-byte length past
        2 GiB) — the framing of ``multiprocessing.connection.Connection``, which the web
        process (``queries.stores.pool``) keeps on its end. ``recv`` raises ``EOFError`` when
        the other end has closed; a broken socket raises ``OSError``.

Not ``multiprocessing.connection`` itself: importing it loads the multiprocessing package,
~3 MB in every query worker process, for these few lines of framing.
"""

from __future__ import annotations

import os
import pickle
import struct

_SHORT = struct.Struct("!i")
_LONG = struct.Struct("!Q")


class Channel:
    """Blocking, one message at a time, on a socket's file descriptor."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def send(self, obj: object) -> None:
        data = pickle.dumps(obj)
        n = len(data)
        header = _SHORT.pack(n) if n <= 0x7FFFFFFF else _SHORT.pack(-1) + _LONG.pack(n)
        self._write(header + data if n <= 16384 else header)
        if n > 16384:  # not copied into one buffer with its header
            self._write(data)

    def recv(self) -> object:
        (size,) = _SHORT.unpack(self._read(_SHORT.size))
        if size == -1:
            (size,) = _LONG.unpack(self._read(_LONG.size))
        return pickle.loads(self._read(size))

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def _write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view) :]

    def _read(self, n: int) -> bytes:
        chunks = []
        while n:
            chunk = os.read(self.fd, n)
            if not chunk:
                raise EOFError("the web process closed the socket")
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)
