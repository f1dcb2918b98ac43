"""Part of stage 2 (link): what each provision commits to — actions, policy instruments,
delegations, procedure changes and time frames, each with the words that show it.

Input:  the parsed plan (``graph.parse``), the lexicon (its graph holds the action and instrument
        schemes, ``ontology/vocabularies/{actions,instruments}.ttl``, and the agencies), and three
        files in ``graph/sources/``:
        - ``codings-rules.tsv`` — ``rule``, ``scheme`` (action | instrument), ``concept`` (a slug
          of that scheme), ``trigger`` (Chinese words), ``exclude`` (``|``-separated longer words
          that contain the trigger and where it does not count), ``note``;
        - ``codings-overrides.tsv`` — ``provision``, ``scheme``, ``concept``, ``op`` (add | remove),
          ``quote`` (the words), ``reason``: a curated correction of the rules;
        - ``codings-structures.tsv`` — ``provision``, ``kind`` (delegation | procedure |
          timeframe), ``quote`` (the words that state it), ``from`` / ``to`` (agency or FTZ IRIs,
          ``|``-separated; delegations), ``what`` (the power; the scope of a procedure change; the
          goal of a time frame), ``before`` / ``after`` (procedures), ``years`` (``3-5``),
          ``reason``.
Output: :class:`Codings` — every coding with its provision, body, offsets within the provision's
        Chinese text, and whether a rule or a curated override made it; the delegations,
        procedure changes and time frames. A bad row is an error naming the file and line.

The rules (see ontology/vocabularies/README.md, "Codings"): a provision's text is cut into
clauses at ，；：and the sentence end; a clause's action is its *head verb*, the first trigger in
it (the longest at one position) that is not inside one of its exclusions — a verb after the
head is what the head commits to (推动建设边境仓: promote, not build). Instruments are coded from
the whole provision: trigger words matched longest first without overlaps, one coding per
instrument at its first words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import RDF, URIRef

from graph.parse import PlanDocument, Sentence
from graph.tsv import read_rows
from graph.vocab import Lexicon
from ontology.errors import InputFileError
from ontology.namespaces import FTZ, ID, XJO

RULES_FILE = "codings-rules.tsv"
OVERRIDES_FILE = "codings-overrides.tsv"
STRUCTURES_FILE = "codings-structures.tsv"
RULE_COLUMNS = ("rule", "scheme", "concept", "trigger", "exclude", "note")
OVERRIDE_COLUMNS = ("provision", "scheme", "concept", "op", "quote", "reason")
STRUCTURE_COLUMNS = (
    "provision", "kind", "quote", "from", "to", "what", "before", "after", "years", "reason",
)  # fmt: skip
SCHEMES = {"action": XJO.Action, "instrument": XJO.PolicyInstrument}
KINDS = ("delegation", "procedure", "timeframe")
CLAUSE_END = re.compile(r"[，；：。！？]")
YEARS = re.compile(r"^(\d+)(?:-(\d+))?$")


@dataclass(frozen=True)
class Rule:
    id: str
    scheme: str  # "action" or "instrument"
    concept: URIRef
    trigger: str
    exclude: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Coding:
    """One coded span of a provision: an action, an instrument or the words of a structure."""

    provision: str
    scheme: str  # "action", "instrument", "delegation", "procedure" or "timeframe"
    body: URIRef  # the concept, or the delegation / procedure change / time frame
    start: int  # offsets within the provision's Chinese text
    end: int
    by: str  # "rule" or "curated"
    rule: str | None = None  # the rule's id, for a rule's coding
    reason: str | None = None  # the override's or the structure's reason, for a curated one


@dataclass(frozen=True)
class Structure:
    """A delegation, procedure change or time frame that a provision states (curated)."""

    iri: URIRef
    kind: str
    provision: str
    quote: str
    start: int
    end: int
    sources: tuple[URIRef, ...] = ()  # delegation: from whom
    targets: tuple[URIRef, ...] = ()  # delegation: to whom
    what: str = ""  # the power; a procedure's scope; a time frame's goal
    before: str = ""
    after: str = ""
    min_years: int | None = None
    max_years: int | None = None
    reason: str = ""


@dataclass
class Codings:
    codings: list[Coding] = field(default_factory=list)
    structures: list[Structure] = field(default_factory=list)

    def of(self, provision: str, scheme: str | None = None) -> list[Coding]:
        return [
            c
            for c in self.codings
            if c.provision == provision and (scheme is None or c.scheme == scheme)
        ]


def concept_iri(scheme: str, slug: str) -> URIRef:
    return ID[f"{scheme}/{slug}"]


def _concept(path: Path, line: int, lexicon: Lexicon, scheme: str, slug: str) -> URIRef:
    if scheme not in SCHEMES:
        raise InputFileError(
            path, f"scheme must be one of {', '.join(SCHEMES)}, not “{scheme}”", line
        )
    iri = concept_iri(scheme, slug)
    if (iri, RDF.type, SCHEMES[scheme]) not in lexicon.graph:
        raise InputFileError(path, f"no {scheme} “{slug}” in the vocabularies", line)
    return iri


def load_rules(path: Path, lexicon: Lexicon) -> list[Rule]:
    rules: list[Rule] = []
    seen: set[str] = set()
    for line, (rid, scheme, slug, trigger, exclude, _note) in read_rows(path, RULE_COLUMNS):
        concept = _concept(path, line, lexicon, scheme, slug)
        if not rid or rid in seen:
            raise InputFileError(path, f"rule id “{rid}” is empty or used twice", line)
        if not trigger:
            raise InputFileError(path, "empty trigger", line)
        excluded = tuple(e for e in exclude.split("|") if e)
        for e in excluded:
            if trigger not in e:
                raise InputFileError(path, f"exclusion “{e}” does not contain “{trigger}”", line)
        seen.add(rid)
        rules.append(Rule(rid, scheme, concept, trigger, excluded, line))
    return rules


def occurrences(text: str, rule: Rule) -> list[int]:
    """Where ``rule``'s trigger stands in ``text`` outside its exclusions."""
    blocked = [(i, i + len(e)) for e in rule.exclude for i in _find_all(text, e)]
    n = len(rule.trigger)
    return [
        s
        for s in _find_all(text, rule.trigger)
        if not any(b <= s and s + n <= e for b, e in blocked)
    ]


