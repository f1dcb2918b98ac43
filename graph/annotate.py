"""Part of stage 3 (assemble): mentions as Web Annotations, and links aggregated upwards.

Input:  the provisions (``graph.parse.Sentence``), their links (``graph.link.ProvisionLinks``),
        the lexicon (classes of entities, regions of countries) and the containers each
        provision belongs to.
Output: triples added to an rdflib ``Graph``: for each mention an ``xjo:Mention`` with its
        body, target, ``oa:TextPositionSelector`` and ``oa:TextQuoteSelector`` (offsets within
        the provision's @zh text) — all IRIs, no blank nodes; ``xjo:mentions`` and its typed
        sub-property on the provision; ``xjo:hasTopic`` on the provision; and on every
        measure, section, task group and part the union of its provisions' links as
        ``xjo:involves`` (+ typed sub-property), the regions of the member countries it
        mentions, and the union of their topics.

Follows docs/DESIGN.md, "Mentions and links" and "What the published graph materialises"
(super-properties next to typed sub-properties; regions of mentioned member countries).
graph/codings_rdf.py gives a coding's target the same shape (selectors, labels in both
languages): a deliberate parallel, each kind of annotation writes its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from graph import evidence
from graph.link import Match, ProvisionLinks
from graph.parse import Sentence
from graph.vocab import Lexicon
from ontology.namespaces import OA, XJO, mention_iri, mention_part_iri, provision_iri

QUOTE_CONTEXT = 10  # characters of prefix/suffix kept in a TextQuoteSelector

MENTIONS_BY_CLASS: dict[URIRef, tuple[URIRef, URIRef]] = {
    XJO.Country: (XJO.mentionsCountry, XJO.involvesCountry),
    XJO.Region: (XJO.mentionsRegion, XJO.involvesRegion),
    XJO.Place: (XJO.mentionsPlace, XJO.involvesPlace),
    XJO.Agency: (XJO.mentionsAgency, XJO.involvesAgency),
    XJO.Organization: (XJO.mentionsOrganization, XJO.involvesOrganization),
    XJO.Mechanism: (XJO.mentionsMechanism, XJO.involvesMechanism),
    XJO.Initiative: (XJO.mentionsInitiative, XJO.involvesInitiative),
    XJO.Event: (XJO.mentionsEvent, XJO.involvesEvent),
    XJO.Industry: (XJO.mentionsIndustry, XJO.involvesIndustry),
    XJO.Zone: (XJO.mentionsZone, XJO.involvesZone),
}


def _nni(n: int) -> Literal:
    return Literal(n, datatype=XSD.nonNegativeInteger)


def add_mention(g: Graph, sentence: Sentence, span: list[Match], names: tuple[str, str]) -> URIRef:
    """One mention of a span: the annotation (one body per entity), target and both selectors.

    ``span`` holds the matches of one span (several only for joint abbreviations like 中吉乌);
    ``names`` is a (zh, en) description of where the provision stands, for the labels.
    """
    pid, text = sentence.id, sentence.text
    m = span[0]
    provision = provision_iri(pid)
    mention = mention_iri(pid, m.start, m.end)
    target = mention_part_iri(mention, "target")
    position = mention_part_iri(mention, "position")
    quote = mention_part_iri(mention, "quote")
    where_zh, where_en = names
    g.add((mention, RDF.type, XJO.Mention))
    g.add((mention, RDF.type, OA.Annotation))
    g.add((mention, OA.motivatedBy, OA.identifying))
    for match in span:
        g.add((mention, OA.hasBody, match.entity))
    g.add((mention, OA.hasTarget, target))
    g.add((mention, XJO.mentionIn, provision))
    g.add((mention, RDFS.label, Literal(f"{where_zh}提及“{m.form}”", lang="zh")))
    g.add((mention, RDFS.label, Literal(f"Mention of “{m.form}” in {where_en}", lang="en")))
    g.add((target, RDF.type, OA.SpecificResource))
    g.add((target, OA.hasSource, provision))
    g.add((target, OA.hasSelector, position))
    g.add((target, OA.hasSelector, quote))
    g.add((target, RDFS.label, Literal(f"{where_zh}中的“{m.form}”", lang="zh")))
    g.add((target, RDFS.label, Literal(f"“{m.form}” in {where_en}", lang="en")))
    g.add((position, RDF.type, OA.TextPositionSelector))
    g.add((position, OA.start, _nni(m.start)))
    g.add((position, OA.end, _nni(m.end)))
    g.add((position, RDFS.label, Literal(f"{where_zh}第{m.start}–{m.end}字", lang="zh")))
    g.add((position, RDFS.label, Literal(f"Characters {m.start}–{m.end} of {where_en}", lang="en")))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, Literal(m.form)))
    if prefix := text[max(0, m.start - QUOTE_CONTEXT) : m.start]:
        g.add((quote, OA.prefix, Literal(prefix)))
    if suffix := text[m.end : m.end + QUOTE_CONTEXT]:
        g.add((quote, OA.suffix, Literal(suffix)))
    g.add((quote, RDFS.label, Literal(f"引文“{m.form}”", lang="zh")))
    g.add((quote, RDFS.label, Literal(f"Quote “{m.form}”", lang="en")))
    return mention


def add_provision_links(
    g: Graph, sentence: Sentence, links: ProvisionLinks, names: tuple[str, str], lexicon: Lexicon
) -> None:
    """Mentions, ``xjo:mentions`` (+ typed), the links the build infers and the topics (with
    their evidence) of one provision."""
    provision = provision_iri(sentence.id)
    spans: dict[tuple[int, int], list[Match]] = {}
    for m in links.matches:
        if sentence.text[m.start : m.end] != m.form:
            raise AssertionError(f"{sentence.id}: match {m} does not quote the text")  # a bug
        spans.setdefault((m.start, m.end), []).append(m)
        g.add((provision, XJO.mentions, m.entity))
        if typed := MENTIONS_BY_CLASS.get(m.cls):
            g.add((provision, typed[0], m.entity))
    for key in sorted(spans):
        add_mention(g, sentence, spans[key], names)
    in_name = evidence.add_in_name_links(g, sentence, links, names)
    evidence.add_via_member_links(g, sentence, links, in_name, lexicon, names)
    evidence.add_topic_assignments(g, sentence, links, lexicon, names)


def add_aggregates(
    g: Graph,
    container: URIRef,
    provision_links: Iterable[ProvisionLinks],
    lexicon: Lexicon,
    *,
    topics: Iterable[URIRef] = (),
) -> None:
    """``xjo:involves`` (and ``xjo:hasTopic`` for ``topics``) on a unit of the plan.

    ``involves`` rolls up everything the unit's provisions mention or have inside a name, and
    the regions above the countries and regions among them; the plan itself gets ``involves``
    only (the ontology's ``hasTopic`` is for provisions, measures, sections and parts).
    """
    entities = evidence.all_entities(provision_links)
    for entity in sorted(entities):
        g.add((container, XJO.involves, entity))
        if typed := MENTIONS_BY_CLASS.get(entities[entity]):
            g.add((container, typed[1], entity))
    for region in sorted({r for e in entities for r in lexicon.regions.get(e, ())}):
        g.add((container, XJO.involves, region))
        g.add((container, XJO.involvesRegion, region))
    for topic in sorted(set(topics)):
        g.add((container, XJO.hasTopic, topic))
