"""The answer page: what a question was understood as, and each answer with its sentences.

Input:  ``GET /ask?q=TEXT[&lang=zh|en]`` (the header's search box on every page submits here).
Output: ``ask.html``: the understood facets as chips, each with a link that asks again without
        it; the measures, each with the sentences that carry each facet (the words marked), and
        a note when the facets meet only in different sentences; or the areas and their stated
        functions; suggestions when nothing answers; links to the named query on the query page
        ("as SPARQL"), to this page (permalink) and to ``/api/ask`` (the same answer as JSON).
        A question that cannot be read is a 400 page naming why.

The answer is ``webapp.api.ask.answer_for`` (the document ``/api/ask`` returns, cached): the
page only lays it out.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, abort, render_template
from flask import request as flask_request

from ontology.errors import XjftzError
from webapp.shared.ask import answer_for
from webapp.shared.evidence import marked_sentences
from webapp.shared.i18n import current_lang, t
from webapp.shared.messages import MESSAGES
from webapp.shared.site import allow_params

bp = Blueprint("ask", __name__)


def ask_url(q: str, lang: str) -> str:
    return "/ask?" + urlencode([("q", " ".join(q.split())), ("lang", lang)])


def find(q: str, words: str) -> int:
    """Where ``words`` stand in ``q``, ignoring case (a word read as a name is given folded)."""
    return q.lower().find(words.lower()) if words and len(q.lower()) == len(q) else q.find(words)


def without(q: str, words: str) -> str:
    at = find(q, words) if words else -1
    return q if at < 0 else q[:at] + " " + q[at + len(words) :]


def _suggestions(doc: dict, lang: str) -> list[tuple[str, str]]:
    """(text, href) for each suggestion of an empty answer."""
    words = {u["iri"] or u["label"]: (u["words"], u["label"]) for u in doc["understood"]}
    q, out = doc["query"], []
    for s in doc["suggestions"]:
        if s["kind"] == "drop" and s["facet"] in words:
            w, label = words[s["facet"]]
            out.append((t("ask_drop", label=label, n=s["measures"]), ask_url(without(q, w), lang)))
        elif s["kind"] == "instead" and s["replaces"] in words:
            w, label = words[s["replaces"]]
            text = t("ask_instead", label=s["label"], old=label, n=s["measures"])
            out.append((text, ask_url(q.replace(w, f" {s['label']} ", 1), lang)))
        elif s["kind"] == "label":
            out.append((s["label"], ask_url(q.replace(s["words"], f" {s['label']} ", 1), lang)))
    return out


@bp.get("/ask")
def ask_page() -> str:
    allow_params("q")
    lang = current_lang()
    q = flask_request.args.get("q", "")
    doc = None
    if q.strip():
        try:
            doc = answer_for(q, lang)
        except XjftzError as exc:
            abort(400, description=str(exc))
    chips = []
    measures, zones, others, responsibilities, sparql_href = [], [], [], [], None
    if doc is not None:
        for u in doc["understood"]:
            removable = bool(u["words"]) and find(q, u["words"]) >= 0
            key = "ask_kind_" + u["kind"]
            chips.append(
                {
                    **u,
                    "kind_label": t(key) if key in MESSAGES else u["kind"],
                    "remove": ask_url(without(q, u["words"]), lang) if removable else None,
                }
            )
        measures = [{**m, "marked": marked_sentences(m)} for m in doc["measures"]]
        others = marked_sentences({"sentences": doc.get("other_sentences", []), "evidence": [
            e for o in doc.get("other_sentences", []) for e in o["evidence"]]})  # fmt: skip
        zones = [
            {
                **z,
                "marked": marked_sentences({"sentences": [z["sentence"]], **z})
                if z.get("sentence")
                else [],
                "area_marked": marked_sentences({"sentences": [z["area"]["sentence"]], **z["area"]})
                if z.get("area", {}).get("sentence")
                else [],
            }
            for z in doc["zones"]
        ]
        responsibilities = [
            {**r, "marked": marked_sentences({"sentences": [r], "evidence": r["evidence"]})}
            for r in doc["responsibilities"]
        ]
        if doc["named_query"]:
            params = [("named", doc["named_query"]["id"]), *doc["named_query"]["params"].items()]
            sparql_href = "/query?" + urlencode([*params, ("run", "1")])
    return render_template(
        "ask.html",
        q=q,
        doc=doc,
        chips=chips,
        measures=measures,
        zones=zones,
        responsibilities=responsibilities,
        others=others,
        suggestions=_suggestions(doc, lang) if doc else [],
        sparql_href=sparql_href,
        permalink=ask_url(q, lang) if q.strip() else None,
        json_href="/api/ask?" + urlencode([("q", q), ("lang", lang)]) if q.strip() else None,
    )
