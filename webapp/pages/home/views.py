"""The home page: what this is, counts from the graph, entry points and examples.

Input:  ``GET /`` (``?lang=``).
Output: ``home.html`` with the number of resources of each class and of triples (computed once
        per process: the graph is read-only) and the example links of :data:`EXAMPLES`.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from queries.library import get_query
from webapp.shared.cache import memo
from webapp.shared.fetch import select
from webapp.shared.site import allow_params

bp = Blueprint("home", __name__)
# Home-page examples: (message key, URL).
EXAMPLES = (
    ("example_central_asia_logistics", "/query?named=measures-by-region-and-topic&run=1"),
    ("example_explorer_central_asia_logistics", "/measures?region=143&topic=logistics"),
    ("example_railway_express", "/measures?q=%E4%B8%AD%E6%AC%A7%E7%8F%AD%E5%88%97"),
    ("example_kazakhstan", "/id/country/KZ"),
    ("example_zones", "/id/zone/kashgar"),
    ("example_measure_16", "/plan#measure-16"),
    ("example_matrix", "/matrix"),
)


@bp.get("/")
def home() -> str:
    allow_params()
    counts = memo("home-counts", _counts)
    return render_template("home.html", counts=counts, examples=EXAMPLES)


def _counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in select(get_query("class-counts")):
        name = str(row["class"]).rsplit("#", 1)[-1]
        counts[name] = int(row["count"])
    rows = select("triple-count").rows
    counts["triples"] = int(rows[0][0]) if rows else 0
    return counts
