"""The named-query API: list the library, run one query with parameters.

Input:  ``GET /api/queries``; ``GET /api/queries/<id>?name=value…`` with ``format=`` (json, csv,
        tsv, xml) or an Accept header.
Output: the library as JSON (id, titles, description, parameters with types, kinds and
        defaults, and the URL to run each); a query's results as SPARQL JSON by default, or CSV,
        TSV, XML. Errors as JSON: unknown id 404; a missing, unknown or invalid parameter 400
        with ``parameter`` naming it; timeout 503.

Results are cached per (query id, bound parameters, format): the graph is read-only, so a
repeated call never reaches the store.
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request, url_for

from ontology.errors import XjftzError
from queries.errors import ParameterError
from queries.library import get_query, load_library
from webapp.shared.fetch import document
from webapp.shared.http import error_response, negotiate, raw_response

bp = Blueprint("api", __name__, url_prefix="/api")
RESERVED = {"format"}


@bp.get("/queries")
def list_queries() -> Response:
    items = []
    for query in load_library().values():
        item = query.as_dict()
        item["url"] = url_for(".run_query", query_id=query.id, _external=False)
        items.append(item)
    return jsonify({"queries": items})


@bp.get("/queries/<query_id>")
def run_query(query_id: str) -> Response:
    try:
        named = get_query(query_id)
        raw_params = {}
        for name in request.args:
            if name in RESERVED:
                continue
            values = request.args.getlist(name)
            if len(values) > 1:
                raise ParameterError(name, "given more than once")
            raw_params[name] = values[0]
        bindings = named.bind(raw_params)
        fmt = negotiate(request, graph=named.form in ("CONSTRUCT", "DESCRIBE"))
        raw, hit = document(named.text, fmt, query_id=named.id, bindings=bindings)
    except XjftzError as exc:
        return error_response(exc, as_json=True)
    return raw_response(raw, hit)
