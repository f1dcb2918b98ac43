"""Labels for any IRIs, many at once: the result tables and the explorer's search name them.

Input:  IRIs (strings).
Output: ``{iri: {"zh": …, "en": …}}`` for each IRI that has a label in either language; one
        query (``queries/site/labels.rq``) per :data:`CHUNK` IRIs not yet cached, each IRI's
        labels then cached alone.

The IRIs go into the query as one ``VALUES`` block, written by the one VALUES writer
(``queries.binding``, through the loader) from terms it checks first: a store binds one value
per variable, and a query per IRI would be a hundred queries for one result table.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import URIRef

from queries.library import get_site_query
from webapp.shared.cache import cached_each
from webapp.state import get_store

CHUNK = 100
_LABEL_BYTES = 200  # rough size of one IRI's labels, for the cache's item-size cap


def _fetch(iris: list[str]) -> dict[str, dict[str, str]]:
    query = get_site_query("labels")
    found: dict[str, dict[str, str]] = {iri: {} for iri in iris}
    for at in range(0, len(iris), CHUNK):
        chunk = [URIRef(i) for i in iris[at : at + CHUNK]]
        for row in get_store().select(query.with_values({"s": chunk})):
            slot = found.setdefault(str(row["s"]), {})
            lang, text = row["label"].language, str(row["label"])
            slot[lang] = min(slot.get(lang, text), text)
    # Sorted: the same document whatever the row order.
    return {iri: dict(sorted(labels.items())) for iri, labels in found.items()}


def labels_for(iris: Iterable[str]) -> dict[str, dict[str, str]]:
    """zh/en labels of each IRI that has any."""
    every = cached_each("label", iris, _fetch, _LABEL_BYTES)
    return {iri: labels for iri, labels in every.items() if labels}
