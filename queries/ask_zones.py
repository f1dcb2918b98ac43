"""Questions about areas: the areas whose stated functions answer them.

Input:  an understood question, its facets (``queries.ask_facets``) and the search index.
Output: for each area (片区) that answers, its stated functions that do and the sentence of
        the plan stating them (section 二（二）), with the facets' words marked, and its size:
        km², its components with theirs, the sentence stating them (section 二（一）) with the
        figures marked — the ``zones`` of the answer document.
"""

from __future__ import annotations

from collections import defaultdict

from queries.ask_facets import Facet, evidence_item, sentence, with_narrower
from queries.ask_index import AskIndex, ZoneFunction
from queries.ask_understand import Understanding, Word


def answer_zones(index: AskIndex, u: Understanding, facets: list[Facet]) -> list[dict]:
    """The areas whose stated functions answer the question, with the sentence stating them."""
    zone_groups = [g for g in u.groups if any(index.entities[x].kind == "zone" for x in g.iris)]
    wanted = {x for g in zone_groups for x in g.iris if index.entities[x].kind == "zone"}
    others = [(g, f) for g, f in zip(u.groups, facets, strict=False) if g not in zone_groups]
    out = []
    by_zone: dict[str, list] = defaultdict(list)
    for f in index.zone_functions:
        by_zone[f.zone].append(f)

    def plan_order(zone: str) -> tuple:  # the order the plan states the areas' functions in
        rows = [index.provision_ids.get(f.provision or "", 0) for f in by_zone[zone]]
        return (min(rows), zone)

    for zone in sorted(by_zone, key=plan_order):
        if wanted and not any(zone == w or w.startswith(zone + "/") for w in wanted):
            continue
        functions = [f for f in by_zone[zone] if _function_matches(index, f, others, u.terms)]
        # An area named with words alone that no function holds (乌鲁木齐片区包括哪些区域) is
        # still answered with its size and components; with another facet, it must match.
        if not functions and (others or not wanted):
            continue
        e = index.entities.get(zone)
        item = {
            "zone": zone,
            "label": e.label(u.lang) if e else zone,
            "label_zh": e.label_zh if e else None,
            "label_en": e.label_en if e else None,
            "functions": [_function(f, u.lang) for f in functions],
        }
        pid = index.provision_ids.get(functions[0].provision if functions else "")
        if pid is not None:
            item["sentence"] = sentence(index.provisions[pid])
            item["evidence"] = _zone_evidence(index, pid, functions, others, u.terms)
        area = _area(index, zone, u.lang)
        if area:
            item["area"] = area
        out.append(item)
    return out


def _area(index: AskIndex, zone: str, lang: str) -> dict | None:
    """The zone's km² and its components', and the sentence stating them, figures marked."""
    own = next((a for a in index.zone_areas if a.iri == zone), None)
    if own is None:
        return None
    parts = [a for a in index.zone_areas if a.part_of == zone]
    pid = index.provision_ids.get(own.provision or "")
    if pid is not None:  # in the order the plan names them
        text = index.provisions[pid].text_zh
        parts.sort(key=lambda a: (text.find(f"{a.km2}平方公里"), a.iri))
    area = {
        "km2": own.km2,
        "components": [
            {"component": a.iri, "label": a.label_zh if lang == "zh" else a.label_en,
             "label_zh": a.label_zh, "label_en": a.label_en, "km2": a.km2}
            for a in parts
        ],
    }  # fmt: skip
    if pid is not None:
        p = index.provisions[pid]
        area["sentence"] = sentence(p)
        # The plan writes each figure once, "134.6平方公里" / "134.6 km²" (translation.en.tsv).
        figures = [(f"{a.km2}平方公里", "zh") for a in (own, *parts)]
        figures += [(f"{a.km2} km²", "en") for a in (own, *parts)]
        area["evidence"] = [
            evidence_item(p, None, s, s + len(w), text)
            for w, text in figures
            if (s := (p.text_zh if text == "zh" else p.text_en).find(w)) != -1
        ]
    return area


def _zone_evidence(
    index: AskIndex, pid: int, functions: list, others: list, terms: list[Word]
) -> list[dict]:
    """Where the sentence stating an area's functions carries the question's facets."""
    p = index.provisions[pid]
    spans: set[tuple[int, int, str]] = set()
    for _, f in others:
        spans.update((s, e, lang) for s, e, lang, _ in f.spans.get(pid, ()))
    names = {fm.text for g, _ in others for fm in g.forms if fm.lang == "zh"}
    names |= {t.text for t in terms if t.lang == "zh"}
    for start, end, _ in _spans_of(p.text_zh, names):
        spans.add((start, end, "zh"))
    return [evidence_item(p, None, s, e, lang) for s, e, lang in sorted(spans)]


def _spans_of(text: str, words: set[str]) -> list[tuple[int, int, str]]:
    out = []
    for w in sorted(words, key=len, reverse=True):
        at = text.find(w) if w else -1
        while at != -1:
            if not any(s < at + len(w) and at < e for s, e, _ in out):
                out.append((at, at + len(w), w))
            at = text.find(w, at + len(w))
    return out


def _function(f: ZoneFunction, lang: str) -> dict:
    return {
        "function": f.iri,
        "label": f.label_zh if lang == "zh" else f.label_en,
        "label_zh": f.label_zh,
        "label_en": f.label_en,
        "industry": f.industry,
        "provision": f.provision,
    }


GEOGRAPHY = ("region", "country")


def _function_matches(index: AskIndex, f, others: list, terms: list[Word]) -> bool:
    """Whether a stated function answers every facet: its industry (or one above it), a word
    of the facet in the function, or — for a region or country, which no function names — the
    sentence stating the area's functions carries it."""
    label_zh, label_en = f.label_zh or "", (f.label_en or "").casefold()
    for g, facet in others:
        iris = with_narrower(index, g.iris)
        if f.industry in iris or f.industry_group in iris:
            continue
        words = (
            [g.trigger] if g.trigger else [t for iri in g.iris for t in index.triggers.get(iri, ())]
        )
        words += [fm.text for fm in g.forms if fm.lang == "zh"]
        if any(w and w in label_zh for w in words):
            continue
        geographic = all(index.entities[i].kind in GEOGRAPHY for i in g.iris)
        if geographic and index.provision_ids.get(f.provision or "") in facet.spans:
            continue
        return False
    return all((t.text in label_zh) if t.lang == "zh" else (t.text in label_en) for t in terms)
