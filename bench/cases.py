"""Which named queries the benchmarks run, with which parameter values.

Input:  the named-query library (``queries/*.rq``).
Output: :func:`cases` — (query id, parameters) for every named query: its defaults, and for the
        parameters without a default the values below (the ones the test suite uses on the
        sample graph); :data:`CONTRACT` — the six contract queries (tests/test_named_queries.py);
        :data:`HEADLINE` — the headline query of issue 8's goals.
"""

from __future__ import annotations

from bench import ID
from queries.library import load_library

HEADLINE = "measures-by-region-and-topic"
CONTRACT = (
    "measures-by-region-and-topic",
    "measures-by-entity",
    "find-entity",
    "measure-entities",
    "zones",
    "measures-per-task-group",
)
# Values for parameters that have no default.
PARAMS: dict[str, dict[str, str]] = {
    "measures-by-entity": {"entity": ID + "region/143"},
    "find-entity": {"label": "kazakhstan"},
    "measure-entities": {"number": "16"},
}


def cases() -> list[tuple[str, dict[str, str]]]:
    """Every named query, in library order, with the parameters it runs with here."""
    return [(qid, dict(PARAMS.get(qid, {}))) for qid in load_library()]
