"""The remote backend: a SPARQL 1.1 endpoint (Virtuoso, Oxigraph server, Fuseki, …) over HTTP.

Input:  the endpoint's URL; optionally the IRI of the graph holding the plan (sent as
        ``default-graph-uri``, so that it is the default graph, as in the embedded store), a
        user and password (digest or basic auth), a timeout.
Output: :class:`RemoteStore`, a ``base.Store`` on an :class:`Endpoint` that answers
        ``engine.Engine``'s calls in the same pyoxigraph terms, so that a named query returns
        the same rows from either backend (``document`` repeats ``Engine.document``'s
        parameters: a deliberate parallel).

One URL-encoded POST per query (``queries.transport``), values in a ``VALUES`` block, answers
read by pyoxigraph's parsers. Servers agree on what a literal means, not on how they write it,
so typed literals other than strings pass through a scratch pyoxigraph store, which keeps one
form per value (Virtuoso 7.2: ``"1"^^xsd:boolean`` → ``"true"``, ``"1.50"^^xsd:decimal`` →
``"1.5"``); Virtuoso's ``nodeID://`` blank-node labels keep their letters and digits. What no
normalisation can repair is in docs/DEPLOY.md.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

import pyoxigraph as ox

from ontology.iris import RDF_LANGSTRING, XSD_STRING
from queries import transport
from queries.errors import QueryError, QueryTimeout, StoreError
from queries.guard import check_dataset_iri, query_form, tokens
from queries.library import get_site_query
from queries.stores.base import Store
from queries.stores.engine import BASE, Answer, Document, Substitutions, write_document
from queries.values import with_base_text, with_values_text

GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
RESULTS_ACCEPT = "application/sparql-results+json"
# Names a graph no server holds: sent as named-graph-uri so that GRAPH ?g sees no named graphs,
# as on the embedded store, rather than every graph of the server (Virtuoso's system graphs).
NO_GRAPH = "urn:x-xjftz:no-graph"
# Virtuoso answers 200 with *partial* results when a query hits MaxQueryExecutionTime (an
# "anytime query") and says so only in these headers.
PARTIAL_STATE, PARTIAL_MESSAGE = "X-SQL-State", "X-SQL-Message"
# Virtuoso's only sign that ResultSetMaxRows cut a result (sent when the result reaches it).
SERVER_ROW_CAP_HEADER = "X-SPARQL-MaxRows"
_NOT_IN_LABEL = re.compile(r"^nodeID://|[^A-Za-z0-9_]")
_AS_STRINGS = {ox.NamedNode(XSD_STRING), ox.NamedNode(RDF_LANGSTRING)}
_SCRATCH = "urn:x-xjftz:c:"
JSON = ox.QueryResultsFormat.JSON
Dataset = tuple[Sequence[str], Sequence[str]]  # default-graph-uri, named-graph-uri


@dataclass
class Endpoint:
    """A SPARQL query endpoint answering the calls of ``queries.stores.engine.Engine``."""

    url: str
    graph: str | None = None
    _: KW_ONLY
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    auth: str = "auto"
    timeout: float = 30.0
    base_iri: str | None = BASE

    def __post_init__(self) -> None:
        if not re.match(r"https?://[^/?#]", self.url or ""):
            raise StoreError(f"not an http(s) SPARQL endpoint URL: {self.url!r}")
        if self.auth not in transport.AUTH_SCHEMES:
            schemes = ", ".join(transport.AUTH_SCHEMES)
            raise StoreError(f"unknown auth scheme {self.auth!r}; one of {schemes}")
        self.graph = check_dataset_iri(self.graph) if self.graph else None
        self.user = self.user or None

    def send(
        self, query: str, substitutions: Substitutions, dataset: Dataset = ((), ())
    ) -> tuple[Answer, str | None]:
        """The server's answer — a bool, (variables, rows) or triples — and its row cap if it
        says it cut the answer there."""
        text = with_values_text(query, {n: str(t) for n, t in (substitutions or {}).items()})
        if self.base_iri:  # from configuration; str() of a NamedNode is <iri>
            text = with_base_text(text, str(ox.NamedNode(self.base_iri)))
        graph = query_form(tokens(query)) in ("CONSTRUCT", "DESCRIBE")
        fields = [("query", text), *self._dataset(query, dataset)]
        accept = GRAPH_ACCEPT if graph else RESULTS_ACCEPT
        request = transport.form_request(self.url, fields, accept)
        body, headers = transport.send(
            request, timeout=self.timeout, user=self.user, password=self.password,
            auth=self.auth, action="query",
        )  # fmt: skip
        if headers.get(PARTIAL_STATE):
            raise QueryTimeout(
                f"{self.url} stopped the query at its time limit and sent partial results "
                f"({headers[PARTIAL_STATE]}: {headers.get(PARTIAL_MESSAGE) or 'no message'}); "
                "they are not used"
            )
        media = headers.get("Content-Type") or "application/octet-stream"
        cap = headers.get(SERVER_ROW_CAP_HEADER)
        return read(body, media, graph), f"the server's row limit ({cap})" if cap else None

    def _dataset(self, query: str, dataset: Dataset) -> list[tuple[str, str]]:
        """The protocol's dataset parameters for this query.

        With a configured graph the dataset is what the embedded store holds: the plan graph as
        the default graph and no named graphs. Graph IRIs a client names do not exist in it, so
        they are sent as a graph that exists nowhere (empty, as on the embedded store). FROM in
        the query text is refused: Virtuoso would merge it with ``default-graph-uri`` and read
        the server's other graphs.
        """
        defaults, named = ([check_dataset_iri(g) for g in iris] for iris in dataset)
        if self.graph:
            if any(t.kind == "word" and t.text.upper() == "FROM" for t in tokens(query)):
                raise QueryError(
                    "FROM and FROM NAMED cannot be used here: the dataset is the plan graph, "
                    "which every query reads as its default graph"
                )
            defaults, named = [NO_GRAPH] if defaults else [self.graph], [NO_GRAPH]
        return [("default-graph-uri", g) for g in defaults] + [
            ("named-graph-uri", g) for g in named
        ]

    # The calls of queries.stores.engine.Engine ----------------------------------------------

    def answer(
        self, query: str, substitutions: Substitutions = None, limit: int | None = None
    ) -> Answer:
        """``Engine.answer``: refused if the server cut it (it would be taken for all there is)."""
        answer, cap = self.send(query, substitutions)
        if cap and not isinstance(answer, bool):
            raise StoreError(
                f"{self.url} cut the result at {cap}: raise it "
                "(Virtuoso: ResultSetMaxRows in [SPARQL]; see docs/DEPLOY.md)"
            )
        if isinstance(answer, tuple):
            return answer[0], answer[1][:limit]
        return answer if isinstance(answer, bool) else answer[:limit]

    def document(
        self,
        query: str,
        result_format: str,
        default_graph_uris: Sequence[str] = (),
        named_graph_uris: Sequence[str] = (),
        *,
        substitutions: Substitutions = None,
        max_rows: int | None = None,
        max_bytes: int | None = None,
    ) -> Document:
        """``Engine.document``'s call (a deliberate parallel: the same parameters, another
        engine); a cut the server made is said in the notice."""
        dataset = (default_graph_uris, named_graph_uris)
        answer, cap = self.send(query, substitutions, dataset)
        notice = f"result truncated at {cap}" if cap else None
        return write_document(result_format, answer, max_rows, max_bytes, notice)

    def triple_count(self) -> int:
        """Triples in the default graph the app queries (the configured graph, if any)."""
        try:
            return int(self.answer(get_site_query("triple-count").text)[1][0][0].value)
        except (IndexError, AttributeError, TypeError, ValueError) as exc:
            raise StoreError(f"{self.url} gave no usable triple count") from exc

    def close(self) -> None:
        """Nothing to release: every request has its own connection."""


def read(body: bytes, media: str, graph: bool) -> Answer:
    """A graph answer's triples, or a SPARQL JSON answer's bool or (variables, rows), in the
    embedded store's form."""
    rdf = ox.RdfFormat.from_media_type(media) if graph else None
    if graph and rdf is None:
        raise StoreError(f"the SPARQL server answered with {media!r}, not an RDF syntax")
    if not graph and ox.QueryResultsFormat.from_media_type(media) != JSON:
        raise StoreError(f"the SPARQL server answered with {media!r}, not SPARQL JSON results")
    try:
        if rdf is not None:
            rows = [(q.subject, q.predicate, q.object) for q in ox.parse(body, rdf)]
            return [ox.Triple(*row) for row in canonical(rows)]
        doc = json.loads(body)
        for solution in doc.get("results", {}).get("bindings", ()):
            for term in solution.values():
                if term.get("type") == "bnode":
                    term["value"] = _NOT_IN_LABEL.sub("", term["value"]) or "b"
        result = ox.parse_query_results(json.dumps(doc), JSON)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        return tuple(v.value for v in result.variables), canonical(list(map(tuple, result)))
    except (SyntaxError, ValueError, AttributeError, TypeError) as exc:
        raise StoreError(f"the SPARQL server sent {media} that does not parse: {exc}") from exc


def canonical(rows: list[tuple]) -> list[tuple]:
    """``rows`` with every typed literal (but strings) as pyoxigraph's storage writes it."""
    literals = {t for row in rows for t in row if isinstance(t, ox.Literal)}
    typed = [t for t in literals if t.datatype not in _AS_STRINGS]
    if not typed:
        return rows
    scratch, p = ox.Store(), ox.NamedNode(_SCRATCH)
    scratch.extend(ox.Quad(ox.NamedNode(f"{_SCRATCH}{i}"), p, t) for i, t in enumerate(typed))
    written = {typed[int(q.subject.value.rsplit(":", 1)[1])]: q.object for q in scratch}
    return [tuple(written.get(t, t) for t in row) for row in rows]


class RemoteStore(Store):
    """A SPARQL endpoint behind the project's Store interface (read-only use); the arguments
    are :class:`Endpoint`'s."""

    def __init__(self, endpoint: str, graph: str | None = None, **options: Any) -> None:
        super().__init__(Endpoint(endpoint, graph, **options))
