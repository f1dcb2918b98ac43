"""One synthetic plan as N-Triples, built the way graph/structure.py and graph/annotate.py work.

Input:  a plan key (``s0007``), the :class:`bench.template.Template`, the shared
        :class:`bench.synthetic_vocab.Vocabulary` and a seeded ``random.Random``.
Output: :meth:`PlanWriter.build` — the plan's triples as N-Triples lines, without duplicates:
        plan and expressions, source, parts, sections, task groups, measures, provisions (real
        sentences, re-pointed mentions), Web Annotation mentions, topics, aggregated links, the
        FTZ and its zones with areas, components and functions, responsible agencies.

See ``bench/synthetic.py`` for the IRI patterns and what is real and what is drawn at random.
"""

from __future__ import annotations

import hashlib
import random

from bench import ID
from bench.synthetic_vocab import (
    RDF_TYPE,
    RDFS_LABEL,
    Vocabulary,
    cn_number,
    iri,
    lit,
    namespace,
    xjo,
)
from bench.synthetic_zones import add_zone_functions, add_zones
from bench.template import Entity, Sentence, Template

ELI = "http://data.europa.eu/eli/ontology#"
OA = "http://www.w3.org/ns/oa#"
PROV_DERIVED = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
DCT = "http://purl.org/dc/terms/"
PART_NUMERALS = "一二三四"
LANGUAGE = {
    "zh": "http://publications.europa.eu/resource/authority/language/ZHO",
    "en": "http://publications.europa.eu/resource/authority/language/ENG",
}
LEGAL_VALUE = {"zh": "LegalValue-authoritative", "en": "LegalValue-unofficial"}
LINKED = ("Country", "Region", "Place", "Agency", "Organization", "Mechanism", "Initiative")
# class → (mentions sub-property, involves sub-property), as in graph/annotate.py
TYPED = {c: (f"mentions{c}", f"involves{c}") for c in (*LINKED, "Event", "Industry", "Zone")}
SUBSTITUTE = 0.5  # share of (non-overlapping, single-entity) mentions re-pointed


eli = namespace(ELI)
oa = namespace(OA)
spdx = namespace("http://spdx.org/rdf/terms#")
dct = namespace(DCT)


class Links:
    """What a provision links to: entities (IRI → class) and topics."""

    def __init__(self) -> None:
        self.entities: dict[str, str] = {}
        self.topics: set[str] = set()

    def update(self, other: Links) -> None:
        self.entities.update(other.entities)
        self.topics |= other.topics


