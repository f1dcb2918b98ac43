"""`xjftz build`: build, validate and publish the graph.

Input:  ``--sources DIR`` (default ``graph/sources/``), ``--out DIR`` (default ``graph/build/``).
Output: ``xjftz.ttl``, ``xjftz.nt``, ``xjftz.jsonld`` and ``void.ttl`` in the output directory;
        stage timings and counts on stderr. Exit 1 on bad input or a non-conforming graph, with
        the previously published files left as they were.

``register`` has the shape of every subcommand's (add_parser, arguments, set_defaults):
a deliberate parallel, see xjftz/commands/__init__.py.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path

from graph.build import BUILD_DIR, SOURCES_DIR, build

log = logging.getLogger("xjftz.graph")


def run(args: argparse.Namespace) -> int:
    result = build(Path(args.sources), Path(args.out))
    counts = ", ".join(f"{n} {name}" for name, n in result.counts.items())
    log.info("%s", counts)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "build",
        help="build, validate and publish the knowledge graph",
        description="Parse the plan, link it to the vocabularies, assemble the graph, check it "
        "against the SHACL shapes and publish it (Turtle, N-Triples, JSON-LD, VoID). "
        "Nothing is published unless every stage succeeds.",
    )
    p.add_argument(
        "--sources",
        metavar="DIR",
        default=str(SOURCES_DIR),
        help="directory with the plan text, translation and curated tables (default: %(default)s)",
    )
    p.add_argument(
        "--out",
        metavar="DIR",
        default=str(BUILD_DIR),
        help="directory to publish into (default: %(default)s)",
    )
    p.set_defaults(func=run)
