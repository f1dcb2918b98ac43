"""What an entity page shows, read from the store with a few bound queries.

Input:  an entity IRI (bound as ``?entity``, never pasted into the text).
Output: :class:`Description` — outgoing statements grouped by property, incoming links grouped
        by property with counts — and, by type, :func:`mentioned_in` (the sentences that name
        the entity, with the words marked) and :func:`texts_of` (a provision's own sentence, or
        the sentences a measure, section, part or the plan holds directly, with their
        mentions). Zones: ``webapp.pages.entity.zone``.

Queries per page (``queries/site/entity-*.rq``): outgoing (1), incoming (1; +1 for exact counts
past :data:`IN_LIMIT`), then one for the text or the mentions. Each result is cached
(``webapp.shared.fetch``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import BNode, Literal, URIRef

from queries.library import get_query
from webapp.shared.fetch import base, select
from webapp.shared.highlight import Span
from webapp.shared.i18n import t
from webapp.shared.nodes import PREFIXES, LabelSet, Node, Value, value_of

XJO = PREFIXES["xjo"]
RDF_TYPE = PREFIXES["rdf"] + "type"
IN_LIMIT = 2000  # the LIMIT of queries/site/entity-in.rq (a test holds them equal)


def natural_key(text: str) -> tuple:
    """Sort key that puts "sentence 2" before "sentence 10"."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


def _int(term: object, default: int = 0) -> int:
    try:
        return int(str(term))
    except (TypeError, ValueError):
        return default


@dataclass
class PropertyGroup:
    """The values of one property (outgoing) or the subjects linking in by it (incoming)."""

    prop: str
    items: list[Node | Value] = field(default_factory=list)
    count: int = 0


@dataclass
class Description:
    """An entity's statements: its labels, types, outgoing and incoming groups."""

    iri: str
    labels: LabelSet
    outgoing: dict[str, PropertyGroup]
    incoming: dict[str, PropertyGroup]

    @property
    def exists(self) -> bool:
        return bool(self.outgoing or self.incoming)

    @property
    def types(self) -> list[str]:
        group = self.outgoing.get(RDF_TYPE)
        return sorted(n.iri for n in group.items if isinstance(n, Node)) if group else []

    def node(self) -> Node:
        return self.labels.node(URIRef(self.iri), base())


def _sort_items(items: list[Node | Value]) -> list[Node | Value]:
    def key(item: Node | Value) -> tuple:
        if isinstance(item, Node):
            return (0, natural_key(item.label("en")), item.iri)
        return (1, item.lang or "", natural_key(item.text), item.datatype or "")

    unique = list({(type(i).__name__, repr(i)): i for i in items}.values())
    return sorted(unique, key=key)


def describe(iri: str) -> Description:
    """Outgoing and incoming statements of ``iri`` (2–3 cached queries)."""
    entity = {"entity": URIRef(iri)}
    labels = LabelSet()
    outgoing: dict[str, PropertyGroup] = {}
    for row in select("entity-out", entity):
        p, o = str(row["p"]), row["o"]
        group = outgoing.setdefault(p, PropertyGroup(p))
        if isinstance(o, Literal):
            group.items.append(value_of(o))
            if p == PREFIXES["rdfs"] + "label" and o.language in ("zh", "en"):
                labels.add(iri, o.language, o)
        else:
            labels.add(str(o), "zh", row.get("o_zh"))
            labels.add(str(o), "en", row.get("o_en"))
            group.items.append(o)
    incoming: dict[str, PropertyGroup] = {}
    in_rows = select("entity-in", entity)
    for row in in_rows:
        p, s = str(row["p"]), row["s"]
        labels.add(str(s), "zh", row.get("s_zh"))
        labels.add(str(s), "en", row.get("s_en"))
        incoming.setdefault(p, PropertyGroup(p)).items.append(s)
    b = base()
    for group in (*outgoing.values(), *incoming.values()):
        group.items = _sort_items(
            [labels.node(i, b) if isinstance(i, URIRef | BNode) else i for i in group.items]
        )
        group.count = len(group.items)
    if len(in_rows) >= IN_LIMIT:
        for row in select("entity-in-count", entity):
            if str(row["p"]) in incoming:
                incoming[str(row["p"])].count = _int(row["n"])
    return Description(iri, labels, outgoing, incoming)


