"""Answering a question: the measures (or areas) it asks for, each with the sentences that prove it.

Input:  a question (``queries.ask_understand``) and the search index (``queries.ask_index``);
        the facets' evidence from ``queries.ask_facets``, the areas from ``queries.ask_zones``.
Output: the answer document that ``xjftz ask --format json`` prints and ``GET /api/ask``
        returns (issue 16)::

            {"query": …, "lang": "zh"|"en",
             "understood": [{"kind", "iri", "label", "words"}, …], "set_aside": [{"words", "why"}],
             "measures": [{"number", "iri", "title_zh", "title_en",
                           "evidence": [{"provision", "facet", "start", "end", "words", "lang"}],
                           "sentences": [{"provision", "sentence", "text_zh", "text_en"}],
                           "together": [provision…], "apart": bool}, …],
             "zones": [{"zone", "label", "functions": [{"function", "label", "provision"}],
                        "sentence": {…}, "evidence": [...],
                        "area": {"km2", "components": [{"component", "label", "km2"}],
                                 "sentence": {…}, "evidence": [...]}}],
             "lists": [{"kind", "words", "within", "entities": [{"iri", "label", "measures": [n…],
                                                       "elsewhere": [provision…]}]}],
             "responsibilities": [{"provision", "text_zh", "text_en", "agencies": [{"agency",
                                   "label"}], "evidence": [...]}],
             "other_sentences": [{"provision", "text_zh", "text_en", "evidence"}],
             "suggestions": [...], "sparql": "…", "named_query": {"id", "params"}}

Semantics: the facet groups combine with AND at measure level, a region with its member
countries (``xjo:involves`` as the build materialises it, as ``measures-by-region-and-topic``
reads it); full-text terms too. Each answer lists, facet by facet, the sentences that carry it,
with the characters (offsets into the Chinese text, or the English one for English words), and
``apart`` says when the facets meet only in different sentences. A question about areas is
answered with the areas, their stated functions and their size (km², components), as is one
that asks for a size (面积, 多大, km², size …). A question that asks for the things of a kind
(哪些国家, which agencies) is answered with them and their measures (``queries.ask_kinds``),
within the measures its other facets answer. One that asks who is responsible (负责, responsible)
gets the sentences that make agencies responsible (``queries.ask_roles``). With no facet,
the words are searched as full text and the measures ranked (sentences outside the measures
listed apart); with no answer, the nearest facets are suggested.
"""

from __future__ import annotations

import math
from collections import defaultdict

from queries.ask_facets import Facet, evidence_item, group_facet, sentence, text_facet
from queries.ask_index import AskIndex
from queries.ask_kinds import answer_lists
from queries.ask_roles import answer_responsibilities
from queries.ask_understand import Group, Understanding, Word, understand
from queries.ask_zones import answer_zones
from queries.library import get_query

MAX_SUGGESTIONS = 6
CODED_KINDS = frozenset({"instrument", "action"})  # facets from codings (graph/search_index.py)


def _understood(index: AskIndex, u: Understanding) -> list[dict]:
    out = []
    for g in u.groups:
        for iri in g.iris:
            e = index.entities[iri]
            item = {"kind": e.kind, "iri": iri, "label": e.label(u.lang), "words": g.words}
            item.update({"label_zh": e.label_zh, "label_en": e.label_en})
            if g.trigger:
                item["trigger"] = g.trigger
            out.append(item)
    for n in u.numbers:
        m = index.measures.get(n)
        label = f"措施{n}" if u.lang == "zh" else f"measure {n}"
        out.append(
            {"kind": "measure", "iri": m.iri if m else None, "label": label,
             "words": u.number_words, "number": n}
        )  # fmt: skip
    if u.about_areas:
        out.append(
            {"kind": "areas", "iri": None, "label": "片区" if u.lang == "zh" else "areas",
             "words": "片区" if u.lang == "zh" else "areas"}
        )  # fmt: skip
    out += [{"kind": "list", "iri": None, "label": w, "words": w, "of": k} for k, w in u.kinds]
    if u.about_responsibility:
        words = "负责" if u.lang == "zh" else "responsible"
        out.append({"kind": "responsibility", "iri": None, "label": words, "words": words})
    out += [{"kind": "text", "iri": None, "label": w.text, "words": w.text} for w in u.terms]
    return out


