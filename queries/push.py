"""Publish the graph to a remote SPARQL store, replacing one named graph, and check it arrived.

Input:  an RDF file (default: the published graph, ``graph/build/xjftz.ttl``), the store's SPARQL
        *query* endpoint URL, the target graph IRI (default ``ontology.iris.PLAN_GRAPH``),
        optional credentials, and optionally the Graph Store / Update endpoints.
Output: a :class:`PushReport` (method, URLs, triples sent and found, seconds), or an
        ``XjftzError``: ``StoreAuthError`` (credentials refused), ``StoreUnavailable`` (network),
        ``StoreError`` (the store failed, with its message), ``PushError`` (nothing to push to,
        or the graph does not hold what was sent).

How the URLs are found. ``--endpoint`` is the query endpoint (the one the app reads from, so
the same URL serves ``XJFTZ_ENDPOINT``). A probe query reads the server's ``Server`` header and
derives the write URLs for the servers we know (:func:`derive_endpoints`); ``gsp_endpoint`` /
``update_endpoint`` override them, and are required for any other server.

How the graph is written. First the SPARQL 1.1 Graph Store HTTP Protocol
(https://www.w3.org/TR/sparql11-http-rdf-update/): ``PUT ?graph=IRI`` with the triples as
N-Triples replaces the graph in one request. A store without it (404, 405, 415 or 501 from the
GSP URL) gets SPARQL 1.1 Update (https://www.w3.org/TR/sparql11-update/): ``DROP SILENT GRAPH``,
then ``INSERT DATA`` in chunks (``INSERT … WHERE {}`` for chunks with blank nodes, which
Virtuoso refuses in INSERT DATA). Chunks never split a set of triples linked by a blank node,
because a blank node label means a fresh node in every request. ``LOAD`` is never used: it
would have the store fetch a URL, which needs the file published first and the store to be
allowed out.
"""

from __future__ import annotations

import base64
import logging
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pyoxigraph as ox

from ontology.errors import InputFileError, XjftzError
from ontology.iris import PLAN_GRAPH
from queries.errors import StoreError
from queries.guard import check_dataset_iri
from queries.push_chunks import chunked, ntriples
from queries.stores.engine import PUBLISHED_GRAPH, rdf_format_for
from queries.stores.remote import RemoteStore
from queries.transport import form_request, passwords, send

log = logging.getLogger("xjftz.push")

METHODS = ("auto", "gsp", "update")
PROBE = "ASK { }"
NO_SUCH_GRAPH = "urn:x-xjftz:credentials-check"
DROP_GRAPH = "DROP SILENT GRAPH {graph}"
INSERT_DATA = "INSERT DATA {{ GRAPH {graph} {{\n{triples}}} }}"
# For chunks with blank nodes: Virtuoso 7 refuses blank nodes in INSERT DATA ("not allowed in a
# constant clause"); a template with an empty WHERE inserts the same triples, with fresh nodes.
INSERT_TEMPLATE = "INSERT {{ GRAPH {graph} {{\n{triples}}} }} WHERE {{ }}"
# Answers of a GSP URL that mean "no Graph Store Protocol here" rather than "it failed".
NO_GSP = frozenset({404, 405, 415, 501})
GSP_CHUNK_TRIPLES = 200_000
# Virtuoso 7.2's SPARQL parser runs out of stack ("memory exhausted") near 2,000 triples in
# one INSERT DATA; 500 leaves a margin for long literals and costs little.
UPDATE_CHUNK_TRIPLES = 500


class PushError(XjftzError):
    """The push cannot be done as asked, or its result does not match the file."""


@dataclass(frozen=True)
class Endpoints:
    """Where a store answers queries, Graph Store requests and updates."""

    server: str  # virtuoso | oxigraph | fuseki | unknown
    query: str
    gsp: str | None
    update: str | None


@dataclass(frozen=True)
class PushReport:
    method: str  # gsp | update
    url: str
    graph: str
    triples_sent: int
    triples_found: int
    seconds: float


@dataclass(frozen=True)
class Credentials:
    user: str | None = None
    password: str | None = None
    auth: str = "auto"


def identify_server(server_header: str) -> str:
    """virtuoso, oxigraph, fuseki or unknown, from an HTTP ``Server`` header."""
    value = server_header.lower()
    for name, marks in (("virtuoso", ("virtuoso",)), ("oxigraph", ("oxigraph",))):
        if any(m in value for m in marks):
            return name
    if "fuseki" in value or "jena" in value:
        return "fuseki"
    return "unknown"


