"""Stage 2b of the build: entity linking and topic tagging, provision by provision.

Input:  provision texts (``graph.parse.Sentence``) and a :class:`graph.vocab.Lexicon`.
Output: for each provision, its :class:`Match`es (entity, layer, offsets relative to the
        provision's text, the quoted words) and its topics with the trigger terms that fired.

Follows docs/DESIGN.md, "Entity linking rule": exact substring matching of the vocabularies'
@zh labels, longest match first, no two matches overlapping — within each of the two layers,
which are matched independently (so 中哈 inside 中哈霍尔果斯国际边境合作中心 yields Kazakhstan in
layer 1 and the Horgos centre in layer 2). A provision gets topic T when its text contains any
of T's trigger terms; the terms are vocabulary data.

Pure functions: no I/O, no rdflib graph building.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib import URIRef

from graph.parse import Sentence
from graph.vocab import GEOGRAPHY, OTHER, Lexicon, SurfaceForm


@dataclass(frozen=True)
class Match:
    """One mention: ``text[start:end] == form`` in the provision's text."""

    start: int
    end: int
    form: str
    entity: URIRef
    cls: URIRef
    layer: int


@dataclass(frozen=True)
class TopicHit:
    topic: URIRef
    terms: tuple[str, ...]  # the trigger terms found in the text


@dataclass(frozen=True)
class ProvisionLinks:
    pid: str
    matches: tuple[Match, ...]
    topics: tuple[TopicHit, ...]

    def entities(self) -> list[URIRef]:
        return sorted({m.entity for m in self.matches})


def _occurrences(text: str, form: str) -> Iterable[int]:
    i = text.find(form)
    while i != -1:
        yield i
        i = text.find(form, i + 1)


def match_layer(text: str, forms: Mapping[str, tuple[SurfaceForm, ...]]) -> list[Match]:
    """Longest-first, non-overlapping exact matches of ``forms`` in ``text``, in text order.

    A span whose form names several entities (中吉乌) gives one match per entity.
    """
    spans = [(i, i + len(form), form) for form in forms if form for i in _occurrences(text, form)]
    # Longest first; among equals the leftmost, then the form itself so ties never depend on
    # the order of the vocabulary files.
    spans.sort(key=lambda span: (span[0] - span[1], span[0], span[2]))
    taken = [False] * len(text)
    chosen: list[Match] = []
    for start, end, form in spans:
        if any(taken[start:end]):
            continue
        taken[start:end] = [True] * (end - start)
        chosen.extend(Match(start, end, form, sf.entity, sf.cls, sf.layer) for sf in forms[form])
    return sorted(chosen, key=lambda m: (m.start, m.entity))


def link_text(text: str, lexicon: Lexicon) -> list[Match]:
    """The matches of both layers, ordered by position then layer."""
    matches = match_layer(text, lexicon.layer(GEOGRAPHY)) + match_layer(text, lexicon.layer(OTHER))
    return sorted(matches, key=lambda m: (m.start, m.layer, m.end, m.entity))


def topics_for(text: str, topics: Mapping[URIRef, Iterable[str]]) -> list[TopicHit]:
    """Every topic one of whose trigger terms occurs in ``text``."""
    hits = []
    for topic in sorted(topics):
        found = tuple(sorted(t for t in topics[topic] if t and t in text))
        if found:
            hits.append(TopicHit(topic, found))
    return hits


def link_provision(pid: str, text: str, lexicon: Lexicon) -> ProvisionLinks:
    return ProvisionLinks(
        pid, tuple(link_text(text, lexicon)), tuple(topics_for(text, lexicon.topics))
    )


def link_document(sentences: Iterable[Sentence], lexicon: Lexicon) -> dict[str, ProvisionLinks]:
    """Links for every provision, keyed by provision id."""
    return {s.id: link_provision(s.id, s.text, lexicon) for s in sentences}


def regions_involved(entities: Iterable[URIRef], lexicon: Lexicon) -> set[URIRef]:
    """The regions of the member countries among ``entities`` (one ``inRegion`` step)."""
    return {r for e in entities for r in lexicon.regions.get(e, ())}