def _measure_answer(index: AskIndex, number: int, facets: list[Facet]) -> dict:
    m = index.measures[number]
    evidence, carriers = [], []
    for f in facets:
        carrying = set()
        for pid in sorted(f.spans):
            p = index.provisions[pid]
            if p.measure != number:
                continue
            carrying.add(pid)
            for start, end, lang, facet in sorted(set(f.spans[pid])):
                shown = None if facet.startswith("text:") else facet
                evidence.append(
                    {**evidence_item(p, shown, start, end, lang), "sentence": p.sentence}
                )
        if f.key != "measure":
            carriers.append(carrying)
    evidence.sort(key=lambda e: (e["sentence"] or 0, e["lang"], e["start"], e["facet"] or ""))
    used = sorted({pid for c in carriers for pid in c})
    together = sorted(set.intersection(*carriers)) if carriers and all(carriers) else []
    return {
        "number": number,
        "iri": m.iri,
        "title_zh": m.label_zh,
        "title_en": m.label_en,
        "evidence": evidence,
        "sentences": [sentence(index.provisions[pid]) for pid in used],
        "together": [index.provisions[pid].iri for pid in together],
        "apart": len([c for c in carriers if c]) > 1 and not together,
        "without_sentence": sum(1 for c in carriers if not c),
    }


def _rank_text(index: AskIndex, numbers: list[int], facets: list[Facet]) -> list[int]:
    """Measures by relevance when only words were searched: idf-weighted hits, meeting first."""
    total = max(1, len(index.provisions))
    score: dict[int, float] = defaultdict(float)
    meet: dict[int, bool] = {}
    for n in numbers:
        sets = []
        for f in facets:
            pids = {pid for pid in f.spans if index.provisions[pid].measure == n}
            idf = math.log(1 + total / max(1, len(f.spans)))
            score[n] += idf * sum(len(f.spans[pid]) for pid in pids)
            sets.append(pids)
        meet[n] = bool(set.intersection(*sets)) if sets else False
    return sorted(numbers, key=lambda n: (not meet[n], -round(score[n], 9), n))


def _named_query(index: AskIndex, u: Understanding) -> tuple[str, dict[str, str]] | None:
    """The named query, and its parameters, that gives the same measures, where one does (an
    instrument alone: the provisions coded with it, whose measures are the answer's)."""
    if u.terms or len(u.numbers) > 1:
        return None
    if len(u.groups) == 1 and not u.numbers and len(u.groups[0].iris) == 1:
        iri = u.groups[0].iris[0]  # one instrument (its sub-types too, as the query reads it)
        if index.entities[iri].kind == "instrument":
            return "provisions-by-instrument", {"instrument": iri}
    if any(len(g.iris) > 1 or g.trigger or index.narrower.get(g.iris[0]) for g in u.groups):
        return None  # several things, a trigger's sentences, or narrower concepts: no one query
    iris = [g.iris[0] for g in u.groups] + [
        index.measures[n].iri for n in u.numbers if n in index.measures
    ]
    if len(iris) != len(u.groups) + len(u.numbers) or not iris or len(iris) > 3:
        return None
    kinds = sorted(index.entities[i].kind if i in index.entities else "measure" for i in iris)
    if CODED_KINDS.intersection(kinds):
        return None  # codings with other facets, or an action: no query reads them together
    if kinds == ["region", "topic"]:
        region, topic = sorted(iris, key=lambda i: index.entities[i].kind)
        return "measures-by-region-and-topic", {"region": region, "topic": topic}
    return "ask-measures", {f"facet{k}": iri for k, iri in enumerate(iris, 1)}


def _suggestions(index: AskIndex, u: Understanding, facets: list[Facet]) -> list[dict]:
    """For an empty answer: each facet dropped, and same-kind facets that would answer."""
    out: list[dict] = []
    if len(facets) > 1:
        for i, f in enumerate(facets):
            rest = [g.measures for j, g in enumerate(facets) if j != i]
            n = len(frozenset.intersection(*rest))
            if n:
                out.append({"kind": "drop", "facet": f.key, "measures": n})
    for g, f in zip(u.groups, facets, strict=False):
        kind = index.entities[g.iris[0]].kind
        rest = [h.measures for h in facets if h is not f]
        base = frozenset.intersection(*rest) if rest else frozenset(index.measures)
        options = []
        for iri, ms in index.measures_of.items():
            e = index.entities.get(iri)
            if e is None or e.kind != kind or iri in g.iris:
                continue
            n = len(ms & base)
            if n:
                options.append((-n, e.label(u.lang), iri, n))
        for _, label, iri, n in sorted(options)[:3]:
            out.append(
                {"kind": "instead", "replaces": f.key, "facet": iri, "label": label, "measures": n}
            )
    if not u.groups:
        for w in (*u.terms, *u.set_aside):
            for text, form in index.labels_like(w.text, 3):
                e = index.entities.get(form.iri)
                if e is not None and e.kind != "measure":
                    out.append(
                        {
                            "kind": "label",
                            "facet": form.iri,
                            "label": e.label(u.lang),
                            "words": text,
                        }
                    )
    seen, unique = set(), []
    for s in out:
        key = (s["kind"], s.get("facet"), s.get("replaces"))
        if key not in seen:
            seen.add(key)
            unique.append(s)
    return unique[:MAX_SUGGESTIONS]