def derive_endpoints(query: str, server: str, authenticated: bool) -> Endpoints:
    """The GSP and Update URLs that ``server`` puts next to its query endpoint ``query``."""
    parts = urlsplit(query)
    root = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    path = parts.path.rstrip("/")
    if server == "virtuoso":
        # Digest-protected twins of /sparql-graph-crud and /sparql (Virtuoso's default vhost).
        if authenticated:
            return Endpoints(server, query, root + "/sparql-graph-crud-auth", root + "/sparql-auth")
        return Endpoints(server, query, root + "/sparql-graph-crud", query)
    if server == "oxigraph":
        base = root + (path[: -len("/query")] if path.endswith("/query") else "")
        return Endpoints(server, query, base + "/store", base + "/update")
    if server == "fuseki":
        last = path.rsplit("/", 1)[-1]
        dataset = path.rsplit("/", 1)[0] if last in ("query", "sparql") else path
        return Endpoints(server, query, root + dataset + "/data", root + dataset + "/update")
    return Endpoints(server, query, None, None)


def probe(query_endpoint: str, creds: Credentials, timeout: float) -> str:
    """Check the query endpoint answers; the server's kind (from its ``Server`` header)."""
    request = form_request(query_endpoint, [("query", PROBE)], "application/sparql-results+json")
    _, headers = _send(request, creds, timeout, "probe query")
    return identify_server(headers.get("Server", ""))


def read_triples(path: Path) -> list[ox.Triple]:
    """The file's distinct triples, as written in it (no canonical forms: the store decides)."""
    fmt = rdf_format_for(path)
    if not path.is_file():
        hint = ": run `make graph`" if path == PUBLISHED_GRAPH else ""
        raise InputFileError(path, f"no such file{hint}")
    try:
        quads = ox.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
        triples = dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
    except SyntaxError as exc:
        raise InputFileError(path, f"{fmt.name} syntax error: {exc.msg}", exc.lineno) from exc
    except (OSError, ValueError) as exc:
        raise InputFileError(path, f"cannot read: {exc}") from exc
    if not triples:
        raise PushError(f"{path} holds no triples; refusing to replace the graph with nothing")
    return list(triples)


def preauthorize(
    url: str, creds: Credentials, timeout: float
) -> Callable[[urllib.request.Request], None]:
    """A function adding credentials for ``url``'s server to a request *before* it is sent.

    For large uploads: challenge-driven auth sends the body once without credentials, and
    Virtuoso answers that with 401 and a closed connection while the body is still being
    written ("connection reset"). So the challenge is fetched with a GET of ``url`` first and
    the upload carries its answer. The same GET, sent with the answer, checks the credentials:
    ``StoreAuthError`` if refused. No user, or a challenge of an unknown scheme: nothing added.
    """
    if not creds.user:
        return lambda request: None
    scheme, params = "basic", ""
    if creds.auth != "basic":
        try:
            send(urllib.request.Request(url), timeout=timeout, action="upload")
            return lambda request: None  # the server asks for nothing
        except StoreError as exc:
            if getattr(exc, "http_status", None) is None:
                raise  # no connection
            scheme, _, params = getattr(exc, "challenge", "").partition(" ")
    if scheme.lower() == "digest":
        digest = urllib.request.HTTPDigestAuthHandler(passwords(url, creds.user, creds.password))
        chal = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(params)))

        def authorize(request: urllib.request.Request) -> None:
            value = digest.get_authorization(request, chal)
            request.add_unredirected_header("Authorization", f"Digest {value}")

    elif scheme.lower() == "basic":
        token = base64.b64encode(f"{creds.user}:{creds.password or ''}".encode()).decode()

        def authorize(request: urllib.request.Request) -> None:
            request.add_unredirected_header("Authorization", f"Basic {token}")

    else:
        return lambda request: None
    check = urllib.request.Request(url)
    authorize(check)
    try:
        send(check, timeout=timeout, user=creds.user, action="upload")
    except StoreError as exc:
        if getattr(exc, "http_status", None) in (None, 401, 403):
            raise  # refused credentials, or no connection; anything else is the check's URL
    return authorize


