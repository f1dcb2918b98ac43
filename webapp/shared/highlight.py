"""Marked-up sentences: mentions linked to their entities, search matches highlighted.

Input:  a sentence (plain text from the graph, never trusted), and either mention spans
        (code-point offsets into the sentence's @zh text, as ``oa:TextPositionSelector`` gives
        them, each with the entity it names) or a search phrase.
Output: ``markupsafe.Markup`` built only from escaped pieces: the text is cut at span
        boundaries, every piece is escaped on its own, and the tags around the pieces carry
        only escaped attribute values — so no part of the data is ever markup.

Spans of different linking layers may overlap (中哈 inside 中哈霍尔果斯国际边境合作中心). The text
is cut at every boundary; each piece inside a span links to the shortest span covering it
(the more specific name) and its title lists every entity covering it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

from webapp.shared.nodes import Node

DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})


@dataclass(frozen=True)
class Span:
    """A mention: characters ``start``–``end`` of the sentence name ``node``."""

    start: int
    end: int
    node: Node


def _pieces(length: int, spans: list[Span]) -> list[tuple[int, int, tuple[Span, ...]]]:
    cuts = sorted({0, length, *(s.start for s in spans), *(s.end for s in spans)})
    pieces: list[tuple[int, int, tuple[Span, ...]]] = []
    for a, b in pairwise(cuts):
        covering = tuple(s for s in spans if s.start <= a and s.end >= b)
        if pieces and pieces[-1][2] == covering:
            pieces[-1] = (pieces[-1][0], b, covering)  # same spans: one link, not two
        else:
            pieces.append((a, b, covering))
    return pieces


def mention_markup(text: str, spans: Iterable[Span], lang: str) -> Markup:
    """``text`` with each mention span a link to its entity (escaped piece by piece)."""
    valid = sorted(
        {s for s in spans if 0 <= s.start < s.end <= len(text)},
        key=lambda s: (s.start, s.end, s.node.iri),
    )
    out: list[str] = []
    for a, b, covering in _pieces(len(text), valid):
        piece = escape(text[a:b])
        if not covering:
            out.append(piece)
            continue
        primary = min(covering, key=lambda s: (s.end - s.start, s.start, s.node.iri))
        names = "; ".join(dict.fromkeys(s.node.label(lang) for s in covering))
        classes = "mention" + (" mention-nested" if len(covering) > 1 else "")
        href = primary.node.href
        if href:
            out.append(
                Markup('<a class="{}" href="{}" title="{}">{}</a>').format(
                    classes, href, names, piece
                )
            )
        else:
            out.append(
                Markup('<mark class="{}" title="{}">{}</mark>').format(classes, names, piece)
            )
    return Markup("").join(out)


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
