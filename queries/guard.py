"""Screen a SPARQL request before any engine sees it: read-only, no SERVICE, no local files.

Input:  SPARQL text as a client sent it, the protocol's dataset IRIs, the SERVICE allow-list.
Output: a :class:`Screening` — the query form (SELECT, ASK, CONSTRUCT, DESCRIBE) and the
        dataset and SERVICE IRIs it names — or one of ``UpdateRefused`` (403),
        ``ServiceRefused`` (400), ``ForbiddenIRI`` (400).

Follows the SPARQL 1.1 grammar's terminals (https://www.w3.org/TR/sparql11-query/#sparqlGrammar)
as far as needed to classify: a lexer that knows comments, the four string forms, IRIREFs,
variables, prefixed names and language tags, so that a keyword inside a string, an IRI, a
comment or a prefixed name (``"DROP"``, ``<http://x/LOAD>``, ``# INSERT``, ``ex:SERVICE``) is not
mistaken for one. Nothing here evaluates the query: the engine's own parser reports syntax
errors later, in a worker process with a deadline. Screening must not evaluate because even an
empty store would run SERVICE calls and could be made to compute for ever.

Rules:
- A bare update keyword (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY, WITH …
  at the start) anywhere in the text means an update, or a malformed query that would be one:
  403. None of these words is a query keyword, so no valid query is refused by this rule.
- SERVICE to an IRI not in the allow-list (or to a variable) is refused.
- FROM / FROM NAMED / protocol dataset IRIs must be absolute and not ``file:``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from queries.errors import ForbiddenIRI, ServiceRefused, UpdateRefused

_TOKEN = re.compile(
    r"""
     (?P<ws>\s+)
    |(?P<comment>\#[^\n\r]*)
    |(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
               |\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'
               |"(?:[^"\\\n\r]|\\.)*")
    |(?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    |(?P<var>[?$][\w\u00b7]+)
    |(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    |(?P<pname>(?:[^\W\d][\w.\-\u00b7]*)?:(?:[\w.\-:%\u00b7]|\\\S)*)
    |(?P<bnode>_:[\w.\-\u00b7]*)
    |(?P<word>[A-Za-z_]\w*)
    |(?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY"}
)
# WITH only ever starts an update operation (WITH <g> DELETE …); it is no query keyword either.
UPDATE_KEYWORDS_AT_START = UPDATE_KEYWORDS | {"WITH"}
LOCAL_SCHEMES = frozenset({"file"})


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int


@dataclass
class Screening:
    """What the screen learnt about an admissible query."""

    form: str | None  # SELECT/ASK/CONSTRUCT/DESCRIBE; None if the text is too broken to tell
    base: str | None = None
    prefixes: dict[str, str] = field(default_factory=dict)
    from_iris: list[str] = field(default_factory=list)
    from_named_iris: list[str] = field(default_factory=list)
    service_iris: list[str | None] = field(default_factory=list)  # None: SERVICE ?var

    @property
    def returns_graph(self) -> bool:
        return self.form in {"CONSTRUCT", "DESCRIBE"}


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of ``text`` (no whitespace, no comments)."""
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        value = m.group()
        if kind == "pname":
            value = value.rstrip(".")  # a trailing dot ends the triple, not the name
        yield Token(kind, value, m.start())


def _resolve(token: Token, screening: Screening) -> str | None:
    if token.kind == "iri":
        iri = token.text[1:-1]
        return urljoin(screening.base, iri) if screening.base else iri
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        ns = screening.prefixes.get(prefix)
        return None if ns is None else ns + local
    return None


def screen(text: str, service_allowlist: Iterable[str] = ()) -> Screening:
    """Classify ``text`` and refuse updates, unlisted SERVICE calls and local-file IRIs."""
    toks = list(tokens(text))
    words = [t.text.upper() for t in toks if t.kind == "word"]
    if UPDATE_KEYWORDS.intersection(words):
        raise UpdateRefused("SPARQL Update is not allowed: this endpoint is read-only")
    screening = Screening(form=None)
    i = 0
    # Prologue: BASE and PREFIX declarations, in any order.
    while i < len(toks):
        word = toks[i].text.upper() if toks[i].kind == "word" else None
        if word == "BASE" and i + 1 < len(toks) and toks[i + 1].kind == "iri":
            screening.base = _resolve(toks[i + 1], screening)
            i += 2
        elif (
            word == "PREFIX"
            and i + 2 < len(toks)
            and toks[i + 1].kind == "pname"
            and toks[i + 2].kind == "iri"
        ):
            screening.prefixes[toks[i + 1].text[:-1]] = _resolve(toks[i + 2], screening) or ""
            i += 3
        else:
            break
    if i < len(toks) and toks[i].kind == "word":
        word = toks[i].text.upper()
        if word in UPDATE_KEYWORDS_AT_START:
            raise UpdateRefused("SPARQL Update is not allowed: this endpoint is read-only")
        if word in QUERY_FORMS:
            screening.form = word
    allow = {iri for iri in service_allowlist if iri}
    for j in range(i, len(toks)):
        tok = toks[j]
        if tok.kind != "word":
            continue
        word = tok.text.upper()
        if word == "FROM":
            k = j + 1
            named = k < len(toks) and toks[k].kind == "word" and toks[k].text.upper() == "NAMED"
            k += named
            if k < len(toks):
                iri = _resolve(toks[k], screening)
                if iri is not None:
                    check_dataset_iri(iri)
                    (screening.from_named_iris if named else screening.from_iris).append(iri)
        elif word == "SERVICE":
            k = j + 1
            if k < len(toks) and toks[k].kind == "word" and toks[k].text.upper() == "SILENT":
                k += 1
            iri = _resolve(toks[k], screening) if k < len(toks) else None
            screening.service_iris.append(iri)
            if iri is None or iri not in allow:
                raise ServiceRefused(
                    "SERVICE (federated query) is not allowed on this endpoint"
                    + (f": {iri} is not in the allow-list" if iri else "")
                )
    return screening


def check_dataset_iri(iri: str) -> str:
    """An IRI for FROM / FROM NAMED / default-graph-uri / named-graph-uri, or ``ForbiddenIRI``."""
    parts = urlsplit(iri)
    if not parts.scheme:
        raise ForbiddenIRI(f"dataset IRI must be absolute: {iri}")
    if parts.scheme.lower() in LOCAL_SCHEMES:
        raise ForbiddenIRI(f"dataset IRI may not name a local file: {iri}")
    if any(c in iri for c in '<>"{}|^`\\ \t\r\n'):
        raise ForbiddenIRI(f"not a valid IRI: {iri}")
    return iri
