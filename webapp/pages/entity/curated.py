"""The curated part of an entity page: what a reader came for, by kind of entity.

Input:  a :class:`webapp.pages.entity.data.Description`, its xjo types, the page language; the
        store through the page queries ``queries/site/{english-names, trigger-terms,
        unit-topics, topic-sentences, entity-schemes, region-members, measures-naming}.rq`` and
        ``webapp.pages.lists.data`` (the measures tied to an entity, by the explorer's rules).
Output: the template context ``entity.html`` adds to the header and raw statements:
        - every page: ``definition``, ``identifiers`` (ISO codes, Wikidata…), ``explorer``
          (the explorer filtered by it, with its count), ``lists`` (the list the IRI is in);
        - a unit of the plan: its sentences, zh beside en, mentions and topic triggers marked
          in both languages (``webapp.shared.bilingual``), and its entities grouped by scheme;
        - a country, region, place, agency…: the measures that name it directly apart from
          those tied by inference (a member country named; an area's city), member countries;
        - a topic: its sentences with its trigger words marked; a zone: the measures naming it;
        - a scheme: its concepts as a list (``webapp.pages.lists``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping

from rdflib import URIRef

from webapp.pages.entity.data import XJO, Description, Mentioned, Sentence
from webapp.pages.entity.vocab import term_node
from webapp.pages.lists.data import (
    explorer_href,
    in_scheme,
    measure_numbers,
    measures_by_entity,
)
from webapp.pages.measures.data import explorer_index
from webapp.shared.bilingual import Verb, bilingual
from webapp.shared.cache import memo
from webapp.shared.fetch import base, select
from webapp.shared.nodes import PREFIXES, LabelSet, Node, Value

_P = PREFIXES
IDENTIFIER_PROPS = (
    XJO + "iso3166Alpha2",
    XJO + "iso3166Alpha3",
    XJO + "m49Code",
    _P["skos"] + "notation",
    _P["skos"] + "exactMatch",
    _P["skos"] + "closeMatch",
    _P["owl"] + "sameAs",
)
WIKIDATA = "http://www.wikidata.org/entity/"


def english_names() -> dict[str, tuple[str, ...]]:
    def build() -> dict[str, tuple[str, ...]]:
        names: dict[str, set[str]] = defaultdict(set)
        for row in select("english-names"):
            names[str(row["entity"])].add(str(row["name"]))
        return {k: tuple(sorted(v, key=lambda n: (-len(n), n))) for k, v in names.items()}

    return memo("english-names", build)


def _triggers() -> tuple[dict[str, tuple[str, ...]], LabelSet]:
    def build() -> tuple[dict[str, tuple[str, ...]], LabelSet]:
        terms: dict[str, set[str]] = defaultdict(set)
        labels = LabelSet()
        for row in select("trigger-terms"):
            topic = str(row["topic"])
            terms[topic].add(str(row["term"]))
            labels.add(topic, "zh", row.get("topic_zh"))
            labels.add(topic, "en", row.get("topic_en"))
        return {k: tuple(sorted(v)) for k, v in terms.items()}, labels

    return memo("trigger-terms", build)


def triggers_of(topics: list[str], lang: str) -> dict[str, str]:
    """trigger term → the label of (one of) its topics, for the given topics."""
    terms, labels = _triggers()
    out: dict[str, str] = {}
    for topic in sorted(topics):
        name = labels.node(URIRef(topic), base()).label(lang)
        for term in terms.get(topic, ()):
            out[term] = f"{out[term]}; {name}" if term in out else name
    return out


def _topics_by_provision(iri: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for row in select("unit-topics", {"entity": URIRef(iri)}):
        provision = row.get("provision") or URIRef(iri)
        out[str(provision)].append(str(row["topic"]))
    return out


def sentence_views(
    iri: str, sentences: list[Sentence], lang: str, verbs: Mapping[str, list[Verb]] | None = None
) -> list[dict]:
    """A unit's sentences, marked in both languages: every mention and topic trigger (and on a
    measure's page, ``verbs``: provision IRI → its coded verbs, marked in the Chinese)."""
    topics = _topics_by_provision(iri)
    names = english_names()
    views = []
    for s in sentences:
        triggers = triggers_of(topics.get(s.node.iri, []), lang)
        marked = (verbs or {}).get(s.node.iri, [])
        zh, en = bilingual(s.zh, s.en, s.spans, triggers, names, lang, marked)
        # The linked entities under each sentence only for a single sentence: a unit's page
        # groups them by scheme once, under its text.
        entities = s.entities if len(sentences) == 1 else []
        views.append({"node": s.node, "number": s.number, "zh": zh, "en": en, "entities": entities})
    return views


