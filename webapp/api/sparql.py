"""The /sparql endpoint: the SPARQL 1.1 Protocol, query operation, read-only and bounded.

Input:  HTTP requests as https://www.w3.org/TR/sparql11-protocol/#query-operation defines them —
        GET ``?query=``, POST ``application/x-www-form-urlencoded`` (``query=``), POST
        ``application/sparql-query`` — with ``default-graph-uri`` / ``named-graph-uri``.
Output: results by content negotiation (``webapp.shared.http``), a Service Description for a GET
        without a query, or a plain-text error: malformed query 400 (the parser's message),
        SERVICE 400, update 403, method 405, body 413, GET URL 414, Content-Type or charset 415,
        timeout or busy 503.

Every query is screened first (``queries.guard``), then run through the store's ``query_raw``
with the row and size caps; a cut result carries ``X-Xjftz-Notice``. Results are cached per
(query, format, dataset) since the data is read-only.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from flask import Blueprint, Response, request
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, VOID
from werkzeug.datastructures import MultiDict

from ontology.errors import XjftzError
from queries.errors import QueryError, UpdateRefused
from queries.guard import check_dataset_iri
from queries.results import FORMATS
from webapp.shared.cache import memo
from webapp.shared.fetch import document, screened, select
from webapp.shared.http import (
    PREFLIGHT_HEADERS,
    accept_format,
    add_cors,
    error_response,
    negotiate,
    raw_response,
    served_type,
)
from webapp.state import settings

bp = Blueprint("sparql", __name__)

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")
SD_RESULT_FORMATS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)
SD_RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"
UTF8 = {"utf-8", "utf8"}


class ProtocolError(QueryError):
    """A request the protocol does not allow, with its status."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


@bp.route("/sparql", methods=["GET", "HEAD", "POST", "OPTIONS"], strict_slashes=False)
def endpoint() -> Response:
    if request.method == "OPTIONS":
        return Response(status=204, headers={"Allow": "GET, HEAD, POST, OPTIONS"})
    try:
        if request.method in ("GET", "HEAD"):  # HEAD: as GET; the server drops the body
            query, dataset = _from_get()
            if query is None:
                return service_description()
        else:
            query, dataset = _from_post()
        return run_query(query, *dataset)
    except (XjftzError, ValueError) as exc:
        if isinstance(exc, ValueError):
            exc = QueryError(str(exc))
        return error_response(exc)


# Every read-only resource may be fetched from other sites' pages (linked-data clients in the
# browser): the endpoint, the API, entity IRIs in every format, downloads and the ontology.
CORS_PATHS = ("/sparql", "/api/", "/id/", "/downloads", "/ontology")


@bp.after_app_request
def _cors(response: Response) -> Response:
    if request.path.startswith(CORS_PATHS):
        add_cors(response)
        if request.method == "OPTIONS":
            response.headers.update(PREFLIGHT_HEADERS)
    return response


def _dataset(*sources: object) -> tuple[list[str], list[str]]:
    default, named = [], []
    for source in sources:
        default += source.getlist("default-graph-uri")
        named += source.getlist("named-graph-uri")
    for iri in default + named:
        check_dataset_iri(iri)
    return default, named


def _from_get() -> tuple[str | None, tuple[list[str], list[str]]]:
    limit = settings().max_query_length
    # A percent-encoded query is at most three bytes per character (more for non-ASCII);
    # refusing over-long URLs before decoding them is the point of the cap.
    if len(request.query_string) > limit * 9:
        raise ProtocolError(414, f"request URL too long: queries are limited to {limit} chars")
    if "update" in request.args:
        raise UpdateRefused("SPARQL Update is not allowed: this endpoint is read-only")
    _require_utf8(request.query_string, request.args, "the request URL")
    queries = request.args.getlist("query")
    if not queries:
        return None, ([], [])
    if len(queries) > 1:
        raise ProtocolError(400, "more than one query parameter")
    if len(queries[0]) > limit:
        raise ProtocolError(414, f"query longer than {limit} characters")
    return queries[0], _dataset(request.args)


