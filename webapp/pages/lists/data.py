"""Lists to browse: the entities under a path, the concepts of a scheme, and the index of both.

Input:  the store, through the page queries ``queries/site/{entities-under, scheme-concepts,
        schemes, measures-of-entities}.rq`` (values bound, never pasted), and the
        page language.
Output: :class:`Listing` — entries in reading order (English: alphabetical; Chinese: by pinyin,
        ``webapp.shared.pinyin``), nested under their ``skos:broader`` where the broader concept
        is in the same list, each with the number of measures tied to it by the explorer's
        rules (so the counts agree with /measures); and :func:`index` — every kind of entity
        (the first segment of its path under ``id/``) and every ``skos:ConceptScheme``, so a
        scheme the vocabularies grow appears without code.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import quote

from rdflib import Literal, URIRef

from webapp.pages.entity.data import natural_key
from webapp.pages.measures.data import explorer_index
from webapp.shared.cache import memo
from webapp.shared.fetch import base, select
from webapp.shared.nodes import PREFIXES, LabelSet, Node
from webapp.shared.pinyin import pinyin_keys

XJO = PREFIXES["xjo"]
# Kinds whose entries are parts of the plan or of its annotations: counted, not "tied" to
# measures, and listed in plan order.
PLAN_ORDER_KINDS = ("part", "section", "task-group", "measure", "provision", "mention")


@dataclass
class Entry:
    node: Node
    kind: Node | None  # the entry's xjo class
    measures: int  # measures tied to it (explorer rules); 0 for none
    children: list[Entry] = field(default_factory=list)
    direct: bool = True  # right under the listed path (not a part of one of its entries)


@dataclass
class Listing:
    entries: list[Entry]  # top level, in reading order; children nested
    total: int
    kinds: list[Node]  # the classes of the entries right under the path, most common first
    mixed: bool = False  # entries of more than one class (each then shows its class)
    direct: int = 0  # how many lie right under the path


def measures_by_entity() -> dict[str, dict[str, set[int]]]:
    """entity IRI → {"direct"|"city": the measure numbers tied to it}."""

    def build() -> dict[str, dict[str, set[int]]]:
        out: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
        for row in select("measures-of-entities"):
            out[str(row["entity"])][str(row["how"])].add(int(str(row["number"])))
        return {k: dict(v) for k, v in out.items()}

    return memo("measures-by-entity", build)


def measure_numbers(iri: str) -> set[int]:
    """Every measure tied to ``iri``: the explorer's own answer where the explorer filters by
    it (so the counts agree by construction), else by ``measures-of-entities.rq``."""
    index = explorer_index()
    found = {m.number for m in index.measures if any(iri in v for v in m.values.values())}
    return found or set().union(*measures_by_entity().get(iri, {}).values())


def _keys() -> dict[str, str]:
    """The pinyin key of every Chinese label in the graph (one child process per process)."""
    return memo("pinyin-keys", lambda: pinyin_keys(str(r["label"]) for r in select("zh-labels")))


def _order(entries: list[Entry], lang: str) -> list[Entry]:
    """English: alphabetical. Chinese: a concept by the pinyin of its label; other resources
    (the plan's units: 措施16第3句) by their label with its numbers in numeric order."""
    if lang == "zh":
        keys = _keys()

        def key(e: Entry) -> tuple:
            label = e.node.label("zh")
            pinyin = keys.get(" ".join(label.split()))
            return (pinyin is None, pinyin or "", natural_key(label), e.node.iri)

        return sorted(entries, key=key)
    return sorted(entries, key=lambda e: (natural_key(e.node.label("en").casefold()), e.node.iri))


def _listing(rows: object, lang: str, term_node: object, prefix: str = "") -> Listing:
    b = base()
    labels = LabelSet()
    types: dict[str, set[str]] = defaultdict(set)
    broader: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        iri = str(row["entity"])
        labels.add(iri, "zh", row.get("label_zh"))
        labels.add(iri, "en", row.get("label_en"))
        if isinstance(row.get("type"), URIRef) and str(row["type"]).startswith(XJO):
            types[iri].add(str(row["type"]))
        else:
            types.setdefault(iri, set())
        if isinstance(row.get("broader"), URIRef):
            broader[iri].add(str(row["broader"]))
    entries = {
        iri: Entry(
            labels.node(URIRef(iri), b),
            term_node(min(kinds)) if kinds else None,
            len(measure_numbers(iri)),
            direct="/" not in iri[len(prefix) :] if prefix else True,
        )
        for iri, kinds in types.items()
    }
    top: list[Entry] = []
    for iri, entry in entries.items():
        parents = sorted(p for p in broader.get(iri, ()) if p in entries and p != iri)
        # Else the path's parent, when it is listed too (a mention's target under the mention).
        path_parent = iri.rsplit("/", 1)[0]
        if not parents and prefix and path_parent in entries and path_parent != iri:
            parents = [path_parent]
        (entries[parents[0]].children if parents else top).append(entry)

    def arrange(items: list[Entry]) -> list[Entry]:
        for item in items:
            item.children = arrange(item.children)
        return _order(items, lang)

    kinds = Counter(e.kind.iri for e in entries.values() if e.kind and e.direct)
    return Listing(
        arrange(top),
        len(entries),
        [term_node(k) for k, _ in kinds.most_common()],
        mixed=len({e.kind.iri for e in entries.values() if e.kind}) > 1,
        direct=sum(1 for e in entries.values() if e.direct),
    )


def under(prefix: str, lang: str, term_node: object) -> Listing:
    """The entities whose IRI begins with ``prefix`` (a path cut back: ``…/id/country/``)."""
    rows = select("entities-under", {"prefix": Literal(prefix)})
    return _listing(rows, lang, term_node, prefix)


def in_scheme(scheme: str, lang: str, term_node: object) -> Listing:
    """The concepts of a ``skos:ConceptScheme``."""
    rows = select("concepts-of-scheme", {"scheme": URIRef(scheme)})
    return _listing(rows, lang, term_node)


@dataclass
class Kind:
    segment: str  # the first path segment under id/ ("country")
    count: int
    cls: Node | None  # the class most of its entries have


@dataclass
class Scheme:
    node: Node
    concepts: int


def index(lang: str, term_node: object) -> tuple[list[Kind], list[Scheme]]:
    """Every kind of entity (path segment under ``id/``) and every concept scheme."""
    b = base()
    id_base = b + "id/"

    def build() -> tuple[dict[str, int], dict[str, Counter]]:
        entities: dict[str, set[str]] = defaultdict(set)
        classes: dict[str, Counter] = defaultdict(Counter)
        rows = select("entities-under", {"prefix": Literal(id_base)})
        for row in rows:
            rest = str(row["entity"])[len(id_base) :]
            segment, _, name = rest.partition("/")
            # Counted and named by what lies right under the segment (zone/urumqi, not the
            # zone's functions; mention/…, not the parts of a mention).
            if segment and name and "/" not in name:
                entities[segment].add(rest)
                if isinstance(row.get("type"), URIRef):
                    classes[segment][str(row["type"])] += 1
        return {s: len(e) for s, e in entities.items()}, dict(classes)

    counts, classes = memo("id-index", build)
    kinds = []
    for segment, count in counts.items():
        found = classes.get(segment, Counter())
        ranked = sorted(found.items(), key=lambda kv: (not kv[0].startswith(XJO), -kv[1], kv[0]))
        cls = term_node(ranked[0][0]) if ranked else None
        kinds.append(Kind(segment, count, cls))
    kinds.sort(key=lambda k: (k.segment in PLAN_ORDER_KINDS, k.segment))
    labels = LabelSet()
    schemes: list[tuple[str, int]] = []
    for row in select("schemes"):
        iri = str(row["scheme"])
        labels.add(iri, "zh", row.get("label_zh"))
        labels.add(iri, "en", row.get("label_en"))
        schemes.append((iri, int(str(row["concepts"]))))
    found = [Scheme(labels.node(URIRef(iri), b), n) for iri, n in sorted(set(schemes))]
    return kinds, found


# The explorer's facet for each class (webapp.pages.measures.data.FACETS), for the links from a
# list entry or an entity page to the explorer filtered by it.
EXPLORER_FACET = {
    "Country": "country",
    "Region": "region",
    "Topic": "topic",
    "Agency": "agency",
    "Industry": "industry",
    "Zone": "zone",
    "TaskGroup": "task-group",
}


def explorer_href(iri: str, cls: str) -> str | None:
    """``/measures?{facet}={slug}`` for an entity of a class the explorer filters by."""
    facet = EXPLORER_FACET.get(cls[len(XJO) :] if cls.startswith(XJO) else "")
    if not facet or not iri.startswith(base() + "id/"):
        return None
    return f"/measures?{facet}={quote(iri.rstrip('/').rsplit('/', 1)[-1], safe='')}"
