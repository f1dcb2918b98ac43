"""The plan reader: the whole plan in order, Chinese beside English, sentence by sentence.

Input:  ``GET /plan`` (``?lang=`` for the interface language).
Output: one page — the title, a table of contents, then every part, section, task group,
        measure and sentence, each with an anchor (``#part-3``, ``#task-group-6``,
        ``#measure-16``, ``#measure-16-3``); the Chinese with mentions linked to their
        entities, the English beside it with the linked entities listed; marked as Chinese
        authoritative, English an unofficial translation. Rendered once per language and
        process (the graph is read-only).
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from webapp.pages.entity.page import sentence_view
from webapp.pages.plan.data import plan_tree
from webapp.shared.cache import cached_page
from webapp.shared.i18n import current_lang, t
from webapp.shared.site import allow_params

bp = Blueprint("plan", __name__)


@bp.get("/plan")
def plan() -> str:
    allow_params()
    lang = current_lang()
    return cached_page("reader", lang, lambda: _render(lang), forever=True)


def _render(lang: str) -> str:
    root = plan_tree()
    if root is None:
        abort(404, description=t("no_plan"))
    toc = [u for u in root.children if getattr(u, "is_unit", False)]
    return render_template(
        "plan.html",
        root=root,
        toc=toc,
        pair=lambda s: sentence_view(s, lang),
    )
