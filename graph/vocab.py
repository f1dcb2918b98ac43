"""Stage 2a of the build: the SKOS vocabularies as a lexicon for entity linking.

Input:  the vocabulary files (``ontology/vocabularies/*.ttl``, ``load.vocabulary_files()``).
Output: a :class:`Lexicon` — for each of the two linking layers, every Chinese surface form
        (``skos:prefLabel``/``altLabel``/``hiddenLabel`` @zh) → the entity it names, its class and
        layer; each topic's ``xjo:triggerTerm`` @zh; the framing concepts by label; every
        region above each country and region (``xjo:inRegion``, followed transitively); and the
        merged vocabulary graph.

Follows docs/DESIGN.md, "Entity linking rule": layer 1 is partner geography (countries and
regions), layer 2 everything else that is linked (places, agencies, organisations,
mechanisms, initiatives, events, zones, zone components, industries, and — issue 15 —
commodities, trade and logistics modes, financial operations, designations, facilities,
regimes and lists). Topics and framings are
not matched as entities. One surface form naming two entities in the same layer would make the
linking depend on the order of the files, so it is an error that names both — with one
exception: a hidden label that several *countries* share is a joint abbreviation of partners
(中吉乌 = Kyrgyzstan and Uzbekistan), and its one mention names all of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, SKOS, Graph, Literal, URIRef

from ontology.errors import XjftzError
from ontology.load import load_turtle, vocabulary_files
from ontology.namespaces import XJO

GEOGRAPHY = 1  # partner geography: countries and groupings of countries
OTHER = 2  # everything else that is linked

LAYER_OF_CLASS: dict[URIRef, int] = {
    XJO.Country: GEOGRAPHY,
    XJO.Region: GEOGRAPHY,
    XJO.Place: OTHER,
    XJO.Agency: OTHER,
    XJO.Organization: OTHER,
    XJO.Mechanism: OTHER,
    XJO.Initiative: OTHER,
    XJO.Event: OTHER,
    XJO.Zone: OTHER,
    XJO.ZoneComponent: OTHER,
    XJO.XPCCDivisionArea: OTHER,
    XJO.ComprehensiveBondedZone: OTHER,
    XJO.Industry: OTHER,
    XJO.Commodity: OTHER,
    XJO.TradeMode: OTHER,
    XJO.FinancialOperation: OTHER,
    XJO.Designation: OTHER,
    XJO.Facility: OTHER,
    XJO.Regime: OTHER,
    XJO.Catalogue: OTHER,
}
LABEL_KINDS = {
    SKOS.prefLabel: "prefLabel",
    SKOS.altLabel: "altLabel",
    SKOS.hiddenLabel: "hiddenLabel",
}


class VocabularyError(XjftzError):
    """The vocabularies cannot be used as they are (e.g. one surface form, two entities)."""


@dataclass(frozen=True)
class SurfaceForm:
    """One way the plan writes an entity's name."""

    form: str
    entity: URIRef
    cls: URIRef
    layer: int
    kind: str  # "prefLabel", "altLabel" or "hiddenLabel"
    file: str  # the vocabulary file that gives this label


@dataclass
class Lexicon:
    # layer → form → what it names (more than one only for joint abbreviations such as 中吉乌)
    forms: dict[int, dict[str, tuple[SurfaceForm, ...]]] = field(default_factory=dict)
    classes: dict[URIRef, URIRef] = field(default_factory=dict)  # entity → its xjo class
    topics: dict[URIRef, tuple[str, ...]] = field(default_factory=dict)  # topic → trigger terms
    framings: dict[str, URIRef] = field(default_factory=dict)  # zh label → framing concept
    regions: dict[URIRef, tuple[URIRef, ...]] = field(default_factory=dict)  # place → regions above
    graph: Graph = field(default_factory=Graph)
    files: tuple[str, ...] = ()

    def layer(self, layer: int) -> Mapping[str, tuple[SurfaceForm, ...]]:
        return self.forms.get(layer, {})

    def lookup(self, form: str, cls: URIRef | Iterable[URIRef] | None = None) -> URIRef | None:
        """The one entity a surface form names (in either layer), optionally only of ``cls``."""
        wanted = {cls} if isinstance(cls, URIRef) else set(cls) if cls is not None else None
        found = {
            sf.entity
            for layer in (GEOGRAPHY, OTHER)
            for sf in self.layer(layer).get(form, ())
            if wanted is None or sf.cls in wanted
        }
        return found.pop() if len(found) == 1 else None

    def pref_label(self, entity: URIRef, lang: str) -> str | None:
        for label in self.graph.objects(entity, SKOS.prefLabel):
            if isinstance(label, Literal) and label.language == lang:
                return str(label)
        return None


def _line_of(path: str, needle: str) -> int | None:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    idx = text.find(f'"{needle}"')
    return text.count("\n", 0, idx) + 1 if idx >= 0 else None


def _where(sf: SurfaceForm) -> str:
    line = _line_of(sf.file, sf.form)
    return f"{sf.file}:{line}" if line else sf.file


