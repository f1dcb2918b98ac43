"""Downloads: the graph in four syntaxes, the ontology, shapes, vocabularies, VoID/DCAT, the
data package's tables (``datapackage.json``, ``tables/<name>.csv``, from the build) and a
bilingual provisions table — each listed with its size and SHA-256.

Input:  the build outputs in ``graph/build/`` (``xjftz.ttl``, ``.nt``, ``.jsonld``, ``void.ttl``),
        the ontology files (``ontology/xjftz.ttl``, ``shapes.ttl``, ``vocabularies/*.ttl``), or —
        when the app serves other data (``DATA``) — those files; and one query for the table.
Output: ``GET /downloads`` (the page) and ``GET /downloads/<name>`` (the bytes, as an
        attachment, with ETag). Nothing is written anywhere: RDF/XML, which the build does not
        write, and the CSV/TSV table are made in memory on first request and kept.

The CSV starts with a UTF-8 byte-order mark so that spreadsheet programs read the Chinese
correctly; the TSV has none.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, abort, render_template, request

from graph.tables import TABLES_DIR
from queries.library import get_site_query, load_library
from webapp.shared.cache import memo
from webapp.shared.fetch import select
from webapp.shared.site import allow_params
from webapp.state import settings

bp = Blueprint("downloads", __name__)
ROOT = Path(__file__).resolve().parents[3]
BUILD = ROOT / "graph" / "build"
ONTOLOGY = ROOT / "ontology"
MEDIA = {
    ".ttl": "text/turtle; charset=utf-8",
    ".nt": "application/n-triples; charset=utf-8",
    ".jsonld": "application/ld+json",
    ".json": "application/json",
    ".rdf": "application/rdf+xml",
    ".trig": "application/trig; charset=utf-8",
    ".nq": "application/n-quads; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".tsv": "text/tab-separated-values; charset=utf-8",
}
TABLE_HEADER = ("provision_id", "measure_number", "zh", "en")


@dataclass(frozen=True)
class Item:
    """One download: its name in the URL, group, description key and where its bytes come from."""

    name: str
    group: str
    key: str
    path: Path | None = None
    make: Callable[[], bytes] | None = None
    text: tuple[str, str] | None = None  # (zh, en) what it is, where no message key says it

    def data(self) -> bytes:
        if self.path is not None:
            return self.path.read_bytes()
        return memo(("download", self.name), self.make)


def _rdfxml() -> bytes:
    source = BUILD / "xjftz.nt"
    triples = ox.parse(path=str(source), format=ox.RdfFormat.N_TRIPLES)
    return ox.serialize(triples, format=ox.RdfFormat.RDF_XML) or b""


def _rows() -> list[tuple[str, str, str, str]]:
    rows = []
    for row in select("downloads-table"):
        pid = str(row["provision"]).rsplit("/", 1)[-1]
        number = row.get("measure_number")
        rows.append(
            (
                int(str(row["sequence"])),
                pid,
                str(number) if number is not None else "",
                str(row.get("text_zh") or ""),
                str(row.get("text_en") or ""),
            )
        )
    return [r[1:] for r in sorted(rows)]


def _table(delimiter: str) -> bytes:
    buf = io.StringIO()
    if delimiter == "\t":
        # TSV (IANA text/tab-separated-values) has no quoting: fields hold no tabs or newlines.
        clean = [[f.replace("\t", " ").replace("\n", " ") for f in r] for r in _rows()]
        buf.write("\n".join("\t".join(r) for r in [list(TABLE_HEADER), *clean]) + "\n")
        return buf.getvalue().encode()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(TABLE_HEADER)
    writer.writerows(_rows())
    return ("\ufeff" + buf.getvalue()).encode()


def items() -> dict[str, Item]:
    """Every download by name (what exists on disk now)."""
    found: list[Item] = []
    conf = settings()
    if conf.data:
        for path in map(Path, conf.data):
            found.append(Item(path.name, "graph", "dl_data_file", path=path))
    else:
        for name, key in (
            ("xjftz.ttl", "dl_ttl"),
            ("xjftz.nt", "dl_nt"),
            ("xjftz.jsonld", "dl_jsonld"),
        ):
            found.append(Item(name, "graph", key, path=BUILD / name))
        if (BUILD / "xjftz.nt").is_file():
            found.append(Item("xjftz.rdf", "graph", "dl_rdfxml", make=_rdfxml))
        found.append(Item("void.ttl", "description", "dl_void", path=BUILD / "void.ttl"))
    found.append(Item("ontology.ttl", "ontology", "dl_ontology", path=ONTOLOGY / "xjftz.ttl"))
    found.append(Item("shapes.ttl", "ontology", "dl_shapes", path=ONTOLOGY / "shapes.ttl"))
    for path in sorted((ONTOLOGY / "vocabularies").glob("*.ttl")):
        found.append(Item(f"vocabulary-{path.name}", "vocabularies", "dl_vocabulary", path=path))
    found += package_items()
    found.append(Item("provisions.csv", "table", "dl_csv", make=lambda: _table(",")))
    found.append(Item("provisions.tsv", "table", "dl_tsv", make=lambda: _table("\t")))
    return {i.name: i for i in found if i.path is None or i.path.is_file()}


def package_items() -> list[Item]:
    """The data package (``graph.tables``): ``datapackage.json`` and ``tables/<name>.csv``."""
    package = BUILD / "datapackage.json"
    if settings().data or not package.is_file():
        return []
    descriptor = memo(("download-package", package.stat().st_mtime_ns), lambda: _load(package))
    found = [Item("datapackage.json", "package", "dl_datapackage", path=package)]
    library = load_library(TABLES_DIR)
    for r in descriptor["resources"]:
        title_zh = library[r["name"]].title_zh if r["name"] in library else r["title"]
        found.append(
            Item(r["path"], "package", "", path=BUILD / r["path"], text=(title_zh, r["title"]))
        )
    return found


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Listed:
    """A download as the page lists it: with its size in bytes and its SHA-256 digest.

    (A small record like ``webapp.pages.entity.graph.Edge``: the same shape, nothing shared.)
    """

    item: Item
    size: int
    sha256: str


def _digest(item: Item) -> Listed:
    data = item.data()
    return Listed(item, len(data), hashlib.sha256(data).hexdigest())


def listed(item: Item) -> Listed:
    """``item`` with its size and digest, computed once per version of the file."""
    stamp = (item.path.stat().st_mtime_ns, item.path.stat().st_size) if item.path else None
    return memo(("download-digest", item.name, stamp), lambda: _digest(item))


def listing() -> list[Listed]:
    return [listed(item) for item in items().values()]


@bp.get("/downloads")
def page() -> str:
    allow_params()
    groups: dict[str, list[Listed]] = {}
    for listed in listing():
        groups.setdefault(listed.item.group, []).append(listed)
    example = get_site_query("construct-example").body
    return render_template(
        "downloads.html",
        groups=groups,
        construct_query=example,
        construct_example="/sparql?" + urlencode([("query", example), ("format", "ttl")]),
    )


@bp.get("/downloads/<path:name>")
def download(name: str) -> Response:
    allow_params()
    item = items().get(name)
    if item is None:
        abort(404)
    info = listed(item)
    if info.sha256 in request.if_none_match:
        return Response(status=304)
    media = MEDIA.get(Path(name).suffix, "application/octet-stream")
    response = Response(item.data(), content_type=media)
    response.headers.set("Content-Disposition", "attachment", filename=Path(name).name)
    response.set_etag(info.sha256)
    return response
