"""Argument types for the subcommands: values argparse checks, so a bad one is a usage error.

Input:  the text of one command-line value.
Output: the value (``int`` or ``float``), or ``argparse.ArgumentTypeError`` — which argparse
        reports with the usage line and exit status 2, as for any other bad argument.
"""

from __future__ import annotations

import argparse
import math


def _whole(text: str, low: int, high: int | None, what: str) -> int:
    """``text`` as a whole number from ``low`` to ``high`` (no upper bound if None)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not {what}: {text!r}") from None
    if value < low or (high is not None and value > high):
        bounds = f"{low}-{high}" if high is not None else f"at least {low}"
        raise argparse.ArgumentTypeError(f"{what} must be {bounds}, not {value}")
    return value


def positive_int(text: str) -> int:
    """A whole number of at least 1 (worker processes, threads)."""
    return _whole(text, 1, None, "a whole number")


def port(text: str) -> int:
    """A TCP port, 0–65535 (0: any free port)."""
    return _whole(text, 0, 65535, "a port number")


def seconds(text: str) -> float:
    """A finite number of seconds greater than 0."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a number of seconds above 0, not {text}")
    return value
