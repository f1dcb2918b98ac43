"""`xjftz export`: the published graph in one format, to stdout or a file.

Input:  ``--format ttl|nt|jsonld|rdfxml``, ``--out FILE`` (default stdout), ``--graph FILE``
        (default the published ``graph/build/xjftz.ttl``).
Output: the graph. Turtle, N-Triples and JSON-LD are the published files byte for byte;
        RDF/XML is converted from the published Turtle.

``register`` has the shape of every subcommand's (add_parser, arguments, set_defaults):
a deliberate parallel, see xjftz/commands/__init__.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph.build import BUILD_DIR
from ontology.errors import InputFileError
from ontology.load import load_turtle

PUBLISHED = {"ttl": "xjftz.ttl", "nt": "xjftz.nt", "jsonld": "xjftz.jsonld"}


def export_bytes(fmt: str, published: Path) -> bytes:
    """The published graph as ``fmt``; ``published`` is the published Turtle file."""
    if fmt in PUBLISHED:
        path = published.with_name(PUBLISHED[fmt])
        if not path.is_file():
            raise InputFileError(path, "no published graph here (run `xjftz build` first)")
        return path.read_bytes()
    if not published.is_file():
        raise InputFileError(published, "no published graph here (run `xjftz build` first)")
    return load_turtle(published).serialize(format="xml", encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    data = export_bytes(args.format, Path(args.graph))
    if args.out in (None, "-"):
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        try:
            Path(args.out).write_bytes(data)
        except OSError as exc:
            raise InputFileError(args.out, f"cannot write: {exc.strerror}") from exc
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "export",
        help="write the published graph as Turtle, N-Triples, JSON-LD or RDF/XML",
        description="Write the published graph in one format, to stdout or to a file.",
    )
    p.add_argument(
        "--format",
        choices=("ttl", "nt", "jsonld", "rdfxml"),
        default="ttl",
        help="output format (default: %(default)s)",
    )
    p.add_argument("--out", metavar="FILE", help="write here instead of stdout")
    p.add_argument(
        "--graph",
        metavar="FILE",
        default=str(BUILD_DIR / "xjftz.ttl"),
        help="the published Turtle graph to export (default: %(default)s)",
    )
    p.set_defaults(func=run)
