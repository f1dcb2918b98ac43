"""The data package (graph.tables, issue 20): it validates, its keys hold, each table has as many
rows as the graph has facts of its kind, two builds write the same bytes, and the version is
the release's everywhere."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib import namespace as ns  # not the namespaces themselves: pytest would inspect them

from graph import releases, tables
from graph.build import build
from ontology.errors import InputFileError
from ontology.namespaces import DATASET

PREFIXES = """
PREFIX xjo: <https://w3id.org/xjftz/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""
# Each table's rows counted over the graph by an independent query: facts, not the table query.
COUNTS = {
    "task-groups": "SELECT (COUNT(*) AS ?n) WHERE { ?x a xjo:TaskGroup }",
    "measures": "SELECT (COUNT(*) AS ?n) WHERE { ?x a xjo:Measure }",
    "provisions": "SELECT (COUNT(*) AS ?n) WHERE { ?x a xjo:Provision }",
    "schemes": "SELECT (COUNT(*) AS ?n) WHERE { ?x a skos:ConceptScheme }",
    "entities": "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x skos:inScheme ?s }",
    "mentions": "SELECT (COUNT(*) AS ?n) WHERE { { ?m a xjo:Mention ; oa:hasBody ?e } "
    "UNION { ?m xjo:linkSource ?p ; xjo:linkTarget ?e } }",
    "measure-entities": "SELECT (COUNT(*) AS ?n) WHERE { ?m a xjo:Measure ; xjo:involves ?e }",
    "measure-topics": "SELECT (COUNT(*) AS ?n) WHERE { ?m a xjo:Measure ; xjo:hasTopic ?t }",
    "zones": "SELECT (COUNT(*) AS ?n) WHERE { ?x a xjo:Zone }",
    "zone-functions": "SELECT (COUNT(*) AS ?n) WHERE { ?z a xjo:Zone ; xjo:hasFunction ?f }",
    "topic-triggers": "SELECT (COUNT(*) AS ?n) WHERE { ?a a xjo:TopicAssignment ; xjo:trigger ?t }",
    "codings": "SELECT (COUNT(*) AS ?n) WHERE { ?c a xjo:Coding ; oa:hasBody ?b }",
    "delegations": "SELECT (COUNT(*) AS ?n) WHERE { ?d a xjo:Delegation }",
    "delegation-parties": "SELECT (COUNT(*) AS ?n) WHERE { ?d a xjo:Delegation . "
    "{ ?d xjo:delegatedFrom ?x } UNION { ?d xjo:delegatedTo ?x } }",
}


@pytest.fixture(scope="module")
def out(built) -> Path:
    return Path(built.out_dir)


@pytest.fixture(scope="module")
def descriptor(out: Path) -> dict:
    return json.loads((out / tables.PACKAGE_FILE).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def graph_store(out: Path) -> ox.Store:
    store = ox.Store()
    store.bulk_load(path=str(out / "xjftz.nt"), format=ox.RdfFormat.N_TRIPLES)
    return store


def frame(out: Path, resource: dict) -> pd.DataFrame:
    return pd.read_csv(out / resource["path"], dtype=str, keep_default_na=False)


def test_the_package_validates_with_frictionless(out: Path) -> None:
    tables.validate_package(out)  # raises PackageInvalid with frictionless's errors


def test_every_table_and_count_is_there(descriptor: dict) -> None:
    assert sorted(r["name"] for r in descriptor["resources"]) == sorted(COUNTS)
    for r in descriptor["resources"]:
        assert r["schema"]["primaryKey"], r["name"]
        assert all(f.get("description") for f in r["schema"]["fields"]), r["name"]


@pytest.mark.parametrize("name", list(COUNTS))
def test_rows_equal_the_facts_in_the_graph(
    name: str, out: Path, descriptor: dict, graph_store: ox.Store
) -> None:
    resource = next(r for r in descriptor["resources"] if r["name"] == name)
    expected = int(next(iter(graph_store.query(PREFIXES + COUNTS[name])))["n"].value)
    rows = frame(out, resource)
    assert len(rows) == expected > 0
    key = resource["schema"]["primaryKey"]
    assert not rows.duplicated(subset=key).any(), f"{name}: primary key {key} repeats"


def test_foreign_keys_hold(out: Path, descriptor: dict) -> None:
    by_name = {r["name"]: r for r in descriptor["resources"]}
    checked = 0
    for r in descriptor["resources"]:
        rows = frame(out, r)
        for fk in r["schema"].get("foreignKeys", []):
            (column,) = fk["fields"]
            (target,) = fk["reference"]["fields"]
            keys = set(frame(out, by_name[fk["reference"]["resource"]])[target])
            values = {v for v in rows[column] if v}
            assert values, f"{r['name']}.{column} is empty"
            assert values <= keys, f"{r['name']}.{column}: {sorted(values - keys)[:3]}"
            checked += 1
    assert checked >= 15


def test_a_broken_foreign_key_fails_validation(out: Path, tmp_path: Path) -> None:
    for p in out.rglob("*"):
        if p.is_file():
            (tmp_path / p.relative_to(out)).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / p.relative_to(out)).write_bytes(p.read_bytes())
    measures = tmp_path / "tables" / "measure-topics.csv"
    text = measures.read_text(encoding="utf-8").replace("/measure/16,", "/measure/99,", 1)
    measures.write_text(text, encoding="utf-8")
    package = json.loads((tmp_path / tables.PACKAGE_FILE).read_text(encoding="utf-8"))
    for r in package["resources"]:  # sizes and hashes made right: only the key is wrong
        if r["name"] == "measure-topics":
            r["bytes"] = len(text.encode())
            r["hash"] = "sha256:" + hashlib.sha256(text.encode()).hexdigest()
    (tmp_path / tables.PACKAGE_FILE).write_text(json.dumps(package), encoding="utf-8")
    with pytest.raises(tables.PackageInvalid, match="foreign-key"):
        tables.validate_package(tmp_path)


