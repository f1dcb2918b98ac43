"""What changed between two built graphs, grouped by entity and provision.

Input:  two graphs as files (``xjftz.nt``, ``.ttl`` or ``.nt.gz``: a build directory's output or
        a release's snapshot, ``releases/<version>/xjftz.nt.gz``).
Output: :class:`Changes` — every triple added and removed, outside the dataset's description
        (counts, tool versions and the version itself change with every build) — grouped by
        the resource it is about: an entity, a provision, a measure or other unit, or anything
        else. A group is ``added`` (the resource is new), ``removed`` (gone) or ``changed``; its
        lines say which labels changed (old → new, per property and language), which links
        were added or removed, and which mentions. A link between a unit and an entity shows
        under both, so an entity's group lists what now names it and what no longer does.
        :func:`to_markdown` writes the changelog to read; :func:`to_turtle` one change set per
        release in the Changeset vocabulary (``cs:ChangeSet`` with ``cs:addition`` and
        ``cs:removal`` statements), each statement tagged with the groups it touches
        (``dcterms:subject``) so a page can list the changes that touched an entity.

A triple whose predicate has a sub-property with the same subject, object and change (the
graph states ``xjo:mentions`` beside ``xjo:mentionsPlace``) is reported once, under the more
specific property; the change set keeps every triple.

Follows the Changeset vocabulary (https://vocab.org/changeset/) and PROV-O, and
legislation.gov.uk's change records (what changed, where, in which version).
"""

from __future__ import annotations

import gzip
import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from ontology.errors import InputFileError
from ontology.namespaces import DATASET, ID

if TYPE_CHECKING:
    from graph.releases import Release

Triple = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XJO = "https://w3id.org/xjftz/ontology#"
OA = "http://www.w3.org/ns/oa#"
LABELS = {
    RDFS + "label", SKOS + "prefLabel", SKOS + "altLabel", SKOS + "hiddenLabel",
    SKOS + "definition", SKOS + "scopeNote", "http://purl.org/dc/terms/title", XJO + "text",
}  # fmt: skip
UNITS = {XJO + c for c in ("Measure", "TaskGroup", "Section", "Part", "Plan")}
SECTIONS = ("entity", "provision", "unit", "other")
SECTION_TITLES = {
    "entity": "Entities",
    "provision": "Provisions",
    "unit": "Measures and other units of the plan",
    "other": "Other resources",
}
# The dataset's description changes with every build (counts, tool versions, the version
# itself): it is not part of what a changelog reports.
DESCRIPTION_PREFIXES = (str(DATASET), "https://pypi.org/", "https://www.python.org/")
MENTION = f"{ID}mention/"


@dataclass
class Line:
    """One reported change: op is ``+``, ``−`` or ``~`` (a label changed)."""

    op: str
    what: str  # "label", "link", "mention", "value"
    predicate: str
    value: str  # the object (``+``/``−``) or the new value (``~``)
    old: str = ""  # the old value (``~``)
    inverse: bool = False  # the group's resource is the object of the triple
    lang: str = ""  # a literal's language tag


@dataclass
class Group:
    """The changes about one resource."""

    iri: str
    section: str
    label: str
    status: str  # added, removed, changed
    lines: list[Line] = field(default_factory=list)


@dataclass
class Changes:
    """Two graphs compared: triples added and removed, and the report grouped by resource."""

    added: set[Triple]
    removed: set[Triple]
    groups: dict[str, Group]
    touches: dict[Triple, set[str]]  # each changed triple → the groups it shows in

    def in_section(self, section: str) -> list[Group]:
        return sorted((g for g in self.groups.values() if g.section == section), key=_group_key)


def _group_key(g: Group) -> tuple[str, int, str]:
    head, _, tail = g.iri.rpartition("/")
    return (head, int(tail) if tail.isdigit() else -1, tail)


