"""`xjftz validate [FILE]`: check a graph against the SHACL shapes.

Input:  a graph file (Turtle, N-Triples or JSON-LD, by its suffix; default the published
        ``graph/build/xjftz.ttl``).
Output: the readable report on stdout; exit 0 when the graph conforms, 1 on any violation
        (the report is repeated in the error message on stderr). A data package published
        beside the graph (``datapackage.json``, ``graph.tables``) is validated too.

``register`` has the shape of every subcommand's (add_parser, arguments, set_defaults):
a deliberate parallel, see xjftz/commands/__init__.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import Graph

from graph.build import BUILD_DIR
from graph.tables import PACKAGE_FILE, validate_package
from graph.validate import ValidationFailed, validate
from ontology.errors import InputFileError
from ontology.load import load_turtle

FORMATS = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".json": "json-ld", ".rdf": "xml"}


def load_graph(path: Path) -> Graph:
    """A graph file in any of the published formats, with errors that name the file."""
    if not path.is_file():
        raise InputFileError(path, "no such file (run `xjftz build` first?)")
    fmt = FORMATS.get(path.suffix)
    if fmt is None:
        raise InputFileError(path, f"unknown format; use one of {', '.join(FORMATS)}")
    if fmt == "turtle":
        return load_turtle(path)
    try:
        return Graph().parse(path, format=fmt)
    except Exception as exc:  # rdflib's parsers raise assorted exception types
        raise InputFileError(path, f"cannot parse as {fmt}: {exc}") from exc


def run(args: argparse.Namespace) -> int:
    report = validate(load_graph(Path(args.file)))
    print(report.render(), file=sys.stdout)
    if not report.conforms:
        raise ValidationFailed(report, with_report=False)
    package = Path(args.file).parent / PACKAGE_FILE
    if package.is_file():  # the data package published beside the graph (graph.tables)
        validate_package(package.parent)
        print(f"{package}: valid (frictionless)", file=sys.stdout)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "validate",
        help="check a graph against the SHACL shapes",
        description="Run the SHACL shapes (ontology/shapes.ttl, with ontology/xjftz.ttl as the "
        "ontology) over a graph and print a report: focus node, path, value, message, shape. "
        "Exit 1 on any violation.",
    )
    p.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        default=str(BUILD_DIR / "xjftz.ttl"),
        help="graph file: .ttl, .nt or .jsonld (default: %(default)s)",
    )
    p.set_defaults(func=run)
