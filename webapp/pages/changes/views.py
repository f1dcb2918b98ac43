"""/changes: each release of the dataset with its checksums, and its changelog.

Input:  ``GET /changes`` (``?lang=``, ``?entity=IRI`` to show only the changes that touched one
        entity or provision — what entity pages link to); the releases (``.data``).
Output: the page: per release, newest first, its version, date, notes, version IRI, files with
        sizes and SHA-256, and its changes against the release before, grouped by entity,
        provision and unit (added, removed, changed labels and links, mentions); above them the
        changes of the served graph since the newest release, if any. Each group has the anchor
        ``graph.diff.anchor`` gives it (``/changes#country-KG``).
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

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
