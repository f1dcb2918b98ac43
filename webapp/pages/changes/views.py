"""/changes: each release of the dataset with its checksums, and its changelog.

Input:  ``GET /changes`` (``?lang=``, ``?entity=IRI`` to show only the changes that touched one
        entity or provision — what entity pages link to); the releases (``.data``).
Output: the page: per release, newest first, its version, date, notes, version IRI, files with
        sizes and SHA-256, and its changes against the release before, grouped by entity,
        provision and unit (added, removed, changed labels and links, mentions); above them the
        changes of the served graph since the newest release, if any. Each group has the anchor
        ``graph.diff.anchor`` gives it (``/changes#country-KG``). ``GET /changes/<version>.md``
        and ``/changes/<version>.ttl``: a release's changelog as Markdown, and as one
        Changeset-vocabulary change set in Turtle (``graph.diff``).
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, request

from graph import diff
from graph.diff import SECTION_TITLES, anchor
from graph.publish import qname
from webapp.pages.changes.data import groups_for, release_views, unreleased
from webapp.shared.nodes import local_href
from webapp.shared.site import allow_params
from webapp.state import settings

bp = Blueprint("changes", __name__)
SECTION_TITLES_ZH = {
    "entity": "实体",
    "provision": "条文句",
    "unit": "措施及方案的其他单元",
    "other": "其他资源",
}


@bp.get("/changes")
def page() -> str:
    allow_params("entity")
    entity = request.args.get("entity")
    if entity is not None and not entity.startswith(settings().base_iri + "id/"):
        abort(400, description="entity must be an IRI under " + settings().base_iri + "id/")
    views = release_views()
    pending = unreleased()
    base = settings().base_iri
    return render_template(
        "changes.html",
        entity=entity,
        releases=[(v, groups_for(v.changes, entity)) for v in views],
        pending=pending,
        pending_groups=groups_for(pending, entity),
        anchor=anchor,
        short=lambda iri: qname(iri) or iri,
        href=lambda iri: local_href(iri, base),
        section_title=lambda s, lang: SECTION_TITLES_ZH[s] if lang == "zh" else SECTION_TITLES[s],
    )


@bp.get("/changes/<version>.<any(md, ttl):fmt>")
def changelog(version: str, fmt: str) -> Response:
    allow_params()
    view = next((v for v in release_views() if v.release.version == version), None)
    if view is None or view.changes is None or view.previous is None:
        abort(404)
    if fmt == "md":
        body = diff.to_markdown(view.changes, view.previous, view.release)
        return Response(body, content_type="text/markdown; charset=utf-8")
    body = diff.to_turtle(view.changes, view.previous, view.release)
    return Response(body, content_type="text/turtle; charset=utf-8")