def _entity_class(graph: Graph, entity: URIRef) -> URIRef | None:
    found = sorted({t for t in graph.objects(entity, RDF.type) if t in LAYER_OF_CLASS})
    if len({LAYER_OF_CLASS[c] for c in found}) > 1:
        raise VocabularyError(
            f"{entity} has classes in both linking layers ({', '.join(found)}): "
            "its surface forms could be matched twice"
        )
    # A zone component typed both xjo:ZoneComponent and its subclass: keep the specific one.
    specific = [c for c in found if c != XJO.ZoneComponent]
    return (specific or found or [None])[0]


def _joint_abbreviation(entries: Iterable[SurfaceForm]) -> bool:
    return all(e.kind == "hiddenLabel" and e.cls == XJO.Country for e in entries)


def _add_form(lexicon: Lexicon, sf: SurfaceForm) -> None:
    table = lexicon.forms.setdefault(sf.layer, {})
    entries = table.get(sf.form, ())
    same = [e for e in entries if e.entity == sf.entity]
    if same:
        # The same entity under two label kinds: keep the more visible one (pref > alt > hidden).
        order = list(LABEL_KINDS.values())
        if order.index(sf.kind) < order.index(same[0].kind):
            table[sf.form] = tuple(sf if e is same[0] else e for e in entries)
        return
    if entries and not _joint_abbreviation((*entries, sf)):
        other = entries[0]
        raise VocabularyError(
            f"surface form “{sf.form}” names two entities in linking layer {sf.layer}: "
            f"{other.entity} ({other.kind}, {_where(other)}) and "
            f"{sf.entity} ({sf.kind}, {_where(sf)})"
        )
    table[sf.form] = tuple(sorted((*entries, sf), key=lambda e: e.entity))


def build_lexicon(graphs: Iterable[tuple[str, Graph]]) -> Lexicon:
    """A lexicon from already parsed vocabulary graphs, each with the file it came from."""
    lexicon = Lexicon()
    files: list[str] = []
    parsed = list(graphs)
    for name, g in parsed:
        files.append(name)
        lexicon.graph += g
    merged = lexicon.graph
    for name, g in parsed:
        for predicate, kind in LABEL_KINDS.items():
            for entity, label in sorted(g.subject_objects(predicate)):
                if not isinstance(entity, URIRef) or not isinstance(label, Literal):
                    continue
                if label.language != "zh" or not str(label).strip():
                    continue
                cls = _entity_class(merged, entity)
                if cls is not None:
                    lexicon.classes[entity] = cls
                    sf = SurfaceForm(str(label), entity, cls, LAYER_OF_CLASS[cls], kind, name)
                    _add_form(lexicon, sf)
                elif (entity, RDF.type, XJO.Framing) in merged:
                    _add_framing(lexicon, str(label), entity, name)
    for topic in sorted(merged.subjects(RDF.type, XJO.Topic)):
        terms = sorted(
            {
                str(t)
                for t in merged.objects(topic, XJO.triggerTerm)
                if isinstance(t, Literal) and t.language == "zh"
            }
        )
        lexicon.topics[topic] = tuple(t for t in terms if t.strip())
    # xjo:inRegion is transitive: a country (or region) counts for every region above it, so
    # the build materialises the closure and queries need no property path.
    places = {*merged.subjects(RDF.type, XJO.Country), *merged.subjects(RDF.type, XJO.Region)}
    for place in sorted(places):
        regions = regions_above(merged, place)
        if regions:
            lexicon.regions[place] = tuple(regions)
    lexicon.files = tuple(files)
    return lexicon


def regions_above(g: Graph, place: URIRef) -> list[URIRef]:
    """Every region ``place`` lies in, following ``xjo:inRegion`` transitively, sorted."""
    seen: set[URIRef] = set()
    todo = [place]
    while todo:
        for r in g.objects(todo.pop(), XJO.inRegion):
            if isinstance(r, URIRef) and r not in seen and r != place:
                seen.add(r)
                todo.append(r)
    return sorted(seen)


def _add_framing(lexicon: Lexicon, label: str, framing: URIRef, file: str) -> None:
    other = lexicon.framings.get(label)
    if other is not None and other != framing:
        raise VocabularyError(f"framing label “{label}” names both {other} and {framing} ({file})")
    lexicon.framings[label] = framing


def load_lexicon(paths: Iterable[Path | str] | None = None) -> Lexicon:
    """Load the vocabulary files (default: ``ontology/vocabularies/*.ttl``) into a lexicon.

    Raises ``InputFileError`` (file and line) for a file that does not parse, and
    :class:`VocabularyError` for conflicting surface forms.
    """
    files = [Path(p) for p in (vocabulary_files() if paths is None else paths)]
    if not files:
        raise VocabularyError("no vocabulary files found (ontology/vocabularies/*.ttl)")
    return build_lexicon((str(p), load_turtle(p)) for p in files)
