"""The root of the project's data errors.

Input:  nothing.
Output: ``XjftzError``, the base of every exception that means "this input is wrong" (a broken
        source text, a malformed vocabulary file, a graph that does not conform, a bad query or
        parameter). It carries where the problem is — a file and line, a focus node — in its
        message. The CLI turns it into exit code 1; anything else is a bug.
"""

from __future__ import annotations

from pathlib import Path


class XjftzError(Exception):
    """A failure the user can fix by fixing the input."""


class InputFileError(XjftzError):
    """A file that cannot be used, with the file and (where known) the line."""

    def __init__(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")

    def __reduce__(self) -> tuple:  # pickled by a query worker that failed to load its files
        return type(self), (self.path, self.message, self.line)
