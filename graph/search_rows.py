"""The search index's rows: what ``graph.search_index`` writes, read from the graph.

Input:  the published graph (an rdflib ``Graph``), as ``graph.build`` holds it before
        publishing, or as parsed back from ``graph/build/xjftz.ttl``.
Output: ``rows_of(g)``: table name → its rows, sorted (the tables are described in
        ``graph.search_index``); a pure function of the graph.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import DCTERMS, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

from graph.vocab import regions_above
from ontology.namespaces import ELI, ID, OA, XJO
from queries.ask_index import INDEX_SCHEMA

# The ontology's terms for inferred links and topic evidence, read where a graph has them
# (issue 15); plain IRIs, so a graph without them is indexed as well.
ONT = Namespace(str(XJO._NS))
LABEL_KINDS = {SKOS.prefLabel: "pref", SKOS.altLabel: "alt", SKOS.hiddenLabel: "hidden"}
# Measure-level facets, as the named queries read them (measures-by-region-and-topic): a
# region's member countries are already folded into xjo:involves by the build.
FACET_PREDICATES = (XJO.involves, XJO.hasTopic, XJO.isPartOf)
# Concepts that are not things a reader asks about (how a function is framed, the schemes).
NOT_FACETS = {"framing", "scheme"}


def _text(g: Graph, s: URIRef, p: URIRef, lang: str) -> str | None:
    found = sorted(str(o) for o in g.objects(s, p) if isinstance(o, Literal) and o.language == lang)
    return found[0] if found else None


def _label(g: Graph, s: URIRef, lang: str) -> str | None:
    return _text(g, s, SKOS.prefLabel, lang) or _text(g, s, RDFS.label, lang)


def _int(g: Graph, s: URIRef, p: URIRef) -> int | None:
    for o in g.objects(s, p):
        if isinstance(o, Literal):
            return int(o.toPython())
    return None


def kind_of(iri: str) -> str:
    """The kind of an entity, from its IRI: ``…/id/region/143`` → ``region``."""
    rest = iri[len(str(ID)) :] if iri.startswith(str(ID)) else ""
    return rest.split("/", 1)[0] if "/" in rest else "other"


def _concepts(g: Graph) -> list[URIRef]:
    """Every IRI with a SKOS label, except the schemes and framings."""
    found = {s for p in LABEL_KINDS for s in g.subjects(p, None) if isinstance(s, URIRef)}
    return sorted(
        s
        for s in found
        if s.startswith(str(ID))
        and kind_of(s) not in NOT_FACETS
        and (s, RDF.type, SKOS.ConceptScheme) not in g
    )


def _forms(g: Graph, concepts: list[URIRef]) -> Iterator[tuple[str, str, str, str]]:
    """(text, iri, lang, source) for every label, trigger term and title."""
    for c in concepts:
        for p, source in LABEL_KINDS.items():
            for o in g.objects(c, p):
                if isinstance(o, Literal) and o.language in ("zh", "en") and str(o).strip():
                    yield str(o), str(c), o.language, source
        for o in g.objects(c, XJO.triggerTerm):
            if isinstance(o, Literal) and str(o).strip():
                yield str(o), str(c), o.language or "zh", "trigger"
    for cls in (XJO.Measure, XJO.TaskGroup):
        for s in g.subjects(RDF.type, cls):
            for o in g.objects(s, DCTERMS.title):
                if isinstance(o, Literal) and o.language in ("zh", "en"):
                    yield str(o), str(s), o.language, "title"


def _occurrences(text: str, terms: Iterable[str]) -> list[tuple[int, int, str]]:
    """Longest-first, non-overlapping occurrences of ``terms`` in ``text``."""
    spans = []
    for term in terms:
        i = text.find(term)
        while term and i != -1:
            spans.append((i, i + len(term), term))
            i = text.find(term, i + 1)
    spans.sort(key=lambda s: (s[0] - s[1], s[0], s[2]))
    taken = [False] * len(text)
    out = []
    for start, end, term in spans:
        if not any(taken[start:end]):
            taken[start:end] = [True] * (end - start)
            out.append((start, end, term))
    return sorted(out)


def _mention_offsets(g: Graph, mention: URIRef) -> tuple[int, int] | None:
    for target in g.objects(mention, OA.hasTarget):
        for selector in g.objects(target, OA.hasSelector):
            start, end = _int(g, selector, OA.start), _int(g, selector, OA.end)
            if start is not None and end is not None:
                return start, end
    return None


def _coded(
    g: Graph, row_of: dict[str, int], provision_rows: list[tuple], known: set[str]
) -> set[tuple]:
    """(provision row, concept, start, end, measure) for each coding of a sentence with a
    concept (an instrument or an action, ``xjo:Coding``): the words it quotes carry it, and the
    measure of the sentence has it — what the build's coding rules read, not a mention."""
    out = set()
    for coding in g.subjects(RDF.type, XJO.Coding):
        where = next(iter(g.objects(coding, XJO.codingIn)), None)
        span = _mention_offsets(g, coding)
        if where is None or span is None or str(where) not in row_of:
            continue
        row = row_of[str(where)]
        for body in g.objects(coding, OA.hasBody):
            if str(body) in known:
                out.add((row, str(body), *span, provision_rows[row - 1][2]))
    return out


