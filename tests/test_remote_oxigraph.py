"""The remote store on the Oxigraph server (PyPI's `oxigraph serve`), against the embedded store.

Starts `oxigraph serve` on a loopback port with a temporary database (tests/conftest.py), pushes
the published graph through the Graph Store Protocol (/store), and runs the shared checks of
tests/remote_suite.py: parity of every named query, /sparql and /api on an app configured with
XJFTZ_STORE=remote, the CLI, the Update fallback (/update) and the errors.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from remote_suite import (  # noqa: F401 — pytest collects the imported tests and fixture
    Remote,
    push_plan,
    remote_apps,
    test_api_named_queries_like_embedded,
    test_cli_query_reads_the_remote_store,
    test_entity_pages_render_alike,
    test_errors_are_the_projects,
    test_every_named_query_returns_the_same_rows,
    test_push_by_update_and_fallback,
    test_push_replaces_the_graph,
    test_sparql_endpoint_answers_like_embedded,
    test_sparql_endpoint_errors_and_description,
    test_typed_literals_come_back_as_from_the_embedded_store,
    test_whole_graph_is_the_same,
)
from servers import OxigraphServer

from queries.push import derive_endpoints

pytestmark = [pytest.mark.remote, pytest.mark.slow]


@pytest.fixture(scope="module")
def remote(
    oxigraph_server: OxigraphServer, remote_plan_file: Path, remote_embedded_store
) -> Remote:
    return push_plan(oxigraph_server, remote_plan_file, remote_embedded_store)


def test_oxigraph_write_urls_are_derived(oxigraph_server: OxigraphServer):
    urls = derive_endpoints(oxigraph_server.query_endpoint, "oxigraph", authenticated=False)
    assert (urls.gsp, urls.update) == (
        oxigraph_server.url + "/store",
        oxigraph_server.url + "/update",
    )