def answer(index: AskIndex, question: str, lang: str | None = None) -> dict:
    """The answer document for ``question`` (see the module docstring)."""
    u = understand(index, question, lang)
    facets = [group_facet(index, g) for g in u.groups]
    if u.numbers:
        facets.append(Facet("measure", frozenset(n for n in u.numbers if n in index.measures), {}))
    text = [text_facet(index, w) for w in u.terms]
    if not facets and len(text) > 1:
        text = _same_sentence(index, text)
    elif facets:
        text = _words_that_narrow(u, facets, text)
    facets += text
    zones = answer_zones(index, u, facets) if u.about_areas or _has_zone(index, u) else []
    lists = answer_lists(index, u, facets)
    responsibilities = answer_responsibilities(index, u)
    numbers: list[int] = []
    if facets and not (u.about_areas and zones):
        numbers = sorted(frozenset.intersection(*(f.measures for f in facets)))
        if not u.groups and not u.numbers:
            numbers = _rank_text(index, numbers, facets)
    named = _named_query(index, u) if numbers else None
    words_alone = bool(text) and not u.groups and not u.numbers
    doc = {
        "query": question,
        "lang": u.lang,
        "understood": _understood(index, u),
        "set_aside": [{"words": w.text, "why": w.why} for w in u.set_aside],
        "measures": [_measure_answer(index, n, facets) for n in numbers],
        "zones": zones,
        "lists": lists,
        "responsibilities": responsibilities,
        "other_sentences": _outside_measures(index, text) if words_alone else [],
        "suggestions": []
        if numbers or zones or lists or responsibilities
        else _suggestions(index, u, facets),
        "sparql": get_query(named[0]).text if named else None,
        "named_query": {"id": named[0], "params": named[1]} if named else None,
    }  # fmt: skip
    return doc


def _words_that_narrow(u: Understanding, facets: list[Facet], text: list[Facet]) -> list[Facet]:
    """Beside understood facets, a word narrows the answer only where it meets them: a word
    no answer measure holds ("both", "planned") is set aside, not allowed to empty it."""
    current = frozenset.intersection(*(f.measures for f in facets))
    kept = []
    for f, w in zip(text, list(u.terms), strict=True):
        if current & f.measures:
            current &= f.measures
            kept.append(f)
        else:
            u.terms.remove(w)
            u.set_aside.append(Word(w.text, w.lang, "apart"))
    return kept


def _same_sentence(index: AskIndex, facets: list[Facet]) -> list[Facet]:
    """Words alone are searched sentence by sentence (all of them in one), as full text is;
    measure by measure only when no sentence holds them all."""
    common = set.intersection(*(set(f.spans) for f in facets))
    if not common:
        return facets
    out = []
    for f in facets:
        spans = {pid: v for pid, v in f.spans.items() if pid in common}
        measures = frozenset(m for pid in spans if (m := index.provisions[pid].measure) is not None)
        out.append(Facet(f.key, measures, spans))
    return out


def evidence_for(index: AskIndex, numbers: list[int], iris: list[str]) -> dict[int, dict]:
    """For the measure explorer: each measure's sentences carrying each of ``iris`` (facets
    chosen one by one), as the measures of an answer document, by number."""
    facets = [
        group_facet(index, Group(0, 0, "", (), (iri,)))
        for iri in dict.fromkeys(iris)
        if iri in index.entities
    ]
    return {n: _measure_answer(index, n, facets) for n in numbers if n in index.measures}


def _outside_measures(index: AskIndex, text: list[Facet]) -> list[dict]:
    """For words alone: the sentences outside the measures (the plan's frame and layout) that
    hold them all, with the words marked."""
    common = set.intersection(*(set(f.spans) for f in text))
    out = []
    for pid in sorted(common):
        p = index.provisions[pid]
        if p.measure is not None:
            continue
        evidence = [
            evidence_item(p, None, s, e, lang)
            for f in text
            for s, e, lang, _ in sorted(set(f.spans[pid]))
        ]
        out.append({**sentence(p), "evidence": evidence})
    return out


def _has_zone(index: AskIndex, u: Understanding) -> bool:
    return any(any(index.entities[x].kind == "zone" for x in g.iris) for g in u.groups)


__all__ = ["answer", "evidence_for"]
