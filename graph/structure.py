"""Part of stage 3 (assemble): the plan's structure as triples.

Input:  a :class:`graph.parse.PlanDocument` and the English texts (``id`` → en; ids as in
        ``graph/sources/translation.en.tsv``, loaded and checked by ``graph.translation``).
Output: triples for the plan and its Chinese/English ELI expressions, the parts, their headed
        sections and task groups, the measures and every provision — titles, numbers, texts,
        offsets, ``eli:is_part_of``/``eli:has_part`` and the ``xjo:isPartOf`` closure, labels;
        and ``containers()``: which provisions each unit holds, for aggregating links.

Follows docs/DESIGN.md, "Instance IRIs" and "Properties: Structure".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from graph.parse import Heading, Measure, PlanDocument, Section, Sentence
from ontology.errors import XjftzError
from ontology.namespaces import (
    ELI,
    LANG,
    PLAN,
    XJO,
    expression_iri,
    measure_iri,
    part_iri,
    provision_iri,
    section_iri,
    task_group_iri,
)

LEGAL_VALUE = {"zh": ELI["LegalValue-authoritative"], "en": ELI["LegalValue-unofficial"]}
LANGUAGE = {"zh": LANG.ZHO, "en": LANG.ENG}


class TranslationMissing(XjftzError):
    """A unit of the plan has no English text."""


@dataclass(frozen=True)
class Unit:
    """A unit of the plan that holds provisions: its IRI, its parent, its provisions."""

    iri: URIRef
    parent: URIRef | None
    provisions: tuple[str, ...]


def _int(n: int, datatype: URIRef = XSD.integer) -> Literal:
    return Literal(n, datatype=datatype)


def _numeral(doc: PlanDocument, heading: Heading) -> str:
    """A section's numeral as written, e.g. "（三）": the words before its title on its line."""
    line_start = doc.text.rfind("\n", 0, heading.start) + 1
    return doc.text[line_start : heading.start].strip()


class _Builder:
    def __init__(self, g: Graph, doc: PlanDocument, english: Mapping[str, str]) -> None:
        self.g, self.doc, self.english = g, doc, english

    def en(self, key: str) -> str:
        try:
            return self.english[key]
        except KeyError:
            raise TranslationMissing(f"no English text for “{key}”") from None

    def titled(self, node: URIRef, zh: str, en: str, label_zh: str, label_en: str) -> None:
        self.g.add((node, DCTERMS.title, Literal(zh, lang="zh")))
        self.g.add((node, RDFS.label, Literal(label_zh, lang="zh")))
        self.g.add((node, DCTERMS.title, Literal(en, lang="en")))
        self.g.add((node, RDFS.label, Literal(label_en.format(en=en), lang="en")))

    def part_of(self, node: URIRef, ancestors: list[URIRef]) -> None:
        """``eli:is_part_of`` the first ancestor (``eli:has_part`` back), ``xjo:isPartOf`` all."""
        self.g.add((node, ELI.is_part_of, ancestors[0]))
        self.g.add((ancestors[0], ELI.has_part, node))
        for a in ancestors:
            self.g.add((node, XJO.isPartOf, a))

    def plan(self) -> None:
        g, doc = self.g, self.doc
        zh, en = doc.title.text, self.en("plan")
        g.add((PLAN, RDF.type, XJO.Plan))
        self.titled(PLAN, zh, en, zh, "{en}")
        labels = {
            "zh": (f"{zh}（中文，作准文本）", f"{en} (Chinese text, authoritative)"),
            "en": (f"{zh}（英文译本，非官方）", f"{en} (English, unofficial translation)"),
        }
        for lang, title in (("zh", zh), ("en", en)):
            expr = expression_iri(lang)
            g.add((expr, RDF.type, ELI.LegalExpression))
            g.add((expr, ELI.realizes, PLAN))
            g.add((PLAN, ELI.is_realized_by, expr))
            g.add((expr, ELI.language, LANGUAGE[lang]))
            g.add((expr, ELI.legal_value, LEGAL_VALUE[lang]))
            g.add((expr, ELI.title, Literal(title, lang=lang)))
            g.add((expr, RDFS.label, Literal(labels[lang][0], lang="zh")))
            g.add((expr, RDFS.label, Literal(labels[lang][1], lang="en")))

    def section(self, s: Section, part: URIRef, part_numeral: str) -> URIRef:
        g = self.g
        iri = task_group_iri(s.ordinal) if s.is_task_group else section_iri(s.part, s.ordinal)
        g.add((iri, RDF.type, XJO.TaskGroup if s.is_task_group else XJO.Section))
        g.add((iri, XJO.ordinal, _int(s.ordinal)))
        numeral = _numeral(self.doc, s.heading)
        g.add((iri, ELI.number, Literal(numeral)))
        kind_en = "Task group" if s.is_task_group else f"Part {s.part}, section"
        label_zh = f"{part_numeral}、{numeral}{s.title}"
        self.titled(iri, s.title, self.en(s.id), label_zh, f"{kind_en} {s.ordinal}: {{en}}")
        self.part_of(iri, [part, PLAN])
        return iri

    def measure(self, m: Measure, group: URIRef) -> URIRef:
        g = self.g
        iri = measure_iri(m.number)
        g.add((iri, RDF.type, XJO.Measure))
        g.add((iri, XJO.measureNumber, _int(m.number)))
        g.add((iri, ELI.number, Literal(str(m.number))))
        self.titled(
            iri, m.title, self.measure_title_en(m), f"{m.number}. {m.title}", f"{m.number}. {{en}}"
        )
        self.part_of(iri, [group, part_iri(3), PLAN])
        return iri

    def measure_title_en(self, m: Measure) -> str:
        """The translation of the measure's first sentence, which is its title plus 。."""
        first = m.sentences[0]
        if first.text != m.title + "。":
            raise XjftzError(
                f"{first.id}: the first sentence of measure {m.number} is not its title"
            )
        return self.en(first.id).strip().removesuffix(".")

    def provision(self, s: Sentence, ancestors: list[URIRef], names: tuple[str, str]) -> None:
        g = self.g
        iri = provision_iri(s.id)
        g.add((iri, RDF.type, XJO.Provision))
        g.add((iri, XJO.text, Literal(s.text, lang="zh")))
        g.add((iri, XJO.text, Literal(self.en(s.id), lang="en")))
        g.add((iri, XJO.sentenceNumber, _int(s.number, XSD.positiveInteger)))
        g.add((iri, XJO.sequence, _int(s.sequence, XSD.positiveInteger)))
        g.add((iri, XJO.startOffset, _int(s.start, XSD.nonNegativeInteger)))
        g.add((iri, XJO.endOffset, _int(s.end, XSD.nonNegativeInteger)))
        g.add((iri, XJO.sourceLine, _int(s.line, XSD.positiveInteger)))
        g.add((iri, RDFS.label, Literal(names[0], lang="zh")))
        g.add((iri, RDFS.label, Literal(names[1], lang="en")))
        self.part_of(iri, ancestors)


