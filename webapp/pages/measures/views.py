"""The measure explorer: the 25 measures filtered by facets and a text search, all in the URL.

Input:  ``GET /measures`` with ``zone``, ``task-group``, ``topic``, ``region``, ``country``,
        ``agency``, ``industry``, ``instrument``, ``action`` (each repeatable; a value is the
        last segment of the IRI:
        ``region=143&topic=logistics``), ``measure=N``, ``q=`` (a phrase, Chinese or English,
        at most 100 characters) and ``lang=``. Anything else, or a value the graph does not
        have, is a 400 naming the parameter.
Output: the page: facets with counts for the current filter (each value a link that adds or
        removes it, so it works without JavaScript), the matching measures, and for a text
        search the matching sentences with the match highlighted (escaped piece by piece).

The text search runs the named query ``search-provisions`` (Chinese substring; English
case- and dash-insensitive substring) with the phrase bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Blueprint, abort, render_template, request
from markupsafe import Markup

from queries.library import get_query
from webapp.pages.measures.data import FACETS, Filter, Index, Measure, explorer_index
from webapp.pages.measures.evidence import card_evidence
from webapp.shared.fetch import base, select
from webapp.shared.highlight import fold_en, fold_zh, match_markup
from webapp.shared.i18n import current_lang, t
from webapp.shared.labels import labels_for
from webapp.shared.nodes import Node

bp = Blueprint("measures", __name__)
MAX_Q = 100
SHOWN_VALUES = 12
ALLOWED = {*FACETS, "measure", "q", "lang"}


@dataclass
class Match:
    """A sentence that matches the text search."""

    provision: Node
    measure: int | None
    zh: Markup
    en: Markup


@dataclass
class FacetValue:
    node: Node
    slug: str
    count: int
    selected: bool
    href: str


def parse_filter(index: Index) -> tuple[Filter, dict[str, list[str]], str]:
    """The request's filter, its slugs per facet (for links) and the search phrase."""
    unknown = sorted(set(request.args) - ALLOWED)
    if unknown:
        abort(
            400,
            description=t("bad_param", name=unknown[0][:40], allowed=", ".join(sorted(ALLOWED))),
        )
    flt = Filter()
    slugs: dict[str, list[str]] = {}
    for facet in FACETS:
        chosen = []
        for slug in dict.fromkeys(request.args.getlist(facet)):
            iri = index.by_slug.get(facet, {}).get(slug.strip())
            if iri is None:
                abort(400, description=t("bad_facet_value", facet=facet, value=slug[:60]))
            chosen.append(slug.strip())
            flt.chosen.setdefault(facet, []).append(iri)
        if chosen:
            slugs[facet] = chosen
    measure = request.args.get("measure")
    if measure is not None:
        numbers = {m.number for m in index.measures}
        if not measure.strip().isdigit() or int(measure) not in numbers:
            abort(400, description=t("bad_measure", value=measure[:20]))
        flt.measure = int(measure)
    phrase = (request.args.get("q") or "").strip()
    if len(phrase) > MAX_Q:
        abort(400, description=t("q_too_long", n=MAX_Q))
    return flt, slugs, phrase


def url_with(slugs: dict[str, list[str]], measure: int | None, phrase: str, **change) -> str:
    """/measures with ``slugs`` changed: ``toggle=(facet, slug)``, ``drop_measure``, ``drop_q``."""
    pairs: list[tuple[str, str]] = []
    facet_t, slug_t = change.get("toggle", (None, None))
    for facet in FACETS:
        current = list(slugs.get(facet, []))
        if facet == facet_t:
            current = (
                [s for s in current if s != slug_t] if slug_t in current else [*current, slug_t]
            )
        pairs += [(facet, s) for s in current]
    if measure is not None and not change.get("drop_measure"):
        pairs.append(("measure", str(measure)))
    if phrase and not change.get("drop_q"):
        pairs.append(("q", phrase))
    return "/measures" + ("?" + urlencode(pairs) if pairs else "")