class PlanWriter:
    def __init__(self, key: str, t: Template, vocab: Vocabulary, rng: random.Random) -> None:
        self.key, self.t, self.vocab, self.rng = key, t, vocab, rng
        self.out: dict[str, None] = {}
        self.plan = iri(ID + f"plan/synthetic-{key}")
        self.source = iri(ID + f"source/synthetic-{key}.zh.md")
        self.sequence = 0
        self.offset = 0
        self.zones: list[Entity] = []
        self.bonded: list[Entity] = []
        self.function_provisions: list[str] = []
        self.all_links = Links()

    def add(self, s: str, p: str, o: str) -> None:
        self.out[f"{s} {p} {o} ."] = None

    # Structure -----------------------------------------------------------------------------

    def titled(self, node: str, zh: str, en: str, label_zh: str, label_en: str) -> None:
        self.add(node, dct("title"), lit(zh, "zh"))
        self.add(node, dct("title"), lit(en, "en"))
        self.add(node, RDFS_LABEL, lit(label_zh, "zh"))
        self.add(node, RDFS_LABEL, lit(label_en, "en"))

    def numbered(self, node: str, cls: str, ordinal: int, number: str, by: str = "ordinal") -> None:
        """A unit's class, its ordinal (``xjo:ordinal``, a measure's ``xjo:measureNumber``) and
        its printed number (``eli:number``)."""
        self.add(node, RDF_TYPE, xjo(cls))
        self.add(node, xjo(by), lit(str(ordinal), datatype="integer"))
        self.add(node, eli("number"), lit(number))

    def part_of(self, node: str, ancestors: list[str]) -> None:
        self.add(node, eli("is_part_of"), ancestors[0])
        self.add(ancestors[0], eli("has_part"), node)
        for a in ancestors:
            self.add(node, xjo("isPartOf"), a)

    def pick(self, kind: str) -> Sentence:
        return self.rng.choice(self.t.sentences[kind])

    def build(self) -> list[str]:
        add_zones(self)
        self.header()
        for n in range(1, self.rng.randint(1, 3) + 1):
            self.provision(
                f"preamble-{n}", self.pick("preamble"), n, [self.plan], "序言", "preamble"
            )
        self.part(1, [("section", self.rng.randint(1, 4)), ("section", self.rng.randint(1, 4))])
        self.part(2, [("section", self.rng.randint(1, 2)), ("functions", self.rng.randint(2, 4))])
        add_zone_functions(self)
        self.part_three()
        self.part(4, [], own=self.rng.randint(6, 12))
        self.aggregate(self.plan, self.all_links, topics=False)
        return list(self.out)

    def header(self) -> None:
        place = self.zones[0]
        zh = f"中国（{place.zh.removesuffix('片区')}）自由贸易试验区总体方案（合成{self.key}）"
        en = f"Master Plan of a Synthetic Pilot Free Trade Zone ({self.key})"
        self.add(self.plan, RDF_TYPE, xjo("Plan"))
        self.titled(self.plan, zh, en, zh, en)
        for lang, title in (("zh", zh), ("en", en)):
            expr = iri(ID + f"plan/synthetic-{self.key}/{lang}")
            self.add(expr, RDF_TYPE, eli("LegalExpression"))
            self.add(expr, eli("realizes"), self.plan)
            self.add(self.plan, eli("is_realized_by"), expr)
            self.add(expr, eli("title"), lit(title, lang))
            self.add(expr, eli("language"), iri(LANGUAGE[lang]))
            self.add(expr, eli("legal_value"), eli(LEGAL_VALUE[lang]))
            self.add(expr, RDFS_LABEL, lit(f"{zh}（{lang}）", "zh"))
            self.add(expr, RDFS_LABEL, lit(f"{en} ({lang})", "en"))
        name = f"synthetic-{self.key}.zh.md"
        self.add(self.source, RDF_TYPE, "<http://www.w3.org/ns/prov#Entity>")
        self.add(self.source, dct("title"), lit(name))
        self.add(self.source, dct("format"), lit("text/markdown"))
        self.add(self.source, RDFS_LABEL, lit(f"方案原文（{name}）", "zh"))
        self.add(self.source, RDFS_LABEL, lit(f"Source text of the plan ({name})", "en"))
        checksum = iri(ID + f"source/{name}/sha256")
        digest = hashlib.sha256(name.encode()).hexdigest()  # no file: a stand-in value
        self.add(self.source, spdx("checksum"), checksum)
        self.add(checksum, RDF_TYPE, spdx("Checksum"))
        self.add(checksum, spdx("algorithm"), spdx("checksumAlgorithm_sha256"))
        self.add(checksum, spdx("checksumValue"), lit(digest, datatype="hexBinary"))
        for lang in ("zh", "en"):
            self.add(checksum, RDFS_LABEL, lit(f"sha256 {digest}", lang))

    def part(self, n: int, sections: list[tuple[str, int]], own: int = 0) -> Links:
        node = iri(ID + f"part/{self.key}-{n}")
        title = self.rng.choice(
            [x for x in self.t.titles["Part"] if x[0] == n] or self.t.titles["Part"]
        )
        numeral = PART_NUMERALS[n - 1]
        self.numbered(node, "Part", n, numeral)
        self.titled(node, title[1], title[2], f"{numeral}、{title[1]}", f"Part {n}: {title[2]}")
        self.part_of(node, [self.plan])
        held = Links()
        for s in range(1, own + 1):
            where = (f"{numeral}、第{s}句", f"part {n}, sentence {s}")
            held.update(
                self.provision(f"part-{n}-{s}", self.pick("part"), s, [node, self.plan], *where)
            )
        for k, (kind, count) in enumerate(sections, 1):
            held.update(self.section(n, k, count, node, numeral, functions=kind == "functions"))
        self.aggregate(node, held)
        return held

    def section(
        self, part: int, k: int, count: int, parent: str, part_numeral: str, *, functions: bool
    ) -> Links:
        node = iri(ID + f"section/{self.key}-{part}-{k}")
        _, zh, en = self.rng.choice(self.t.titles["Section"])
        numeral = f"（{cn_number(k)}）"
        self.numbered(node, "Section", k, numeral)
        self.titled(
            node, zh, en, f"{part_numeral}、{numeral}{zh}", f"Part {part}, section {k}: {en}"
        )
        self.part_of(node, [parent, self.plan])
        held = Links()
        for s in range(1, count + 1):
            pid = f"section-{part}-{k}-{s}"
            where = (f"{part_numeral}、{numeral}第{s}句", f"part {part}, section {k}, sentence {s}")
            held.update(
                self.provision(pid, self.pick("section"), s, [node, parent, self.plan], *where)
            )
            if functions:
                self.function_provisions.append(pid)
        self.aggregate(node, held)
        return held

    def part_three(self) -> None:
        node = iri(ID + f"part/{self.key}-3")
        groups = self.rng.randint(6, 8)
        measures = self.rng.randint(max(18, groups), 25)
        cuts = sorted(self.rng.sample(range(1, measures), groups - 1))
        bounds = list(zip([0, *cuts], [*cuts, measures], strict=True))
        title = next(x for x in self.t.titles["Part"] if x[0] == 3)
        self.numbered(node, "Part", 3, "三")
        self.titled(node, title[1], title[2], f"三、{title[1]}", f"Part 3: {title[2]}")
        self.part_of(node, [self.plan])
        held = Links()
        for g, (lo, hi) in enumerate(bounds, 1):
            tg = iri(ID + f"task-group/{self.key}-{g}")
            _, zh, en = self.rng.choice(self.t.titles["TaskGroup"])
            numeral = f"（{cn_number(g)}）"
            self.numbered(tg, "TaskGroup", g, numeral)
            self.titled(tg, zh, en, f"三、{numeral}{zh}", f"Task group {g}: {en}")
            self.part_of(tg, [node, self.plan])
            in_group = Links()
            for m in range(lo + 1, hi + 1):
                in_group.update(self.measure(m, tg, node))
            self.aggregate(tg, in_group)
            held.update(in_group)
        self.aggregate(node, held)

    def measure(self, n: int, group: str, part: str) -> Links:
        node = iri(ID + f"measure/{self.key}-{n}")
        first = self.pick("measure-title")
        title_zh, title_en = first.zh.removesuffix("。"), first.en.strip().removesuffix(".")
        self.numbered(node, "Measure", n, str(n), by="measureNumber")
        self.titled(node, title_zh, title_en, f"{n}. {title_zh}", f"{n}. {title_en}")
        self.part_of(node, [group, part, self.plan])
        held = Links()
        body = round(self.rng.triangular(1, 12, 4))
        for s in range(1, body + 2):
            sentence = first if s == 1 else self.pick("measure")
            where = (f"措施{n}第{s}句", f"measure {n}, sentence {s}")
            ancestors = [node, group, part, self.plan]
            held.update(self.provision(f"measure-{n}-{s}", sentence, s, ancestors, *where))
        self.aggregate(node, held)
        return held

    # Provisions and mentions ---------------------------------------------------------------

    def provision(
        self,
        pid: str,
        real: Sentence,
        number: int,
        ancestors: list[str],
        where_zh: str,
        where_en: str,
    ) -> Links:
        full = f"{self.key}-{pid}"
        node = iri(ID + f"provision/{full}")
        text, mentions = self.adapt(real)
        self.sequence += 1
        start, self.offset = self.offset, self.offset + len(text) + 1
        add = self.add
        add(node, RDF_TYPE, xjo("Provision"))
        add(node, xjo("text"), lit(text, "zh"))
        add(node, xjo("text"), lit(real.en, "en"))
        add(node, xjo("sentenceNumber"), lit(str(number), datatype="positiveInteger"))
        add(node, xjo("sequence"), lit(str(self.sequence), datatype="positiveInteger"))
        add(node, xjo("startOffset"), lit(str(start), datatype="nonNegativeInteger"))
        add(node, xjo("endOffset"), lit(str(start + len(text)), datatype="nonNegativeInteger"))
        add(node, xjo("sourceLine"), lit(str(self.sequence + 2), datatype="positiveInteger"))
        add(node, RDFS_LABEL, lit(where_zh, "zh"))
        add(node, RDFS_LABEL, lit(where_en, "en"))
        add(node, PROV_DERIVED, self.source)
        self.part_of(node, ancestors)
        links = Links()
        for s, e, bodies in mentions:
            self.mention(full, node, text, s, e, bodies, (where_zh, where_en))
            for entity, cls in bodies:
                links.entities[entity] = cls
                add(node, xjo("mentions"), iri(entity))
                if cls in TYPED:
                    add(node, xjo(TYPED[cls][0]), iri(entity))
        for topic, words in self.t.triggers.items():
            if any(w in text for w in words):
                links.topics.add(topic)
                add(node, xjo("hasTopic"), iri(topic))
        for _ in real.agencies:  # as many as the real sentence has, drawn from the vocabulary
            agency = self.rng.choice(self.vocab.entities["Agency"])
            add(node, xjo("responsibleAgency"), iri(agency.iri))
        self.all_links.update(links)
        return links

    def adapt(self, real: Sentence) -> tuple[str, list[tuple[int, int, list[tuple[str, str]]]]]:
        """The sentence's @zh text with some mentions re-pointed; mentions with new offsets."""
        spans = [(m.start, m.end) for m in real.mentions]
        pieces, cursor, shift = [], 0, 0
        out = []
        for m in real.mentions:
            alone = sum(1 for s, e in spans if s < m.end and m.start < e) == 1
            cls = m.bodies[0][1]
            own = {"Zone": self.zones, "ComprehensiveBondedZone": self.bonded}.get(cls)
            pool = own or self.vocab.entities.get(cls)
            chance = own is not None or self.rng.random() < SUBSTITUTE
            if alone and len(m.bodies) == 1 and pool and chance:
                new = self.rng.choice(pool)
                pieces += [real.zh[cursor : m.start], new.zh]
                start = m.start + shift
                shift += len(new.zh) - (m.end - m.start)
                cursor = m.end
                out.append((start, start + len(new.zh), [(new.iri, cls)]))
            else:
                out.append((m.start + shift, m.end + shift, list(m.bodies)))
        text = "".join([*pieces, real.zh[cursor:]])
        return text, out

    def mention(
        self,
        pid: str,
        provision: str,
        text: str,
        s: int,
        e: int,
        bodies: list,
        where: tuple[str, str],
    ) -> None:
        base = ID + f"mention/{pid}-{s}-{e}"
        m, target, pos, quote = (
            iri(base),
            iri(base + "/target"),
            iri(base + "/position"),
            iri(base + "/quote"),
        )
        form = text[s:e]
        add = self.add
        add(m, RDF_TYPE, xjo("Mention"))
        add(m, RDF_TYPE, oa("Annotation"))
        add(m, oa("motivatedBy"), oa("identifying"))
        for entity, _ in bodies:
            add(m, oa("hasBody"), iri(entity))
        add(m, oa("hasTarget"), target)
        add(m, xjo("mentionIn"), provision)
        add(m, RDFS_LABEL, lit(f"{where[0]}提及“{form}”", "zh"))
        add(m, RDFS_LABEL, lit(f"Mention of “{form}” in {where[1]}", "en"))
        add(target, RDF_TYPE, oa("SpecificResource"))
        add(target, oa("hasSource"), provision)
        add(target, oa("hasSelector"), pos)
        add(target, oa("hasSelector"), quote)
        add(target, RDFS_LABEL, lit(f"{where[0]}中的“{form}”", "zh"))
        add(pos, RDF_TYPE, oa("TextPositionSelector"))
        add(pos, oa("start"), lit(str(s), datatype="nonNegativeInteger"))
        add(pos, oa("end"), lit(str(e), datatype="nonNegativeInteger"))
        add(pos, RDFS_LABEL, lit(f"{where[0]}第{s}–{e}字", "zh"))
        add(quote, RDF_TYPE, oa("TextQuoteSelector"))
        add(quote, oa("exact"), lit(form))
        if prefix := text[max(0, s - 10) : s]:
            add(quote, oa("prefix"), lit(prefix))
        if suffix := text[e : e + 10]:
            add(quote, oa("suffix"), lit(suffix))
        add(quote, RDFS_LABEL, lit(f"引文“{form}”", "zh"))

    def aggregate(self, node: str, links: Links, *, topics: bool = True) -> None:
        """``xjo:involves`` (+ typed, + regions of member countries) and ``xjo:hasTopic``."""
        for entity, cls in links.entities.items():
            self.add(node, xjo("involves"), iri(entity))
            if cls in TYPED:
                self.add(node, xjo(TYPED[cls][1]), iri(entity))
            for region in self.vocab.regions.get(entity, ()):
                self.add(node, xjo("involves"), iri(region))
                self.add(node, xjo("involvesRegion"), iri(region))
        # links.topics is a set: sorted, so the corpus is the same bytes under any hash seed
        for topic in sorted(links.topics) if topics else ():
            self.add(node, xjo("hasTopic"), iri(topic))
