"""Stage 2c: the zones, their areas, components and functions, as the text states them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from graph.parse import parse, parse_text
from graph.vocab import load_lexicon
from graph.zones import ZoneError, read_zones
from ontology.namespaces import ID

SOURCE = Path(__file__).resolve().parents[1] / "graph/sources/xinjiang-ftz-master-plan-2023.zh.md"


@pytest.fixture(scope="module")
def lexicon():
    return load_lexicon()


@pytest.fixture(scope="module")
def layout(lexicon):
    return read_zones(parse(SOURCE), lexicon)


def short(iri) -> str:
    return str(iri).removeprefix(str(ID))


def test_total_and_zone_areas(layout) -> None:
    assert layout.total == Decimal("179.66")
    assert [(z.slug, z.area) for z in layout.zones] == [
        ("urumqi", Decimal("134.6")),
        ("kashgar", Decimal("28.48")),
        ("khorgos", Decimal("16.58")),
    ]
    assert sum(z.area for z in layout.zones) == layout.total
    assert layout.scope_provision == "section-2-1-1"


@pytest.mark.parametrize(
    ("zone", "division", "division_area", "bonded_area"),
    [
        ("urumqi", "agency/xpcc-12th-division", "30.8", "2.41"),
        ("kashgar", "agency/xpcc-3rd-division", "3.81", "3.56"),
        ("khorgos", "agency/xpcc-4th-division", "1.95", "3.61"),
    ],
)
def test_components(layout, zone, division, division_area, bonded_area) -> None:
    z = layout.zone(zone)
    xpcc, bonded = z.components
    assert (xpcc.kind, short(xpcc.division), xpcc.area) == (
        "xpcc-division",
        division,
        Decimal(division_area),
    )
    assert short(xpcc.iri) == f"zone/{zone}/xpcc-division"
    assert (bonded.kind, bonded.area, short(bonded.iri)) == (
        "bonded-zone",
        Decimal(bonded_area),
        f"zone/{zone}/bonded-zone",
    )
    assert bonded.division is None


def functions(layout, zone: str) -> dict[str, tuple[str, str | None]]:
    return {
        short(f.industry).removeprefix("industry/"): (
            short(f.framing).removeprefix("framing/"),
            f.group,
        )
        for f in layout.zone(zone).functions
    }


def test_urumqi_functions(layout) -> None:
    got = functions(layout, "urumqi")
    assert got["international-trade"] == ("key-development", None)
    assert got["textiles-garments"] == ("key-development", None)
    assert got["biomedicine"] == ("key-development", "新兴产业")
    assert got["software-it-services"] == ("key-development", "新兴产业")
    assert got["exhibition-economy"] == ("active-development", "现代服务业")
    assert len(got) == 12
    assert {f.provision for f in layout.zone("urumqi").functions} == {"section-2-2-1"}


def test_kashgar_functions(layout) -> None:
    got = functions(layout, "kashgar")
    assert got == {
        "outward-oriented-economy": ("scale-up", None),
        "agricultural-product-processing": ("key-development", "劳动密集型产业"),
        "textiles-garments": ("key-development", "劳动密集型产业"),
        "electronics-assembly": ("key-development", "劳动密集型产业"),
        "imported-resource-processing": ("vigorous-promotion", None),
        "international-logistics": ("active-cultivation", "现代服务业"),
        "cross-border-ecommerce": ("active-cultivation", "现代服务业"),
    }


def test_khorgos_functions(layout) -> None:
    got = functions(layout, "khorgos")
    assert got == {
        "cross-border-logistics": ("key-development", "现代服务业"),
        "cross-border-tourism": ("key-development", "现代服务业"),
        "financial-services": ("key-development", "现代服务业"),
        "exhibitions": ("key-development", "现代服务业"),
        "specialty-medicine": ("scale-up", "产业"),
        "electronic-information": ("scale-up", "产业"),
        "new-materials": ("scale-up", "产业"),
    }


def _variant(old: str, new: str):
    text = SOURCE.read_text(encoding="utf-8")
    assert old in text
    return parse_text(text.replace(old, new, 1))


def test_areas_that_do_not_add_up_stop_the_build(lexicon) -> None:
    doc = _variant("喀什片区28.48平方公里", "喀什片区28.84平方公里")
    with pytest.raises(ZoneError, match=r"do not add up.*179\.66.*28\.84"):
        read_zones(doc, lexicon)


def test_area_errors_name_the_file_and_line_of_each_number(lexicon) -> None:
    """Issue 18, point 6: the message points at the numbers in the source text (line 34)."""
    doc = _variant("喀什片区28.48平方公里", "喀什片区28.84平方公里")
    with pytest.raises(ZoneError, match=r"^<source>:34: .*28\.84 \(喀什片区, <source>:34\)"):
        read_zones(doc, lexicon)
    doc = _variant("第十二师30.8平方公里", "第十二师303.21平方公里")
    with pytest.raises(
        ZoneError,
        match=r"^<source>:34: 乌鲁木齐片区: its components \(303\.21 \(<source>:34\) \+ 2\.41",
    ):
        read_zones(doc, lexicon)
    with pytest.raises(ZoneError, match=r"^/tmp/x\.md:34: "):
        read_zones(parse_text(doc.text, "/tmp/x.md"), lexicon)


def test_numbers_are_read_not_assumed(lexicon) -> None:
    doc = _variant("实施范围179.66平方公里，涵盖三个片区", "实施范围179.93平方公里，涵盖三个片区")
    doc = parse_text(doc.text.replace("霍尔果斯片区16.58", "霍尔果斯片区16.85", 1))
    layout = read_zones(doc, lexicon)
    assert layout.total == Decimal("179.93")
    assert layout.zone("khorgos").area == Decimal("16.85")


def test_unknown_industry_is_an_error(lexicon) -> None:
    doc = _variant("积极培育国际物流", "积极培育星际物流")
    with pytest.raises(ZoneError, match="星际物流"):
        read_zones(doc, lexicon)


# --- issue 15, points 2 and 5: basis, positioning, where each fact is stated; the document ---


def test_zone_basis_positioning_and_sentences(built_graph) -> None:
    """Read by hand from 二、（二）: what each zone builds on, what it is to become, and the
    markets its positioning names; every zone fact points to the sentence that states it."""
    from rdflib import Literal

    from ontology.namespaces import ID, XJO, provision_iri

    g = built_graph
    expected = {
        "urumqi": ("陆港空港联动发展区位优势", "与中亚等周边国家交流合作的重要平台",
                   {"region/143", "region/neighbouring-countries"}, "section-2-2-1"),
        "kashgar": ("国际贸易物流通道优势", "联通中亚、南亚等市场的商品加工集散基地",
                    {"region/143", "region/034"}, "section-2-2-2"),
        "khorgos": ("跨境合作及陆上边境口岸型国家物流枢纽等优势", "跨境经贸投资合作新样板",
                    set(), "section-2-2-3"),
    }  # fmt: skip
    for slug, (basis, positioning, connects, pid) in expected.items():
        zone = ID[f"zone/{slug}"]
        assert set(g.objects(zone, XJO.basis)) == {Literal(basis, lang="zh")}
        assert set(g.objects(zone, XJO.positioning)) == {Literal(positioning, lang="zh")}
        assert {str(o).removeprefix(str(ID)) for o in g.objects(zone, XJO.connects)} == connects
        assert set(g.objects(zone, XJO.roleStatedIn)) == {provision_iri(pid)}
        scope = {provision_iri("section-2-1-1")}
        assert set(g.objects(zone, XJO.areaStatedIn)) == scope
        for component in g.objects(zone, XJO.hasComponent):
            assert set(g.objects(component, XJO.areaStatedIn)) == scope
    assert set(g.objects(ID["ftz/xinjiang"], XJO.areaStatedIn)) == {provision_iri("section-2-1-1")}


def test_document_facts_from_the_attribution_line(built_graph) -> None:
    from rdflib import Literal

    from ontology.namespaces import ELI, ID, OA, PLAN, XJO

    g = built_graph
    assert set(g.objects(PLAN, ELI.passed_by)) == {ID["agency/state-council"]}
    assert Literal("中国政府网", lang="zh") in set(g.objects(PLAN, XJO.publishedVia))
    assert Literal("总体方案", lang="zh") in set(g.objects(PLAN, XJO.documentKind))
    line = g.value(PLAN, XJO.attribution)
    exact = str(g.value(line, OA.exact))
    assert exact == "据中国政府网消息，国务院印发《中国（新疆）自由贸易试验区总体方案》。"
    text = SOURCE.read_text(encoding="utf-8")
    assert text[int(g.value(line, OA.start)) : int(g.value(line, OA.end))] == exact
