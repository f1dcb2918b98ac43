"""HTTP plumbing shared by the machine-facing blueprints (/sparql, /api): negotiation, errors, CORS.

Input:  the current request (Accept header, ``format=`` parameter), errors from ``queries``.
Output: a result format name from ``queries.results.FORMATS``; plain-text (or JSON) error
        responses with the status each error class declares; CORS headers.

Negotiation follows the SPARQL 1.1 Protocol: SELECT/ASK results as SPARQL JSON (default), XML,
CSV or TSV; CONSTRUCT/DESCRIBE graphs as Turtle (default), N-Triples, JSON-LD or RDF/XML. The
Accept header is read as RFC 9110 §12.5.1 says: a media type's quality is that of the most
specific range that matches it (``application/sparql-results+json;q=0, */*`` excludes JSON),
``q=0`` means "not acceptable", and a header that accepts nothing we serve is a 406 (browsers
send ``*/*`` among their ranges, so they still get the default). An explicit ``format=`` that
cannot carry the result is a 406 too.
"""

from __future__ import annotations

import json
import logging
from functools import lru_cache

from flask import Request, Response
from werkzeug.exceptions import HTTPException

from ontology.errors import XjftzError
from queries.errors import ParameterError, ResultFormatError, StoreBusy
from queries.stores.base import RawResult

# Media types -> format, in order of preference: the types each format is served as first, then
# aliases, so that a range such as text/* picks a type we answer with (text/csv, text/turtle).
TABULAR_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
GRAPH_TYPES = {
    "text/turtle": "ttl",
    "application/n-triples": "nt",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/x-turtle": "ttl",
    "text/plain": "nt",
    "application/json": "jsonld",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
}
# format= values: (for SELECT/ASK, for CONSTRUCT/DESCRIBE); None = cannot carry that kind.
FORMAT_PARAM = {
    "json": ("json", "jsonld"),
    "srj": ("json", None),
    "xml": ("xml", "rdfxml"),
    "srx": ("xml", None),
    "csv": ("csv", None),
    "tsv": ("tsv", None),
    "ttl": (None, "ttl"),
    "turtle": (None, "ttl"),
    "n3": (None, "ttl"),  # Turtle is N3; SPARQLWrapper asks for it by this name
    "nt": (None, "nt"),
    "ntriples": (None, "nt"),
    "n-triples": (None, "nt"),
    "jsonld": (None, "jsonld"),
    "json-ld": (None, "jsonld"),
    "rdfxml": (None, "rdfxml"),
    "rdf": (None, "rdfxml"),
    "rdf+xml": (None, "rdfxml"),
}
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "X-Xjftz-Notice, X-Xjftz-Truncated, X-Xjftz-Cache",
}
log = logging.getLogger(__name__)
PREFLIGHT_HEADERS = {
    "Access-Control-Allow-Methods": "GET, HEAD, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type, Authorization, X-Requested-With",
    "Access-Control-Max-Age": "86400",
}


def negotiate(request: Request, graph: bool) -> str:
    """The result format for this request: ``format=`` first, then Accept, then the default."""
    requested = request.args.get("format")
    if not requested and request.mimetype == "application/x-www-form-urlencoded":
        requested = request.form.get("format")
    if requested:
        key = requested.strip().lower()
        table = GRAPH_TYPES if graph else TABULAR_TYPES
        if key in table:  # a media type given as format=
            return table[key]
        if key not in FORMAT_PARAM:
            raise ResultFormatError(
                f"unknown format {requested!r}; one of {', '.join(sorted(FORMAT_PARAM))}"
            )
        fmt = FORMAT_PARAM[key][1 if graph else 0]
        if fmt is None:
            kind = "CONSTRUCT/DESCRIBE" if graph else "SELECT/ASK"
            raise ResultFormatError(f"format {requested!r} cannot carry {kind} results")
        return fmt
    return accept_format(request, graph)


def accept_format(request: Request, graph: bool) -> str:
    """The format the Accept header prefers; the default without one; 406 if it accepts none."""
    header = request.headers.get("Accept", "")
    fmt = format_for_accept(header, graph)
    if fmt is None:
        table = GRAPH_TYPES if graph else TABULAR_TYPES
        raise ResultFormatError(
            f"none of the types in Accept: {header.strip()[:200]} can carry this result; "
            f"acceptable: {', '.join(table)}"
        )
    return fmt


# Remembered per header (3-8 µs each, of the ~70 µs the light lane of /sparql may spend, issue
# 18): clients send a handful of distinct headers; 32 of at most ~180 kB (the head's cap) ≤ 6 MB.
@lru_cache(maxsize=32)
def format_for_accept(header: str, graph: bool) -> str | None:
    """The format an Accept ``header`` prefers for a result (a graph or not), the default for
    an empty header, None when it accepts none we serve."""
    header = header.strip()
    if not header:
        return "ttl" if graph else "json"
    table = GRAPH_TYPES if graph else TABULAR_TYPES
    best = best_type(header, list(table))
    return None if best is None else table[best]


