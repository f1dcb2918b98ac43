"""The build: parse → link → assemble → validate → publish, timed stage by stage.

Input:  a sources directory (``graph/sources/``: the plan's ``*.zh.md``, ``translation.en.tsv``,
        ``responsibilities.tsv``, ``codings-*.tsv``), the vocabularies, the ontology and the shapes.
Output: the published files in the output directory (``graph/build/`` by default) — the graph,
        its description and the data package's tables (``graph.tables``) — and a
        :class:`BuildResult` with counts and per-stage timings (also logged to stderr through
        the ``xjftz.graph`` logger).

A stage that fails raises an ``XjftzError`` naming what is wrong; nothing is published then,
and the previously published files stay as they were (see ``graph.publish``).
Follows docs/DESIGN.md and issue 4.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import RDF, Graph

from graph import assemble as assemble_stage
from graph import codings as codings_stage
from graph import describe as describe_stage
from graph import link as link_stage
from graph import parse as parse_stage
from graph import publish as publish_stage
from graph import responsibility, translation, validate, vocab, zones
from graph import search_index as search_stage
from graph import tables as tables_stage
from graph.exclusions import load_exclusions
from ontology.errors import InputFileError, XjftzError
from ontology.load import ONTOLOGY_FILE, SHAPES_FILE, load_turtle
from ontology.namespaces import XJO, source_iri

log = logging.getLogger("xjftz.graph")

GRAPH_DIR = Path(__file__).resolve().parent
SOURCES_DIR = GRAPH_DIR / "sources"
BUILD_DIR = GRAPH_DIR / "build"
TRANSLATION_FILE = "translation.en.tsv"
RESPONSIBILITIES_FILE = "responsibilities.tsv"
EXCLUSIONS_FILE = "exclusions.tsv"


@dataclass
class BuildResult:
    out_dir: Path
    files: list[Path]
    triples: int
    counts: dict[str, int]  # what the graph holds: parts, measures, provisions, mentions, …
    timings: dict[str, float] = field(default_factory=dict)  # stage → seconds


@contextmanager
def _stage(timings: dict[str, float], name: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    timings[name] = time.perf_counter() - start
    log.info("%-9s %7.3f s", name, timings[name])


def find_source(sources_dir: Path) -> Path:
    """The one plan text (``*.zh.md``) in the sources directory."""
    found = sorted(sources_dir.glob("*.zh.md"))
    if len(found) != 1:
        what = "no" if not found else f"{len(found)}"
        raise InputFileError(sources_dir, f"expected one plan text (*.zh.md), found {what}")
    return found[0]


def counts_of(g: Graph) -> dict[str, int]:
    classes = Counter(o for o in g.objects(None, RDF.type))
    wanted = {
        "parts": XJO.Part, "sections": XJO.Section, "task groups": XJO.TaskGroup,
        "measures": XJO.Measure, "provisions": XJO.Provision, "mentions": XJO.Mention,
        "zones": XJO.Zone, "zone functions": XJO.ZoneFunction,
    }  # fmt: skip
    out = {name: classes[cls] for name, cls in wanted.items()}
    out["mention links"] = sum(1 for _ in g.triples((None, XJO.mentions, None)))
    out["involves links"] = sum(1 for _ in g.triples((None, XJO.involves, None)))
    out["topic links"] = sum(1 for _ in g.triples((None, XJO.hasTopic, None)))
    out["codings"] = classes[XJO.Coding]
    out["delegations"] = classes[XJO.Delegation]
    return out


def build(
    sources_dir: Path = SOURCES_DIR,
    out_dir: Path = BUILD_DIR,
    *,
    vocabulary_files: Sequence[Path] | None = None,
    ontology_file: Path = ONTOLOGY_FILE,
    shapes_file: Path = SHAPES_FILE,
) -> BuildResult:
    """Build, validate and publish the graph; raise an ``XjftzError`` on any bad input."""
    sources_dir, out_dir = Path(sources_dir), Path(out_dir)
    timings: dict[str, float] = {}
    with _stage(timings, "parse"):
        source_path = find_source(sources_dir)
        doc = parse_stage.parse(source_path)
        source_bytes = source_path.read_bytes()
        english = translation.load_translations(sources_dir / TRANSLATION_FILE, doc)
    with _stage(timings, "vocab"):
        lexicon = vocab.load_lexicon(vocabulary_files)
        ontology = load_turtle(ontology_file)
        shapes = load_turtle(shapes_file)
    with _stage(timings, "link"):
        exclusions = load_exclusions(sources_dir / EXCLUSIONS_FILE, [s.text for s in doc.sentences])
        links = link_stage.link_document(doc.sentences, lexicon, exclusions)
        layout = zones.read_zones(doc, lexicon)
        duties = responsibility.load_responsibilities(
            sources_dir / RESPONSIBILITIES_FILE, doc, lexicon
        )
        codings = codings_stage.code_document(doc, lexicon, sources_dir)
    with _stage(timings, "assemble"):
        source = source_iri(source_path.name)
        inputs = assemble_stage.Inputs(
            doc, lexicon, links, layout, english, duties, ontology, source, codings
        )
        graph = assemble_stage.assemble(inputs)
        description = describe_stage.describe(graph, source, source_bytes)
        graph += description
    with _stage(timings, "validate"):
        validate.check(graph, shapes, ontology)
    with _stage(timings, "tables"):
        ntriples = publish_stage.to_ntriples(graph)
        table_files = tables_stage.make_tables(ntriples)
        tables_stage.check_files(table_files)
    with _stage(timings, "publish"):
        files = publish_stage.publish(
            graph, description, out_dir, ntriples=ntriples, extra=table_files
        )
        files.append(search_stage.write_index(graph, out_dir))  # xjftz ask reads it
    result = BuildResult(out_dir, files, len(graph), counts_of(graph), timings)
    log.info("published %d triples to %s", result.triples, out_dir)
    return result


__all__ = ["BuildResult", "XjftzError", "build"]
