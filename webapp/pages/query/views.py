"""The query page: a SPARQL editor and the named-query library, runnable without JavaScript.

Input:  ``GET /query`` — ``query=`` (SPARQL text: run it), or ``named=<id>`` with the query's
        parameters and ``run=1`` (run it); ``lang=``. Unknown parameters are a 400.
Output: the page: the editor (prefixes filled in), the library as a pick list, the chosen
        named query's parameter form (IRI parameters as a list of the entities of their kinds,
        by label; JavaScript adds autocomplete), and the result table — IRIs linked to entity
        pages and labelled — with CSV/TSV/JSON (or Turtle/N-Triples/JSON-LD) downloads from
        /sparql or /api and a permalink. An error (the parser's message, a refused update, a
        timeout) is shown inline with its status.

Runs go through the same bounded path as /sparql and /api — screened, the store's
``query_raw`` with the row and size caps, cached under the same keys — so a page and the
endpoint answer alike.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, render_template, request
from rdflib import Literal, URIRef

from ontology.errors import XjftzError
from queries.errors import QueryError
from queries.guard import screen
from queries.library import (
    BASE,
    KIND_PATHS,
    NamedQuery,
    get_query,
    get_site_query,
    load_library,
    without_header,
)
from webapp.pages.query.results import Table, table_from_json, table_from_ntriples
from webapp.shared.fetch import base, document, select
from webapp.shared.i18n import current_lang, t
from webapp.shared.nodes import PREFIXES, LabelSet, Node
from webapp.state import settings

bp = Blueprint("query", __name__)
RESERVED = {"query", "named", "run", "lang"}
MAX_OPTIONS = 300


def default_query(lang: str) -> str:
    """The editor's text before anything is typed (``queries/site/editor-example-{lang}.rq``)."""
    return get_site_query(f"editor-example-{lang}").body


def run_text(query: str) -> tuple[Table, str]:
    """Run free SPARQL as /sparql does; the table and the query form."""
    conf = settings()
    if not query.strip():
        raise QueryError(t("empty_query"))
    if len(query) > conf.max_query_length:
        err = QueryError(t("query_too_long", n=conf.max_query_length))
        err.status = 414
        raise err
    screening = screen(query, conf.service_allowlist)
    fmt = "nt" if screening.returns_graph else "json"
    raw, _ = document(query, fmt)
    table = table_from_ntriples(raw) if fmt == "nt" else table_from_json(raw)
    return table, screening.form or "SELECT"


def run_named(named: NamedQuery, bindings: dict) -> Table:
    """Run a named query as /api does."""
    graph = named.form in ("CONSTRUCT", "DESCRIBE")
    fmt = "nt" if graph else "json"
    raw, _ = document(named.text, fmt, query_id=named.id, bindings=bindings)
    return table_from_ntriples(raw) if graph else table_from_json(raw)


def kind_options(kinds: tuple[str, ...]) -> list[Node]:
    """Every labelled entity of the given kinds, by label, for a parameter's pick list."""
    labels = LabelSet()
    found: set[str] = set()
    for kind in kinds:
        prefix = BASE + KIND_PATHS[kind]
        for row in select("kind-options", {"prefix": Literal(prefix)}):
            iri = str(row["entity"])
            found.add(iri)
            labels.add(iri, "zh", row.get("label_zh"))
            labels.add(iri, "en", row.get("label_en"))
    lang = current_lang()
    nodes = [labels.node(URIRef(iri), base()) for iri in found]
    return sorted(nodes, key=lambda n: (n.label(lang).lower(), n.iri))[:MAX_OPTIONS]


def _param_fields(named: NamedQuery, values: dict[str, str]) -> list[dict]:
    fields = []
    for p in named.params:
        value = values.get(p.name, p.default or "")
        field = {"param": p, "value": value, "options": None}
        if p.type == "iri" and p.kinds:
            field["options"] = kind_options(p.kinds)
        fields.append(field)
    return fields


def _library() -> list[NamedQuery]:
    lang = current_lang()
    return sorted(load_library().values(), key=lambda q: getattr(q, f"title_{lang}") or q.id)


@bp.get("/query")
def query_page() -> Response:
    lang = current_lang()
    named_id = request.args.get("named")
    named = None
    values: dict[str, str] = {}
    if named_id:
        try:
            named = get_query(named_id)
        except XjftzError:
            abort(400, description=t("unknown_named", name=named_id[:60]))
        for name in request.args:
            if name not in RESERVED:
                values[name] = request.args.get(name, "")
    else:
        unknown = sorted(set(request.args) - RESERVED)
        if unknown:
            abort(
                400,
                description=t(
                    "bad_param", name=unknown[0][:40], allowed=", ".join(sorted(RESERVED))
                ),
            )
    text = request.args.get("query")
    table, form, error, status = None, None, None, 200
    downloads: list[tuple[str, str]] = []
    editor_text = text if text is not None else default_query(lang)
    try:
        if named is not None:
            editor_text = named.body if text is None else editor_text
            if request.args.get("run"):
                bindings = named.bind(values)
                if text is None:
                    editor_text = without_header(named.with_values(bindings))
                table, form = run_named(named, bindings), named.form
                params = [(k, values[k]) for k in sorted(values)]
                downloads = [
                    (f.upper(), f"/api/queries/{named.id}?" + urlencode([*params, ("format", f)]))
                    for f in ("csv", "tsv", "json")
                ]
        elif text is not None:
            table, form = run_text(text)
            kinds = (
                ("ttl", "nt", "jsonld")
                if form in ("CONSTRUCT", "DESCRIBE")
                else ("csv", "tsv", "json")
            )
            downloads = [
                (f.upper(), "/sparql?" + urlencode([("query", text), ("format", f)])) for f in kinds
            ]
    except XjftzError as exc:
        error, status = str(exc), int(getattr(exc, "status", 400))
        if named is not None and getattr(exc, "name", None):
            error = t("param_error", name=exc.name, message=str(exc))
    html = render_template(
        "query.html",
        library=_library(),
        named=named,
        fields=_param_fields(named, values) if named is not None else [],
        editor_text=editor_text,
        table=table,
        form=form,
        error=error,
        downloads=downloads,
        permalink=request.full_path.rstrip("?"),
        base_iri=base(),
        prefixes_json=json.dumps(PREFIXES),
        edit_href="/query?" + urlencode([("query", editor_text)]) if named is not None else None,
    )
    return Response(html, status=status, mimetype="text/html")
