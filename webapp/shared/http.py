"""HTTP plumbing shared by the machine-facing blueprints (/sparql, /api): negotiation, errors, CORS.

Input:  the current request (Accept header, ``format=`` parameter), errors from ``queries``.
Output: a result format name from ``queries.results.FORMATS``; plain-text (or JSON) error
        responses with the status each error class declares; CORS headers.

Negotiation follows the SPARQL 1.1 Protocol: SELECT/ASK results as SPARQL JSON (default), XML,
CSV or TSV; CONSTRUCT/DESCRIBE graphs as Turtle (default), N-Triples, JSON-LD or RDF/XML. An
Accept header that names nothing we serve gets the default rather than a 406, as most
endpoints do, since browsers and generic clients send ``text/html`` or ``*/*``; an explicit
``format=`` that cannot carry the result is a 406.
"""

from __future__ import annotations

import json
import logging

from flask import Request, Response
from werkzeug.exceptions import HTTPException

from ontology.errors import XjftzError
from queries.errors import ParameterError, ResultFormatError, StoreBusy
from queries.stores.base import RawResult

TABULAR_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdfxml",
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
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type, Authorization",
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
    table = GRAPH_TYPES if graph else TABULAR_TYPES
    default = "ttl" if graph else "json"
    if not request.accept_mimetypes:
        return default
    # Our default first, so that */* and ties pick it.
    candidates = sorted(table, key=lambda m: table[m] != default)
    best = request.accept_mimetypes.best_match(candidates)
    return table[best] if best else default


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


def raw_response(raw: RawResult, cache_hit: bool) -> Response:
    """A result document as a response: its media type, ``Vary``, whether it came from the
    cache, and a cap's notice as headers (the notice is also in a JSON body where it fits)."""
    response = Response(raw.body, content_type=raw.media_type)
    response.headers["Vary"] = "Accept"
    response.headers["X-Xjftz-Cache"] = "hit" if cache_hit else "miss"
    if raw.notice:
        response.headers["X-Xjftz-Truncated"] = "true"
        response.headers["X-Xjftz-Notice"] = raw.notice
    return response


def add_cors(response: Response) -> Response:
    response.headers.update(CORS_HEADERS)
    return response
