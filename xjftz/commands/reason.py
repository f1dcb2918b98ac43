"""`xjftz reason [--graph FILE ...] [--no-graph]`: check the graph with the HermiT reasoner.

Input:  the ontology, the SKOS vocabularies and the published graph (``graph/build/xjftz.ttl``
        when it has been built), or the graph files named with ``--graph``.
Output: a report on stdout (consistency, unsatisfiable classes, timings, inferred class
        memberships and property values); progress on stderr. Exit 0 when consistent and
        coherent, 1 when inconsistent (the culprits are named on stderr) or when a class of the
        ontology is unsatisfiable.

``register`` has the shape of every subcommand's (add_parser, arguments, set_defaults):
a deliberate parallel, see xjftz/commands/__init__.py.
"""

from __future__ import annotations

import argparse
import logging
import sys

log = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    from ontology.reason import reason  # imports owlready2: only when reasoning

    result = reason(
        graphs=args.graph,
        include_graph=not args.no_graph,
        infer_property_values=not args.no_property_values,
    )
    print(result.report(), file=sys.stdout)
    if result.unsatisfiable:
        log.error("unsatisfiable classes: %s", ", ".join(result.unsatisfiable))
        return 1
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "reason",
        help="check consistency with HermiT and report what it infers",
        description="Load the ontology (ontology/xjftz.ttl), the SKOS vocabularies and the "
        "published graph into owlready2, run the HermiT reasoner (needs Java) and report "
        "consistency, unsatisfiable classes and the inferences HermiT adds. Exit 1 if the "
        "graph is inconsistent (the individuals and axioms involved are named) or a class is "
        "unsatisfiable.",
    )
    which = p.add_mutually_exclusive_group()
    which.add_argument(
        "--graph",
        action="append",
        metavar="FILE",
        help="graph file to include (.ttl, .nt, .jsonld; repeatable; default: "
        "graph/build/xjftz.ttl when it exists)",
    )
    which.add_argument(
        "--no-graph",
        action="store_true",
        help="reason over the ontology and vocabularies only",
    )
    p.add_argument(
        "--no-property-values",
        action="store_true",
        help="skip HermiT's property-value inference (faster; class memberships only)",
    )
    p.set_defaults(func=run)