@dataclass
class Sentence:
    """A provision's texts, its place in the plan and the mentions in its @zh text."""

    node: Node
    sequence: int
    number: int | None
    zh: str
    en: str
    spans: list[Span] = field(default_factory=list)
    is_unit = False

    @property
    def entities(self) -> list[Node]:
        """The linked entities, in the order of their first mention."""
        first: dict[str, tuple[int, Node]] = {}
        for span in self.spans:
            if span.node.iri not in first or span.start < first[span.node.iri][0]:
                first[span.node.iri] = (span.start, span.node)
        return [n for _, n in sorted(first.values(), key=lambda x: (x[0], x[1].iri))]


def _sentences(rows: object, provision_var: str) -> list[Sentence]:
    b = base()
    by_iri: dict[str, Sentence] = {}
    labels = LabelSet()
    spans: dict[str, set[tuple[int, int, str]]] = defaultdict(set)
    for row in rows:
        iri = str(row[provision_var])
        if iri not in by_iri:
            by_iri[iri] = Sentence(
                Node(iri, base=b),
                _int(row.get("sequence")),
                _int(row.get("sentence")) if row.get("sentence") is not None else None,
                str(row.get("text_zh") or ""),
                str(row.get("text_en") or ""),
            )
        body = row.get("body")
        if isinstance(body, URIRef) and row.get("start") is not None:
            labels.add(str(body), "zh", row.get("body_zh"))
            labels.add(str(body), "en", row.get("body_en"))
            spans[iri].add((_int(row["start"]), _int(row["end"]), str(body)))
    for iri, sentence in by_iri.items():
        sentence.spans = [
            Span(a, z, labels.node(URIRef(e), b)) for a, z, e in sorted(spans.get(iri, ()))
        ]
    return sorted(by_iri.values(), key=lambda s: (s.sequence, s.node.iri))


def texts_of(iri: str, is_provision: bool) -> list[Sentence]:
    """The sentence of a provision, or the sentences a unit holds directly, with mentions."""
    if is_provision:
        rows = select("entity-own-text", {"entity": URIRef(iri)})
        return _sentences(rows_with(rows, "entity", iri), "entity")
    return _sentences(select("entity-texts", {"entity": URIRef(iri)}), "provision")


def rows_with(rows: object, var: str, iri: str) -> list[dict]:
    """Rows with ``var`` filled in (a bound variable is not projected back by every store)."""
    return [{**row, var: row.get(var, URIRef(iri))} for row in rows]


@dataclass
class Mentioned:
    """A sentence that names the entity, with the entity's words marked."""

    provision: Node
    sequence: int
    zh: str
    en: str
    spans: list[Span]


def mentioned_in(iri: str, entity: Node) -> list[Mentioned]:
    """Every sentence that names ``iri``, in plan order."""
    b = base()
    labels = LabelSet()
    found: dict[str, Mentioned] = {}
    for row in select("entity-mentioned", {"entity": URIRef(iri)}):
        p = str(row["provision"])
        labels.add(p, "zh", row.get("provision_zh"))
        labels.add(p, "en", row.get("provision_en"))
        item = found.setdefault(
            p,
            Mentioned(
                Node(p, base=b),
                _int(row["sequence"]),
                str(row.get("text_zh") or ""),
                str(row.get("text_en") or ""),
                [],
            ),
        )
        item.spans.append(Span(_int(row["start"]), _int(row["end"]), entity))
    for p, item in found.items():
        item.provision = labels.node(URIRef(p), b)
        item.spans = sorted(set(item.spans), key=lambda s: (s.start, s.end))
    return sorted(found.values(), key=lambda m: (m.sequence, m.provision.iri))


def inferred_links(iri: str, lang: str) -> list[dict]:
    """The sentences linked to ``iri`` only by the build's inference (issue 15, point 3), each
    with what the page says instead of "mentions": "in the name 中欧班列", "via Pakistan"."""
    b = base()
    labels = LabelSet()
    out: list[dict] = []
    for row in select(get_query("inferred-links"), {"entity": URIRef(iri)}):
        p = str(row["provision"])
        labels.add(p, "zh", row.get("provision_zh"))
        labels.add(p, "en", row.get("provision_en"))
        words = str(row.get("words") or "")
        if str(row["kind"]) == "in-name":
            how = t("inferred_in_name", words=words, name=str(row.get("name") or "").strip("“”"))
        else:
            member = str(row.get(f"member_label_{lang}") or row.get("member_label_zh") or "")
            how = t("inferred_via_member", member=member, words=words)
        out.append({"provision": labels.node(URIRef(p), b), "how": how})
    return out
