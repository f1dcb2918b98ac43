"""Pinyin sort keys for Chinese labels, so that the Chinese lists read in dictionary order.

Input:  Chinese labels.
Output: ``pinyin_keys(labels)`` → label → its key: the syllables with tone numbers (``ha1 sa4
        ke4 si1 tan3``), phrases read as pypinyin's phrase dictionary reads them (重庆 chong2).

pypinyin holds its dictionaries in memory once imported (~57 MB), and a web worker needs them
for a moment only: the keys are computed in a short-lived child process (labels one per line on
stdin, keys on stdout), once per web process (callers memoise). The child runs :data:`CHILD`
with ``python -I -c``: isolated from the environment, and loading pypinyin only (not this
package, nor Flask).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable

TIMEOUT = 30  # seconds: the child imports pypinyin (~0.3 s) and converts a few hundred labels


CHILD = """
import sys
from pypinyin import Style, lazy_pinyin
for line in sys.stdin.read().split("\\n"):
    if line:
        keys = lazy_pinyin(line, style=Style.TONE3, neutral_tone_with_five=True)
        sys.stdout.write(" ".join(keys).lower() + "\\n")
"""


def pinyin_keys(labels: Iterable[str]) -> dict[str, str]:
    """Each label's pinyin key (computed in a child process)."""
    wanted = sorted({" ".join(label.split()) for label in labels if label})
    if not wanted:
        return {}
    done = subprocess.run(
        [sys.executable, "-I", "-c", CHILD],
        input="\n".join(wanted) + "\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=TIMEOUT,
        check=True,
    )
    keys = done.stdout.split("\n")
    return dict(zip(wanted, keys[: len(wanted)], strict=True))
