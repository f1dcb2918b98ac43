"""A sentence in both languages with the same words marked in each: mentions and topic triggers.

Input:  a provision's @zh and @en texts; its mentions (``webapp.shared.highlight.Span``: Chinese
        code-point offsets and the entity); the topic trigger terms to mark; the English names of
        the mentioned entities (their ``skos:prefLabel``/``altLabel`` @en).
Output: a pair of ``markupsafe.Markup`` (zh, en) built only from escaped pieces: each mention a
        link to its entity with the class ``k-{kind}`` (the first segment of its path: country,
        region, agency…, so every kind has its colour in both languages), each trigger a
        ``<mark class="trigger">``. The English words are found by ``graph.align`` (glossary,
        ``graph/sources/renderings.en.tsv``, the entity's English names). On a measure's page
        the coded verbs (:class:`Verb`, issue 19) wrap their Chinese words in
        ``<mark class="verb">``, around the mention and trigger marks inside them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup, escape

from graph.align import ZhSpan, align, renderings_of
from webapp.shared.highlight import Span
from webapp.shared.nodes import Node


@dataclass(frozen=True)
class Mark:
    """Characters ``start``–``end`` marked: a mention of ``node``, or a trigger of ``topic``."""

    start: int
    end: int
    node: Node | None = None  # the entity, for a mention
    topic: str = ""  # the topic's label, for a trigger

    @property
    def kind(self) -> str:
        if self.node is None:
            return "trigger"
        rest = self.node.iri.split("/id/", 1)[-1]
        return rest.split("/", 1)[0] if "/" in rest else "entity"


@dataclass(frozen=True)
class Verb:
    """A coded verb: Chinese characters ``start``–``end``, marked with ``title``."""

    start: int
    end: int
    title: str


def _outer(verbs: Sequence[Verb], length: int) -> list[Verb]:
    """The verbs in text order that fit the text and overlap no earlier one."""
    kept: list[Verb] = []
    for v in sorted(verbs, key=lambda v: (v.start, v.end, v.title)):
        if 0 <= v.start < v.end <= length and (not kept or kept[-1].end <= v.start):
            kept.append(v)
    return kept


def trigger_spans(text: str, terms: Mapping[str, str]) -> list[tuple[int, int, str, str]]:
    """(start, end, term, topic label) of every occurrence of each trigger term in ``text``."""
    found = []
    for term, topic in sorted(terms.items()):
        at = text.find(term)
        while at >= 0 and term:
            found.append((at, at + len(term), term, topic))
            at = text.find(term, at + 1)
    return sorted(found)


def _render(text: str, marks: Sequence[Mark], lang: str, verbs: Sequence[Verb] = ()) -> Markup:
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    # A trigger that overlaps a mention is shown on the mention (one link, not pieces of one).
    mentions_only = [m for m in valid if m.node is not None]
    flagged = {
        m
        for m in mentions_only
        for tr in valid
        if tr.node is None and tr.start < m.end and m.start < tr.end
    }
    valid = [
        m
        for m in valid
        if m.node is not None or not any(m.start < x.end and x.start < m.end for x in mentions_only)
    ]
    outer = _outer(verbs, len(text))
    cuts = sorted(
        {0, len(text), *(m.start for m in valid), *(m.end for m in valid)}
        | {x for v in outer for x in (v.start, v.end)}
    )
    pieces: list[tuple[Verb | None, list[str]]] = []  # the pieces, grouped by their verb
    for a, b in pairwise(cuts):
        verb = next((v for v in outer if v.start <= a and b <= v.end), None)
        if not pieces or pieces[-1][0] != verb:
            pieces.append((verb, []))
        out = pieces[-1][1]
        piece = escape(text[a:b])
        covering = [m for m in valid if m.start <= a and m.end >= b]
        mentions = [m for m in covering if m.node is not None]
        triggers = [m for m in covering if m.node is None]
        if mentions:
            primary = min(mentions, key=lambda m: (m.end - m.start, m.start, m.node.iri))
            names = "; ".join(dict.fromkeys(m.node.label(lang) for m in mentions))
            classes = f"mention k-{primary.kind}"
            if len(mentions) > 1:
                classes += " mention-nested"
            if triggers or primary in flagged:
                classes += " has-trigger"
            href = primary.node.href
            tag = '<a class="{}" href="{}" title="{}">{}</a>' if href else None
            if tag:
                out.append(Markup(tag).format(classes, href, names, piece))
            else:
                out.append(
                    Markup('<mark class="{}" title="{}">{}</mark>').format(classes, names, piece)
                )
        elif triggers:
            names = "; ".join(dict.fromkeys(m.topic for m in triggers))
            out.append(Markup('<mark class="trigger" title="{}">{}</mark>').format(names, piece))
        else:
            out.append(piece)
    return Markup("").join(
        Markup('<mark class="verb" title="{}">{}</mark>').format(v.title, Markup("").join(group))
        if v
        else Markup("").join(group)
        for v, group in pieces
    )


def bilingual(
    zh: str,
    en: str,
    mentions: Iterable[Span],
    triggers: Mapping[str, str],
    english_names: Mapping[str, Sequence[str]],
    lang: str,
    verbs: Sequence[Verb] = (),
) -> tuple[Markup, Markup]:
    """``zh`` and ``en`` marked up with the same mentions and trigger terms.

    ``triggers``: trigger term → its topic's label (in the page language);
    ``english_names``: entity IRI → its English names; ``verbs``: coded verbs to mark in
    ``zh`` (an overlapping or out-of-range one is left unmarked).
    """
    zh_marks: list[Mark] = []
    spans: list[ZhSpan] = []
    for s in sorted(set(mentions), key=lambda s: (s.start, s.end, s.node.iri)):
        zh_marks.append(Mark(s.start, s.end, node=s.node))
        names = english_names.get(s.node.iri, ()) or (s.node.label("en"),)
        spans.append(ZhSpan(s.start, s.end, renderings_of(zh[s.start : s.end], names)))
    for start, end, term, topic in trigger_spans(zh, triggers):
        zh_marks.append(Mark(start, end, topic=topic))
        spans.append(ZhSpan(start, end, renderings_of(term)))
    en_marks = [
        Mark(hit[0], hit[1], node=m.node, topic=m.topic)
        for m, hit in zip(zh_marks, align(zh, en, spans), strict=True)
        if hit is not None
    ]
    return _render(zh, zh_marks, lang, verbs), _render(en, en_marks, lang)