def test_two_builds_write_the_same_tables(out: Path, tmp_path: Path) -> None:
    again = build(out_dir=tmp_path)
    for p in [*sorted((out / "tables").iterdir()), out / tables.PACKAGE_FILE]:
        rel = p.relative_to(out)
        assert (Path(again.out_dir) / rel).read_bytes() == p.read_bytes(), rel


def test_sizes_and_checksums_in_the_descriptor(out: Path, descriptor: dict) -> None:
    for r in descriptor["resources"]:
        data = (out / r["path"]).read_bytes()
        assert r["bytes"] == len(data)
        assert r["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()
        assert data.decode("utf-8").splitlines()[0].split(",") == [
            f["name"] for f in r["schema"]["fields"]
        ]


def test_a_query_that_does_not_match_its_schema_is_named(tmp_path: Path) -> None:
    for p in tables.TABLES_DIR.glob("*.rq"):
        (tmp_path / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    zones = tmp_path / "zones.rq"
    zones.write_text(zones.read_text().replace("?label_en ?area_km2", "?area_km2 ?label_en", 1))
    with pytest.raises(InputFileError, match=r"zones\.rq.*not the schema's fields"):
        tables.tables(query_dir=tmp_path)


def test_the_version_is_the_release_everywhere(built_graph, descriptor: dict) -> None:
    release = releases.current()
    assert descriptor["version"] == release.version
    assert descriptor["id"] == str(release.iri)
    assert descriptor["created"].startswith(release.date.isoformat())
    assert built_graph.value(DATASET, ns.OWL.versionInfo) == Literal(release.version)
    assert built_graph.value(DATASET, ns.OWL.versionIRI) == release.iri
    modified = built_graph.value(DATASET, ns.DCTERMS.modified)
    assert modified == Literal(release.date.isoformat(), datatype=ns.XSD.date)
    assert built_graph.value(DATASET, ns.DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )


def test_void_lists_the_tables_as_distributions(built_graph, descriptor: dict) -> None:
    titles = {
        str(built_graph.value(d, ns.DCTERMS.title))
        for d in built_graph.objects(DATASET, ns.DCAT.distribution)
    }
    expected = {r["path"] for r in descriptor["resources"]} | {tables.PACKAGE_FILE}
    assert expected <= titles


def test_mentions_say_whether_the_text_names_the_entity(out: Path, descriptor: dict) -> None:
    resource = next(r for r in descriptor["resources"] if r["name"] == "mentions")
    rows = frame(out, resource)
    direct = rows[rows["link"] == "direct"]
    inferred = rows[rows["link"] == "inferred"]
    assert len(direct) > 200
    assert (direct["words"] != "").all() and (direct["inferred_as"] == "").all()
    assert (inferred["inferred_as"] != "").all()  # how each inferred link was made
