"""Command-line entry point.

Input:  argv.
Output: an exit code — 0 success, 1 data or validation failure, 2 usage error (argparse's
        own convention for bad arguments) — with progress and errors on stderr.

Each subcommand lives in its own module under ``xjftz.commands`` and exposes
``register(subparsers)``; the module's handler returns the exit code. Errors that carry
their own context (file and line, focus node) are printed as they are; anything else is a
bug and keeps its traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from ontology.errors import XjftzError

COMMANDS = ("build", "validate", "reason", "query", "ask", "export", "serve", "push", "diff")


def build_parser() -> argparse.ArgumentParser:
    """The parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="xjftz",
        description="Knowledge graph of the Master Plan of the China (Xinjiang) Pilot Free Trade "
        "Zone.",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress messages on stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"xjftz.commands.{name}").register(sub)
    for subparser in sub.choices.values():
        subparser.set_defaults(subparser=subparser)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args, extras = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    if extras:  # reported with the subcommand's usage, not the top-level one (exit 2)
        getattr(args, "subparser", parser).error(f"unrecognized arguments: {' '.join(extras)}")
    # Progress goes to stderr so that stdout stays clean for results (query, export).
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(message)s",
    )
    try:
        return int(args.func(args) or 0)
    except XjftzError as exc:
        print(f"xjftz {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
