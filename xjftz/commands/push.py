"""`xjftz push`: load the published graph into a remote SPARQL store, replacing one named graph.

Input:  ``--endpoint URL`` (the store's SPARQL *query* endpoint — the URL ``XJFTZ_ENDPOINT``
        takes), ``[--graph IRI] [--user U --password P] [--file F]``, and for servers whose
        write URLs cannot be derived ``--gsp-endpoint URL`` / ``--update-endpoint URL``.
        The password may come from ``XJFTZ_PASSWORD`` instead of the command line.
Output: the graph replaced at the store, a summary on stderr; exit 1 when the credentials are
        refused, the store cannot be reached or fails (its message is shown), or the graph
        does not hold what was sent afterwards.

``register`` has the shape of every subcommand's (add_parser, arguments, set_defaults):
a deliberate parallel, see xjftz/commands/__init__.py.
"""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from ontology.errors import XjftzError
from ontology.iris import PLAN_GRAPH
from queries.push import METHODS, Credentials, push
from queries.stores.engine import PUBLISHED_GRAPH
from queries.transport import AUTH_SCHEMES
from xjftz.argtypes import seconds

log = logging.getLogger("xjftz.push")


def run(args: argparse.Namespace) -> int:
    password = args.password if args.password is not None else os.environ.get("XJFTZ_PASSWORD")
    if args.user and password is None:
        raise XjftzError("--user needs --password (or XJFTZ_PASSWORD in the environment)")
    report = push(
        args.endpoint,
        graph=args.graph,
        file=Path(args.file),
        creds=Credentials(args.user, password, args.auth),
        gsp_endpoint=args.gsp_endpoint,
        update_endpoint=args.update_endpoint,
        method=args.method,
        timeout=args.timeout,
    )
    how = "Graph Store Protocol" if report.method == "gsp" else "SPARQL Update"
    log.info(
        "pushed %d triples to <%s> via %s at %s in %.1f s; the graph holds %d triples",
        report.triples_sent,
        report.graph,
        how,
        report.url,
        report.seconds,
        report.triples_found,
    )
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "push",
        help="load the graph into a remote SPARQL store (Virtuoso, Oxigraph, Fuseki, …)",
        description="Replace a named graph at a SPARQL 1.1 store with the published graph: "
        "Graph Store Protocol PUT where the store has it, SPARQL Update (DROP + INSERT DATA) "
        "otherwise; then count the graph's triples to check. The write URLs of Virtuoso, "
        "Oxigraph and Fuseki are derived from the query endpoint; see docs/DEPLOY.md.",
    )
    p.add_argument(
        "--endpoint",
        required=True,
        metavar="URL",
        help="the store's SPARQL query endpoint, e.g. http://127.0.0.1:8890/sparql (Virtuoso), "
        "http://127.0.0.1:7878/query (Oxigraph), http://127.0.0.1:3030/ds/query (Fuseki)",
    )
    p.add_argument(
        "--graph",
        default=PLAN_GRAPH,
        metavar="IRI",
        help="the named graph to replace (default: %(default)s)",
    )
    p.add_argument(
        "--file",
        default=str(PUBLISHED_GRAPH),
        metavar="F",
        help="the RDF file to push (default: the published graph, %(default)s)",
    )
    p.add_argument("--user", help="user name for the store's write endpoints")
    p.add_argument("--password", help="password (or set XJFTZ_PASSWORD)")
    p.add_argument(
        "--auth",
        choices=AUTH_SCHEMES,
        default="auto",
        help="HTTP auth scheme: auto follows the server's challenge (default: %(default)s)",
    )
    p.add_argument("--gsp-endpoint", metavar="URL", help="Graph Store Protocol URL, if not derived")
    p.add_argument("--update-endpoint", metavar="URL", help="SPARQL Update URL, if not derived")
    p.add_argument(
        "--method",
        choices=METHODS,
        default="auto",
        help="gsp, update, or auto: GSP, falling back to Update (default: %(default)s)",
    )
    p.add_argument(
        "--timeout",
        type=seconds,
        default=300.0,
        metavar="S",
        help="seconds to wait for each request (default: %(default)s)",
    )
    p.set_defaults(func=run)
