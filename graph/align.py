"""Where the English translation says what a span of the Chinese says: the words to highlight.

Input:  a provision's Chinese and English texts, and spans of the Chinese (a mention's or a
        topic trigger's code-point offsets) each with the English renderings it may take: the
        glossary's (``graph/sources/glossary.tsv``, rendering and variants), those of
        ``graph/sources/renderings.en.tsv`` (header ``zh en note``, renderings separated by
        `` | ``: the topics' trigger terms, and the few names the translation words otherwise
        than the glossary) and, for a mention, its entity's English labels.
Output: for each span, the (start, end) code-point offsets of the corresponding words in the
        English text, or ``None`` when none of its renderings occurs there.

Computed when a page is drawn, not stored in the graph: the offsets depend only on the two
texts and these tables, all of which the published graph or the sources already hold, and the
English is an unofficial translation whose wording may still change.

The rule, in order:
- a rendering matches case-insensitively, starting at a word boundary; it may be a stem
  (``manufactur``), so a match extends to the end of the word (``manufacturing``); a plural
  rendering that does not occur is tried without its final s (``cotton textile industry``);
- a match inside a longer match of the same span's renderings is dropped;
- for each span the candidates are every match of every rendering; when the same Chinese
  words occur as often in the sentence as their renderings do in the English, the k-th
  occurrence goes to the k-th match (both texts keep the order of lists);
- otherwise the span takes the match nearest to its relative position in the sentence
  (Chinese offset / length against English offset / length), the longer match on a tie.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SOURCES = Path(__file__).resolve().parent / "sources"
GLOSSARY = SOURCES / "glossary.tsv"
RENDERINGS = SOURCES / "renderings.en.tsv"
WORD_CHAR = re.compile(r"[\w'’]")


@dataclass(frozen=True)
class ZhSpan:
    """Characters ``start``–``end`` of the Chinese, with the English they may be rendered by."""

    start: int
    end: int
    renderings: tuple[str, ...]


def read_tsv(path: Path) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    lines = path.read_text(encoding="utf-8").removeprefix("\ufeff").splitlines()
    for line_no, row in enumerate(csv.reader(lines[1:], delimiter="\t"), start=2):
        if not "".join(row).strip():
            continue
        if len(row) != 3 or not row[0].strip() or not row[1].strip():
            raise ValueError(f"{path}:{line_no}: expected zh TAB en TAB note")
        rows.append((row[0].strip(), row[1].strip(), row[2].strip()))
    return rows


@cache
def renderings_table() -> Mapping[str, tuple[str, ...]]:
    """Chinese term → its English renderings, from the glossary and the trigger-term table."""
    from graph.translation import load_glossary  # the glossary's own reader and its variants

    table: dict[str, tuple[str, ...]] = {e.zh: e.renderings for e in load_glossary(GLOSSARY)}
    for zh, en, _note in read_tsv(RENDERINGS):
        found = tuple(r.strip() for r in en.split(" | ") if r.strip())
        table[zh] = tuple(dict.fromkeys((*table.get(zh, ()), *found)))
    return table


def renderings_of(words: str, labels: Iterable[str] = ()) -> tuple[str, ...]:
    """The renderings of Chinese ``words``: the tables', then ``labels`` (an entity's @en)."""
    return tuple(dict.fromkeys((*renderings_table().get(words, ()), *labels)))


def find_rendering(en: str, rendering: str) -> list[tuple[int, int]]:
    """Every match of ``rendering`` in ``en``: at a word start, extended to the word's end."""
    needle = rendering.casefold()
    hay = en.casefold()
    if not needle or len(hay) != len(en):  # casefold changed the length: offsets would drift
        hay = en.lower()
        needle = rendering.lower()
    found: list[tuple[int, int]] = []
    at = hay.find(needle)
    while at >= 0:
        if at == 0 or not WORD_CHAR.match(en[at - 1]):
            end = at + len(needle)
            while end < len(en) and en[end].isalpha():
                end += 1
            found.append((at, end))
        at = hay.find(needle, at + 1)
    return found


def _matches(en: str, rendering: str) -> list[tuple[int, int]]:
    found = find_rendering(en, rendering)
    if not found and len(rendering) > 3 and rendering.endswith("s"):
        found = find_rendering(en, rendering[:-1])
    return found


def _candidates(en: str, renderings: Sequence[str]) -> list[tuple[int, int]]:
    spans = {m for r in renderings for m in _matches(en, r)}
    # Only the longest matches (“textiles and garments” over “garments” inside it).
    return sorted(
        (a, b)
        for a, b in spans
        if not any(c <= a and b <= d and (c, d) != (a, b) for c, d in spans)
    )


def align(zh: str, en: str, spans: Sequence[ZhSpan]) -> list[tuple[int, int] | None]:
    """The English (start, end) for each span of ``zh``, or None where nothing matches."""
    result: list[tuple[int, int] | None] = [None] * len(spans)
    groups: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for i, span in enumerate(spans):
        groups.setdefault((zh[span.start : span.end], span.renderings), []).append(i)
    for (_words, renderings), members in groups.items():
        candidates = _candidates(en, renderings)
        if not candidates:
            continue
        members = sorted(members, key=lambda i: spans[i].start)
        starts = sorted({spans[i].start for i in members})
        if len(starts) == len(candidates):
            for i in members:
                result[i] = candidates[starts.index(spans[i].start)]
            continue
        for i in members:
            where = spans[i].start / max(len(zh), 1)
            result[i] = min(
                candidates, key=lambda c: (abs(c[0] / max(len(en), 1) - where), c[0] - c[1])
            )
    return result
