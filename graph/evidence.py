"""Part of stage 3 (assemble): what the build infers, and the evidence of topics, as triples.

Input:  a provision (``graph.parse.Sentence``), its links (``graph.link.ProvisionLinks``) and the
        lexicon (labels, and the regions above each country and region).
Output: triples added to an rdflib ``Graph``:
        - an ``xjo:InNameLink`` for each entity found only inside a longer name (中欧 in
          中欧班列), with the words and offsets and the mention of the name it was found in,
          and ``xjo:mentionsInName`` on the provision;
        - an ``xjo:ViaMemberLink`` for each region the provision reaches only through a member
          it names (中巴 → Pakistan → South Asia), with the member and the mentions of it;
        - an ``xjo:TopicAssignment`` for each topic of the provision, with every occurrence of
          a trigger term that gave it (``xjo:TriggerOccurrence``: words and offsets).
        And :func:`measure_topics`, the rule that gives a measure its topics.

Follows issue 15, points 3 and 4: a mention is a link the text makes; these are the links the
build infers, each naming what it was inferred from, so that a query can keep them apart.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from graph.link import Match, NameLink, ProvisionLinks, TopicHit
from graph.parse import Sentence
from graph.vocab import Lexicon
from ontology.namespaces import ID, OA, XJO, mention_iri, provision_iri


def _path(iri: URIRef) -> str:
    return str(iri).removeprefix(str(ID))


def in_name_iri(pid: str, part: Match) -> URIRef:
    return ID[f"inferred/{pid}-{part.start}-{part.end}/{_path(part.entity)}"]


def via_member_iri(pid: str, region: URIRef, member: URIRef) -> URIRef:
    return ID[f"inferred/{pid}/{_path(region)}/via/{_path(member)}"]


def topic_assignment_iri(pid: str, topic: URIRef) -> URIRef:
    return ID[f"topic-assignment/{pid}/{_path(topic).removeprefix('topic/')}"]


def _nni(n: int) -> Literal:
    return Literal(n, datatype=XSD.nonNegativeInteger)


def _label(lexicon: Lexicon, entity: URIRef, lang: str) -> str:
    return lexicon.pref_label(entity, lang) or _path(entity)


def add_in_name_links(
    g: Graph, sentence: Sentence, links: ProvisionLinks, names: tuple[str, str]
) -> dict[URIRef, list[URIRef]]:
    """The InNameLinks of a provision; returns entity → the links that reach it."""
    provision = provision_iri(sentence.id)
    where_zh, where_en = names
    found: dict[URIRef, list[URIRef]] = {}
    for link in links.in_name:
        part, inside = link.part, link.inside
        node = in_name_iri(sentence.id, part)
        g.add((node, RDF.type, XJO.InNameLink))
        g.add((node, XJO.linkSource, provision))
        g.add((node, XJO.linkTarget, part.entity))
        g.add((node, XJO.inferredFrom, mention_iri(sentence.id, inside.start, inside.end)))
        g.add((node, OA.exact, Literal(part.form)))
        g.add((node, OA.start, _nni(part.start)))
        g.add((node, OA.end, _nni(part.end)))
        g.add(
            (
                node,
                RDFS.label,
                Literal(f"{where_zh}：名称“{inside.form}”中的“{part.form}”", lang="zh"),
            )
        )
        g.add(
            (
                node,
                RDFS.label,
                Literal(f"“{part.form}” in the name “{inside.form}”, {where_en}", lang="en"),
            )
        )
        g.add((provision, XJO.mentionsInName, part.entity))
        found.setdefault(part.entity, []).append(node)
    return found


def add_via_member_links(
    g: Graph,
    sentence: Sentence,
    links: ProvisionLinks,
    in_name: dict[URIRef, list[URIRef]],
    lexicon: Lexicon,
    names: tuple[str, str],
) -> None:
    """A ViaMemberLink for each region above a member the provision names or has in a name,
    unless the provision names the region itself."""
    provision = provision_iri(sentence.id)
    named = {m.entity for m in links.matches}
    sources: dict[URIRef, set[URIRef]] = {}  # member → mentions / in-name links of it
    for m in links.matches:
        if m.entity in lexicon.regions:
            sources.setdefault(m.entity, set()).add(mention_iri(sentence.id, m.start, m.end))
    for entity, nodes in in_name.items():
        if entity in lexicon.regions:
            sources.setdefault(entity, set()).update(nodes)
    where_zh, where_en = names
    for member in sorted(sources):
        for region in lexicon.regions[member]:
            if region in named:
                continue
            node = via_member_iri(sentence.id, region, member)
            g.add((node, RDF.type, XJO.ViaMemberLink))
            g.add((node, XJO.linkSource, provision))
            g.add((node, XJO.linkTarget, region))
            g.add((node, XJO.viaMember, member))
            for source in sorted(sources[member]):
                g.add((node, XJO.inferredFrom, source))
            region_zh, member_zh = _label(lexicon, region, "zh"), _label(lexicon, member, "zh")
            region_en, member_en = _label(lexicon, region, "en"), _label(lexicon, member, "en")
            g.add(
                (node, RDFS.label, Literal(f"{where_zh}经由{member_zh}涉及{region_zh}", lang="zh"))
            )
            g.add(
                (node, RDFS.label, Literal(f"{region_en} via {member_en}, {where_en}", lang="en"))
            )


def add_topic_assignments(
    g: Graph, sentence: Sentence, links: ProvisionLinks, lexicon: Lexicon, names: tuple[str, str]
) -> None:
    """``xjo:hasTopic`` and a TopicAssignment with its trigger occurrences, per topic."""
    provision = provision_iri(sentence.id)
    where_zh, where_en = names
    for hit in links.topics:
        g.add((provision, XJO.hasTopic, hit.topic))
        node = topic_assignment_iri(sentence.id, hit.topic)
        g.add((node, RDF.type, XJO.TopicAssignment))
        g.add((node, XJO.assignedTo, provision))
        g.add((node, XJO.assignedTopic, hit.topic))
        topic_zh, topic_en = _label(lexicon, hit.topic, "zh"), _label(lexicon, hit.topic, "en")
        g.add((node, RDFS.label, Literal(f"{where_zh}的主题“{topic_zh}”", lang="zh")))
        g.add((node, RDFS.label, Literal(f"Topic “{topic_en}” of {where_en}", lang="en")))
        for t in hit.triggers:
            occurrence = URIRef(f"{node}/{t.start}-{t.end}")
            g.add((node, XJO.trigger, occurrence))
            g.add((occurrence, RDF.type, XJO.TriggerOccurrence))
            label_zh = f"{where_zh}第{t.start}–{t.end}字的触发词“{t.term}”"
            label_en = f"Trigger “{t.term}”, characters {t.start}–{t.end} of {where_en}"
            g.add((occurrence, RDFS.label, Literal(label_zh, lang="zh")))
            g.add((occurrence, RDFS.label, Literal(label_en, lang="en")))
            g.add((occurrence, OA.exact, Literal(t.term)))
            g.add((occurrence, OA.start, _nni(t.start)))
            g.add((occurrence, OA.end, _nni(t.end)))


def _evidence(hit: TopicHit) -> int:
    """How many places of the text give the topic: trigger occurrences, overlapping ones once
    (医药健康 and 医药 at the same place are one)."""
    count, reach = 0, -1
    for t in hit.triggers:  # in text order
        if t.start >= reach:
            count += 1
        reach = max(reach, t.end)
    return count


def measure_topics(provisions: Sequence[ProvisionLinks]) -> set[URIRef]:
    """The topics a measure substantially addresses (issue 15, point 4; ontology/vocabularies/
    README.md, "Topics of a measure"). A measure has topic T when
    (a) its title — its first provision, the measure's heading sentence — has T; or
    (b) T's triggers occur in at least two places of the measure's provisions; or
    (c) T is the only topic of one of its provisions.
    A single word in passing (科技 in 科技含量高, in a sentence about something else) is not enough.
    """
    if not provisions:
        return set()
    topics = {hit.topic for hit in provisions[0].topics}
    places: dict[URIRef, int] = {}
    for links in provisions:
        for hit in links.topics:
            places[hit.topic] = places.get(hit.topic, 0) + _evidence(hit)
        if len(links.topics) == 1:
            topics.add(links.topics[0].topic)
    topics.update(t for t, n in places.items() if n >= 2)
    return topics


def all_entities(links: Iterable[ProvisionLinks]) -> dict[URIRef, URIRef]:
    """entity → class, of everything the provisions mention or have inside a name."""
    found: dict[URIRef, URIRef] = {}
    for one in links:
        found.update((m.entity, m.cls) for m in one.matches)
        found.update((n.part.entity, n.part.cls) for n in one.in_name)
    return found


__all__ = [
    "NameLink",
    "add_in_name_links",
    "add_topic_assignments",
    "add_via_member_links",
    "all_entities",
    "measure_topics",
]
