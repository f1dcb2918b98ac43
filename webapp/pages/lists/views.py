"""Lists to browse: ``/id/`` (every kind and scheme) and ``/id/<path>/`` (what lies under it).

Input:  ``GET /id/`` and ``GET /id/<path>/`` (``?lang=``); a path cut back from an entity's
        (``/id/country/KZ`` → ``/id/country/``) or any prefix of one (``/id/zone/urumqi/``).
Output: ``lists.html``: the entries under the path in reading order with their hierarchy and
        measure counts, each count a link to the explorer filtered by it; 404 when no IRI lies
        under the path. Scheme pages (``/id/scheme/…``) are entity pages that include the same
        list (``webapp.pages.entity.page``).
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from werkzeug.routing import BaseConverter

from webapp.pages.entity.vocab import term_node
from webapp.pages.lists.data import explorer_href, index, under
from webapp.shared.cache import cached_page
from webapp.shared.fetch import base
from webapp.shared.i18n import t
from webapp.shared.nodes import BadPath, entity_iri
from webapp.shared.site import allow_params

bp = Blueprint("lists", __name__)


class ListPath(BaseConverter):
    """A path under /id/ that ends with a slash (``country/``): a list, not an entity."""

    regex = r"(?:[^/]+/)+"
    weight = 50  # tried before the entity browser's <path:…>
    part_isolating = False


bp.record_once(lambda state: state.app.url_map.converters.setdefault("listpath", ListPath))


@bp.get("/id/")
def id_index() -> str:
    allow_params()

    def render(lang: str) -> str:
        kinds, schemes = index(lang, term_node)
        return render_template("lists.html", kinds=kinds, schemes=schemes, listing=None)

    return cached_page("id-index", render)


@bp.get("/id/<listpath:path>")
def id_list(path: str) -> str:
    allow_params()
    path = path.rstrip("/")
    try:
        prefix = entity_iri(path, base()) + "/"
    except BadPath as exc:
        abort(400, description=t("bad_path", reason=str(exc)))

    def render(lang: str) -> str:
        listing = under(prefix, lang, term_node)
        if not listing.total:
            abort(404, description=t("unknown_entity", iri=prefix))
        crumbs = _crumbs(path)
        return render_template("lists.html", listing=listing, prefix=prefix, crumbs=crumbs)

    return cached_page("id-list", render)


def _crumbs(path: str) -> list[tuple[str, str]]:
    """(segment, href) for each step from /id/ down to the path."""
    parts = path.split("/")
    return [(p, "/id/" + "/".join(parts[: i + 1]) + "/") for i, p in enumerate(parts)]


@bp.app_template_global("explorer_href")
def _explorer_href(iri: str, cls: str) -> str | None:
    return explorer_href(iri, cls)
