"""Ask in your own words, over HTTP: ``/api/ask`` and the header box's autocomplete.

Input:  ``GET /api/ask?q=TEXT[&lang=zh|en]`` — a question, 1 to 500 characters, without control
        characters; ``GET /api/ask/complete?q=TEXT[&lang=zh|en]`` — what the reader has typed
        so far (1 to 100 characters).
Output: the answer document of ``queries.ask`` (the same JSON as ``xjftz ask --format json``);
        ``{"completions": [{"label", "iri", "kind", "match", "replaces"}]}`` — vocabulary
        labels (every scheme, both languages) containing what is being typed (the last words,
        or the last characters of Chinese), best first; ``replaces`` is how many characters at
        the end of ``q`` the label stands for. A bad
        question is a JSON 400 naming ``q``; a question with nothing to find is a 200 with
        empty lists, never an error.

The answers come from the search index (``graph/build/search.sqlite``, or one built from the
served ``--data`` files on first use) and are kept in the result cache: the graph is read-only.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, jsonify, request

from ontology.errors import XjftzError
from queries.ask_index import AskIndex, is_cjk, normalize
from queries.ask_understand import MAX_QUESTION, validate_question
from queries.errors import ParameterError
from webapp.shared.ask import answer_for, ask_index
from webapp.shared.cache import cached, page_key
from webapp.shared.http import error_response

bp = Blueprint("ask_api", __name__)
MAX_PREFIX = 100
MAX_COMPLETIONS = 8


def _lang() -> str | None:
    lang = request.args.get("lang")
    if lang not in (None, "", "zh", "en"):
        raise ParameterError("lang", "expected zh or en")
    return lang or None


@bp.get("/api/ask")
def ask() -> Response:
    try:
        q = request.args.get("q")
        if q is None or not q.strip():
            raise ParameterError("q", f"a question of 1 to {MAX_QUESTION} characters")
        lang = _lang()
        # The document as bytes, cached apart from the page's dict: serialising ~15 kB of
        # JSON again on every hit was most of the time of a cached answer.
        body, _ = cached(
            page_key("ask-json", q, lang),
            lambda: json.dumps(answer_for(q, lang), ensure_ascii=False).encode(),
            len,
        )
    except XjftzError as exc:
        return error_response(exc, as_json=True)
    return Response(body, mimetype="application/json")


def _tails(typed: str) -> list[str]:
    """What the reader may be completing, longest first: the last words (English), or the
    last characters of a Chinese run written without spaces (中亚物 → 中亚物, 亚物, 物)."""
    typed = typed.rstrip()
    words = typed.split()
    if not words:
        return []
    last = words[-1]
    if is_cjk(last[-1]):
        return [last[k:] for k in range(len(last))]
    return [" ".join(words[k:]) for k in range(len(words))]


def completions(index: AskIndex, typed: str, lang: str) -> list[dict]:
    """Labels containing what is being typed: exact first, then prefixes, then the rest; each
    says how many characters at the end of ``typed`` it replaces."""
    out: dict[str, dict] = {}
    for text in _tails(typed):
        norm, _ = normalize(text)
        if not norm:
            continue
        for label, form in index.labels_like(text, MAX_COMPLETIONS * 2):
            e = index.entities.get(form.iri)
            if e is None or form.iri in out:
                continue
            folded = normalize(label)[0]
            rank = 0 if folded == norm else 1 if folded.startswith(norm) else 2
            out[form.iri] = {
                "label": e.label(lang),
                "iri": form.iri,
                "kind": e.kind,
                "match": label,
                "replaces": len(text),
                "rank": (rank, len(label), label),
            }
        if out:
            break
    best = sorted(out.values(), key=lambda c: (c["rank"], c["iri"]))[:MAX_COMPLETIONS]
    return [{k: v for k, v in c.items() if k != "rank"} for c in best]


@bp.get("/api/ask/complete")
def complete() -> Response:
    try:
        q = request.args.get("q") or ""
        if not q.strip() or len(q) > MAX_PREFIX or validate_question(q):
            raise ParameterError("q", f"1 to {MAX_PREFIX} characters, no control characters")
        lang = _lang() or ("zh" if any("\u4e00" <= c <= "\u9fff" for c in q) else "en")
        found, _ = cached(
            page_key("ask-complete", q, lang),
            lambda: completions(ask_index(), q, lang),
            lambda found: 200 * (1 + len(found)),
        )
    except XjftzError as exc:
        return error_response(exc, as_json=True)
    return jsonify({"completions": found})


def openapi_paths() -> dict:
    """The OpenAPI description of these two paths (merged into /openapi.json)."""
    error = {"description": "A question that cannot be read", "content": {"application/json": {}}}
    lang = {"name": "lang", "in": "query", "schema": {"type": "string", "enum": ["zh", "en"]}}
    answer_schema = {
        "type": "object",
        "required": ["query", "understood", "measures", "zones", "sparql"],
        "properties": {
            "query": {"type": "string"},
            "lang": {"type": "string"},
            "understood": {"type": "array", "items": {"type": "object"}},
            "set_aside": {"type": "array", "items": {"type": "object"}},
            "measures": {"type": "array", "items": {"type": "object"}},
            "zones": {"type": "array", "items": {"type": "object"}},
            "lists": {"type": "array", "items": {"type": "object"}},
            "responsibilities": {"type": "array", "items": {"type": "object"}},
            "other_sentences": {"type": "array", "items": {"type": "object"}},
            "suggestions": {"type": "array", "items": {"type": "object"}},
            "sparql": {"type": "string", "nullable": True},
            "named_query": {"type": "object", "nullable": True},
        },
    }
    return {
        "/api/ask": {
            "get": {
                "operationId": "ask",
                "summary": "Answer a question in Chinese or English with measures or areas and "
                "the sentences that carry each facet",
                "description": "Facets understood (entities of every vocabulary, topics, areas, "
                "task groups, measure numbers) combine with AND at measure level, a region with "
                "its member countries; other words are searched as full text. Each measure "
                "lists its evidence: provision, facet, start and end of the words in the "
                "sentence; `apart` is true when the facets meet only in different sentences. "
                "An area's answer gives its km² and its components'; a question that asks for "
                "the things of a kind (which countries, 哪些机构) gets `lists`: each kind's "
                "entities with the measures that have them; one that asks who is responsible "
                "gets `responsibilities`: the sentences of part four making agencies responsible.",
                "parameters": [
                    {
                        "name": "q",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string", "minLength": 1, "maxLength": MAX_QUESTION},
                    },
                    lang,
                ],
                "responses": {
                    "200": {
                        "description": "The answer",
                        "content": {"application/json": {"schema": answer_schema}},
                    },
                    "400": error,
                    "503": {"description": "Busy", "content": {"application/json": {}}},
                },
            }
        },
        "/api/ask/complete": {
            "get": {
                "operationId": "askComplete",
                "summary": "Vocabulary labels (zh and en) containing what has been typed",
                "parameters": [
                    {
                        "name": "q",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string", "minLength": 1, "maxLength": MAX_PREFIX},
                    },
                    lang,
                ],
                "responses": {
                    "200": {"description": "Completions", "content": {"application/json": {}}},
                    "400": error,
                },
            }
        },
    }
