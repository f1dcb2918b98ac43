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
(VALUES does not allow them and they would mean "any node" anyway).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from urllib.parse import urlsplit

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from queries.errors import QueryError
from queries.guard import tokens

_VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20]')


def check_term(name: str, term: Node) -> URIRef | Literal:
    """``term`` if it can be bound to ``?name``, else ``QueryError`` saying why."""
    if not _VARNAME.match(name):
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
    """``VALUES (?a ?b) { (<iri> "lit") }`` for one row of bindings; '' for none."""
    checked = checked_bindings(bindings)
    if not checked:
        return ""
    names = sorted(checked)
    head = " ".join(f"?{n}" for n in names)
    row = " ".join(checked[n].n3() for n in names)
    return f"VALUES ({head}) {{ ({row}) }}"


def where_group_start(query: str) -> int:
    """Offset just after the ``{`` that opens the query's WHERE group.

    Skips the CONSTRUCT template (the first group of a CONSTRUCT query, unless it is the short
    form ``CONSTRUCT WHERE { … }``) and ignores braces inside strings, IRIs and comments.
    """
    toks = list(tokens(query))
    form = None
    for tok in toks:
        if tok.kind == "word" and tok.text.upper() in {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"}:
            form = tok.text.upper()
            break
    skip_template = False
    if form == "CONSTRUCT":
        idx = next(i for i, t in enumerate(toks) if t.text.upper() == "CONSTRUCT")
        nxt = toks[idx + 1] if idx + 1 < len(toks) else None
        skip_template = nxt is not None and nxt.text == "{"
    depth = 0
    for tok in toks:
        if tok.text == "{":
            if depth == 0 and not skip_template:
                return tok.start + 1
            depth += 1
        elif tok.text == "}":
            depth -= 1
            if depth == 0 and skip_template:
                skip_template = False
    raise QueryError("query has no WHERE group to bind values in")


def with_values(query: str, bindings: Mapping[str, Node] | None) -> str:
    """``query`` with a VALUES block for ``bindings`` opening its WHERE group."""
    block = values_block(bindings or {})
    if not block:
        return query
    at = where_group_start(query)
    return f"{query[:at]} {block} {query[at:]}"
