"""Every query file: headers, parameters, the six contract queries, binding parity, rows.

The named queries (queries/*.rq) and the pages' own (queries/site/*.rq) alike: each runs on the
sample graph (tests/data/plan-sample.ttl) with the same rows whether its values are bound or
written into a VALUES block, and returns rows on the published graph (graph/build/xjftz.ttl)
for its example parameters (the header's defaults, or SAMPLE_PARAMS).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from named import run_select
from rdflib import Literal, URIRef

from ontology.errors import InputFileError
from queries.binding import with_values
from queries.errors import ParameterError, UnknownQuery
from queries.library import (
    NamedQuery,
    get_query,
    get_site_query,
    load_library,
    load_site_queries,
    parse_query,
    read_query_file,
)
from queries.stores.factory import PyoxigraphStore

ID = "https://w3id.org/xjftz/id/"
CONTRACT = {
    # Issue 15 added the evidence columns and the strict same-sentence reading.
    "measures-by-region-and-topic": (
        ["region", "topic", "same_sentence"],
        (
            "measure",
            "number",
            "title_zh",
            "title_en",
            "region_words",
            "topic_words",
            "meets_in_sentence",
        ),
    ),
    "measures-by-entity": (["entity"], ("measure", "number")),
    "find-entity": (["label"], ("entity", "type", "label_zh", "label_en")),
    # Issue 15 added the evidence column: text, in-name or via-member.
    "measure-entities": (["number"], ("entity", "type", "label_zh", "label_en", "evidence")),
    "zones": ([], ("zone", "label_zh", "label_en", "area_km2")),
    "measures-per-task-group": ([], ("task_group", "title_zh", "title_en", "count")),
}
SAMPLE_PARAMS = {
    "measures-by-entity": {"entity": ID + "region/143"},
    "find-entity": {"label": "kazakhstan"},
    "measure-entities": {"number": "16"},
    "co-mentioned-entities": {"entity": ID + "agency/xpcc"},
}
# Every query: the named ones by id, the pages' own as site/<id>.
EVERY = [pytest.param(q, id=q.id) for q in load_library().values()] + [
    pytest.param(q, id=f"site/{q.id}") for q in load_site_queries().values()
]


@pytest.mark.parametrize("query_id", sorted(load_library()))
def test_every_query_runs_on_the_sample(sample_store, query_id):
    result = run_select(sample_store, query_id, SAMPLE_PARAMS.get(query_id))
    if query_id in CONTRACT:
        assert result.variables == CONTRACT[query_id][1]


def _results(store, query: NamedQuery, text: str, bindings: dict) -> list:
    """The rows of a SELECT or the triples of a CONSTRUCT, in the query's order if it has one."""
    if query.form == "CONSTRUCT":
        return sorted(store.construct(text, bindings), key=repr)
    rows = store.select(text, bindings).rows
    return rows if "ORDER BY" in text else sorted(rows, key=repr)


def _bound_and_written(store, query: NamedQuery) -> tuple[list, list]:
    """Its results with the example values bound, and with them written into a VALUES block
    (the remote backend's way, and the header's test: the file stays valid SPARQL)."""
    bindings = query.bind(SAMPLE_PARAMS.get(query.id))
    return (
        _results(store, query, query.text, bindings),
        _results(store, query, with_values(query.text, bindings), {}),
    )


@pytest.mark.parametrize("query", EVERY)
def test_substitution_and_values_block_agree(sample_store, query):
    """The embedded binding and the remote backend's VALUES block give the same rows."""
    direct, via_values = _bound_and_written(sample_store, query)
    assert direct == via_values


def test_sample_contract_results(sample_store):
    rows = run_select(sample_store, "measures-by-region-and-topic").column("number")
    assert rows == [Literal(16), Literal(17)]
    assert run_select(sample_store, "measures-by-entity", {"entity": ID + "region/143"}).column(
        "number"
    ) == [Literal(16), Literal(17)]
    found = run_select(sample_store, "find-entity", {"label": "KAZAKHSTAN"})
    assert found.column("entity") == [URIRef(ID + "country/KZ")]
    assert run_select(sample_store, "find-entity", {"label": "兵团"}).column("entity") == [
        URIRef(ID + "agency/xpcc")
    ]
    areas = run_select(sample_store, "zones").column("area_km2")
    assert [a.toPython() for a in areas] == [Decimal("134.6"), Decimal("28.48"), Decimal("16.58")]


@pytest.mark.parametrize(
    ("query_id", "params", "bad"),
    [
        ("measures-by-entity", {}, "entity"),
        ("measures-by-entity", {"entity": "http://example.org/x"}, "entity"),
        ("measures-by-entity", {"entity": ID + "measure/1"}, "entity"),
        ("measures-by-entity", {"entity": ID + "country/KZ> } DROP ALL {"}, "entity"),
        ("measures-by-entity", {"entity": ID + "country/KZ", "zzz": "1"}, "zzz"),
        ("measure-entities", {"number": "26"}, "number"),
        ("measure-entities", {"number": "0"}, "number"),
        ("measure-entities", {"number": "1.5"}, "number"),
        ("find-entity", {"label": "x" * 101}, "label"),
        ("find-entity", {"label": "  "}, "label"),
    ],
)
def test_bad_parameters_are_named(query_id, params, bad):
    with pytest.raises(ParameterError) as info:
        get_query(query_id).bind(params)
    assert info.value.name == bad


