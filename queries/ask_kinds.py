"""Questions that ask for a list: the things of one kind the plan names (哪些国家, which agencies).

Input:  an understood question whose words name a kind (``Understanding.kinds``), its facets
        (``queries.ask_facets``) and the search index.
Output: for each kind asked, the entities of that kind with the measures that have them — all
        of them (with the sentences outside the measures that name them), or within the
        measures that answer the question's other facets (涉及物流的国家: the countries of the
        logistics measures; with a region named, its members: the countries of Central Asia)
        — most measures first (task groups in the plan's order): the ``lists`` of the answer
        document. A measure has an entity as the facet answers read it (``xjo:involves``: a
        region with its member countries, as the build materialises it; the instruments and
        actions its sentences are coded with).
"""

from __future__ import annotations

from queries.ask_facets import Facet
from queries.ask_index import AskIndex
from queries.ask_understand import Understanding

MEMBER_KINDS = ("country", "place", "region")  # what lies in a region (xjo:inRegion)
IN_PLAN_ORDER = ("task-group",)  # listed as the plan sets them out, not by their measures


def answer_lists(index: AskIndex, u: Understanding, facets: list[Facet]) -> list[dict]:
    """Per kind asked, its entities (within the facets' measures) and their measures."""
    scope = frozenset.intersection(*(f.measures for f in facets)) if facets else None
    named = {iri for g in u.groups for iri in g.iris}  # the facets themselves are not listed
    regions = [iri for iri in named if index.entities[iri].kind == "region"]
    members = {m for r in regions for m in index.members.get(r, ())}
    # Asked alone, a list also has what the plan names outside its measures (国务院 in part
    # four): the sentences naming it there, itself and not through a member (``via``).
    elsewhere = _named_outside_measures(index) if scope is None else {}
    out = []
    for kind, words in u.kinds:
        found = []
        for iri in sorted(set(index.measures_of) | set(elsewhere)):
            e = index.entities.get(iri)
            if e is None or e.kind != kind or iri in named:
                continue
            # With a region named, the countries and places asked for are its members (the
            # countries of Central Asia), not any that share a measure with it.
            if regions and kind in MEMBER_KINDS and iri not in members:
                continue
            measures = index.measures_of.get(iri, frozenset())
            hits = sorted(measures if scope is None else measures & scope)
            if hits or elsewhere.get(iri):
                found.append({"iri": iri, "label": e.label(u.lang), "label_zh": e.label_zh,
                              "label_en": e.label_en, "measures": hits,
                              "elsewhere": list(elsewhere.get(iri, ()))})  # fmt: skip
        if kind in IN_PLAN_ORDER:
            found.sort(key=lambda x: x["measures"][:1])
        else:
            found.sort(key=lambda x: (-len(x["measures"]) - len(x["elsewhere"]), x["label"] or ""))
        # within: limited to the measures the rest of the question answers (or a region's own)
        within = scope is not None or bool(regions and kind in MEMBER_KINDS)
        out.append({"kind": kind, "words": words, "within": within, "entities": found})
    return out


def _named_outside_measures(index: AskIndex) -> dict[str, tuple[str, ...]]:
    """Entity → the provisions outside the measures that name it, in the plan's order (read
    from the index once, as ``queries.ask_facets`` keeps its patterns)."""
    found = index.memo.get("named-outside-measures")
    if found is None:
        out: dict[str, list[str]] = {}
        for pid in sorted(index.evidence):
            p = index.provisions[pid]
            if p.measure is not None:
                continue
            for iri in sorted({e.facet for e in index.evidence[pid] if e.via is None}):
                out.setdefault(iri, []).append(p.iri)
        found = index.memo["named-outside-measures"] = {k: tuple(v) for k, v in out.items()}
    return found