def load(path: Path) -> set[Triple]:
    """The triples of a graph file (N-Triples, Turtle, or either gzipped)."""
    path = Path(path)
    if not path.is_file():
        raise InputFileError(path, "no such file")
    name = path.name.removesuffix(".gz")
    fmt = ox.RdfFormat.TURTLE if name.endswith(".ttl") else ox.RdfFormat.N_TRIPLES
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    try:
        return {(q.subject, q.predicate, q.object) for q in ox.parse(data, format=fmt)}
    except (SyntaxError, ValueError) as exc:
        raise InputFileError(path, f"cannot parse: {exc}") from exc


def _in_description(t: Triple) -> bool:
    return isinstance(t[0], ox.NamedNode) and t[0].value.startswith(DESCRIPTION_PREFIXES)


def _short(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> str:
    from graph.publish import qname  # the published prefixes: measure:16, xjo:mentions

    if isinstance(term, ox.NamedNode):
        return qname(term.value) or f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return f"“{term.value}”" + (f"@{term.language}" if term.language else "")
    return str(term)


class _Index:
    """What both graphs say about a resource: its types, label, and a mention's parts."""

    def __init__(self, old: set[Triple], new: set[Triple]) -> None:
        self.types: dict[str, set[str]] = defaultdict(set)
        self.labels: dict[str, dict[str, str]] = defaultdict(dict)
        self.subjects_old: set[str] = set()
        self.subjects_new: set[str] = set()
        self.super: dict[str, set[str]] = defaultdict(set)
        self.mention: dict[str, dict[str, str]] = defaultdict(dict)
        for triples, subjects in ((old, self.subjects_old), (new, self.subjects_new)):
            for s, p, o in triples:
                subjects.add(s.value if isinstance(s, ox.NamedNode) else str(s))
                self._note(s, p, o)

    def _note(self, s: object, p: ox.NamedNode, o: object) -> None:
        if not isinstance(s, ox.NamedNode):
            return
        if p.value == RDF_TYPE and isinstance(o, ox.NamedNode):
            self.types[s.value].add(o.value)
        elif p.value == RDFS + "label" and isinstance(o, ox.Literal) and o.language:
            self.labels[s.value][o.language] = o.value
        elif p.value == RDFS + "subPropertyOf" and isinstance(o, ox.NamedNode):
            self.super[s.value].add(o.value)
        elif s.value.startswith(MENTION) and isinstance(o, ox.NamedNode | ox.Literal):
            key = {XJO + "mentionIn": "provision", OA + "exact": "words", OA + "start": "start"}
            if p.value in key:
                self.mention[s.value.removeprefix(MENTION).split("/")[0]][key[p.value]] = o.value

    def section(self, iri: str) -> str:
        types = self.types.get(iri, set())
        if XJO + "Provision" in types:
            return "provision"
        if types & UNITS:
            return "unit"
        if SKOS + "Concept" in types:
            return "entity"
        return "other"

    def label(self, iri: str) -> str:
        labels = self.labels.get(iri, {})
        en, zh = labels.get("en", ""), labels.get("zh", "")
        return " · ".join(x for x in (en, zh) if x)

    def status(self, iri: str) -> str:
        if iri not in self.subjects_old:
            return "added"
        if iri not in self.subjects_new:
            return "removed"
        return "changed"


def _redundant(t: Triple, pairs: dict[tuple, set[str]], index: _Index) -> bool:
    """A triple whose predicate has a sub-property stating the same change (``pairs``: the
    predicates changed the same way between each subject and object)."""
    s, p, o = t
    return any(p.value in index.super.get(q, ()) for q in pairs.get((s, o), ()))


def diff(old: set[Triple], new: set[Triple]) -> Changes:
    """Compare two sets of triples (the dataset's description left out)."""
    old = {t for t in old if not _in_description(t)}
    new = {t for t in new if not _in_description(t)}
    added, removed = new - old, old - new
    index = _Index(old, new)
    groups: dict[str, Group] = {}
    touches: dict[Triple, set[str]] = defaultdict(set)

    def group(iri: str) -> Group:
        if iri not in groups:
            groups[iri] = Group(iri, index.section(iri), index.label(iri), index.status(iri))
        return groups[iri]

    mentions_seen: set[tuple[str, str]] = set()
    for op, triples in (("−", removed), ("+", added)):
        pairs: dict[tuple, set[str]] = defaultdict(set)
        for s, p, o in triples:
            pairs[(s, o)].add(p.value)
        for t in sorted(triples, key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
            s, p, o = t
            if not isinstance(s, ox.NamedNode):
                continue
            if s.value.startswith(MENTION):
                mid = s.value.removeprefix(MENTION).split("/")[0]
                parts = index.mention.get(mid, {})
                provision = parts.get("provision", "")
                if provision:
                    touches[t].add(provision)
                if p.value == OA + "hasBody" and provision:
                    touches[t].add(o.value)
                    words = f"“{parts.get('words', '')}” ({parts.get('start', '?')})"
                    if (op, mid + o.value) not in mentions_seen:
                        mentions_seen.add((op, mid + o.value))
                        group(provision).lines.append(Line(op, "mention", "", o.value, words))
                        group(o.value).lines.append(
                            Line(op, "mention", "", provision, words, inverse=True)
                        )
                continue
            if _redundant(t, pairs, index):
                touches[t].add(s.value)
                continue
            touches[t].add(s.value)
            if isinstance(o, ox.NamedNode):
                group(s.value).lines.append(Line(op, "link", p.value, o.value))
                if p.value != RDF_TYPE and o.value.startswith(str(ID)):
                    touches[t].add(o.value)
                    group(o.value).lines.append(Line(op, "link", p.value, s.value, inverse=True))
            else:
                what = "label" if p.value in LABELS else "value"
                lang = o.language or "" if isinstance(o, ox.Literal) else ""
                group(s.value).lines.append(Line(op, what, p.value, _short(o), lang=lang))
    for g in groups.values():
        g.lines = _pair_labels(g.lines)
    return Changes(added, removed, groups, dict(touches))


def _pair_labels(lines: list[Line]) -> list[Line]:
    """A removed and an added value of one property and language become one ``~`` line."""
    removed: dict[tuple[str, str], Line] = {}
    for line in lines:
        if line.what in ("label", "value") and line.op == "−":
            removed.setdefault((line.predicate, line.lang), line)
    out, paired = [], set()
    for line in lines:
        before = removed.get((line.predicate, line.lang))
        pairs = line.op == "+" and line.what in ("label", "value")
        if pairs and before is not None and id(before) not in paired:
            paired.add(id(before))
            out.append(
                Line("~", line.what, line.predicate, line.value, before.value, lang=line.lang)
            )
        else:
            out.append(line)
    return [x for x in out if id(x) not in paired]


def diff_files(old: Path, new: Path) -> Changes:
    return diff(load(old), load(new))


def _line_md(line: Line) -> str:
    from graph.publish import qname

    def name(iri: str) -> str:
        return f"`{qname(iri) or iri}`"

    verb = {"+": "added", "−": "removed", "~": "changed"}[line.op]
    if line.what == "mention":
        if line.inverse:
            return f"- {line.op} mentioned in {name(line.value)}: {line.old} ({verb})"
        return f"- {line.op} mention {line.old} of {name(line.value)} ({verb})"
    if line.what == "link":
        if line.inverse:
            return f"- {line.op} {name(line.value)} {name(line.predicate)} this ({verb})"
        return f"- {line.op} {name(line.predicate)} {name(line.value)} ({verb})"
    if line.op == "~":
        return f"- ~ {name(line.predicate)}: {line.old} → {line.value}"
    return f"- {line.op} {name(line.predicate)} {line.value} ({verb})"


def anchor(iri: str) -> str:
    """The id of a group's heading on /changes and in the Markdown (``country-KG``)."""
    from graph.publish import qname

    q = qname(iri) or iri
    return "".join(c if c.isalnum() else "-" for c in q).strip("-")


def to_markdown(changes: Changes, old: Release | None = None, new: Release | None = None) -> str:
    from graph.publish import qname

    title = "# Changes"
    if new is not None:
        title += f" in xjftz {new.version} ({new.date.isoformat()})"
    if old is not None:
        title += f", since {old.version} ({old.date.isoformat()})"
    out = [title, ""]
    if new is not None and new.title:
        out += [new.title + (f" — {new.notes}" if new.notes else ""), ""]
    counts = {s: len(changes.in_section(s)) for s in SECTIONS}
    touched = ", ".join(f"{n} {SECTION_TITLES[s].lower()}" for s, n in counts.items() if n)
    if not touched:
        return "\n".join([*out, "No changes."]) + "\n"
    out.append(
        f"{len(changes.added)} triples added, {len(changes.removed)} removed; {touched} touched."
    )
    for section in SECTIONS:
        groups = changes.in_section(section)
        if not groups:
            continue
        out += ["", f"## {SECTION_TITLES[section]}"]
        for g in groups:
            label = f" — {g.label}" if g.label else ""
            name = qname(g.iri) or g.iri
            out += ["", f'### <a id="{anchor(g.iri)}"></a>`{name}`{label} ({g.status})']
            out += [""] + [_line_md(line) for line in g.lines]
    return "\n".join(out) + "\n"


def changeset_iri(version: str) -> str:
    return f"{DATASET}/changes/{version}"


def to_graph(changes: Changes, old: Release, new: Release) -> Iterable[ox.Triple]:
    """One ``cs:ChangeSet`` for the release ``new``: every triple added and removed."""
    cs = "http://purl.org/vocab/changeset/schema#"
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    prov = "http://www.w3.org/ns/prov#"
    dct = "http://purl.org/dc/terms/"
    xsd = "http://www.w3.org/2001/XMLSchema#"
    node = ox.NamedNode(changeset_iri(new.version))
    yield ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(cs + "ChangeSet"))
    yield ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(prov + "Activity"))
    yield ox.Triple(node, ox.NamedNode(cs + "subjectOfChange"), ox.NamedNode(str(DATASET)))
    yield ox.Triple(
        node,
        ox.NamedNode(cs + "createdDate"),
        ox.Literal(f"{new.date.isoformat()}T00:00:00Z", datatype=ox.NamedNode(xsd + "dateTime")),
    )
    yield ox.Triple(node, ox.NamedNode(cs + "creatorName"), ox.Literal("The xjftz project"))
    reason = f"Release {new.version}" + (f": {new.title}" if new.title else "")
    yield ox.Triple(node, ox.NamedNode(cs + "changeReason"), ox.Literal(reason, language="en"))
    labels = (("en", f"Changes in xjftz {new.version}"), ("zh", f"xjftz {new.version} 的变更"))
    for lang, text in labels:
        yield ox.Triple(node, ox.NamedNode(RDFS + "label"), ox.Literal(text, language=lang))
    yield ox.Triple(node, ox.NamedNode(prov + "used"), ox.NamedNode(str(old.iri)))
    yield ox.Triple(node, ox.NamedNode(prov + "generated"), ox.NamedNode(str(new.iri)))
    for kind, triples in (("addition", changes.added), ("removal", changes.removed)):
        for t in triples:
            line = f"{t[0]} {t[1]} {t[2]}"
            st = ox.NamedNode(f"{node.value}/{kind}/{hashlib.sha1(line.encode()).hexdigest()[:16]}")
            yield ox.Triple(node, ox.NamedNode(cs + kind), st)
            yield ox.Triple(st, ox.NamedNode(RDF_TYPE), ox.NamedNode(rdf + "Statement"))
            yield ox.Triple(st, ox.NamedNode(rdf + "subject"), t[0])
            yield ox.Triple(st, ox.NamedNode(rdf + "predicate"), t[1])
            yield ox.Triple(st, ox.NamedNode(rdf + "object"), t[2])
            for touched in sorted(changes.touches.get(t, ())):
                yield ox.Triple(st, ox.NamedNode(dct + "subject"), ox.NamedNode(touched))


def to_turtle(changes: Changes, old: Release, new: Release) -> str:
    """The change set as Turtle (sorted, so the same changes give the same bytes)."""
    from rdflib import Graph

    from graph.publish import to_turtle as deterministic_turtle

    nt = ox.serialize(list(to_graph(changes, old, new)), format=ox.RdfFormat.N_TRIPLES) or b""
    return deterministic_turtle(Graph().parse(data=nt.decode("utf-8"), format="nt"))
