"""The search index: the published graph as an SQLite FTS5 database for ``xjftz ask``.

Input:  the published graph (an rdflib ``Graph``: the plan's provisions, mentions, measures,
        zones and the vocabularies merged in), as ``graph.build`` holds it before publishing, or
        as parsed back from ``graph/build/xjftz.ttl``.
Output: ``search.sqlite`` beside the published files (``graph/build/`` by default), with

        - ``provision`` (every sentence of the plan, zh and en, with its measure) and two FTS5
          tables over it: ``provision_zh`` (trigram tokenizer: Chinese needs no word breaks)
          and ``provision_en`` (porter stemmer over unicode61);
        - ``form`` (every ``skos:prefLabel``/``altLabel``/``hiddenLabel`` of every concept of
          every vocabulary, both languages; each topic's trigger terms; each measure's and task
          group's title) and ``form_fts`` over it (trigram) for autocomplete;
        - ``facet`` (measure → the entities, regions, topics and task group it has, as the graph
          states them with ``xjo:involves``, ``xjo:hasTopic``, ``xjo:isPartOf``, and the policy
          instruments and actions its sentences are coded with, ``xjo:Coding``);
        - ``evidence`` (provision → facet → the characters of its Chinese text that carry it: a
          mention of the entity, of a member country of the region, a topic's trigger term, or
          the words a coding quotes);
        - ``zone_function`` (each area's stated functions, with industry and sentence);
        - ``zone_area`` (the area in km² of the pilot FTZ, of each of its areas and of each
          area's components, as the plan states them, with what each lies in and the sentence);
        - ``broader`` (``skos:broader`` between concepts: cross-border tourism → tourism);
        - ``in_region`` (every region a country or place lies in, ``xjo:inRegion`` followed);
        - ``responsibility`` (provision → the agency it makes responsible,
          ``xjo:responsibleAgency``: part four, 组织实施).

The rows come from ``graph.search_rows``. Nothing there reads the vocabulary files or knows a
scheme by name: a new scheme's concepts are indexed as soon as the graph holds them, their kind
taken from the IRI (``…/id/<kind>/…``). The file is a pure function of the graph (rows
inserted in sorted order), written to a temporary file and moved into place, so two builds
give the same bytes.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from rdflib import Graph

from graph.search_rows import rows_of
from ontology.errors import XjftzError

INDEX_FILE = "search.sqlite"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE entity (iri TEXT PRIMARY KEY, kind TEXT NOT NULL, label_zh TEXT, label_en TEXT);
CREATE TABLE form (
  id INTEGER PRIMARY KEY, text TEXT NOT NULL, iri TEXT NOT NULL, lang TEXT NOT NULL,
  source TEXT NOT NULL  -- pref, alt, hidden, trigger, title
);
CREATE TABLE measure (
  number INTEGER PRIMARY KEY, iri TEXT NOT NULL, title_zh TEXT, title_en TEXT
);
CREATE TABLE provision (
  id INTEGER PRIMARY KEY, iri TEXT NOT NULL, measure INTEGER, sentence INTEGER,
  text_zh TEXT NOT NULL, text_en TEXT NOT NULL
);
CREATE TABLE facet (measure INTEGER NOT NULL, iri TEXT NOT NULL, PRIMARY KEY (measure, iri));
CREATE TABLE evidence (
  provision INTEGER NOT NULL, facet TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,
  via TEXT  -- the member country whose mention carries a region, the trigger term of a topic
);
CREATE TABLE zone_function (
  iri TEXT PRIMARY KEY, zone TEXT NOT NULL, label_zh TEXT, label_en TEXT, industry TEXT,
  industry_group TEXT, provision TEXT
);
CREATE TABLE zone_area (
  iri TEXT PRIMARY KEY, part_of TEXT, label_zh TEXT, label_en TEXT, km2 TEXT NOT NULL,
  provision TEXT  -- part_of: the zone of a component, the pilot FTZ of a zone
);
CREATE TABLE broader (narrower TEXT NOT NULL, broader TEXT NOT NULL);
CREATE TABLE in_region (member TEXT NOT NULL, region TEXT NOT NULL);
CREATE TABLE responsibility (provision TEXT NOT NULL, agency TEXT NOT NULL);
CREATE VIRTUAL TABLE provision_zh USING fts5(
  text_zh, content='provision', content_rowid='id', tokenize='trigram');
CREATE VIRTUAL TABLE provision_en USING fts5(
  text_en, content='provision', content_rowid='id', tokenize='porter unicode61');
CREATE VIRTUAL TABLE form_fts USING fts5(text, content='form', content_rowid='id',
  tokenize='trigram');
"""


class SearchIndexError(XjftzError):
    """The search index cannot be written."""


def write_index(g: Graph, out_dir: Path) -> Path:
    """Write ``search.sqlite`` for ``g`` into ``out_dir`` (atomically); return its path."""
    out_dir = Path(out_dir)
    target = out_dir / INDEX_FILE
    rows = rows_of(g)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".search-", suffix=".sqlite", dir=out_dir)
        os.close(fd)
        os.unlink(tmp)  # sqlite creates it; an empty file would be taken for a database
        try:
            _write(Path(tmp), rows)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except (OSError, sqlite3.Error) as exc:
        raise SearchIndexError(f"cannot write the search index {target}: {exc}") from exc
    return target


def _write(path: Path, rows: dict[str, list[tuple]]) -> None:
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("PRAGMA journal_mode = OFF")
        con.executescript(SCHEMA)
        con.execute("BEGIN")
        for table, data in rows.items():
            if data:
                marks = ", ".join("?" * len(data[0]))
                con.executemany(f"INSERT INTO {table} VALUES ({marks})", data)
        for fts in ("provision_zh", "provision_en", "form_fts"):
            con.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        con.execute("COMMIT")
        con.execute("VACUUM")
    finally:
        con.close()


__all__ = ["INDEX_FILE", "SearchIndexError", "write_index"]
