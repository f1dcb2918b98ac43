"""The remote backend: a SPARQL 1.1 endpoint (Virtuoso, Oxigraph server, Fuseki, …) over HTTP.

Input:  the query endpoint's URL; optionally the IRI of the graph holding the plan (sent as the
        protocol's ``default-graph-uri``, so that the plan graph is the default graph, as it is
        in the embedded store), a user and password (digest or basic auth), a timeout.
Output: a :class:`RemoteStore` implementing ``queries.stores.base.Store``: rows, booleans and
        graphs in rdflib terms equal to the embedded store's, and serialised documents for the
        protocol endpoint.

Requests are built by SPARQLWrapper (SPARQL 1.1 Protocol, https://www.w3.org/TR/sparql11-protocol/:
URL-encoded POST, ``default-graph-uri`` / ``named-graph-uri``, content negotiation) and sent by
``queries.stores.transport`` (per-request opener, errors with the server's message). Values are
bound with a ``VALUES`` block written from validated terms (``queries.binding.with_values``).

Every answer is read into pyoxigraph terms and brought to the form the embedded store writes
(``queries.stores.remote_terms`` lists the normalisations), so a named query returns the same
rows on either backend. ``query_raw`` passes the server's bytes through when the client asked
for what the server sent (JSON results, N-Triples), nothing needed normalising and no cap was
hit; otherwise it writes the document with ``queries.results``, exactly as the embedded store.
Its imports from ``queries.stores.base`` and its ``rows`` parallel the embedded store's on
purpose: two backends of one interface, each reading its own answers.
"""

from __future__ import annotations

import http.client
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from rdflib import BNode, Graph, URIRef
from SPARQLWrapper import POST, URLENCODED
from SPARQLWrapper.Wrapper import QueryResult

from queries.binding import with_values
from queries.errors import QueryError, QueryTimeout, StoreError
from queries.guard import check_dataset_iri, tokens
from queries.results import content_type, row_cap_notice, serialize_boolean, write_capped
from queries.stores import transport
from queries.stores.base import (
    TRIPLE_COLUMNS,
    Bindings,
    RawResult,
    Rows,
    SelectResult,
    Store,
    capped_rows,
    query_form,
)
from queries.stores.embedded import DEFAULT_BASE_IRI, result_format_checked
from queries.stores.remote_terms import (
    GRAPH_ACCEPT,
    RESULTS_ACCEPT,
    parse_graph,
    parse_results,
)
from queries.terms import to_rdflib

COUNT_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
LIST_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
# Names a graph no server holds: sent as named-graph-uri so that GRAPH ?g sees no named graphs,
# as on the embedded store, rather than every graph of the server (Virtuoso's system graphs).
NO_GRAPH = "urn:x-xjftz:no-graph"
# Virtuoso answers 200 with *partial* results when a query hits MaxQueryExecutionTime (an
# "anytime query") and says so only in these headers.
PARTIAL_RESULT_HEADERS = ("X-SQL-State", "X-SQL-Message")
# Virtuoso's only sign that ResultSetMaxRows cut a result (sent when the result reaches it).
SERVER_ROW_CAP_HEADER = "X-SPARQL-MaxRows"


