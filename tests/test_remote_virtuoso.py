"""The remote store on Virtuoso (Debian's virtuoso-opensource 7), against the embedded store.

Starts `virtuoso-t +foreground` with its own ini (tests/servers.py: loopback ports, a fresh
database, ResultSetMaxRows raised) and pushes the published graph through the digest-protected
Graph Store endpoint /sparql-graph-crud-auth as dba; then the shared checks of
tests/remote_suite.py, and Virtuoso's own: credentials refused, digest auth for queries.
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
from servers import VirtuosoServer

from ontology.iris import PLAN_GRAPH
from queries.errors import StoreAuthError, StoreError
from queries.push import Credentials, push
from queries.stores.remote import RemoteStore
from xjftz.cli import main

pytestmark = [pytest.mark.remote, pytest.mark.slow]


@pytest.fixture(scope="module")
def remote(
    virtuoso_server: VirtuosoServer, remote_plan_file: Path, remote_embedded_store
) -> Remote:
    return push_plan(virtuoso_server, remote_plan_file, remote_embedded_store)


def test_virtuoso_push_with_a_wrong_password_fails_clearly(remote: Remote, capsys):
    args = ["push", "--endpoint", remote.server.query_endpoint, "--file", str(remote.file)]
    assert main([*args, "--user", "dba", "--password", "wrong"]) == 1
    err = capsys.readouterr().err
    assert "refused the upload (HTTP 401, user 'dba')" in err and "password" in err
    assert "Traceback" not in err
    # Nothing was replaced.
    assert remote.store().triple_count() == remote.report.triples_found


def test_virtuoso_push_without_credentials_says_what_is_missing(remote: Remote, capsys):
    args = ["push", "--endpoint", remote.server.query_endpoint, "--file", str(remote.file)]
    assert main(args) == 1
    assert "--user/--password" in capsys.readouterr().err


def test_virtuoso_push_to_a_closed_port_fails_clearly(remote: Remote, capsys):
    from servers import free_port

    endpoint = f"http://127.0.0.1:{free_port()}/sparql"
    assert main(["push", "--endpoint", endpoint, "--file", str(remote.file)]) == 1
    assert "cannot reach" in capsys.readouterr().err


def test_virtuoso_digest_auth_for_queries(remote: Remote):
    auth_endpoint = remote.server.url + "/sparql-auth"
    store = RemoteStore(auth_endpoint, PLAN_GRAPH, user="dba", password="dba", auth="digest")
    assert store.triple_count() == remote.report.triples_found
    wrong = RemoteStore(auth_endpoint, PLAN_GRAPH, user="dba", password="wrong")
    with pytest.raises(StoreAuthError, match="HTTP 401"):
        wrong.triple_count()


def test_virtuoso_row_limit_is_reported_never_silent(remote: Remote, tmp_path: Path):
    """ResultSetMaxRows (10,000 by default) cuts results silently unless the store notices."""
    server = VirtuosoServer(tmp_path / "capped", remote.server.binary, max_rows=100)
    try:
        server.start()
        push(server.query_endpoint, file=remote.file, creds=Credentials("dba", "dba"))
        store = RemoteStore(server.query_endpoint, PLAN_GRAPH)
        with pytest.raises(StoreError, match="ResultSetMaxRows"):
            store.select("SELECT * WHERE { ?s ?p ?o }")
        raw = store.query_raw("SELECT * WHERE { ?s ?p ?o }", "json")
        assert raw.notice and "row limit" in raw.notice
        assert len(store.select("SELECT * WHERE { ?s ?p ?o } LIMIT 99")) == 99
    finally:
        server.stop()