def reader_pair(s: Sentence, lang: str) -> dict:
    """A sentence of the reader, its mentions marked in both languages."""
    zh, en = bilingual(s.zh, s.en, s.spans, {}, english_names(), lang)
    return {"node": s.node, "number": s.number, "zh": zh, "en": en, "entities": s.entities}


def mention_views(found: list[Mentioned], lang: str) -> list[dict]:
    """The sentences that name an entity, its words marked in both languages."""
    names = english_names()
    views = []
    for m in found:
        zh, en = bilingual(m.zh, m.en, m.spans, {}, names, lang)
        views.append({"provision": m.provision, "zh": zh, "en": en})
    return views


def topic_sentences(iri: str, lang: str) -> list[dict]:
    """The sentences tagged with a topic, its trigger words marked in both languages."""
    b = base()
    labels = LabelSet()
    rows = select("topic-sentences", {"topic": URIRef(iri)})
    triggers = triggers_of([iri], lang)
    views, seen = [], set()
    for row in rows:
        p = str(row["provision"])
        if p in seen:
            continue
        seen.add(p)
        labels.add(p, "zh", row.get("provision_zh"))
        labels.add(p, "en", row.get("provision_en"))
        zh, en = bilingual(
            str(row.get("text_zh") or ""), str(row.get("text_en") or ""), [], triggers, {}, lang
        )
        views.append({"provision": labels.node(URIRef(p), b), "zh": zh, "en": en})
    return views


def entities_by_scheme(sentences: list[Sentence], lang: str) -> list[tuple[Node, list[Node]]]:
    """The entities the sentences name, grouped by their scheme (in first-mention order)."""

    def build() -> tuple[dict[str, str], LabelSet]:
        scheme_of: dict[str, str] = {}
        labels = LabelSet()
        for row in select("entity-schemes"):
            scheme = str(row["scheme"])
            scheme_of.setdefault(str(row["entity"]), scheme)
            labels.add(scheme, "zh", row.get("scheme_zh"))
            labels.add(scheme, "en", row.get("scheme_en"))
        return scheme_of, labels

    scheme_of, labels = memo("entity-schemes", build)
    groups: dict[str, list[Node]] = {}
    for s in sentences:
        for node in s.entities:
            group = groups.setdefault(scheme_of.get(node.iri, ""), [])
            if node.iri not in {n.iri for n in group}:
                group.append(node)
    out = []
    for scheme, nodes in groups.items():
        head = labels.node(URIRef(scheme), base()) if scheme else term_node(_P["skos"] + "Concept")
        out.append((head, nodes))
    return sorted(out, key=lambda g: (not g[0].iri.startswith(base()), g[0].label(lang)))


def _topics_group(iri: str, lang: str) -> list[tuple[Node, list[Node]]]:
    """The topics of a unit's sentences, as one more group after the schemes of its entities."""
    topics = sorted({t for ts in _topics_by_provision(iri).values() for t in ts})
    if not topics:
        return []
    _terms, labels = _triggers()
    nodes = sorted((labels.node(URIRef(t), base()) for t in topics), key=lambda n: n.label(lang))
    return [(term_node(XJO + "Topic"), nodes)]


def _measure_nodes(numbers: set[int]) -> list[tuple[int, Node]]:
    """(number, measure) in plan order."""
    by_number = {m.number: m.node for m in explorer_index().measures}
    return [(n, by_number[n]) for n in sorted(numbers) if n in by_number]