def provision_names(doc: PlanDocument) -> dict[str, tuple[str, str]]:
    """A (zh, en) name of where each provision stands: ("措施16第3句", "measure 16, sentence 3")."""
    names: dict[str, tuple[str, str]] = {}
    for s in doc.preamble:
        names[s.id] = (f"序言第{s.number}句", f"preamble, sentence {s.number}")
    for part in doc.parts:
        for s in part.sentences:
            names[s.id] = (
                f"{part.numeral}、第{s.number}句",
                f"part {part.ordinal}, sentence {s.number}",
            )
        for sec in part.sections:
            for s in sec.sentences:
                names[s.id] = (
                    f"{part.numeral}、{_numeral(doc, sec.heading)}第{s.number}句",
                    f"part {part.ordinal}, section {sec.ordinal}, sentence {s.number}",
                )
    for m in doc.measures:
        for s in m.sentences:
            names[s.id] = (
                f"措施{m.number}第{s.number}句",
                f"measure {m.number}, sentence {s.number}",
            )
    return names


def add_structure(g: Graph, doc: PlanDocument, english: Mapping[str, str]) -> list[Unit]:
    """Add the plan's structure to ``g``; return the units that hold provisions."""
    b = _Builder(g, doc, english)
    names = provision_names(doc)
    b.plan()
    units: list[Unit] = []
    for s in doc.preamble:
        b.provision(s, [PLAN], names[s.id])
    for part in doc.parts:
        piri = part_iri(part.ordinal)
        g.add((piri, RDF.type, XJO.Part))
        g.add((piri, XJO.ordinal, _int(part.ordinal)))
        g.add((piri, ELI.number, Literal(part.numeral)))
        b.titled(
            piri,
            part.title,
            b.en(part.id),
            f"{part.numeral}、{part.title}",
            f"Part {part.ordinal}: {{en}}",
        )
        b.part_of(piri, [PLAN])
        held: list[str] = []
        for s in part.sentences:
            b.provision(s, [piri, PLAN], names[s.id])
            held.append(s.id)
        for sec in part.sections:
            siri = b.section(sec, piri, part.numeral)
            in_section: list[str] = []
            for s in sec.sentences:
                b.provision(s, [siri, piri, PLAN], names[s.id])
                in_section.append(s.id)
            for m in (m for m in doc.measures if sec.is_task_group and m.task_group == sec.ordinal):
                miri = b.measure(m, siri)
                for s in m.sentences:
                    b.provision(s, [miri, siri, piri, PLAN], names[s.id])
                units.append(Unit(miri, siri, tuple(s.id for s in m.sentences)))
                in_section.extend(s.id for s in m.sentences)
            units.append(Unit(siri, piri, tuple(in_section)))
            held.extend(in_section)
        units.append(Unit(piri, PLAN, tuple(held)))
    return units


def add_source(g: Graph, source: URIRef, filename: str) -> None:
    """The source file as a ``prov:Entity`` that every provision is derived from."""
    g.add((source, RDF.type, PROV.Entity))
    g.add((source, DCTERMS.title, Literal(filename)))
    g.add((source, DCTERMS.format, Literal("text/markdown")))
    g.add((source, RDFS.label, Literal(f"方案原文（{filename}）", lang="zh")))
    g.add((source, RDFS.label, Literal(f"Source text of the plan ({filename})", lang="en")))
    for provision in sorted(g.subjects(RDF.type, XJO.Provision)):
        g.add((provision, PROV.wasDerivedFrom, source))
