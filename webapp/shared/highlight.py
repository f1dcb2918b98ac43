"""Search matches highlighted in a sentence; the mention span that webapp.shared.bilingual marks.

Input:  a sentence (plain text from the graph, never trusted) and a search phrase.
Output: ``markupsafe.Markup`` built only from escaped pieces: the text is cut at the matches,
        every piece is escaped on its own, and the tags around the pieces carry only escaped
        attribute values — so no part of the data is ever markup. :class:`Span`: a mention
        (code-point offsets into the sentence's @zh text, as ``oa:TextPositionSelector`` gives
        them, and the entity it names), which webapp.shared.bilingual links in both languages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from webapp.shared.nodes import Node

DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})


@dataclass(frozen=True)
class Span:
    """A mention: characters ``start``–``end`` of the sentence name ``node``."""

    start: int
    end: int
    node: Node


def fold_en(text: str) -> str:
    """Case- and dash-insensitive form of English text, one character per character."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text.translate(DASHES))


def fold_zh(text: str) -> str:
    return text


def find_all(text: str, phrase: str, fold: Callable[[str], str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) of ``phrase`` in ``text`` after folding both."""
    needle = fold(phrase)
    if not needle:
        return []
    hay = fold(text)
    found, at = [], hay.find(needle)
    while at >= 0:
        found.append((at, at + len(needle)))
        at = hay.find(needle, at + len(needle))
    return found


def match_markup(text: str, phrase: str, fold: Callable[[str], str] = fold_zh) -> Markup:
    """``text`` with every occurrence of ``phrase`` in ``<mark>`` (escaped piece by piece)."""
    out: list[str] = []
    last = 0
    for a, b in find_all(text, phrase, fold):
        out.append(escape(text[last:a]))
        out.append(Markup('<mark class="match">{}</mark>').format(text[a:b]))
        last = b
    out.append(escape(text[last:]))
    return Markup("").join(out)
