"""Put a ``VALUES`` block at the start of a query's WHERE group, from terms already written out.

Input:  SPARQL query text and one row of bindings: variable name (without ``?``) → the term in
        SPARQL syntax (``<iri>``, ``"text"@en``, ``"5"^^<…#integer>``), written by a trusted
        serialiser — rdflib's ``.n3()`` after ``queries.binding.check_term``, or pyoxigraph's
        N-Triples ``str()`` of a term it has already validated.
Output: the query with ``VALUES ?a { … } VALUES ?b { … }`` opening its WHERE group; for the kinds of
        queries in ``queries/*.rq`` that means the same as substituting the values (SEP-0007).

Also :func:`with_base_text`, the ``BASE`` line the remote store puts before a query: with the
VALUES block, the only SPARQL this project writes in Python.

Standard library only (the lexer of ``queries.guard``): the query worker processes use it for
pyoxigraph's substitution fallback and must not import rdflib.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from queries.errors import QueryError
from queries.guard import query_form, tokens

VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def check_name(name: str) -> str:
    """``name`` if it is a plain SPARQL variable name, else ``QueryError``."""
    if not VARNAME.match(name):
        raise QueryError(f"not a variable name: {name!r}")
    return name


def values_block_text(row: Mapping[str, str | Sequence[str]]) -> str:
    """``VALUES ?a { <iri> } VALUES ?b { "lit" }`` for one row of written terms; '' for none.
    A sequence of terms for a name gives one row per term (``VALUES ?s { <a> <b> }``).

    One single-variable block per name, which joins to the same one row as
    ``VALUES (?a ?b) { (…) }``: Virtuoso 7.2 fails to compile the multi-variable form in some
    queries (SP031 "no SPART_VARR_FIXED") and compiles this one.
    """
    names = sorted(check_name(n) for n in row)
    return " ".join(f"VALUES ?{n} {{ {_terms(row[n])} }}" for n in names)


def _terms(written: str | Sequence[str]) -> str:
    return written if isinstance(written, str) else " ".join(written)


def where_group_start(query: str) -> int:
    """Offset just after the ``{`` that opens the query's WHERE group.

    Skips the CONSTRUCT template (the first group of a CONSTRUCT query, unless it is the short
    form ``CONSTRUCT WHERE { … }``) and ignores braces inside strings, IRIs and comments.
    """
    toks = list(tokens(query))
    skip_template = False
    if query_form(toks) == "CONSTRUCT":
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


def with_values_text(query: str, row: Mapping[str, str | Sequence[str]]) -> str:
    """``query`` with a VALUES block for ``row`` (written terms) opening its WHERE group."""
    block = values_block_text(row)
    if not block:
        return query
    at = where_group_start(query)
    return f"{query[:at]} {block} {query[at:]}"


def with_base_text(query: str, base: str) -> str:
    """``query`` after ``BASE base`` (an IRI in SPARQL syntax, ``<…>``, from a trusted
    serialiser): relative IRIs resolve against it unless the query's own BASE, which comes
    later, says otherwise."""
    return f"BASE {base}\n{query}"
