"""The plan reader: the whole plan in order, Chinese beside English, sentence by sentence.

Input:  ``GET /plan`` (``?lang=`` for the interface language).
Output: one page — the title, a table of contents, then every part, section, task group,
        measure and sentence, each with an anchor (``#part-3``, ``#task-group-6``,
        ``#measure-16``, ``#measure-16-3``); the Chinese with mentions linked to their
        entities, the English beside it with the linked entities listed; marked as Chinese
        authoritative, English an unofficial translation; a sticky, collapsible contents, a
        filter by area, task group, topic or entity that dims the other measures
        (``webapp.pages.plan.tools``), previous/next between measures and a back-to-top link.
        Rendered once per language and process (the graph is read-only) when unfiltered.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from webapp.pages.entity.curated import reader_pair
from webapp.pages.plan.data import plan_tree
from webapp.pages.plan.tools import PARAMS, neighbours, reader_filter
from webapp.shared.cache import cached_page
from webapp.shared.i18n import t
from webapp.shared.site import allow_params

bp = Blueprint("plan", __name__)


@bp.get("/plan")
def plan() -> str:
    allow_params(*PARAMS)
    return cached_page("reader", _render, forever=True)


def _render(lang: str) -> str:
    root = plan_tree()
    if root is None:
        abort(404, description=t("no_plan"))
    toc = [u for u in root.children if getattr(u, "is_unit", False)]
    return render_template(
        "plan.html",
        root=root,
        toc=toc,
        pair=lambda s: reader_pair(s, lang),
        filter=reader_filter(),
        neighbours=neighbours(root),
    )