def _find_all(text: str, words: str) -> list[int]:
    found, i = [], text.find(words)
    while i >= 0:
        found.append(i)
        i = text.find(words, i + 1)
    return found


def clauses(text: str) -> list[tuple[int, int]]:
    """The clauses of a sentence: cut at ，；：and the end mark, quotes and brackets kept."""
    spans, start = [], 0
    for m in CLAUSE_END.finditer(text):
        if m.start() > start:
            spans.append((start, m.start()))
        start = m.end()
    if start < len(text) and text[start:].strip("”’」』）)"):
        spans.append((start, len(text)))
    return spans


def code_actions(sentence: Sentence, rules: list[Rule]) -> list[Coding]:
    """One action per clause that has a trigger: the clause's head verb."""
    hits = sorted(
        (s, -len(r.trigger), r.id, r)
        for r in rules
        if r.scheme == "action" and r.trigger in sentence.text
        for s in occurrences(sentence.text, r)
    )
    out = []
    for start, end in clauses(sentence.text):
        inside = [h for h in hits if start <= h[0] and h[0] - h[1] <= end]
        if inside:
            s, _, _, r = inside[0]
            out.append(
                Coding(sentence.id, "action", r.concept, s, s + len(r.trigger), "rule", r.id)
            )
    return out


def code_instruments(sentence: Sentence, rules: list[Rule]) -> list[Coding]:
    """Each instrument once, at its first trigger; longest matches first, none overlapping."""
    hits = sorted(
        (-len(r.trigger), s, r.id, r)
        for r in rules
        if r.scheme == "instrument" and r.trigger in sentence.text
        for s in occurrences(sentence.text, r)
    )
    taken: list[tuple[int, int]] = []
    first: dict[URIRef, Coding] = {}
    for _, s, _, r in hits:
        e = s + len(r.trigger)
        if any(s < te and ts < e for ts, te in taken):
            continue
        taken.append((s, e))
        c = Coding(sentence.id, "instrument", r.concept, s, e, "rule", r.id)
        if r.concept not in first or s < first[r.concept].start:
            first[r.concept] = c
    return sorted(first.values(), key=lambda c: (c.start, c.end))


def _quote_at(path: Path, line: int, texts: dict[str, str], pid: str, quote: str) -> int:
    if pid not in texts:
        raise InputFileError(path, f"no provision “{pid}” in the plan", line)
    if not quote or quote not in texts[pid]:
        raise InputFileError(path, f"the quote “{quote}” does not occur in {pid}", line)
    return texts[pid].index(quote)


