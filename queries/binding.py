"""Bind values to query variables without pasting text: the shared half of both backends.

Input:  a SPARQL query and ``bindings``, a mapping from variable name (without ``?``) to an
        rdflib term (``URIRef`` or ``Literal``).
Output: for the embedded backend, the same bindings checked (``checked_bindings``), to be
        handed to pyoxigraph's ``substitutions=``; for a remote backend, a ``VALUES`` block
        (``values_block``) written from the validated terms' ``.n3()`` and placed as the first
        element of the query's WHERE group (``with_values``), which for the kinds of queries
        in ``queries/*.rq`` means the same as substitution (SEP-0007).

A term is validated before its ``.n3()`` is trusted: an IRI must be absolute and free of the
characters the IRIREF production excludes, so no value can close the ``<…>`` and inject text;
rdflib's ``Literal.n3()`` escapes quotes and backslashes itself. Blank nodes cannot be bound
(VALUES does not allow them and they would mean "any node" anyway). Where the block goes is
``queries.values``, the half the query worker processes share without rdflib.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from queries.errors import QueryError
from queries.values import VARNAME, values_block_text, where_group_start, with_values_text

__all__ = ["check_term", "checked_bindings", "values_block", "where_group_start", "with_values"]
_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def check_term(name: str, term: Node) -> URIRef | Literal:
    """``term`` if it can be bound to ``?name``, else ``QueryError`` saying why."""
    if not VARNAME.match(name):
        raise QueryError(f"not a variable name: {name!r}")
    if isinstance(term, URIRef):
        if _IRI_FORBIDDEN.search(term) or not urlsplit(str(term)).scheme:
            raise QueryError(f"?{name}: not an absolute IRI: {str(term)!r}")
        return term
    if isinstance(term, Literal):
        if term.datatype is not None and _IRI_FORBIDDEN.search(term.datatype):
            raise QueryError(f"?{name}: bad datatype IRI")
        return term
    if isinstance(term, BNode):
        raise QueryError(f"?{name}: a blank node cannot be bound")
    raise QueryError(f"?{name}: cannot bind a {type(term).__name__}")


def checked_bindings(bindings: Mapping[str, Node] | None) -> dict[str, URIRef | Literal]:
    """The bindings, every term checked; an empty dict for none."""
    return {name: check_term(name, term) for name, term in (bindings or {}).items()}


def values_block(bindings: Mapping[str, Node]) -> str:
    """``VALUES ?a { <iri> } VALUES ?b { "lit" }`` for one row of bindings; '' for none."""
    return values_block_text({n: t.n3() for n, t in checked_bindings(bindings).items()})


def with_values(query: str, bindings: Mapping[str, Node | Sequence[Node]] | None) -> str:
    """``query`` with a VALUES block for ``bindings`` opening its WHERE group; a sequence of
    terms for a name gives one row per term."""
    written: dict[str, str | list[str]] = {}
    for name, value in (bindings or {}).items():
        if isinstance(value, Node):
            written[name] = check_term(name, value).n3()
        else:
            written[name] = [check_term(name, term).n3() for term in value]
    return with_values_text(query, written)
