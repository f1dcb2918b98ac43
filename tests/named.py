"""Run a named query by its id in a test: ``run_select(store, "zones", {...})``.

Input:  a Store, a named query's id (``queries/*.rq``) and parameter values as strings.
Output: the ``SelectResult`` (rdflib terms). The site, the API and the CLI bind and run named
        queries their own way (``NamedQuery.bind`` then the store), so this lives with the tests.
"""

from __future__ import annotations

from collections.abc import Mapping

from queries.errors import QueryError
from queries.library import get_query
from queries.stores.base import SelectResult, Store


def run_select(
    store: Store, query_id: str, params: Mapping[str, str] | None = None
) -> SelectResult:
    """Run the SELECT named query ``query_id`` with ``params`` bound."""
    named = get_query(query_id)
    if named.form != "SELECT":
        raise QueryError(f"{named.id} is not a SELECT query")
    return store.select(named.text, named.bind(params))
