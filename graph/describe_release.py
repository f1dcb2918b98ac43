"""Part of stage 4 of the build: the dataset's version, licence and table distributions.

Input:  the current release (``graph.releases``: ``releases/releases.yaml``) and the tables of
        the data package (``graph/datapackage.yaml``).
Output: triples about ``dataset/xjftz`` that ``graph.describe`` adds to its VoID/DCAT
        description: ``owl:versionInfo`` and ``dcat:version`` (the release's version),
        ``owl:versionIRI`` (``dataset/xjftz/<version>``), ``dcterms:issued`` (the first
        release's date) and ``dcterms:modified`` (the current release's date) — dates from the
        record, never the clock —, ``dcterms:license`` (CC BY 4.0), and one ``dcat:Distribution``
        per table and for ``datapackage.json``. Sizes and checksums of the tables are not here:
        the tables are made from the graph, description included, so they are in
        ``datapackage.json`` and on /downloads instead.

Follows DCAT 3 (``dcat:version``, ``dcat:Distribution``) and OWL 2 (``owl:versionIRI``).
"""

from __future__ import annotations

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS

from graph import releases, tables
from ontology.namespaces import DATASET

LICENSE = URIRef("https://creativecommons.org/licenses/by/4.0/")
CSV = URIRef("https://www.iana.org/assignments/media-types/text/csv")
JSON = URIRef("https://www.iana.org/assignments/media-types/application/json")
DATA_PACKAGE = URIRef("https://specs.frictionlessdata.io/data-package/")
TABLE_SCHEMA = URIRef("https://specs.frictionlessdata.io/table-schema/")
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")  # DCAT 3; not in rdflib's DCAT


def _distribution(
    d: Graph, key: str, file: str, media: URIRef, spec: URIRef, zh: str, en: str
) -> None:
    dist = URIRef(f"{DATASET}/distribution/{key}")
    d.add((DATASET, DCAT.distribution, dist))
    d.add((dist, RDF.type, DCAT.Distribution))
    d.add((dist, DCAT.mediaType, media))
    d.add((dist, DCTERMS.conformsTo, spec))
    d.add((dist, DCTERMS.title, Literal(file)))
    d.add((dist, DCTERMS.license, LICENSE))
    d.add((dist, RDFS.label, Literal(zh, lang="zh")))
    d.add((dist, RDFS.label, Literal(en, lang="en")))


def release_description() -> Graph:
    """The version, licence and table distributions of ``dataset/xjftz``."""
    record = releases.load()
    current = record[-1]
    d = Graph()
    d.add((DATASET, OWL.versionInfo, Literal(current.version)))
    d.add((DATASET, DCAT_VERSION, Literal(current.version)))
    d.add((DATASET, OWL.versionIRI, current.iri))
    d.add((DATASET, DCTERMS.issued, Literal(record[0].date.isoformat(), datatype=XSD.date)))
    d.add((DATASET, DCTERMS.modified, Literal(current.date.isoformat(), datatype=XSD.date)))
    d.add((DATASET, DCTERMS.license, LICENSE))
    _distribution(
        d,
        "datapackage",
        tables.PACKAGE_FILE,
        JSON,
        DATA_PACKAGE,
        f"{tables.PACKAGE_FILE}（数据包描述，含各表结构）",
        f"{tables.PACKAGE_FILE} (Frictionless Data Package: the tables and their schemas)",
    )
    for table in tables.tables():
        _distribution(
            d,
            f"table-{table.name}",
            table.file,
            CSV,
            TABLE_SCHEMA,
            f"{table.file}（表格：{table.query.title_zh}）",
            f"{table.file} (table: {table.query.title_en})",
        )
    return d