@dataclass
class Answer:
    """A server's answer: the bytes as sent, and what was read from them."""

    body: bytes
    media: str
    server_cap: str | None = None  # set when the server says it cut the result
    variables: tuple[str, ...] = ()
    rows: list = field(default_factory=list)  # solutions, or triples for a graph answer
    boolean: bool | None = None
    normalised: bool = False  # a term or the document's form was changed to the embedded one


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint behind the project's Store interface (read-only use)."""

    def __init__(
        self,
        endpoint: str,
        graph: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        auth: str = "auto",
        timeout: float = 30.0,
        base_iri: str | None = DEFAULT_BASE_IRI,
    ) -> None:
        parts = urlsplit(endpoint or "")
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise StoreError(f"not an http(s) SPARQL endpoint URL: {endpoint!r}")
        if auth not in transport.AUTH_SCHEMES:
            raise StoreError(
                f"unknown auth scheme {auth!r}; one of {', '.join(transport.AUTH_SCHEMES)}"
            )
        self.endpoint = endpoint
        self.graph = check_dataset_iri(graph) if graph else None
        self.user = user or None
        self._password = password
        self.auth = auth
        self.timeout = timeout
        self.base_iri = base_iri

    def __repr__(self) -> str:
        who = f" as {self.user!r}" if self.user else ""
        return f"RemoteStore({self.endpoint!r}, graph={self.graph!r}{who})"

    # Transport ------------------------------------------------------------------------------

    def _send(self, request: urllib.request.Request) -> http.client.HTTPResponse:
        return transport.open_url(
            request,
            timeout=self.timeout,
            user=self.user,
            password=self._password,
            auth=self.auth,
            action="query",
        )

    def _request(
        self,
        query: str,
        accept: str,
        bindings: Bindings | None = None,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
    ) -> Answer:
        """Send ``query``; the answer's body, media type and any row cap the server applied."""
        text = with_values(query, bindings)
        if self.base_iri:
            # A constant from configuration, not request text; the query's own BASE, if any,
            # comes later and wins.
            text = f"BASE {URIRef(self.base_iri).n3()}\n{text}"
        wrapper = transport.Wrapper(self.endpoint, self._send)
        wrapper.setQuery(text)
        wrapper.queryType = query_form(query) or "SELECT"
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(URLENCODED)
        wrapper.setOnlyConneg(True)
        wrapper.setTimeout(self.timeout)
        wrapper.addCustomHttpHeader("Accept", accept)
        defaults, named = self._dataset(query, default_graph_uris, named_graph_uris)
        for iri in defaults:
            wrapper.addDefaultGraph(iri)
        for iri in named:
            wrapper.addNamedGraph(iri)
        result: QueryResult = wrapper.query()
        response = result.response
        body = transport.read_body(response, self.endpoint, self.timeout, "query")
        state = transport.header(response.headers, PARTIAL_RESULT_HEADERS[0])
        if state:
            message = transport.header(response.headers, PARTIAL_RESULT_HEADERS[1])
            raise QueryTimeout(
                f"{self.endpoint} stopped the query at its time limit and sent partial "
                f"results ({state}: {message or 'no message'}); they are not used"
            )
        media = transport.header(response.headers, "Content-Type") or "application/octet-stream"
        cap = transport.header(response.headers, SERVER_ROW_CAP_HEADER)
        return Answer(body, media, f"the server's row limit ({cap})" if cap else None)

    def _dataset(
        self, query: str, default_graph_uris: Sequence[str], named_graph_uris: Sequence[str]
    ) -> tuple[list[str], list[str]]:
        """The protocol's dataset IRIs for this query.

        With a configured graph the dataset is what the embedded store holds: the plan graph as
        the default graph and no named graphs. Graph IRIs a client names do not exist in it, so
        they are sent as a graph that exists nowhere (empty, as on the embedded store). FROM in
        the query text is refused: Virtuoso would merge it with ``default-graph-uri`` and read
        the server's other graphs.
        """
        defaults = [check_dataset_iri(g) for g in default_graph_uris]
        named = [check_dataset_iri(g) for g in named_graph_uris]
        if not self.graph:
            return defaults, named
        if any(t.kind == "word" and t.text.upper() == "FROM" for t in tokens(query)):
            raise QueryError(
                "FROM and FROM NAMED cannot be used here: the dataset is the plan graph, "
                "which every query reads as its default graph"
            )
        return [NO_GRAPH] if defaults else [self.graph], [NO_GRAPH]

    def _results(self, query: str, bindings: Bindings | None, **dataset) -> Answer:
        answer = self._request(query, RESULTS_ACCEPT, bindings, **dataset)
        if "json" not in answer.media.lower():
            raise StoreError(
                f"{self.endpoint} answered with {answer.media!r}, not SPARQL JSON results"
            )
        answer.variables, answer.rows, answer.boolean, answer.normalised = parse_results(
            answer.body
        )
        return answer

    def _graph(self, query: str, bindings: Bindings | None, **dataset) -> Answer:
        answer = self._request(query, GRAPH_ACCEPT, bindings, **dataset)
        answer.rows, answer.normalised = parse_graph(answer.body, answer.media)
        return answer

    def _complete(self, answer: Answer) -> Answer:
        """``answer``, if the server did not cut it (callers of select/construct need it all)."""
        if answer.server_cap:
            raise StoreError(
                f"{self.endpoint} cut the result at {answer.server_cap}: raise it "
                "(Virtuoso: ResultSetMaxRows in [SPARQL]; see docs/DEPLOY.md)"
            )
        return answer

    # Store interface ------------------------------------------------------------------------

    def select(self, query: str, bindings: Bindings | None = None) -> SelectResult:
        _form_is(query, {"SELECT"}, "not a SELECT query")
        answer = self._complete(self._results(query, bindings))
        if answer.boolean is not None:
            raise QueryError("not a SELECT query")
        rows = tuple(tuple(to_rdflib(t) for t in row) for row in answer.rows)
        return SelectResult(answer.variables, rows)

    def ask(self, query: str, bindings: Bindings | None = None) -> bool:
        _form_is(query, {"ASK"}, "not an ASK query")
        boolean = self._results(query, bindings).boolean
        if boolean is None:
            raise QueryError("not an ASK query")
        return boolean

    def construct(self, query: str, bindings: Bindings | None = None) -> Graph:
        _form_is(query, {"CONSTRUCT", "DESCRIBE"}, "not a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for t in self._complete(self._graph(query, bindings)).rows:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return graph

    def rows(
        self, query: str, bindings: Bindings | None = None, *, max_rows: int | None = None
    ) -> Rows:
        if query_form(query) in ("CONSTRUCT", "DESCRIBE"):
            triples = self._complete(self._graph(query, bindings)).rows
            found = [(t.subject, t.predicate, t.object) for t in triples]
            return capped_rows(TRIPLE_COLUMNS, found, max_rows, graph=True)
        answer = self._complete(self._results(query, bindings))
        if answer.boolean is not None:
            return Rows(boolean=answer.boolean)
        return capped_rows(answer.variables, answer.rows, max_rows, graph=False)

    def query_raw(
        self,
        query: str,
        result_format: str,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
        *,
        bindings: Bindings | None = None,
        max_rows: int | None = None,
        max_bytes: int | None = None,
    ) -> RawResult:
        form = query_form(query)
        returns_graph = form in ("CONSTRUCT", "DESCRIBE")
        fmt = result_format_checked(result_format, returns_graph)
        dataset = {"default_graph_uris": default_graph_uris, "named_graph_uris": named_graph_uris}
        if returns_graph:
            answer = self._graph(query, bindings, **dataset)
            sent_nt = answer.media.split(";", 1)[0].strip().lower() == "application/n-triples"
            passes = fmt == "nt" and sent_nt
        else:
            answer = self._results(query, bindings, **dataset)
            if answer.boolean is not None:
                return RawResult(serialize_boolean(answer.boolean, fmt), content_type(fmt))
            passes = fmt == "json"
        cut = max_rows is not None and len(answer.rows) > max_rows
        rows = answer.rows[:max_rows] if cut else answer.rows
        notice = row_cap_notice(max_rows, returns_graph) if cut else None
        if answer.server_cap and not cut:
            notice = f"result truncated at {answer.server_cap}"
        fits = max_bytes is None or len(answer.body) <= max_bytes
        if passes and not (answer.normalised or cut) and fits:
            return RawResult(answer.body, content_type(fmt), notice)
        variables = None if returns_graph else answer.variables
        body, notice = write_capped(fmt, rows, variables, notice, max_bytes)
        return RawResult(body, content_type(fmt), notice)

    def named_graphs(self) -> list[URIRef | BNode]:
        # With a configured graph the app's dataset is that graph alone, as its default graph
        # (like the embedded store); the server's other graphs are not part of it.
        if self.graph:
            return []
        rows = self._complete(self._results(LIST_GRAPHS, None)).rows
        return sorted((to_rdflib(row[0]) for row in rows if row[0] is not None), key=str)

    def triple_count(self) -> int:
        """Triples in the default graph the app queries (the configured graph, if any)."""
        rows = self._results(COUNT_TRIPLES, None).rows
        try:
            return int(rows[0][0].value)
        except (IndexError, AttributeError, TypeError, ValueError) as exc:
            raise StoreError(f"{self.endpoint} gave no usable triple count") from exc


def _form_is(query: str, forms: set[str], message: str) -> None:
    form = query_form(query)
    if form is not None and form not in forms:
        raise QueryError(message)
