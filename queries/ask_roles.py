"""Questions that ask who is responsible: the sentences that make agencies responsible.

Input:  an understood question that asks it (``Understanding.about_responsibility``: 负责,
        主体责任, responsible …) and the search index.
Output: the ``responsibilities`` of the answer document: each sentence of the plan that makes
        agencies responsible (``xjo:responsibleAgency``, curated in
        graph/sources/responsibilities.tsv: part four, 组织实施, for the whole plan), with the
        agencies and their names marked; only those of an agency the question names, if any.
        The plan assigns no measure to an agency, so a question about a measure gets these.
"""

from __future__ import annotations

from queries.ask_facets import evidence_item, sentence
from queries.ask_index import AskIndex
from queries.ask_understand import Understanding


def answer_responsibilities(index: AskIndex, u: Understanding) -> list[dict]:
    """The sentences making agencies responsible, in the plan's order, with the agencies."""
    if not u.about_responsibility:
        return []
    asked = {i for g in u.groups for i in g.iris if index.entities[i].kind == "agency"}
    by_provision: dict[str, list[str]] = {}
    for provision, agency in index.responsibilities:
        by_provision.setdefault(provision, []).append(agency)
    out = []
    for provision, agencies in by_provision.items():
        pid = index.provision_ids.get(provision)
        if pid is None or (asked and not asked.intersection(agencies)):
            continue
        marks = [e for e in index.evidence.get(pid, ()) if e.facet in agencies and e.via is None]
        p = index.provisions[pid]
        out.append({
            **sentence(p),
            "agencies": [
                {"agency": a, "label": index.entities[a].label(u.lang),
                 "label_zh": index.entities[a].label_zh, "label_en": index.entities[a].label_en}
                for a in agencies if a in index.entities
            ],
            "evidence": [
                evidence_item(p, e.facet, e.start, e.end, "zh")
                for e in sorted(marks, key=lambda e: (e.start, e.end))
            ],
        })  # fmt: skip
    return sorted(out, key=lambda r: index.provision_ids[r["provision"]])
