"""Contexts that exclude a topic trigger or an entity label (``graph/sources/exclusions.tsv``).

Input:  the TSV file (columns ``applies_to``, ``term``, ``context``, ``why``; ``#`` lines are
        comments) and, for checking, the plan's text.
Output: :class:`Exclusions` — for each topic IRI, and for entity labels, the contexts in which a
        term does not count: an occurrence of the term inside an occurrence of one of its
        contexts, in the same provision, is left out (绿色通道 is not a transport corridor).

A row whose context does not contain its term, or does not occur in the plan, is an error
naming the file and line: an exclusion that can never apply is a mistake in the data.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ontology.errors import InputFileError
from ontology.namespaces import ID

LABEL = "label"
COLUMNS = ["applies_to", "term", "context", "why"]


@dataclass(frozen=True)
class Exclusions:
    # key (a topic IRI, or LABEL) → term → the contexts that exclude it
    by_key: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)

    def contexts(self, key: str, term: str) -> tuple[str, ...]:
        return self.by_key.get(key, {}).get(term, ())


NONE = Exclusions()


def excluded(text: str, start: int, end: int, contexts: Iterable[str]) -> bool:
    """Whether ``text[start:end]`` lies inside an occurrence of one of ``contexts``."""
    for context in contexts:
        i = text.find(context, max(0, end - len(context)))
        while i != -1 and i <= start:
            if i + len(context) >= end:
                return True
            i = text.find(context, i + 1)
    return False


def load_exclusions(path: Path, plan_texts: Iterable[str] = ()) -> Exclusions:
    """Read the exclusions; check each against the plan's provision texts when given."""
    texts = list(plan_texts)
    by_key: dict[str, dict[str, list[str]]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputFileError(path, f"cannot read the exclusions: {exc}") from exc
    rows = [(n, line) for n, line in enumerate(lines, 1) if line and not line.startswith("#")]
    if not rows or rows[0][1].split("\t") != COLUMNS:
        raise InputFileError(path, "the first row must be the header: " + " ".join(COLUMNS))
    fields_of = csv.reader([r for _, r in rows[1:]], delimiter="\t")
    for (n, _), fields in zip(rows[1:], fields_of, strict=True):
        if len(fields) != len(COLUMNS):
            raise InputFileError(path, f"expected {len(COLUMNS)} tab-separated fields", line=n)
        key, term, context, _why = (f.strip() for f in fields)
        if key != LABEL and not key.startswith("topic/"):
            raise InputFileError(path, f"applies_to must be topic/<slug> or label, not {key!r}", n)
        if not term or term not in context:
            raise InputFileError(path, f"the context “{context}” does not contain “{term}”", n)
        if texts and not any(context in t for t in texts):
            raise InputFileError(path, f"the context “{context}” does not occur in the plan", n)
        target = LABEL if key == LABEL else str(ID[key])
        by_key.setdefault(target, {}).setdefault(term, []).append(context)
    return Exclusions({k: {t: tuple(c) for t, c in v.items()} for k, v in by_key.items()})