def apply_overrides(path: Path, codings: list[Coding], doc: PlanDocument, lexicon: Lexicon) -> None:
    """Curated corrections, in place: ``add`` codes the quoted words, ``remove`` drops the
    rule's codings of that concept inside them (an override that removes nothing is an error)."""
    texts = {s.id: s.text for s in doc.sentences}
    for line, (pid, scheme, slug, op, quote, reason) in read_rows(path, OVERRIDE_COLUMNS):
        concept = _concept(path, line, lexicon, scheme, slug)
        start = _quote_at(path, line, texts, pid, quote)
        if not reason:
            raise InputFileError(path, "an override needs a reason", line)
        end = start + len(quote)
        if op == "add":
            codings.append(Coding(pid, scheme, concept, start, end, "curated", None, reason))
        elif op == "remove":
            gone = [
                c
                for c in codings
                if (c.provision, c.scheme, c.body) == (pid, scheme, concept)
                and start <= c.start
                and c.end <= end
            ]
            if not gone:
                raise InputFileError(path, f"nothing to remove: no {slug} in “{quote}”", line)
            for c in gone:
                codings.remove(c)
        else:
            raise InputFileError(path, f"op must be add or remove, not “{op}”", line)


def _parties(path: Path, line: int, lexicon: Lexicon, cell: str) -> tuple[URIRef, ...]:
    out = []
    for text in (c for c in cell.split("|") if c):
        iri = URIRef(text)
        if iri != FTZ and lexicon.classes.get(iri) != XJO.Agency:
            raise InputFileError(path, f"{iri} is neither an agency nor the FTZ", line)
        out.append(iri)
    return tuple(out)


def load_structures(path: Path, doc: PlanDocument, lexicon: Lexicon) -> list[Structure]:
    texts = {s.id: s.text for s in doc.sentences}
    out: list[Structure] = []
    counts: dict[tuple[str, str], int] = {}
    for line, row in read_rows(path, STRUCTURE_COLUMNS):
        pid, kind, quote, frm, to, what, before, after, years, reason = row
        if kind not in KINDS:
            raise InputFileError(path, f"kind must be one of {', '.join(KINDS)}", line)
        start = _quote_at(path, line, texts, pid, quote)
        for name, words in (("what", what), ("before", before), ("after", after)):
            if words and words not in texts[pid]:
                raise InputFileError(path, f"{name} “{words}” does not occur in {pid}", line)
        if not reason:
            raise InputFileError(path, "a structure needs a reason", line)
        n = counts[(pid, kind)] = counts.get((pid, kind), 0) + 1
        segment = {"delegation": "delegation", "procedure": "procedure-change"}.get(
            kind, "time-frame"
        )
        item = Structure(
            ID[f"{segment}/{pid}-{n}"], kind, pid, quote, start, start + len(quote),
            reason=reason, what=what,
        )  # fmt: skip
        if kind == "delegation":
            if not what or not (frm or to):
                raise InputFileError(path, "a delegation needs what and from or to", line)
            sources, targets = _parties(path, line, lexicon, frm), _parties(path, line, lexicon, to)
            item = replace(item, sources=sources, targets=targets)
        elif kind == "procedure":
            if not after:
                raise InputFileError(path, "a procedure change needs after", line)
            item = replace(item, before=before, after=after)
        else:
            m = YEARS.match(years)
            if not m or not what:
                raise InputFileError(path, "a time frame needs years (3 or 3-5) and what", line)
            low, high = int(m.group(1)), int(m.group(2) or m.group(1))
            if not 0 < low <= high:
                raise InputFileError(path, f"bad years “{years}”", line)
            item = replace(item, min_years=low, max_years=high)
        out.append(item)
    return out


def code_document(doc: PlanDocument, lexicon: Lexicon, sources_dir: Path) -> Codings:
    """Every provision's codings: the rules, the curated overrides, the curated structures."""
    rules = load_rules(sources_dir / RULES_FILE, lexicon)
    codings: list[Coding] = []
    for sentence in doc.sentences:
        codings += code_actions(sentence, rules)
        codings += code_instruments(sentence, rules)
    apply_overrides(sources_dir / OVERRIDES_FILE, codings, doc, lexicon)
    structures = load_structures(sources_dir / STRUCTURES_FILE, doc, lexicon)
    for st in structures:
        codings.append(
            Coding(st.provision, st.kind, st.iri, st.start, st.end, "curated", None, st.reason)
        )
    order = {s.id: s.sequence for s in doc.sentences}
    codings.sort(key=lambda c: (order[c.provision], c.start, c.end, c.scheme, c.body))
    return Codings(codings, structures)
