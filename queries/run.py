"""Run a named query on a Store.

Input:  a Store, a named query (by id or as a ``NamedQuery``), and
        parameter values as strings (``{"region": "https://w3id.org/xjftz/id/region/143"}``).
Output: the results — ``SelectResult``, a bool, or an rdflib ``Graph`` by query form.
"""

from __future__ import annotations

from collections.abc import Mapping

from rdflib import Graph

from queries.errors import QueryError
from queries.library import NamedQuery, get_query
from queries.stores.base import SelectResult, Store


def resolve(query: NamedQuery | str) -> NamedQuery:
    """A ``NamedQuery`` from itself or its id."""
    return query if isinstance(query, NamedQuery) else get_query(query)


def run(
    store: Store, query: NamedQuery | str, params: Mapping[str, str] | None = None
) -> SelectResult | bool | Graph:
    """Run ``query`` with ``params`` bound; the result in rdflib terms."""
    named = resolve(query)
    bindings = named.bind(params)
    if named.form == "SELECT":
        return store.select(named.text, bindings)
    if named.form == "ASK":
        return store.ask(named.text, bindings)
    if named.form in ("CONSTRUCT", "DESCRIBE"):
        return store.construct(named.text, bindings)
    raise QueryError(f"{named.id}: cannot tell the query form")


def run_select(
    store: Store, query: NamedQuery | str, params: Mapping[str, str] | None = None
) -> SelectResult:
    """Run a SELECT named query."""
    result = run(store, query, params)
    if not isinstance(result, SelectResult):
        raise QueryError(f"{resolve(query).id} is not a SELECT query")
    return result
