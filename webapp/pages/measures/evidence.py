"""Why each card of the measure explorer is there: the sentences carrying each chosen facet.

Input:  the numbers of the matching measures and the IRIs of the facet values chosen.
Output: number → {"marked": sentences with the evidence marked, "apart": whether the chosen
        facets meet only in different sentences} — the same evidence as /ask, from the search
        index (``queries.ask.evidence_for``), cached per filter.
"""

from __future__ import annotations

from queries.ask import evidence_for
from webapp.shared.ask import ask_index
from webapp.shared.cache import cached, page_key
from webapp.shared.evidence import marked_sentences


def card_evidence(numbers: list[int], iris: list[str]) -> dict[int, dict]:
    def build() -> dict[int, dict]:
        found = evidence_for(ask_index(), numbers, iris)
        return {
            n: {"marked": marked_sentences(m), "apart": m["apart"] and len(iris) > 1}
            for n, m in found.items()
            if m["sentences"]
        }

    value, _ = cached(
        page_key("explorer-evidence", tuple(numbers), tuple(iris)),
        build,
        lambda v: 2000 * (1 + len(v)),
    )
    return value