def served_type(request: Request, media_type: str, graph: bool) -> str:
    """The Content-Type for a document of ``media_type`` (``type_for_accept``); with
    ``format=`` the document's own."""
    if request.values.get("format"):
        return media_type
    return type_for_accept(request.headers.get("Accept", ""), media_type, graph)


@lru_cache(maxsize=32)
def type_for_accept(header: str, media_type: str, graph: bool) -> str:
    """The Content-Type for a document of ``media_type``: itself unless Accept prefers another
    name of the same format (N-Triples asked for as ``text/*`` with Turtle at q=0 goes out as
    ``text/plain``, a type the client accepts)."""
    header = header.strip()
    if not header:
        return media_type
    table = GRAPH_TYPES if graph else TABULAR_TYPES
    own, _, params = media_type.partition(";")  # "application/n-triples; charset=utf-8"
    names = [m for m, fmt in table.items() if fmt == table.get(own.strip())]
    chosen = best_type(header, names)
    return chosen + (";" + params if params else "") if chosen else media_type


def best_type(header: str, candidates: list[str]) -> str | None:
    """The candidate the Accept ``header`` prefers, or None when it accepts none of them.

    RFC 9110 §12.5.1: a candidate takes the quality of the most specific range that matches it
    (type/subtype over type/* over */*), q=0 excludes it, and ties go to the earlier candidate.
    """
    ranges = []  # (specificity, media range, quality)
    for item in header.split(","):
        media, *params = (part.strip() for part in item.split(";"))
        media = media.lower()
        if "/" not in media:
            continue
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    quality = 0.0
        main, _, sub = media.partition("/")
        specificity = 0 if main == "*" else 1 if sub == "*" else 2
        ranges.append((specificity, main, sub, quality))
    best, best_quality = None, 0.0
    for candidate in candidates:
        c_main, _, c_sub = candidate.partition("/")
        matching = [
            (spec, q)
            for spec, main, sub, q in ranges
            if main in ("*", c_main) and sub in ("*", c_sub)
        ]
        if not matching:
            continue
        quality = max(matching)[1]  # the most specific range decides
        if quality > best_quality:
            best, best_quality = candidate, quality
    return best


def text_error(status: int, message: str, headers: dict | None = None) -> Response:
    response = Response(message.rstrip() + "\n", status=status, mimetype="text/plain")
    response.headers.update(headers or {})
    return response


def json_error(status: int, message: str, **extra: object) -> Response:
    body = json.dumps({"error": message, "status": status, **extra}, ensure_ascii=False)
    return Response(body, status=status, mimetype="application/json")


def status_of(exc: XjftzError) -> int:
    """The error's own status; 500 for one that declares none (a file, the store: our side)."""
    return int(getattr(exc, "status", 500))


def error_headers(exc: XjftzError) -> dict:
    return {"Retry-After": "5"} if isinstance(exc, StoreBusy) or status_of(exc) == 503 else {}


def error_response(exc: Exception, as_json: bool = False) -> Response:
    """The response for an error raised while serving /sparql or /api."""
    if isinstance(exc, HTTPException):
        status, message = exc.code or 500, exc.description or exc.name
        headers = dict(exc.get_headers())
        headers.pop("Content-Type", None)
    elif isinstance(exc, XjftzError):
        status, message, headers = status_of(exc), str(exc), error_headers(exc)
        if status == 500:  # the detail (a path on this server, say) goes to the log only
            log.error("%s: %s", type(exc).__name__, exc)
            message = "internal error"
    else:
        status, message, headers = 500, "internal error", {}
    if as_json:
        extra = {"parameter": exc.name} if isinstance(exc, ParameterError) else {}
        response = json_error(status, message, **extra)
        response.headers.update(headers)
        return response
    return text_error(status, message, headers)


def raw_response(raw: RawResult, cache_hit: bool, media_type: str | None = None) -> Response:
    """A result document as a response: its media type (or ``media_type``), ``Vary``, whether
    it came from the cache, and a cap's notice as headers (also in a JSON body where it fits)."""
    response = Response(raw.body, content_type=media_type or raw.media_type)
    response.headers["Vary"] = "Accept"
    response.headers["X-Xjftz-Cache"] = "hit" if cache_hit else "miss"
    if raw.notice:
        response.headers["X-Xjftz-Truncated"] = "true"
        response.headers["X-Xjftz-Notice"] = raw.notice
    return response


def add_cors(response: Response) -> Response:
    response.headers.update(CORS_HEADERS)
    return response
