"""The entity browser: every IRI under ``{base}id/`` resolves at ``/id/<path>``.

Input:  ``GET /id/<path>`` with a format chosen by file suffix (``.ttl``, ``.nt``, ``.jsonld``,
        ``.rdf``), else by ``?format=`` (html, ttl, nt, jsonld, rdfxml and their aliases), else by
        the Accept header (a browser's ``text/html,…,application/xml;q=0.9,*/*;q=0.8`` gets
        HTML; ``*/*`` and ties get HTML too); ``?lang=`` for the page language.
Output: the HTML page (``entity.html``) or the entity's RDF (``webapp.pages.entity.rdf``),
        always with ``Vary: Accept``; 404 (a page or plain text, by Accept) for an IRI the graph
        does not hold; 400 for a path that cannot be an IRI or an unknown ``format=``.

A rendered page is cached per (path, language): the graph is read-only and a page holds
nothing per request.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request

from webapp.pages.entity.data import describe
from webapp.pages.entity.page import page_context
from webapp.pages.entity.rdf import ACCEPT, FORMAT_NAMES, SUFFIXES, entity_document, media_type
from webapp.shared.cache import cached_page
from webapp.shared.fetch import base
from webapp.shared.i18n import t
from webapp.shared.nodes import BadPath, entity_iri
from webapp.shared.site import allow_params

bp = Blueprint("entity", __name__)
# Candidates for Accept matching, HTML first so that ties and */* pick it.
ACCEPT_ORDER = list(ACCEPT)


def choose_format(path: str) -> tuple[str, str]:
    """(entity path, format) for this request; ``abort(400)`` for an unknown ``format=``."""
    for suffix, fmt in SUFFIXES.items():
        if path.endswith(suffix) and len(path) > len(suffix):
            return path[: -len(suffix)], fmt
    requested = request.args.get("format")
    if requested is not None:
        fmt = FORMAT_NAMES.get(requested.strip().lower())
        if fmt is None:
            names = ", ".join(sorted(FORMAT_NAMES))
            abort(400, description=t("bad_format", value=requested[:40], names=names))
        return path, fmt
    return path, accept_format()


def accept_format() -> str:
    if not request.accept_mimetypes:
        return "html"
    best = request.accept_mimetypes.best_match(ACCEPT_ORDER)
    return ACCEPT[best] if best else "html"


@bp.get("/id/<path:path>")
def entity(path: str) -> Response:
    allow_params("format")
    path, fmt = choose_format(path)
    try:
        iri = entity_iri(path, base())
    except BadPath as exc:
        abort(400, description=t("bad_path", reason=str(exc)))
    if fmt != "html":
        body = entity_document(iri, fmt)
        if not describe(iri).exists:
            abort(404, description=t("unknown_entity", iri=iri))
        response = Response(body, content_type=media_type(fmt))
    else:
        response = Response(_html(iri), content_type="text/html; charset=utf-8")
    response.headers["Vary"] = "Accept, Accept-Language, Cookie"
    return response


def _html(iri: str) -> str:
    def render(lang: str) -> str:
        desc = describe(iri)
        if not desc.exists:
            abort(404, description=t("unknown_entity", iri=iri))
        return render_template("entity.html", iri=iri, **page_context(desc, lang))

    return cached_page("entity-html", render)