def search(phrase: str) -> list[Match]:
    """Sentences matching ``phrase`` in either language, in plan order."""
    named = get_query("search-provisions")
    rows = select(named, named.bind({"phrase": phrase}))
    b = base()
    found = {}
    for row in rows:
        iri = str(row["provision"])
        if iri in found:
            continue
        number = row.get("measure_number")
        found[iri] = (
            int(str(row["sequence"])),
            Match(
                Node(iri, base=b),
                int(str(number)) if number is not None else None,
                match_markup(str(row.get("text_zh") or ""), phrase, fold_zh),
                match_markup(str(row.get("text_en") or ""), phrase, fold_en),
            ),
        )
    labels = labels_for(found)
    for _, match in found.values():
        match.provision = Node(
            match.provision.iri, tuple(sorted(labels.get(match.provision.iri, {}).items())), b
        )
    return [m for _, m in sorted(found.values(), key=lambda x: (x[0], x[1].provision.iri))]


def facet_values(
    index: Index, counts: dict, slugs: dict[str, list[str]], measure: int | None, phrase: str
) -> dict[str, list[FacetValue]]:
    lang = current_lang()
    out: dict[str, list[FacetValue]] = {}
    for facet in FACETS:
        items = []
        for node in index.values.get(facet, []):
            slug = node.iri.rstrip("/").rsplit("/", 1)[-1]
            selected = slug in slugs.get(facet, [])
            count = counts[facet].get(node.iri, 0)
            if count or selected:
                href = url_with(slugs, measure, phrase, toggle=(facet, slug))
                items.append(FacetValue(node, slug, count, selected, href))
        if facet != "task-group":
            items.sort(key=lambda v: (not v.selected, -v.count, v.node.label(lang).lower()))
        out[facet] = items
    return out


@bp.get("/measures")
def measures() -> str:
    index = explorer_index()
    flt, slugs, phrase = parse_filter(index)
    matches = search(phrase) if phrase else []
    if phrase:
        flt.text_measures = {m.measure for m in matches if m.measure is not None}
    matching: list[Measure] = index.apply(flt)
    numbers = {m.number for m in matching}
    by_measure: dict[int, list[Match]] = {}
    for match in matches:
        if match.measure in numbers:
            by_measure.setdefault(match.measure, []).append(match)
    outside = [m for m in matches if m.measure is None] if not (slugs or flt.measure) else []
    lang = current_lang()
    nodes = {n.iri: n for values in index.values.values() for n in values}

    def chips(m: Measure, *facets: str) -> list[Node]:
        iris = {iri for f in facets for iri in m.values.get(f, ())}
        return sorted((nodes[i] for i in iris), key=lambda n: (n.label(lang).lower(), n.iri))

    cards = [
        {"m": m, "topics": chips(m, "topic"), "where": chips(m, "region", "country", "zone")}
        for m in matching
    ]
    chosen = [iri for iris in flt.chosen.values() for iri in iris]
    evidence = card_evidence([m.number for m in matching], chosen) if chosen else {}
    return render_template(
        "explorer.html",
        facets=facet_values(index, index.counts(matching), slugs, flt.measure, phrase),
        facet_names=FACETS,
        cards=cards,
        total=len(index.measures),
        matches=by_measure,
        outside=outside,
        phrase=phrase,
        slugs=slugs,
        measure=flt.measure,
        hidden=[(f, s) for f in FACETS for s in slugs.get(f, [])]
        + ([("measure", str(flt.measure))] if flt.measure is not None else []),
        clear_q=url_with(slugs, flt.measure, phrase, drop_q=True),
        clear_measure=url_with(slugs, flt.measure, phrase, drop_measure=True),
        shown_values=SHOWN_VALUES,
        match_count=len(matches),
        evidence=evidence,
    )
