"""`xjftz query`: run a named query or a ``.rq`` file on the embedded store.

Input:  ``NAME [--param k=v …]`` (a query from ``queries/*.rq``), or ``--file Q.rq``, or
        ``--list``; ``--format table|json|csv|tsv`` (SELECT/ASK) or ``ttl|nt|jsonld|rdfxml``
        (CONSTRUCT/DESCRIBE); ``--data FILE…`` to query given RDF files instead of the plan graph.
        With ``XJFTZ_STORE=remote`` (and ``XJFTZ_ENDPOINT`` …, docs/DEPLOY.md) and no ``--data``,
        queries go to the remote SPARQL store.
Output: results on stdout — ``--format json`` is the SPARQL 1.1 Query Results JSON document;
        exit 1 on a bad query, parameter or data file (message on stderr), 2 on bad usage.

``register`` has the shape of every subcommand's (add_parser, arguments, set_defaults):
a deliberate parallel, see xjftz/commands/__init__.py.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata

from queries.errors import QueryError
from queries.library import NamedQuery, get_query, load_library, read_query_file
from queries.settings import Settings, load_settings
from queries.stores.base import SelectResult
from queries.stores.factory import open_store

TABLE_WIDTH = 60


def _params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise QueryError(f"--param expects NAME=VALUE, got {pair!r}")
        if name in params:
            raise QueryError(f"--param {name} given twice")
        params[name] = value
    return params


def _cell(term: object) -> str:
    text = "" if term is None else str(term)
    return text if len(text) <= TABLE_WIDTH else text[: TABLE_WIDTH - 1] + "…"


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def format_table(result: SelectResult) -> str:
    """A fixed-width text table of a SELECT result."""
    rows = [[_cell(t) for t in row] for row in result.rows]
    header = list(result.variables)
    widths = [max([_width(h), *(_width(r[i]) for r in rows)]) for i, h in enumerate(header)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(line.rstrip() for line in lines)


def _list() -> int:
    for query in load_library().values():
        params = " ".join(f"{p.name}={'…' if p.required else p.default}" for p in query.params)
        print(f"{query.id}\t{query.title_en}\t{params}".rstrip())
    return 0


def store_settings(data: list[str] | None) -> Settings:
    """``--data`` files, else the remote store if ``XJFTZ_STORE=remote``, else the plan graph.

    One query runs in this process (``query_processes=0``): no worker to start for it.
    """
    if data:
        return load_settings({"store": "embedded", "data": data, "query_processes": 0})
    in_process = {"query_processes": 0}
    settings = load_settings(in_process)
    if settings.store != "remote":
        return load_settings({"store": "embedded", "data": (), "query_processes": 0})
    return settings


def run(args: argparse.Namespace) -> int:
    if args.list:
        return _list()
    named: NamedQuery = read_query_file(args.file) if args.file else get_query(args.name)
    params = _params(args.param or [])
    store = open_store(store_settings(args.data))
    try:
        graph_form = named.form in ("CONSTRUCT", "DESCRIBE")
        fmt = args.format or ("ttl" if graph_form else "table")
        if fmt == "table":
            if graph_form:
                raise QueryError("--format table is for SELECT/ASK; use ttl, nt, jsonld or rdfxml")
            bindings = named.bind(params)
            if named.form == "ASK":
                print("true" if store.ask(named.text, bindings) else "false")
            else:
                print(format_table(store.select(named.text, bindings)))
            return 0
        raw = store.query_raw(named.text, fmt, bindings=named.bind(params))
        sys.stdout.buffer.write(raw.body)
        if not raw.body.endswith(b"\n"):
            sys.stdout.buffer.write(b"\n")
        sys.stdout.flush()
        return 0
    finally:
        store.close()


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "query",
        help="run a named query or a .rq file",
        description="Run one of the named queries in queries/*.rq (see --list), or any SPARQL "
        "query in a file, on the published graph (or on --data files).",
    )
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("name", nargs="?", help="a named query id, e.g. zones")
    target.add_argument("--file", metavar="Q.rq", help="run the query in this file")
    target.add_argument("--list", action="store_true", help="list the named queries")
    p.add_argument(
        "--param",
        "-p",
        action="append",
        metavar="NAME=VALUE",
        help="a parameter value (repeatable), e.g. --param number=16",
    )
    p.add_argument(
        "--format",
        "-f",
        choices=("table", "json", "csv", "tsv", "xml", "ttl", "nt", "jsonld", "rdfxml"),
        help="output format (default: table for SELECT/ASK, ttl for CONSTRUCT/DESCRIBE); "
        "json is SPARQL 1.1 Query Results JSON",
    )
    p.add_argument(
        "--data",
        nargs="+",
        metavar="FILE",
        help="query these RDF files (Turtle, TriG, N-Triples, N-Quads, RDF/XML) instead",
    )
    p.set_defaults(func=run)