def test_unknown_query():
    with pytest.raises(UnknownQuery):
        get_query("no-such-query")


def test_header_parse_errors_name_the_file():
    with pytest.raises(InputFileError, match=r"q\.rq"):
        parse_query("#+ params:\n#+   - name: x\n#+     type: uri\nSELECT * {}", "q.rq")
    with pytest.raises(InputFileError, match="default"):
        parse_query(
            "#+ params:\n#+   - name: n\n#+     type: integer\n#+     max: 3\n"
            "#+     default: 9\nSELECT * {}",
            "q.rq",
        )


def test_header_yaml_errors_name_the_file_and_line(tmp_path):
    broken = tmp_path / "broken.rq"
    broken.write_text(
        "#+ id: broken\n#+ description: fine\n#+ params:\n#+   - name: [x\n"
        "# a comment between\n#+     type: iri\nSELECT * {}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputFileError, match=r"broken\.rq:6: cannot read the #\+ header"):
        read_query_file(broken)
    with pytest.raises(InputFileError, match=r"q\.rq:1: the #\+ header must map"):
        parse_query("#+ - just a list\nSELECT * {}", "q.rq")


def test_page_queries_are_kept_apart_from_the_named_ones():
    named, site = load_library(), load_site_queries()
    assert len(site) >= 20
    assert not set(named) & set(site)
    assert all("/site/" not in (q.path or "") for q in named.values())


# --- the published graph: what the plan says ---------------------------------------------------


def numbers(result) -> list[int]:
    return [int(n) for n in result.column("number")]


def test_plan_measures_by_region_and_topic(published_store):
    found = numbers(run_select(published_store, "measures-by-region-and-topic"))
    # Measure 16 names 中亚; measure 17 names 周边国家 and 中欧班列 but no Central Asian country
    # in the published graph, so it is listed only if the vocabulary links those to region 143.
    assert 16 in found
    assert found == sorted(found)
    check = (
        "PREFIX xjo: <https://w3id.org/xjftz/ontology#> "
        "ASK { ?m xjo:measureNumber ?n ; xjo:hasTopic <https://w3id.org/xjftz/id/topic/logistics> "
        "{ ?m xjo:involves ?r } UNION { ?c xjo:inRegion+ ?r . ?m xjo:involves ?c } }"
    )
    region = URIRef(ID + "region/143")
    for n in found:
        assert published_store.ask(check, {"n": Literal(n), "r": region}), n


def test_plan_measures_by_entity_region_includes_members(published_store):
    region = numbers(
        run_select(published_store, "measures-by-entity", {"entity": ID + "region/143"})
    )
    kz = numbers(run_select(published_store, "measures-by-entity", {"entity": ID + "country/KZ"}))
    assert kz and set(kz) <= set(region)


def test_plan_find_entity(published_store):
    for label in ("哈萨克斯坦", "kazakhstan", "Kazakhstan"):
        result = run_select(published_store, "find-entity", {"label": label})
        assert URIRef(ID + "country/KZ") in result.column("entity"), label


def test_plan_measure_entities(published_store):
    result = run_select(published_store, "measure-entities", {"number": "16"})
    assert len(result) > 0
    assert all(str(t).startswith("https://w3id.org/xjftz/ontology#") for t in result.column("type"))


def test_plan_zones(published_store):
    result = run_select(published_store, "zones")
    areas = [a.toPython() for a in result.column("area_km2")]
    assert areas == [Decimal("134.6"), Decimal("28.48"), Decimal("16.58")]
    assert all(isinstance(a, Decimal) for a in areas)


def test_plan_measures_per_task_group(published_store):
    result = run_select(published_store, "measures-per-task-group")
    assert [int(c) for c in result.column("count")] == [3, 2, 3, 3, 4, 3, 3, 4]
    assert [str(t) for t in result.column("task_group")] == [
        f"{ID}task-group/{n}" for n in range(1, 9)
    ]


# Page queries that find nothing in the plan by design, and the data they do find rows in.
EMPTY_ON_THE_PLAN = {"named-graphs": "the published plan is one default graph"}


@pytest.mark.parametrize("query", EVERY)
def test_plan_every_query_returns_rows(published_store, query):
    """Every named and page query finds something in the plan for its example values, the
    same whether the values are bound or written into the text."""
    direct, via_values = _bound_and_written(published_store, query)
    assert direct == via_values
    if query.id in EMPTY_ON_THE_PLAN:
        assert not direct, EMPTY_ON_THE_PLAN[query.id]
    else:
        assert direct, f"{query.id} returns no rows on the plan for its example parameters"


def test_named_graphs_are_found_where_there_are_some(sample_ttl, protocol_trig):
    """The protocol tests' TriG has named graphs; the Service Description lists them."""
    store = PyoxigraphStore.from_files([sample_ttl, protocol_trig])
    graphs = store.select(get_site_query("named-graphs").text).column("g")
    assert graphs and graphs == sorted(graphs, key=str)
