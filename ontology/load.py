"""Load the project's Turtle files with errors that name the file and line.

Input:  paths of Turtle files (the ontology, the shapes, the SKOS vocabularies).
Output: an rdflib ``Graph``; or ``InputFileError`` naming the file, the 1-based line and what
        the parser objected to.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from ontology.errors import InputFileError

HERE = Path(__file__).resolve().parent
ONTOLOGY_FILE = HERE / "xjftz.ttl"
SHAPES_FILE = HERE / "shapes.ttl"
VOCABULARY_DIR = HERE / "vocabularies"


def vocabulary_files() -> list[Path]:
    """The SKOS vocabularies, in a stable order."""
    return sorted(VOCABULARY_DIR.glob("*.ttl"))


def load_turtle(paths: Path | str | Iterable[Path | str], graph: Graph | None = None) -> Graph:
    """Parse one or more Turtle files into ``graph`` (a new one by default)."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    graph = Graph() if graph is None else graph
    for path in map(Path, paths):
        try:
            data = path.read_bytes().decode("utf-8")
        except OSError as exc:
            raise InputFileError(path, f"cannot read: {exc.strerror}") from exc
        except UnicodeDecodeError as exc:
            line = path.read_bytes()[: exc.start].count(b"\n") + 1
            raise InputFileError(path, "not UTF-8", line) from exc
        try:
            graph.parse(data=data, format="turtle", publicID=path.resolve().as_uri())
        except BadSyntax as exc:
            # BadSyntax's own line count drifts inside multi-line object lists; the character
            # index it carries does not, so count the newlines before it.
            line = data.count("\n", 0, exc._i) + 1
            line = min(line, _damage_line(data, path.resolve().as_uri()) or line)
            raise InputFileError(path, f"Turtle syntax error: {exc._why}", line) from exc
        except Exception as exc:  # rdflib raises plain exceptions for bad IRIs, prefixes…
            raise InputFileError(path, f"cannot parse as Turtle: {exc}") from exc
    return graph


def _damage_line(data: str, base: str) -> int | None:
    """Where the damage starts, by pyoxigraph's Turtle parser, or None if it finds none.

    rdflib reports where it gave up: for an unclosed ``<`` that is the next ``>`` in the file,
    maybe 50 lines on (issue 18, point 6). pyoxigraph reports the span of the bad token,
    from the line where it opens.
    """
    import pyoxigraph

    try:
        quads = pyoxigraph.parse(
            data.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE, base_iri=base
        )
        for _ in quads:
            pass
    except SyntaxError as exc:
        return exc.lineno
    return None