def _region_members(g: Graph) -> dict[str, set[URIRef]]:
    """Region → every country or place in it, ``xjo:inRegion`` followed upwards."""
    members: dict[str, set[URIRef]] = {}
    for member, region in g.subject_objects(XJO.inRegion):
        for above in [region, *regions_above(g, region)]:
            members.setdefault(str(above), set()).add(member)
    return members


def _found_by_name(
    g: Graph,
    facets: list[tuple[int, str]],
    provisions: list[tuple],
    evidence: set[tuple],
    members: dict[str, set[URIRef]],
) -> set[tuple]:
    """Evidence for a measure's entity that no mention of its sentences carries (an entity the
    graph links through a longer name, say): where its Chinese names — or a member country's,
    for a region — stand in the measure's sentences."""
    carried = {(row, facet) for row, facet, *_ in evidence}
    rows_of_measure: dict[int, list[tuple]] = {}
    for p in provisions:
        if p[2] is not None:
            rows_of_measure.setdefault(p[2], []).append(p)
    found: set[tuple] = set()
    for number, facet in facets:
        rows = rows_of_measure.get(number, [])
        if kind_of(facet) in ("topic", "task-group") or any((p[0], facet) in carried for p in rows):
            continue
        for who in [URIRef(facet), *sorted(members.get(facet, ()))]:
            names = [str(o) for p in LABEL_KINDS for o in g.objects(who, p)
                     if isinstance(o, Literal) and o.language == "zh"]  # fmt: skip
            via = None if str(who) == facet else str(who)
            for p in rows:
                found.update((p[0], facet, s, e, via) for s, e, _ in _occurrences(p[4], names))
    return found


def _topic_evidence(g: Graph, row_of: dict[str, int], provisions: list[tuple]) -> set[tuple]:
    """Where a provision's topics are carried: the trigger occurrences the graph records with
    each topic assignment (their offsets, after the build's exclusions), or — for a graph
    without them — every occurrence of the topic's trigger terms in the provision's text."""
    found: set[tuple] = set()
    for assignment in g.subjects(RDF.type, ONT.TopicAssignment):
        where = next(iter(g.objects(assignment, ONT.assignedTo)), None)
        topic = next(iter(g.objects(assignment, ONT.assignedTopic)), None)
        if str(where) not in row_of or topic is None:
            continue
        for occurrence in g.objects(assignment, ONT.trigger):
            start, end = _int(g, occurrence, OA.start), _int(g, occurrence, OA.end)
            exact = next(iter(g.objects(occurrence, OA.exact)), None)
            if start is not None and end is not None:
                found.add((row_of[str(where)], str(topic), start, end, str(exact)))
    if found:
        return found
    triggers = {
        str(t): sorted(str(o) for o in g.objects(t, XJO.triggerTerm) if isinstance(o, Literal))
        for t in g.subjects(RDF.type, XJO.Topic)
    }
    for p, row in row_of.items():
        text = provisions[row - 1][4]
        for topic in g.objects(URIRef(p), XJO.hasTopic):
            for start, end, term in _occurrences(text, triggers.get(str(topic), ())):
                found.add((row, str(topic), start, end, term))
    return found


