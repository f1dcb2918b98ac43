"""Labels for any IRIs, many at once: the result tables and the explorer's facets name them.

Input:  IRIs (strings), each checked by ``queries.binding.check_term`` before it is written.
Output: ``{iri: {"zh": …, "en": …}}`` for each IRI that has a label in either language; one
        query per :data:`CHUNK` IRIs not yet cached, each IRI's labels then cached alone.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import URIRef

from queries.binding import check_term, where_group_start
from webapp.shared.cache import cached_each
from webapp.state import get_store

CHUNK = 100
_LABEL_BYTES = 200  # rough size of one IRI's labels, for the cache's item-size cap
LABELS_QUERY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?s ?label WHERE { ?s rdfs:label ?label . FILTER(LANG(?label) IN ("zh", "en")) }
"""


def _values_query(query: str, var: str, iris: list[URIRef]) -> str:
    """``query`` with ``VALUES ?var { <iri> … }`` opening its WHERE group (IRIs checked)."""
    block = f"VALUES ?{var} {{ {' '.join(check_term(var, i).n3() for i in iris)} }}"
    at = where_group_start(query)
    return f"{query[:at]} {block} {query[at:]}"


def _fetch(iris: list[str]) -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {iri: {} for iri in iris}
    for at in range(0, len(iris), CHUNK):
        chunk = [URIRef(i) for i in iris[at : at + CHUNK]]
        for row in get_store().select(_values_query(LABELS_QUERY, "s", chunk)):
            slot = found.setdefault(str(row["s"]), {})
            lang, text = row["label"].language, str(row["label"])
            slot[lang] = min(slot.get(lang, text), text)
    # Sorted: the same document whatever the row order.
    return {iri: dict(sorted(labels.items())) for iri, labels in found.items()}


def labels_for(iris: Iterable[str]) -> dict[str, dict[str, str]]:
    """zh/en labels of each IRI that has any."""
    every = cached_each("label", iris, _fetch, _LABEL_BYTES)
    return {iri: labels for iri, labels in every.items() if labels}
