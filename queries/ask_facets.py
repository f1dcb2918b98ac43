"""The facets of a question, each with the sentences (and the characters) that carry it.

Input:  what ``queries.ask_understand`` read (a group of entities, a full-text word) and the
        search index.
Output: :class:`Facet` — the measures that have it and, provision by provision, the spans of
        the Chinese text (and of the English translation) that carry it: a mention of the
        entity or of a concept below it, a member country's mention for a region, a trigger
        term for a topic named by that term, the matched words for full text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from queries.ask_index import AskIndex, Provision
from queries.ask_understand import Group, Word


@dataclass(frozen=True)
class Facet:
    """One AND-ed condition: a group of the question, measure numbers, or a full-text term."""

    key: str  # an IRI, "measure", or "text:<word>"
    measures: frozenset[int]
    spans: dict[int, list[tuple[int, int, str, str]]]  # provision → (start, end, lang, facet)


def with_narrower(index: AskIndex, iris: tuple[str, ...]) -> frozenset[str]:
    """``iris`` and every concept below them (cross-border tourism under tourism)."""
    return frozenset(iris).union(*(index.narrower.get(i, ()) for i in iris))


def group_facet(index: AskIndex, g: Group) -> Facet:
    iris = with_narrower(index, g.iris)
    spans: dict[int, list[tuple[int, int, str, str]]] = defaultdict(list)
    vias: dict[int, set[str]] = defaultdict(set)
    for pid, evs in index.evidence.items():
        for ev in evs:
            if ev.facet not in iris or (g.trigger is not None and ev.via != g.trigger):
                continue
            if g.trigger is not None and _inside_a_name(index, pid, ev.start, ev.end):
                continue  # 进口 in 中国国际进口博览会 is the fair's name, not an import
            spans[pid].append((ev.start, ev.end, "zh", ev.facet))
            if ev.via and ev.via in index.entities:
                vias[pid].add(ev.via)
    # The same facet in the English translation (not for a trigger term: it has no English).
    for pid, found in spans.items() if g.trigger is None else ():
        text = index.provisions[pid].text_en
        for iri in (*dict.fromkeys(sp[3] for sp in found), *sorted(vias[pid])):
            facet = iri if iri in iris else found[0][3]
            for m in _english_pattern(index, iri).finditer(text) if text else ():
                found.append((m.start(), m.end(), "en", facet))
    if g.trigger is None:
        measures = frozenset(n for iri in iris for n in index.measures_of.get(iri, ()))
    else:
        measures = frozenset(m for pid in spans if (m := index.provisions[pid].measure) is not None)
    return Facet(g.iris[0] if len(g.iris) == 1 else " ".join(g.iris), measures, dict(spans))


_NO_MATCH = re.compile(r"(?!x)x")


def _english_pattern(index: AskIndex, iri: str) -> re.Pattern:
    """The English names of ``iri`` as whole words (a plural or adjectival ending allowed)."""
    key = ("en-pattern", iri)
    found = index.memo.get(key)
    if found is None:
        names = sorted(index.english_names.get(iri, ()), key=len, reverse=True)
        found = (
            re.compile(
                r"(?<![\w])(?:"
                + "|".join(re.escape(n) for n in names)
                + r")(?:s|es|n|an)?(?![\w])",
                re.IGNORECASE,
            )
            if names
            else _NO_MATCH
        )
        index.memo[key] = found
    return found


# Proper names of institutions and events: a word inside one (进口 in 中国国际进口博览会) is
# part of the name, not what the sentence is about.
NAME_KINDS = frozenset({"event", "organization", "agency"})


def _inside_a_name(index: AskIndex, pid: int, start: int, end: int) -> bool:
    """Whether a longer mention of an institution or event holds the characters ``start:end``."""
    return any(
        ev.start <= start and end <= ev.end and ev.end - ev.start > end - start
        for ev in index.evidence.get(pid, ())
        if index.entities.get(ev.facet) is not None and index.entities[ev.facet].kind in NAME_KINDS
    )


def text_facet(index: AskIndex, w: Word) -> Facet:
    hits = index.provisions_with_zh(w.text) if w.lang == "zh" else index.provisions_with_en(w.text)
    spans = {
        pid: [(s, e, w.lang, "text:" + w.text) for s, e in found] for pid, found in hits.items()
    }
    measures = frozenset(m for pid in hits if (m := index.provisions[pid].measure) is not None)
    return Facet("text:" + w.text, measures, spans)


def sentence(p: Provision) -> dict:
    return {"provision": p.iri, "sentence": p.sentence, "text_zh": p.text_zh, "text_en": p.text_en}


def evidence_item(p: Provision, facet: str | None, start: int, end: int, lang: str) -> dict:
    """One piece of an answer's evidence: the words of ``p`` (its ``lang`` text) at
    ``start``–``end``, and the facet they carry (None: words of the question, or a figure)."""
    text = p.text_zh if lang == "zh" else p.text_en
    return {"provision": p.iri, "facet": facet, "start": start, "end": end, "lang": lang,
            "words": text[start:end]}  # fmt: skip