def gsp_put(
    url: str, graph: str, triples: list[ox.Triple], creds: Credentials, timeout: float
) -> bool:
    """Replace ``graph`` by GSP (PUT, then POST for further chunks); False if the URL does not
    speak GSP (nothing was written then)."""
    target = f"{url}?graph={quote(graph, safe='')}"
    check = f"{url}?graph={quote(NO_SUCH_GRAPH, safe='')}"
    for i, chunk in enumerate(chunked(triples, GSP_CHUNK_TRIPLES)):
        request = urllib.request.Request(
            target,
            data=ntriples(chunk),
            method="PUT" if i == 0 else "POST",
            headers={"Content-Type": "application/n-triples; charset=utf-8"},
        )
        # Credentials go with the upload itself (see preauthorize), fetched afresh per chunk
        # so that a server's nonce never outlives its use.
        preauthorize(check, creds, timeout)(request)
        try:
            _send(request, creds, timeout, "upload")
        except XjftzError as exc:
            status = getattr(exc, "http_status", None)
            if i == 0 and status in NO_GSP:
                log.info("%s does not speak the Graph Store Protocol (HTTP %s)", url, status)
                return False
            raise
    return True


def sparql_update(
    url: str, graph: str, triples: list[ox.Triple], creds: Credentials, timeout: float
) -> None:
    """Replace ``graph`` with DROP SILENT GRAPH and INSERT DATA chunks sent to ``url``."""
    graph_term = str(ox.NamedNode(check_dataset_iri(graph)))
    operations = [DROP_GRAPH.format(graph=graph_term)]
    for chunk in chunked(triples, UPDATE_CHUNK_TRIPLES):
        text = ntriples(chunk).decode("utf-8")
        with_blank_nodes = any(isinstance(t.subject, ox.BlankNode) for t in chunk) or any(
            isinstance(t.object, ox.BlankNode) for t in chunk
        )
        form = INSERT_TEMPLATE if with_blank_nodes else INSERT_DATA
        operations.append(form.format(graph=graph_term, triples=text))
    for operation in operations:
        _send(form_request(url, [("update", operation)]), creds, timeout, "update")


def push(
    endpoint: str,
    *,
    graph: str = PLAN_GRAPH,
    file: Path = PUBLISHED_GRAPH,
    creds: Credentials | None = None,
    gsp_endpoint: str | None = None,
    update_endpoint: str | None = None,
    method: str = "auto",
    timeout: float = 300.0,
) -> PushReport:
    """Replace ``graph`` at the store behind ``endpoint`` with the triples of ``file``."""
    creds = creds or Credentials()
    if method not in METHODS:
        raise PushError(f"unknown method {method!r}; one of {', '.join(METHODS)}")
    graph = check_dataset_iri(graph)
    started = time.monotonic()
    triples = read_triples(Path(file))
    server = probe(endpoint, creds, timeout)
    known = derive_endpoints(endpoint, server, authenticated=bool(creds.user))
    gsp = gsp_endpoint or known.gsp
    update = update_endpoint or known.update
    log.info("%s: %s server; GSP %s, update %s", endpoint, server, gsp or "-", update or "-")
    used = None
    if method in ("auto", "gsp") and gsp:
        if gsp_put(gsp, graph, triples, creds, timeout):
            used = ("gsp", gsp)
        elif method == "gsp":
            raise PushError(f"{gsp} does not speak the SPARQL 1.1 Graph Store HTTP Protocol")
    if used is None and method in ("auto", "update") and update:
        sparql_update(update, graph, triples, creds, timeout)
        used = ("update", update)
    if used is None:
        wanted = {"gsp": "--gsp-endpoint", "update": "--update-endpoint"}.get(
            method, "--gsp-endpoint or --update-endpoint"
        )
        raise PushError(
            f"{endpoint} is a server of unknown kind ({server}): give {wanted} "
            "to say where it accepts writes"
        )
    found = RemoteStore(
        endpoint, graph, user=creds.user, password=creds.password, auth=creds.auth,
        timeout=timeout, base_iri=None,
    ).triple_count()  # fmt: skip
    seconds = time.monotonic() - started
    if found != len(triples):
        raise PushError(
            f"after the push, {graph} at {endpoint} holds {found} triples, "
            f"but {file} has {len(triples)}"
        )
    return PushReport(used[0], used[1], graph, len(triples), found, seconds)


def _send(request: urllib.request.Request, creds: Credentials, timeout: float, action: str):
    """``transport.send`` with the credentials: the answer's body and headers."""
    return send(
        request, timeout=timeout, user=creds.user, password=creds.password, auth=creds.auth,
        action=action,
    )  # fmt: skip