def _from_post() -> tuple[str, tuple[list[str], list[str]]]:
    conf = settings()
    charset = request.mimetype_params.get("charset")
    if not request.mimetype:
        raise ProtocolError(415, f"missing Content-Type: use {FORM} or {DIRECT}")
    if charset and charset.lower() not in UTF8:
        raise ProtocolError(415, f"unsupported charset {charset!r}: requests must be UTF-8")
    if request.content_length is not None and request.content_length > conf.max_body_bytes:
        raise ProtocolError(413, f"request body larger than {conf.max_body_bytes} bytes")
    if request.mimetype == UPDATE:
        raise UpdateRefused("SPARQL Update is not allowed: this endpoint is read-only")
    if request.mimetype == FORM:
        _require_utf8(request.get_data(cache=True), request.form, "the request body")
        if "update" in request.form or "update" in request.args:
            raise UpdateRefused("SPARQL Update is not allowed: this endpoint is read-only")
        queries = request.args.getlist("query") + request.form.getlist("query")
        if not queries:
            raise ProtocolError(400, "missing query parameter")
        if len(queries) > 1:
            raise ProtocolError(400, "more than one query parameter")
        query, dataset = queries[0], _dataset(request.args, request.form)
    elif request.mimetype == DIRECT:
        body = request.stream.read(conf.max_body_bytes + 1)
        if len(body) > conf.max_body_bytes:
            raise ProtocolError(413, f"request body larger than {conf.max_body_bytes} bytes")
        try:
            query = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProtocolError(415, "request body is not UTF-8") from exc
        if "query" in request.args:
            raise ProtocolError(400, "query given both in the body and as a URL parameter")
        dataset = _dataset(request.args)
    else:
        raise ProtocolError(
            415, f"unsupported Content-Type {request.mimetype!r}: use {FORM} or {DIRECT}"
        )
    if len(query) > conf.max_query_length:
        raise ProtocolError(413, f"query longer than {conf.max_query_length} characters")
    return query, dataset


def _require_utf8(encoded: bytes, decoded: MultiDict, where: str) -> None:
    """400 unless ``encoded`` (a query string or form body) decodes to UTF-8, raw bytes and
    percent-escapes alike: werkzeug drops a field with bad raw bytes and leaves an escape that
    does not decode as written (``%FF``), and the query would run without it or with it."""
    try:
        text = encoded.decode("utf-8")  # the raw bytes
        # Only a value with a "%" left in it can hold an escape werkzeug could not decode, so
        # only then are the escapes decoded again, strictly: that pass costs 0.06 ms for the
        # light query of bench/versus.py and 0.6 ms for the headline one with its header.
        if any("%" in key or "%" in value for key, value in decoded.items(multi=True)):
            parse_qsl(text, keep_blank_values=True, errors="strict")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"{where} is not valid UTF-8 (byte {exc.start})") from exc


def run_query(query: str, default_graphs: list[str], named_graphs: list[str]) -> Response:
    """Screen, negotiate, run (or fetch from the cache) and answer one query."""
    if not query.strip():
        raise ProtocolError(400, "empty query")
    screening = screened(query)
    fmt = negotiate(request, graph=screening.returns_graph)
    raw, hit = document(query, fmt, default_graphs=default_graphs, named_graphs=named_graphs)
    return raw_response(raw, hit, served_type(request, raw.media_type, screening.returns_graph))


def service_description() -> Response:
    """The SPARQL 1.1 Service Description of this endpoint, in an RDF format by Accept."""
    fmt = accept_format(request, graph=True)
    endpoint_iri = request.base_url
    body = memo(
        ("service-description", endpoint_iri, fmt),
        lambda: _describe(URIRef(endpoint_iri)).serialize(
            format=SD_RDFLIB_FORMATS[fmt], encoding="utf-8"
        ),
    )
    return Response(body, content_type=FORMATS[fmt].media_type)


def _describe(endpoint: URIRef) -> Graph:
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    g.bind("formats", FORMATS_NS)
    service = BNode("service")
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, endpoint))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    for name in SD_RESULT_FORMATS:
        g.add((service, SD.resultFormat, FORMATS_NS[name]))
    if settings().service_allowlist:
        g.add((service, SD.feature, SD.BasicFederatedQuery))
    dataset, default_graph = BNode("dataset"), BNode("default-graph")
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, SD.defaultGraph, default_graph))
    g.add((default_graph, RDF.type, SD.Graph))
    count = select("triple-count").rows[0][0]
    g.add((default_graph, VOID.triples, Literal(int(count))))
    for name in select("named-graphs").column("g"):
        named = BNode()
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, name))
    return g


@bp.app_errorhandler(405)
def _method_not_allowed(exc: Exception) -> Response:
    if request.path.startswith("/sparql"):
        return error_response(exc)
    return exc  # other blueprints keep Flask's default page