def rows_of(g: Graph) -> dict[str, list[tuple]]:
    """The rows of every table, sorted: what the index holds, before it is written."""
    concepts = _concepts(g)
    entity = [
        (str(c), kind_of(c), _text(g, c, SKOS.prefLabel, "zh"), _text(g, c, SKOS.prefLabel, "en"))
        for c in concepts
    ]
    for cls in (XJO.Measure, XJO.TaskGroup):
        for s in sorted(g.subjects(RDF.type, cls)):
            entity.append(
                (
                    str(s),
                    kind_of(s),
                    _text(g, s, DCTERMS.title, "zh"),
                    _text(g, s, DCTERMS.title, "en"),
                )
            )
    forms = sorted(set(_forms(g, concepts)))
    measures, measure_of = [], {}
    for m in sorted(g.subjects(RDF.type, XJO.Measure)):
        number = _int(g, m, XJO.measureNumber)
        if number is not None:
            measure_of[m] = number
            measures.append(
                (number, str(m), _text(g, m, DCTERMS.title, "zh"), _text(g, m, DCTERMS.title, "en"))
            )
    known = {e[0] for e in entity}
    facets = sorted(
        {
            (n, str(o))
            for m, n in measure_of.items()
            for p in FACET_PREDICATES
            for o in g.objects(m, p)
            if str(o) in known
        }
    )
    provisions = sorted(
        (
            _int(g, p, XJO.sequence) or 0,
            str(p),
            next((measure_of[m] for m in g.objects(p, ELI.is_part_of) if m in measure_of), None),
            _int(g, p, XJO.sentenceNumber),
            _text(g, p, XJO.text, "zh") or "",
            _text(g, p, XJO.text, "en") or "",
        )
        for p in g.subjects(RDF.type, XJO.Provision)
    )
    row_of = {p[1]: i for i, p in enumerate(provisions, 1)}
    provision_rows = [(i, *p[1:]) for i, p in enumerate(provisions, 1)]
    evidence: set[tuple] = set()
    for mention in g.subjects(RDF.type, XJO.Mention):
        where = next(iter(g.objects(mention, XJO.mentionIn)), None)
        span = _mention_offsets(g, mention)
        if where is None or span is None or str(where) not in row_of:
            continue
        for body in g.objects(mention, OA.hasBody):
            if str(body) not in known:
                continue
            evidence.add((row_of[str(where)], str(body), *span, None))
            for region in regions_above(g, body):  # a region carried by a member's mention
                evidence.add((row_of[str(where)], str(region), *span, str(body)))
    for link in g.subjects(RDF.type, ONT.InNameLink):  # an entity inside a longer name
        where = next(iter(g.objects(link, ONT.linkSource)), None)
        body = next(iter(g.objects(link, ONT.linkTarget)), None)
        start, end = _int(g, link, OA.start), _int(g, link, OA.end)
        if str(where) in row_of and str(body) in known and start is not None and end is not None:
            evidence.add((row_of[str(where)], str(body), start, end, None))
            for region in regions_above(g, body):
                evidence.add((row_of[str(where)], str(region), start, end, str(body)))
    members = _region_members(g)
    evidence |= _found_by_name(g, facets, provision_rows, evidence, members)
    evidence |= _topic_evidence(g, row_of, provisions)
    coded = _coded(g, row_of, provision_rows, known)
    evidence |= {(row, body, start, end, None) for row, body, start, end, _ in coded}
    facets = sorted(set(facets) | {(m, body) for _, body, _, _, m in coded if m is not None})
    functions = []
    for zone in sorted(g.subjects(RDF.type, XJO.Zone)):
        for f in sorted(g.objects(zone, XJO.hasFunction)):
            functions.append(
                (
                    str(f),
                    str(zone),
                    _text(g, f, RDFS.label, "zh"),
                    _text(g, f, RDFS.label, "en"),
                    *(str(next(iter(sorted(g.objects(f, p))), "")) or None for p in (
                        XJO.industry, XJO.industryGroup, XJO.statedIn)),
                )
            )  # fmt: skip
    parent = {c: z for z, c in g.subject_objects(XJO.hasComponent)}
    parent |= {z: f for f, z in g.subject_objects(XJO.hasZone)}
    areas = [
        (str(x), str(parent[x]) if x in parent else None,
         _label(g, x, "zh"), _label(g, x, "en"), str(km2),
         str(next(iter(sorted(g.objects(x, XJO.areaStatedIn))), "")) or None)
        for x, km2 in g.subject_objects(XJO.areaKm2)
    ]  # fmt: skip
    return {
        "meta": [("schema", INDEX_SCHEMA), ("triples", str(len(g)))],
        "entity": sorted(entity),
        "form": [(i, *f) for i, f in enumerate(forms, 1)],
        "measure": measures,
        "provision": provision_rows,
        "facet": facets,
        "evidence": sorted(evidence, key=lambda e: (e[0], e[1], e[2], e[3], e[4] or "")),
        "zone_function": sorted(functions),
        "zone_area": sorted(areas),
        "broader": sorted(
            (str(n), str(b))
            for n, b in g.subject_objects(SKOS.broader)
            if str(n) in known and str(b) in known
        ),
        "responsibility": sorted(
            (str(p), str(a)) for p, a in g.subject_objects(XJO.responsibleAgency)
        ),
        "in_region": sorted(
            (str(m), r) for r, ms in members.items() if r in known for m in ms if str(m) in known
        ),
    }


__all__ = ["kind_of", "rows_of"]
