"""Screen a SPARQL request before any engine sees it: read-only, no SERVICE, no local files.

Input:  SPARQL text as a client sent it, the protocol's dataset IRIs, the SERVICE allow-list.
Output: a :class:`Screening` — the query form (SELECT, ASK, CONSTRUCT, DESCRIBE) and the
        dataset and SERVICE IRIs it names — or one of ``UpdateRefused`` (403),
        ``ServiceRefused`` (400), ``ForbiddenIRI`` (400), ``QueryError`` (400).

Follows the SPARQL 1.1 grammar's terminals (https://www.w3.org/TR/sparql11-query/#sparqlGrammar)
as far as needed to classify: a lexer that knows comments, the four string forms, IRIREFs
(with ``\\u`` escapes), variables, prefixed names, numbers and language tags, so that a keyword
inside a string, an IRI, a comment or a prefixed name (``"DROP"``, ``<http://x/LOAD>``,
``# INSERT``, ``ex:SERVICE``) is not mistaken for one. Nothing here evaluates the query: the
engine's own parser reports syntax errors later, in a worker process with a deadline. Screening
must not evaluate because even an empty store would run SERVICE calls (pyoxigraph makes the
HTTP request) and could be made to compute for ever.

The text is read several ways and refused if any reading shows an update, an unlisted SERVICE
or a local file, because engines tokenise it differently (issue 9, point 1):
- ``<`` is an IRI or "less than" by context: pyoxigraph's parser reads ``FILTER(1<2)SERVICE#>``
  as a comparison, then SERVICE, then a comment; a longest-match lexer (Virtuoso's) reads
  ``<2)SERVICE#>`` as one IRI. So the text is lexed both ways: IRIs wherever one matches, and
  ``<`` as an operator after an operand inside parentheses.
- SPARQL 1.1 §19.2 lets ``\\u0049`` stand for ``I`` anywhere, before parsing; pyoxigraph decodes
  escapes only in strings and IRIs. So text with escapes is also read decoded, and an escape
  that encodes a delimiter (quote, ``<``, ``>``, ``#``, braces, backslash, white space …) —
  which would move the bounds of strings, IRIs and comments between the two readings — is
  refused outright.

Rules:
- A bare update keyword (INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE, COPY, WITH …
  at the start) anywhere in the text means an update, or a malformed query that would be one:
  403. None of these words is a query keyword, so no valid query is refused by this rule.
- SERVICE to an IRI not in the allow-list (or to a variable) is refused.
- FROM / FROM NAMED / protocol dataset IRIs must be absolute and not ``file:``. A relative IRI
  in the query resolves first, against its ``BASE`` or else the engine's base (``base``,
  ``https://w3id.org/xjftz/`` by default), as every other relative IRI does (SPARQL 1.1 §4.1.1;
  W3C syntax-query test 42, ``CONSTRUCT FROM <file> WHERE {…}``); the result is checked.
- Brackets may nest at most ``MAX_NESTING`` deep: pyoxigraph's parser recurses — it overflows
  its stack and the process dies at some 900 nested ``FILTER EXISTS {`` or 3,000 braces, and
  takes 18 s to read 400 nested ``[`` — all well under the length cap; deeper text is a 400
  here rather than a killed or busy worker.
- Virtuoso's extensions that reach outside the graph are refused: ``DEFINE`` pragmas (the
  Sponger fetches IRIs) and the ``bif:`` / ``sql:`` function namespaces (``bif:file_to_string``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from ontology.iris import BASE
from queries.errors import ForbiddenIRI, QueryError, ServiceRefused, UpdateRefused

_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_TOKEN = re.compile(
    rf"""
     (?P<ws>\s+)
    |(?P<comment>\#[^\n\r]*)
    |(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''
               |\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'
               |"(?:[^"\\\n\r]|\\.)*")
    |(?P<iri><(?:[^<>"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)
    |(?P<var>[?$][\w\u00b7]+)
    |(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    |(?P<pname>(?:[^\W\d][\w.\-\u00b7]*)?:(?:[\w.\-:%\u00b7]|\\\S)*)
    |(?P<bnode>_:[\w.\-\u00b7]*)
    |(?P<number>[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
    |(?P<word>[A-Za-z_]\w*)
    |(?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
_ESCAPE = re.compile(_UCHAR)
# Characters an escape may not stand for: they delimit strings, IRIs and comments.
_DELIMITERS = frozenset("<>\"'{}|^`\\#") | {chr(c) for c in range(0x21)}

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY"}
)
LOCAL_SCHEMES = frozenset({"file"})
# Virtuoso: DEFINE pragmas (input:grab-*, get:soft make it fetch IRIs); bif:/sql: call SQL.
VENDOR_KEYWORDS = frozenset({"DEFINE"})
VENDOR_SCHEMES = frozenset({"bif", "sql"})
# After these, ``<`` starts a term even inside parentheses; after anything else it compares.
_TERM_BEFORE = frozenset("(,=!<>&|+-*/^;")
READ_ONLY = "SPARQL Update is not allowed: this endpoint is read-only"
MAX_NESTING = 128  # brackets ( { [ inside one another; real queries stay under 20


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


def tokens(text: str, *, compare_in_parentheses: bool = False) -> Iterator[Token]:
    """The significant tokens of ``text`` (no whitespace, no comments).

    With ``compare_in_parentheses``, a ``<`` that follows an operand inside the parentheses of
    an expression is the comparison operator, as a parser that knows the context reads it.
    """
    pos, stack, recent = 0, [], [None, None]
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        kind = m.lastgroup or "other"
        value = m.group()
        if (
            compare_in_parentheses
            and kind == "iri"
            and stack
            and stack[-1] == _EXPRESSION
            and _ends_operand(recent[-1])
        ):
            kind, value = "other", "<"
        if kind == "pname":
            value = value.rstrip(".")  # a trailing dot ends the triple, not the name
        pos = m.start() + len(value)
        if kind in ("ws", "comment"):
            continue
        if kind == "other" and value == "(":
            stack.append(_EXPRESSION if _opens_expression(stack, *recent) else value)
        elif kind == "other" and value in "{[":
            stack.append(value)
        elif kind == "other" and value in ")}]" and stack:
            stack.pop()
        token = Token(kind, value, m.start())
        recent = [recent[-1], token]
        yield token


_EXPRESSION = "e("  # on the bracket stack: parentheses around an expression or arguments
_NOT_CALLS = frozenset({"A", "VALUES", "UNDEF"})  # words a collection or data row may follow


def query_form(toks: Iterable[Token]) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first query-form keyword of a query's tokens
    (so never one inside a string, an IRI or a comment)."""
    for tok in toks:
        if tok.kind == "word" and tok.text.upper() in QUERY_FORMS:
            return tok.text.upper()
    return None


def _opens_expression(stack: list[str], before: Token | None, prev: Token | None) -> bool:
    """Whether a ``(`` after ``before prev`` holds an expression (not a collection or path)."""
    if stack and stack[-1] == _EXPRESSION:
        return True
    if prev is None:
        return False
    if prev.kind == "word":  # FILTER, BIND, a built-in call, SELECT, BY, HAVING …
        return prev.text.upper() not in _NOT_CALLS
    if prev.kind in ("iri", "pname"):  # a function call, unless it is a triple's predicate
        return not stack or (before is not None and before.kind == "word")
    return False


def _ends_operand(tok: Token | None) -> bool:
    if tok is None:
        return False
    if tok.kind == "other":
        return tok.text not in _TERM_BEFORE
    return not (tok.kind == "word" and tok.text.upper() == "DISTINCT")


def _unescape(text: str) -> str:
    """``\\uXXXX`` and ``\\UXXXXXXXX`` decoded (invalid code points left as written)."""

    def decode(m: re.Match[str]) -> str:
        code = int(m.group()[2:], 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group()

    return _ESCAPE.sub(decode, text)


def readings(text: str) -> list[list[Token]]:
    """The token lists the text can be read as (see the module docstring); the first is primary.

    Raises ``QueryError`` for an escape that encodes a delimiter.
    """
    texts = [text]
    if _ESCAPE.search(text):
        for m in _ESCAPE.finditer(text):
            decoded = _unescape(m.group())
            if decoded != m.group() and decoded in _DELIMITERS:
                raise QueryError(
                    f"the escape {m.group()} stands for a delimiter character: "
                    "write the character itself (with a backslash inside strings)"
                )
        texts.append(_unescape(text))
    return [list(tokens(t, compare_in_parentheses=mode)) for t in texts for mode in (False, True)]


def _iri_value(token: Token) -> str:
    return _unescape(token.text[1:-1])


def _resolve(token: Token, screening: Screening) -> str | None:
    if token.kind == "iri":
        iri = _iri_value(token)
        return urljoin(screening.base, iri) if screening.base else iri
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        ns = screening.prefixes.get(prefix)
        return None if ns is None else ns + local
    return None


def screen(text: str, service_allowlist: Iterable[str] = (), base: str | None = BASE) -> Screening:
    """Classify ``text`` and refuse updates, unlisted SERVICE calls and local-file IRIs;
    relative IRIs resolve against the query's BASE, else ``base`` (the engine's)."""
    allow = {iri for iri in service_allowlist if iri}
    every = readings(text)
    for toks in every:  # an update is a 403, whatever else is wrong with the text
        _refuse_updates(toks)
    _refuse_deep_nesting(every[0])
    screenings = [_screen_tokens(toks, allow, base) for toks in every]
    return screenings[0]


def _refuse_deep_nesting(toks: list[Token]) -> None:
    depth = 0
    for tok in toks:
        if tok.kind != "other":
            continue
        if tok.text in "({[":
            depth += 1
            if depth > MAX_NESTING:
                raise QueryError(
                    f"brackets nested more than {MAX_NESTING} deep (at offset {tok.start}): "
                    "simplify the query"
                )
        elif tok.text in ")}]":
            depth = max(depth - 1, 0)


def _prologue(toks: list[Token], base: str | None = None) -> tuple[Screening, int]:
    """The BASE and PREFIX declarations, in any order, and the index of the first other token."""
    screening = Screening(form=None, base=base)
    i = 0
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
    return screening, i


def _refuse_updates(toks: list[Token]) -> None:
    words = {t.text.upper() for t in toks if t.kind == "word"}
    if UPDATE_KEYWORDS.intersection(words):
        raise UpdateRefused(READ_ONLY)
    _, i = _prologue(toks)
    # WITH only ever starts an update operation (WITH <g> DELETE …); it is no query keyword.
    if i < len(toks) and toks[i].kind == "word" and toks[i].text.upper() == "WITH":
        raise UpdateRefused(READ_ONLY)


def _screen_tokens(toks: list[Token], allow: set[str], base: str | None) -> Screening:
    screening, i = _prologue(toks, base)
    if i < len(toks) and toks[i].kind == "word" and toks[i].text.upper() in QUERY_FORMS:
        screening.form = toks[i].text.upper()
    for j, tok in enumerate(toks):
        _refuse_vendor_extension(tok)
        if j < i or tok.kind != "word":
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


def _refuse_vendor_extension(tok: Token) -> None:
    if tok.kind == "word" and tok.text.upper() in VENDOR_KEYWORDS:
        raise QueryError(f"{tok.text} is not SPARQL 1.1: vendor pragmas are not allowed here")
    if tok.kind == "pname":
        scheme = tok.text.partition(":")[0]
    elif tok.kind == "iri":
        scheme = urlsplit(_iri_value(tok)).scheme
    else:
        return
    if scheme.lower() in VENDOR_SCHEMES:
        raise QueryError(f"{tok.text}: the {scheme}: functions of SQL stores are not allowed here")


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
