"""The query page: a SPARQL editor and the named-query library, runnable without JavaScript.

Input:  ``GET /query`` — ``query=`` (SPARQL text: run it), or ``named=<id>`` with the query's
        parameters and ``run=1`` (run it); ``lang=``. Unknown parameters are a 400.
Output: the page: the library as a gallery of links, the chosen named query's parameter form
        (names and descriptions in the page language from the .rq header; IRI parameters as a
        list of the entities of their kinds, by label; JavaScript adds autocomplete), the editor
        (prefixes filled in) and the result table — IRIs linked to entity pages and labelled —
        with CSV/TSV/JSON (or Turtle/N-Triples/JSON-LD) downloads from /sparql or /api and a
        permalink. An error (the parser's message, a refused update, a timeout) is shown inline
        with its status. With JavaScript, ``static/yasgui-page.js`` puts YASGUI in place of the
        editor and the table, configured by the JSON this view writes (:func:`_yasgui_config`).

Runs are screened as /sparql screens them, then answered by the store's ``rows`` with the same
row cap (and its notice), cached as /sparql's and /api's documents are: the page gets rdflib
terms straight from the store, with no document written and read back.
"""

from __future__ import annotations

import contextlib
import json
from urllib.parse import urlencode

from flask import Blueprint, Response, abort, render_template, request
from rdflib import Literal, URIRef

from ontology.errors import XjftzError
from queries.errors import QueryError
from queries.library import (
    BASE,
    KIND_PATHS,
    NamedQuery,
    get_query,
    get_site_query,
    load_library,
    without_header,
)
from webapp.pages.query.results import Table, table_from_rows
from webapp.shared.fetch import base, rows, screened, select
from webapp.shared.i18n import current_lang, t
from webapp.shared.messages_pictures import YASGUI_UI
from webapp.shared.nodes import PREFIXES, LabelSet, Node
from webapp.shared.site import CSP
from webapp.state import settings

bp = Blueprint("query", __name__)
# The prefixes YASGUI completes first and shows in its results.
EDITOR_PREFIXES = ("xjo", "xjid", "eli", "skos", "rdfs", "rdf", "dcterms", "oa", "owl", "xsd")
# YASGUI's results table (column-resizer, bundled in yasgui.min.js) adds two fixed <style>
# elements: its grip rules, and "*{cursor:col-resize!important}" while a column is dragged. This
# page's Content-Security-Policy allows exactly those two by hash (tests/test_query_yasgui.py
# checks them against the installed bundle); every other page keeps style-src 'self' alone.
YASGUI_STYLE_HASHES = (
    "'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk='",
    "'sha256-c0O6TmFAkgpNbHxKAa1BrveWHHopjEtC47i0PzMudxg='",
)
QUERY_PAGE_CSP = CSP.replace(
    "style-src 'self';", f"style-src 'self' {' '.join(YASGUI_STYLE_HASHES)};"
)
YASGUI_KEYS = (
    *("view_table", "view_chart", "view_map", "error_at", "download_csv"),
    *("download_from_endpoint", "chart_caption", "map_legend_value", "map_legend_rows"),
    *("results_in", "response_in", "shows_view", "editor_label", "page_size"),
    *("dt_info", "dt_info_empty", "dt_info_filtered", "dt_zero", "view_docs"),
    *("dt_orderable", "dt_orderable_reverse", "dt_first", "dt_previous", "dt_next", "dt_last"),
)
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
    screening = screened(query)
    return table_from_rows(rows(query)), screening.form or "SELECT"


def run_named(named: NamedQuery, bindings: dict) -> Table:
    """Run a named query as /api does."""
    return table_from_rows(rows(named.text, query_id=named.id, bindings=bindings))


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


def _yasgui_config(lang: str, named: NamedQuery | None, editor_text: str, ran: bool) -> dict:
    """What ``static/yasgui-page.js`` needs: texts in the page language, the prefixes, and the
    query the URL asked for (a permalink's text, or a named query, bound when it ran)."""
    from_url = named is not None or request.args.get("query") is not None
    name = ((named.title_zh if lang == "zh" else named.title_en) or named.id) if named else None
    text = editor_text
    if named is not None and not ran and request.args.get("query") is None:
        # An example opened, not run: its defaults bound, so that running it answers (a
        # parameter without a default leaves the query as written).
        with contextlib.suppress(XjftzError):
            text = without_header(named.with_values(named.bind({})))
    messages = {k: t("yasgui_" + k) for k in YASGUI_KEYS}
    messages.update(tab_name=t("yasgui_tab"), query_error=t("query_error"))
    messages.update(permalink=t("permalink"))
    return {
        "lang": lang,
        "endpoint": "/sparql",
        "base": base(),
        "prefixes": {p: PREFIXES[p] for p in EDITOR_PREFIXES},
        "messages": messages,
        "ui": {en: t(key) for en, key in YASGUI_UI.items()} if lang == "zh" else {},
        "initial": {"text": text, "name": name, "run": ran, "fromUrl": from_url},
    }


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
        yasgui=_yasgui_config(
            lang,
            named,
            editor_text,
            ran=bool(request.args.get("run") or request.args.get("query")) and error is None,
        ),
    )
    response = Response(html, status=status, mimetype="text/html")
    response.headers["Content-Security-Policy"] = QUERY_PAGE_CSP
    return response