def measures_view(iri: str, types: set[str]) -> dict | None:
    """The measures tied to the entity: named directly, and tied by inference only."""
    tied = measures_by_entity().get(iri)
    if not tied:
        return None
    named = {int(str(r["number"])) for r in select("measures-naming", {"entity": URIRef(iri)})}
    every = set().union(*tied.values())
    if types & {"Topic", "Agency", "TaskGroup"}:
        # Tagged, charged or contained: the measure's own link, nothing to infer.
        direct, why = every, ""
    elif "Zone" in types:
        direct, why = tied.get("direct", set()), "measures_inferred_city"
    else:
        direct, why = named & every, "measures_inferred_region"
    return {
        "direct": _measure_nodes(direct),
        "inferred": _measure_nodes(every - direct),
        "why": why,
        "total": len(every),
    }


def members(iri: str) -> list[Node]:
    b = base()
    labels = LabelSet()
    rows = select("region-members", {"region": URIRef(iri)})
    for row in rows:
        labels.add(str(row["member"]), "zh", row.get("member_zh"))
        labels.add(str(row["member"]), "en", row.get("member_en"))
    nodes = [labels.node(URIRef(str(r["member"])), b) for r in rows]
    return sorted({n.iri: n for n in nodes}.values(), key=lambda n: (n.label("en"), n.iri))


def header(desc: Description, types: set[str], lang: str) -> dict:
    """Definition, identifiers elsewhere, the explorer link and the list the IRI is in."""
    definitions = desc.outgoing.get(_P["skos"] + "definition")
    notes = desc.outgoing.get(_P["skos"] + "scopeNote")
    comments = desc.outgoing.get(_P["rdfs"] + "comment")

    def in_lang(group: object) -> list[Value]:
        items = [v for v in (group.items if group else []) if isinstance(v, Value)]
        chosen = [v for v in items if v.lang == lang] or [v for v in items if not v.lang]
        return chosen or items[:1]

    identifiers = []
    for prop in IDENTIFIER_PROPS:
        group = desc.outgoing.get(prop)
        for item in group.items if group else []:
            if isinstance(item, Node) and item.iri.startswith(WIKIDATA):
                text = "Wikidata " + item.iri[len(WIKIDATA) :]
                identifiers.append((term_node(prop), text, item.href))
            elif isinstance(item, Node):
                identifiers.append((term_node(prop), item.label(lang), item.href))
            else:
                identifiers.append((term_node(prop), item.text, None))
    explorer = None
    for cls in desc.types:
        href = explorer_href(desc.iri, cls)
        if href and measure_numbers(desc.iri):
            explorer = {"href": href, "n": len(measure_numbers(desc.iri))}
            break
    rest = desc.iri[len(base() + "id/") :] if desc.iri.startswith(base() + "id/") else ""
    list_href = "/id/" + rest.rsplit("/", 1)[0] + "/" if "/" in rest else None
    schemes = desc.outgoing.get(_P["skos"] + "inScheme")
    parents = desc.outgoing.get(_P["eli"] + "is_part_of")
    return {
        "definition": in_lang(definitions) + in_lang(comments),
        "scope_notes": in_lang(notes),
        "identifiers": identifiers,
        "explorer": explorer,
        "list_href": list_href,
        "schemes": [n for n in (schemes.items if schemes else []) if isinstance(n, Node)],
        "part_of": [n for n in (parents.items if parents else []) if isinstance(n, Node)],
    }


def curated(desc: Description, types: set[str], lang: str, sentences: list[Sentence]) -> dict:
    """The curated sections of ``desc``'s page (see the module docstring)."""
    context: dict = header(desc, types, lang)
    context["measures"] = None if "Measure" in types else measures_view(desc.iri, types)
    context["members"] = members(desc.iri) if "Region" in types else []
    regions = desc.outgoing.get(XJO + "inRegion")
    context["in_regions"] = [n for n in (regions.items if regions else []) if isinstance(n, Node)]
    context["topic_sentences"] = topic_sentences(desc.iri, lang) if "Topic" in types else []
    context["by_scheme"] = []
    if "Measure" in types:
        context["by_scheme"] = entities_by_scheme(sentences, lang) + _topics_group(desc.iri, lang)
    context["concepts"] = (
        in_scheme(desc.iri, lang, term_node) if _P["skos"] + "ConceptScheme" in desc.types else None
    )
    context["trigger_terms"] = _triggers()[0].get(desc.iri, ()) if "Topic" in types else ()
    return context
