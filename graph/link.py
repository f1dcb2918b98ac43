"""Stage 2b of the build: entity linking and topic tagging, provision by provision.

Input:  provision texts (``graph.parse.Sentence``), a :class:`graph.vocab.Lexicon` and the
        :class:`graph.exclusions.Exclusions` (contexts in which a term does not count).
Output: for each provision, its :class:`Match`es — the mentions the text makes (entity, layer,
        offsets relative to the provision's text, the quoted words) —, its :class:`NameLink`s —
        entities found only inside a longer name, which the build infers —, and its topics with
        every occurrence of the trigger terms that gave them.

Follows docs/DESIGN.md, "Entity linking rule": exact substring matching of the vocabularies'
@zh labels, longest match first, no two matches overlapping — within each of the two layers,
which are matched independently. A match that lies inside a longer name is not a mention of
its own (issue 15): 中欧 inside 中欧班列 or 亚欧 inside 中国—亚欧博览会 does not say "Europe" or
"Eurasia"; the text names the train service and the expo. Such a match becomes a NameLink to the
mention of the longer name: a geography match inside any layer-2 match, and a layer-2 match
inside a layer-2 name whose parts are worth following (not the names of agencies, places and
zones, where 新疆 inside 新疆维吾尔自治区 says nothing new). A provision gets topic T when its text
contains one of T's trigger terms outside the contexts that exclude it; the terms and the
contexts are data.

Pure functions: no I/O, no rdflib graph building.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib import URIRef

from graph.exclusions import LABEL, NONE, Exclusions, excluded
from graph.parse import Sentence
from graph.vocab import GEOGRAPHY, OTHER, Lexicon, SurfaceForm
from ontology.namespaces import XJO

# Names whose parts are not followed: an agency, place or zone is named after where it is.
OPAQUE_NAMES = frozenset(
    {XJO.Agency, XJO.Place, XJO.Zone, XJO.ZoneComponent, XJO.XPCCDivisionArea,
     XJO.ComprehensiveBondedZone}
)  # fmt: skip


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
class NameLink:
    """An entity found only inside the longer name ``inside`` (itself a mention)."""

    part: Match
    inside: Match


@dataclass(frozen=True)
class Trigger:
    term: str
    start: int
    end: int


@dataclass(frozen=True)
class TopicHit:
    topic: URIRef
    triggers: tuple[Trigger, ...]  # every counted occurrence of a trigger term, in text order

    @property
    def terms(self) -> tuple[str, ...]:
        return tuple(sorted({t.term for t in self.triggers}))


@dataclass(frozen=True)
class ProvisionLinks:
    pid: str
    matches: tuple[Match, ...]  # mentions: what the text names
    topics: tuple[TopicHit, ...]
    in_name: tuple[NameLink, ...] = ()  # inferred: entities only inside a longer name

    def entities(self) -> list[URIRef]:
        """Everything the provision links to, mentioned or inside a name."""
        return sorted({m.entity for m in self.matches} | {n.part.entity for n in self.in_name})


def _occurrences(text: str, form: str) -> Iterable[int]:
    i = text.find(form)
    while i != -1:
        yield i
        i = text.find(form, i + 1)


def match_layer(
    text: str,
    forms: Mapping[str, tuple[SurfaceForm, ...]],
    exclusions: Exclusions = NONE,
    *,
    shorter_than: int | None = None,
    besides: URIRef | None = None,
) -> list[Match]:
    """Longest-first, non-overlapping exact matches of ``forms`` in ``text``, in text order.

    A span whose form names several entities (中吉乌) gives one match per entity. A form inside
    one of its excluding contexts (合资 in 符合资质) is not matched. To find the parts of a name
    inside it, ``shorter_than`` keeps only shorter forms and ``besides`` leaves out the forms of
    the named entity itself.
    """
    spans = [
        (i, i + len(form), form)
        for form in forms
        if form and (shorter_than is None or len(form) < shorter_than)
        if besides is None or any(sf.entity != besides for sf in forms[form])
        for i in _occurrences(text, form)
        if not excluded(text, i, i + len(form), exclusions.contexts(LABEL, form))
    ]
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


def _container(m: Match, names: list[Match]) -> Match | None:
    for n in names:
        if n.start <= m.start and m.end <= n.end and (n.start, n.end) != (m.start, m.end):
            return n
    return None


def link_spans(
    text: str, lexicon: Lexicon, exclusions: Exclusions = NONE
) -> tuple[list[Match], list[NameLink]]:
    """The mentions of both layers (by position, then layer) and the entities inside names."""
    names = match_layer(text, lexicon.layer(OTHER), exclusions)
    mentions = list(names)
    in_name: list[NameLink] = []
    for m in match_layer(text, lexicon.layer(GEOGRAPHY), exclusions):
        inside = _container(m, names)
        if inside is None:
            mentions.append(m)
        else:
            in_name.append(NameLink(m, inside))
    others = lexicon.layer(OTHER)
    for name in names:
        if name.cls in OPAQUE_NAMES:
            continue
        part_text = text[name.start : name.end]
        found = match_layer(
            part_text, others, exclusions, shorter_than=len(name.form), besides=name.entity
        )
        for part in found:
            shifted = Match(
                part.start + name.start, part.end + name.start, part.form, part.entity,
                part.cls, part.layer,
            )  # fmt: skip
            in_name.append(NameLink(shifted, name))
    mentions.sort(key=lambda m: (m.start, m.layer, m.end, m.entity))
    in_name.sort(key=lambda n: (n.part.start, n.part.layer, n.part.end, n.part.entity))
    return mentions, in_name


def link_text(text: str, lexicon: Lexicon, exclusions: Exclusions = NONE) -> list[Match]:
    """The mentions of both layers, ordered by position then layer (no matches inside names)."""
    return link_spans(text, lexicon, exclusions)[0]


def topics_for(
    text: str, topics: Mapping[URIRef, Iterable[str]], exclusions: Exclusions = NONE
) -> list[TopicHit]:
    """Every topic one of whose trigger terms occurs in ``text`` outside an excluding context."""
    hits = []
    for topic in sorted(topics):
        triggers = sorted(
            (
                Trigger(term, i, i + len(term))
                for term in set(topics[topic])
                if term
                for i in _occurrences(text, term)
                if not excluded(text, i, i + len(term), exclusions.contexts(str(topic), term))
            ),
            key=lambda t: (t.start, t.end, t.term),
        )
        if triggers:
            hits.append(TopicHit(topic, tuple(triggers)))
    return hits


def link_provision(
    pid: str, text: str, lexicon: Lexicon, exclusions: Exclusions = NONE
) -> ProvisionLinks:
    mentions, in_name = link_spans(text, lexicon, exclusions)
    topics = topics_for(text, lexicon.topics, exclusions)
    return ProvisionLinks(pid, tuple(mentions), tuple(topics), tuple(in_name))


def link_document(
    sentences: Iterable[Sentence], lexicon: Lexicon, exclusions: Exclusions = NONE
) -> dict[str, ProvisionLinks]:
    """Links for every provision, keyed by provision id."""
    return {s.id: link_provision(s.id, s.text, lexicon, exclusions) for s in sentences}


def regions_involved(entities: Iterable[URIRef], lexicon: Lexicon) -> set[URIRef]:
    """Every region above the countries and regions among ``entities`` (transitively)."""
    return {r for e in entities for r in lexicon.regions.get(e, ())}
