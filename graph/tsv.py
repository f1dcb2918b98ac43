"""The curated tables of graph/sources/ read the same way: a header row, then tab-separated rows.

Input:  a UTF-8 TSV file whose first line is exactly ``columns`` (tab-separated).
Output: ``(line number, stripped fields)`` for each non-blank data row; a missing file, bytes
        that are not UTF-8, a wrong header or a row of the wrong width is an
        :class:`InputFileError` naming the file and line.

Used by graph.codings (rules, overrides, structure) and graph.responsibility. The translation
(graph.translation) and the exclusions (graph.exclusions) keep their own readers: one allows a
byte-order mark and reports with its own error class, the other allows comment lines.
"""

from __future__ import annotations

import csv
from pathlib import Path

from ontology.errors import InputFileError


def read_rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """The data rows of the TSV file ``path`` with exactly ``columns``, each with its line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as exc:
        raise InputFileError(path, "missing") from exc
    except UnicodeDecodeError as exc:
        raise InputFileError(path, "not UTF-8") from exc
    if not lines or tuple(lines[0].split("\t")) != columns:
        raise InputFileError(path, f"the header must be {' TAB '.join(columns)}", 1)
    out = []
    for line_no, row in enumerate(csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE), 2):
        if not row or not "".join(row).strip():
            continue
        if len(row) != len(columns):
            raise InputFileError(
                path, f"expected {len(columns)} columns, found {len(row)}", line_no
            )
        out.append((line_no, [c.strip() for c in row]))
    return out
