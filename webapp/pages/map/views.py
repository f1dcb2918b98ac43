"""The map page and its data.

Input:  ``GET /map`` and ``GET /map/data.json`` (``?lang=``).
Output: the page — the map (drawn by ``static/map.js``) over the same facts as lists, which
        readers without JavaScript and screen readers use; the JSON that ``map.js`` draws from
        (also used by the query page's map view).
"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, render_template

from webapp.shared.i18n import current_lang
from webapp.shared.mapdata import map_data
from webapp.shared.site import allow_params

bp = Blueprint("map", __name__)


@bp.get("/map")
def map_page() -> str:
    allow_params()
    return render_template("map.html", map=map_data(current_lang()))


@bp.get("/map/data.json")
def map_json() -> Response:
    allow_params()
    return jsonify(map_data(current_lang()))
