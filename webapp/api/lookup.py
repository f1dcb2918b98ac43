"""Labels for any IRIs, and entities by name: the small JSON endpoints behind the query page.

Input:  ``GET /api/labels?iri=…&iri=…`` (at most :data:`MAX_IRIS` absolute IRIs);
        ``GET /api/entities?q=…[&kinds=region,topic]`` (a name fragment, 1–100 characters, in
        Chinese or English; kinds as the named queries declare them).
Output: ``{"labels": {iri: {"zh": …, "en": …}}}``; ``{"entities": [{"iri", "zh", "en",
        "match", "href"}]}`` — exact matches first, then names starting with ``q``, then the
        rest, at most :data:`MAX_ENTITIES`. Errors as JSON with status 400.

Labels come from ``webapp.shared.labels``; entity search binds ``?q`` and ``?prefix`` as
literals. Both are cached; the graph is read-only.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, request
from rdflib import Literal, URIRef

from queries.binding import check_term
from queries.errors import QueryError
from queries.library import BASE, KIND_PATHS
from webapp.shared.fetch import base, select
from webapp.shared.labels import labels_for
from webapp.shared.nodes import local_href

bp = Blueprint("lookup", __name__)
MAX_IRIS = 500
MAX_ENTITIES = 15
MAX_Q = 100


def _check_iris(values: list[str]) -> list[str]:
    if len(values) > MAX_IRIS:
        abort(400, description=f"at most {MAX_IRIS} iri parameters")
    for value in values:
        try:
            check_term("iri", URIRef(value))
        except QueryError:
            abort(400, description=f"parameter iri: not an absolute IRI: {value[:80]!r}")
    return values


@bp.get("/api/labels")
def labels() -> Response:
    return jsonify({"labels": labels_for(_check_iris(request.args.getlist("iri")))})


def search_entities(q: str, kinds: list[str]) -> list[dict]:
    """Entities whose label, alternative label or title contains ``q``, best first."""
    prefixes = [BASE + KIND_PATHS[k] for k in kinds] or [base() + "id/", BASE + "ontology#"]
    common = prefixes[0] if len(prefixes) == 1 else base()
    rows = select("entity-search", {"q": Literal(q), "prefix": Literal(common)})
    folded = q.casefold()
    best: dict[str, tuple] = {}
    for row in rows:
        iri = str(row["entity"])
        if not iri.startswith(tuple(prefixes)) or "/id/mention/" in iri:
            continue
        name = str(row["name"])
        rank = 0 if name.casefold() == folded else 1 if name.casefold().startswith(folded) else 2
        item = {
            "iri": iri,
            "zh": str(row["label_zh"]) if row.get("label_zh") is not None else None,
            "en": str(row["label_en"]) if row.get("label_en") is not None else None,
            "match": name,
            "href": local_href(iri, base()),
        }
        key = (rank, len(name), name, iri)
        if iri not in best or key < best[iri][0]:
            best[iri] = (key, item)
    return [item for _, item in sorted(best.values(), key=lambda p: p[0])][:MAX_ENTITIES]


@bp.get("/api/entities")
def entities() -> Response:
    q = (request.args.get("q") or "").strip()
    if not q or len(q) > MAX_Q:
        abort(400, description=f"parameter q: 1 to {MAX_Q} characters")
    kinds = [k for k in (request.args.get("kinds") or "").replace(" ", "").split(",") if k]
    unknown = [k for k in kinds if k not in KIND_PATHS]
    if unknown:
        abort(400, description=f"parameter kinds: unknown kind {unknown[0][:40]!r}")
    return jsonify({"entities": search_entities(q, kinds)})
