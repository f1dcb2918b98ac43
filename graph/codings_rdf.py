"""Part of stage 3 (assemble): the codings of ``graph.codings`` as triples.

Input:  :class:`graph.codings.Codings`, the parsed plan (for the texts), the (zh, en) names of
        where each provision stands (``graph.structure.provision_names``) and the lexicon (for
        the concepts' labels).
Output: triples added to an rdflib ``Graph``: for every coding an ``xjo:Coding`` (⊑
        ``oa:Annotation``, motivated by ``oa:classifying``) with its body, ``xjo:codingIn``,
        ``xjo:codedBy`` ("rule" or "curated"), the rule's id or the curator's reason, and a
        target with an ``oa:TextPositionSelector`` and an ``oa:TextQuoteSelector`` (offsets in the
        provision's @zh text) — a mention's shape (``graph.annotate``) without the quote's prefix
        and suffix (the offsets anchor it; they would add a tenth to the graph); on the
        provision ``xjo:hasAction`` / ``xjo:hasInstrument``; every delegation, procedure change
        and time frame as a resource of its own, ``xjo:setOutIn`` its provision.

Follows docs/DESIGN.md, "Codings". IRIs: ``coding/{pid}-{scheme}-{start}-{end}`` (+ ``/target``,
``/position``, ``/quote``); ``delegation/{pid}-{n}``, ``procedure-change/{pid}-{n}``,
``time-frame/{pid}-{n}``.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef

from graph.codings import Coding, Codings, Structure
from graph.parse import PlanDocument
from graph.vocab import Lexicon
from ontology.errors import XjftzError
from ontology.namespaces import ID, OA, XJO, mention_part_iri, provision_iri

SHORTCUT = {"action": XJO.hasAction, "instrument": XJO.hasInstrument}
KIND_NAMES = {  # zh, en
    "action": ("行动", "action"),
    "instrument": ("政策工具", "instrument"),
    "delegation": ("权限下放", "delegation"),
    "procedure": ("程序变更", "procedure change"),
    "timeframe": ("时间框架", "time frame"),
}


def coding_iri(c: Coding) -> URIRef:
    return ID[f"coding/{c.provision}-{c.scheme}-{c.start}-{c.end}"]


def _nni(n: int) -> Literal:
    return Literal(n, datatype=XSD.nonNegativeInteger)


def _zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def add_structure(g: Graph, st: Structure, where: tuple[str, str]) -> None:
    """A delegation, procedure change or time frame and the provision that sets it out."""
    kind_zh, kind_en = KIND_NAMES[st.kind]
    cls = {"delegation": XJO.Delegation, "procedure": XJO.ProcedureChange}.get(st.kind)
    g.add((st.iri, RDF.type, cls or XJO.TimeFrame))
    g.add((st.iri, XJO.setOutIn, provision_iri(st.provision)))
    g.add((st.iri, RDFS.label, Literal(f"{where[0]}的{kind_zh}：{st.quote}", lang="zh")))
    g.add((st.iri, RDFS.label, Literal(f"{kind_en.capitalize()} in {where[1]}", lang="en")))
    g.add((st.iri, RDFS.comment, Literal(st.reason, lang="en")))
    if st.kind == "delegation":
        for body in st.sources:
            g.add((st.iri, XJO.delegatedFrom, body))
        for body in st.targets:
            g.add((st.iri, XJO.delegatedTo, body))
        g.add((st.iri, XJO.delegatedPower, _zh(st.what)))
    elif st.kind == "procedure":
        if st.before:
            g.add((st.iri, XJO.procedureBefore, _zh(st.before)))
        g.add((st.iri, XJO.procedureAfter, _zh(st.after)))
        if st.what:
            g.add((st.iri, XJO.procedureScope, _zh(st.what)))
    else:
        g.add((st.iri, XJO.minYears, Literal(st.min_years, datatype=XSD.positiveInteger)))
        g.add((st.iri, XJO.maxYears, Literal(st.max_years, datatype=XSD.positiveInteger)))
        g.add((st.iri, XJO.goalText, _zh(st.what)))


def add_coding(
    g: Graph, c: Coding, text: str, where: tuple[str, str], body_names: tuple[str, str]
) -> URIRef:
    """One coding: the annotation, its target and both selectors, and the provision's shortcut."""
    provision = provision_iri(c.provision)
    coding = coding_iri(c)
    target = mention_part_iri(coding, "target")
    position = mention_part_iri(coding, "position")
    quote = mention_part_iri(coding, "quote")
    exact = text[c.start : c.end]
    g.add((coding, RDF.type, XJO.Coding))
    g.add((coding, RDF.type, OA.Annotation))
    g.add((coding, OA.motivatedBy, OA.classifying))
    g.add((coding, OA.hasBody, c.body))
    g.add((coding, OA.hasTarget, target))
    g.add((coding, XJO.codingIn, provision))
    g.add((coding, XJO.codedBy, Literal(c.by)))
    if c.rule:
        g.add((coding, XJO.codingRule, Literal(c.rule)))
    if c.reason:
        g.add((coding, RDFS.comment, Literal(c.reason, lang="en")))
    name_zh, name_en = body_names
    g.add((coding, RDFS.label, Literal(f"{where[0]}“{exact}”：{name_zh}", lang="zh")))
    g.add((coding, RDFS.label, Literal(f"“{exact}” in {where[1]}: {name_en}", lang="en")))
    where_zh, where_en = where  # every instance has labels in both languages, as mentions do
    g.add((target, RDFS.label, Literal(f"{where_zh}中的“{exact}”", lang="zh")))
    g.add((target, RDFS.label, Literal(f"“{exact}” in {where_en}", lang="en")))
    g.add((position, RDFS.label, Literal(f"{where_zh}第{c.start}–{c.end}字", lang="zh")))
    g.add((position, RDFS.label, Literal(f"Characters {c.start}–{c.end} of {where_en}", lang="en")))
    g.add((quote, RDFS.label, Literal(f"引文“{exact}”", lang="zh")))
    g.add((quote, RDFS.label, Literal(f"Quote “{exact}”", lang="en")))
    g.add((target, RDF.type, OA.SpecificResource))
    g.add((target, OA.hasSource, provision))
    g.add((target, OA.hasSelector, position))
    g.add((target, OA.hasSelector, quote))
    g.add((position, RDF.type, OA.TextPositionSelector))
    g.add((position, OA.start, _nni(c.start)))
    g.add((position, OA.end, _nni(c.end)))
    g.add((quote, RDF.type, OA.TextQuoteSelector))
    g.add((quote, OA.exact, Literal(exact)))
    if shortcut := SHORTCUT.get(c.scheme):
        g.add((provision, shortcut, c.body))
    return coding


def add_codings(
    g: Graph,
    codings: Codings,
    doc: PlanDocument,
    names: Mapping[str, tuple[str, str]],
    lexicon: Lexicon,
) -> None:
    texts = {s.id: s.text for s in doc.sentences}
    seen: set[URIRef] = set()
    kinds = {st.iri: st.kind for st in codings.structures}
    for st in codings.structures:
        add_structure(g, st, names[st.provision])
    for c in codings.codings:
        iri = coding_iri(c)
        if iri in seen:
            raise XjftzError(f"{c.provision}: two {c.scheme} codings of the same words ({iri})")
        seen.add(iri)
        if c.body in kinds:
            zh, en = KIND_NAMES[kinds[c.body]]
        else:
            zh = lexicon.pref_label(c.body, "zh") or str(c.body)
            en = lexicon.pref_label(c.body, "en") or str(c.body)
        add_coding(g, c, texts[c.provision], names[c.provision], (zh, en))
