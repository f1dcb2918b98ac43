"""`xjftz diff OLD NEW`: what changed between two built graphs, as a changelog.

Input:  OLD and NEW, each a release version recorded in ``releases/releases.yaml`` (its snapshot
        ``releases/<version>/xjftz.nt.gz``), a build directory (its ``xjftz.nt``) or a graph file
        (``.nt``, ``.ttl``, optionally gzipped); ``--markdown FILE`` and ``--rdf FILE`` to write
        the changelog to files.
Output: the changelog in Markdown on stdout (or ``--markdown``), grouped by entity, provision
        and unit of the plan — added, removed, changed labels and links, mentions — and, with
        ``--rdf``, the same changes as one Changeset-vocabulary change set in Turtle
        (``graph.diff``). Exit 0 whether or not anything changed; 1 when a graph cannot be read.

``register`` has the shape of every subcommand's (add_parser, arguments, set_defaults):
a deliberate parallel, see xjftz/commands/__init__.py.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from graph import diff, releases
from graph.releases import Release


def resolve(arg: str) -> tuple[Path, Release]:
    """The graph file ``arg`` names, and the release it is (or an unreleased stand-in)."""
    recorded = {r.version: r for r in releases.load()}
    if arg in recorded:
        return recorded[arg].folder / releases.SNAPSHOT, recorded[arg]
    path = Path(arg)
    if path.is_dir():
        path = path / "xjftz.nt"
    current = releases.current()
    return path, Release("unreleased", current.date, f"the graph in {arg}")


def run(args: argparse.Namespace) -> int:
    old_path, old = resolve(args.old)
    new_path, new = resolve(args.new)
    changes = diff.diff_files(old_path, new_path)
    markdown = diff.to_markdown(changes, old, new)
    if args.markdown:
        Path(args.markdown).write_text(markdown, encoding="utf-8")
    else:
        sys.stdout.write(markdown)
    if args.rdf:
        Path(args.rdf).write_text(diff.to_turtle(changes, old, new), encoding="utf-8")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "diff",
        help="compare two built graphs and write a changelog",
        description="Compare two graphs — release versions (see releases/releases.yaml), build "
        "directories or graph files — and write what changed, grouped by entity, provision and "
        "unit of the plan, as Markdown (and as an RDF change set with --rdf).",
    )
    p.add_argument("old", metavar="OLD", help="a release version, build directory or graph file")
    p.add_argument("new", metavar="NEW", help="the same, for the newer graph")
    p.add_argument("--markdown", metavar="FILE", help="write the Markdown here, not to stdout")
    p.add_argument("--rdf", metavar="FILE", help="also write the change set as Turtle here")
    p.set_defaults(func=run)
