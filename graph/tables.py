"""Stage 7 of the build: the graph as tables, a Frictionless Data Package.

Input:  the published graph as N-Triples (``graph.publish.to_ntriples``), the table queries
        (``queries/tables/<name>.rq``, one per table) and the package's metadata and Table
        Schemas (``graph/datapackage.yaml``), the current release (``graph.releases``).
Output: ``tables/<name>.csv`` per table — UTF-8, a header row, one row per fact, IRIs in full, empty
        cells for unbound values — and ``datapackage.json`` (Data Package v1 with a Tabular Data
        Resource per table: its Table Schema with types, English descriptions, primary and
        foreign keys, and the file's size and SHA-256), as ``(file name, text)`` pairs for
        ``graph.publish``. :func:`validate_package` checks a written package with the
        ``frictionless`` library: types, constraints, keys, sizes and checksums.

A query's variables must be the schema's fields, in order, or the build stops naming the file.
What the tables hold is whatever the graph holds: a new scheme or kind of entity appears in
``entities`` and ``mentions`` without a change here. Rows come in the queries' order (each ends
with ``ORDER BY`` on its key), so two builds write the same bytes.

Follows https://specs.frictionlessdata.io/data-package/ and /table-schema/, RFC 4180.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyoxigraph as ox
import yaml

from graph import releases
from ontology.errors import InputFileError, XjftzError
from queries.library import NamedQuery, load_library

GRAPH_DIR = Path(__file__).resolve().parent
METADATA_FILE = GRAPH_DIR / "datapackage.yaml"
TABLES_DIR = Path(__file__).resolve().parents[1] / "queries" / "tables"
PACKAGE_FILE = "datapackage.json"
TABLES_FOLDER = "tables"  # the CSV files, in this folder beside datapackage.json


class PackageInvalid(XjftzError):
    """The data package does not validate (frictionless's report, summarised)."""


@dataclass(frozen=True)
class Table:
    """One table: its name (the query's id and the file's stem), query and Table Schema."""

    name: str
    query: NamedQuery
    spec: dict

    @property
    def file(self) -> str:
        """Its path beside ``datapackage.json``."""
        return f"{TABLES_FOLDER}/{self.name}.csv"

    @property
    def fields(self) -> list[str]:
        return [f["name"] for f in self.spec["fields"]]


@cache
def metadata(path: Path = METADATA_FILE) -> dict:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputFileError(path, f"cannot read the package metadata: {exc}") from exc


def tables(path: Path = METADATA_FILE, query_dir: Path = TABLES_DIR) -> list[Table]:
    """The tables, in the metadata's order, each checked against its query's variables."""
    library = load_library(query_dir)
    out = []
    for name, spec in metadata(path)["tables"].items():
        if name not in library:
            raise InputFileError(path, f"table {name}: no query {query_dir / name}.rq")
        table = Table(name, library[name], spec)
        variables = [v.value for v in ox.Store().query(table.query.text).variables]
        if variables != table.fields:
            raise InputFileError(
                table.query.path or name,
                f"the query's variables {variables} are not the schema's fields {table.fields}",
            )
        out.append(table)
    return out


def _cell(term: ox.NamedNode | ox.Literal | ox.BlankNode | None) -> str:
    return "" if term is None else term.value


def rows(store: ox.Store, table: Table) -> Iterator[list[str]]:
    """The table's rows as CSV cells, in the query's order."""
    for solution in store.query(table.query.text):
        yield [_cell(solution[v]) for v in table.fields]


def to_csv(header: list[str], body: Iterator[list[str]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(body)
    return buf.getvalue()


def _resource(table: Table, text: str) -> dict:
    data = text.encode("utf-8")
    schema = {k: table.spec[k] for k in ("fields", "primaryKey", "foreignKeys") if k in table.spec}
    return {
        "name": table.name,
        "title": table.spec.get("title", table.query.title_en),
        "description": table.query.description,
        "path": table.file,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(data),
        "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
        "schema": schema,
    }


def descriptor(resources: list[dict], release: releases.Release) -> dict:
    """The ``datapackage.json`` descriptor for the written tables."""
    meta = {k: v for k, v in metadata().items() if k != "tables"}
    return {
        "profile": "tabular-data-package",
        "id": str(release.iri),
        **meta,
        "version": release.version,
        "created": f"{release.date.isoformat()}T00:00:00Z",
        "resources": resources,
    }


def make_tables(ntriples: str) -> list[tuple[str, str]]:
    """Every table as CSV, then ``datapackage.json``: ``(file name, text)`` pairs."""
    store = ox.Store()
    store.bulk_load(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)
    files, resources = [], []
    for table in tables():
        text = to_csv(table.fields, rows(store, table))
        files.append((table.file, text))
        resources.append(_resource(table, text))
    package = descriptor(resources, releases.current())
    files.append((PACKAGE_FILE, json.dumps(package, ensure_ascii=False, indent=2) + "\n"))
    return files


def validate_package(directory: Path) -> None:
    """Check ``directory/datapackage.json`` and its tables; raise :class:`PackageInvalid`."""
    from frictionless import Package  # ~0.2 s to import: only when a package is checked

    package = Package(str(Path(directory) / PACKAGE_FILE))
    report = package.validate()
    if report.valid:
        return
    problems = [
        f"{task.name}: {err.type}: {err.message}"
        for task in report.tasks
        for err in task.errors[:5]
    ] + [f"package: {err.message}" for err in report.errors[:5]]
    listing = "\n  ".join(problems)
    raise PackageInvalid(f"{directory / PACKAGE_FILE}: does not validate:\n  {listing}")


def check_files(files: list[tuple[str, str]]) -> None:
    """Validate the package made by :func:`make_tables` before anything is published."""
    with tempfile.TemporaryDirectory(prefix="xjftz-tables-") as tmp:
        for name, text in files:
            (Path(tmp) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(tmp) / name).write_text(text, encoding="utf-8", newline="\n")
        validate_package(Path(tmp))
