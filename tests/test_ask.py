"""Ask in your own words (issue 16): questions written from the plan's text, answered exactly.

Each expected answer was checked by hand against graph/sources/xinjiang-ftz-master-plan-2023.zh.md
(the measure or area whose text says it; the comment names the words). The answers come from the
search index the session's build wrote beside its graph; where the answer names a query, the same
query run on the store gives the same measures.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from queries.ask import answer
from queries.ask_index import open_index

ZONE = "https://w3id.org/xjftz/id/zone/"

# (question, measure numbers) — Chinese first, then English; the headline in four phrasings.
MEASURES = [
    # 6: 中亚/中哈 and 物流 in different sentences; 7: 中亚国家 海外仓; 16: 中吉乌 公铁联运
    ("中亚 物流", {6, 7, 16}),
    ("中亚物流", {6, 7, 16}),
    ("涉及中亚和物流的措施有哪些？", {6, 7, 16}),
    ("哈萨克斯坦", {6}),  # the plan writes 中哈 only in 中哈霍尔果斯国际边境合作中心 (measure 6)
    ("中吉乌", {16}),  # 支持发展中吉乌公铁联运 … 合作建设中吉乌等铁路项目
    ("巴基斯坦", {16}),  # 探索发展中巴多式联运
    ("棉花", {7, 8}),  # 7: 粮食、棉花进口业务; 8: 棉花认证体系, 棉花认证品牌
    ("秋水仙", {6}),  # 对进口睡莲花、秋水仙、洋甘菊 … 批量开展风险评估
    ("中药材进口", {6}),  # 扩大周边国家特色中药材进口
    ("粮食", {7}),  # 整合中亚粮食、棉花 … 粮食加工 … 粮食、棉花进口
    ("番茄", {8}),  # 聚焦棉纺、番茄、硅基等优势产业
    ("葡萄酒", {9}),  # 提升林果、葡萄酒、乳制品等特色产品加工业
    ("单一窗口", {6, 13, 18}),  # 6 建设; 13 通过“单一窗口”; 18 优化升级
    ("上合组织", {19}),  # 充分发挥上海合作组织 …
    ("中欧班列", {17, 18}),  # 17: 集结中心, 开行中欧班列; 18: 搭乘中欧班列（乌鲁木齐）出口
    ("东数西算", {11}),  # 推动新疆积极参与“东数西算”工程建设
    ("进博会", {8}),  # 借助中国国际进口博览会 …
    ("边民互市", {6, 14}),  # 6: 边民互市贸易进口商品; 14: 边民互市等领域
    ("冷链", {16}),  # 推动建设国家骨干冷链物流基地
    ("海外仓", {7, 16}),  # 7: 边境仓、海外仓; 16: 中亚—中欧海外仓枢纽站
    ("跨境旅游", {20}),  # 支持创建 … 跨境旅游合作区; 打造跨境旅游线路
    ("人民币跨境结算", {14}),  # 开展人民币跨境结算
    ("措施16", {16}),
    ("第十六项措施", {16}),
    ("措施6 物流", {6}),
    ("第16条", {16}),
    ("哪些措施涉及哈萨克", {6}),  # 哈萨克 begins one name only: 哈萨克斯坦
    ("第三个任务组", {6, 7, 8}),  # 三、（三）推动对外贸易创新发展: measures 6–8
    ("Central Asia logistics", {6, 7, 16}),
    ("Which measures involve Central Asia and logistics?", {6, 7, 16}),
    ("Kazakhstan", {6}),
    ("Uzbekistan", {16}),
    ("Kyrgyzstan railway", {16}),  # the China–Kyrgyzstan–Uzbekistan railway
    ("Pakistan multimodal transport", {16}),  # China–Pakistan multimodal transport
    ("task group 6 logistics", {16, 17, 18}),  # (6) the logistics hub; each names 物流
    ("cotton yarn", {9}),  # 打造国家优质棉纱生产基地: a national base for high-quality cotton yarn
    ("grain", {7}),
    ("tomato", {8}),
    ("wine", {9}),
    ("single window", {6, 13, 18}),
    ("Shanghai Cooperation Organisation", {19}),
    ("China-Europe Railway Express", {17, 18}),
    ("CAREC", {19}),  # Central Asia Regional Economic Cooperation (CAREC)
    ("Canton Fair", {8}),  # China Import and Export Fair
    ("cold chain", {16}),  # national backbone cold-chain logistics bases
    ("overseas warehouses", {7, 16}),
    ("cross-border tourism", {20}),
    ("measure 16", {16}),
    ("measures 6, 7 and 16", {6, 7, 16}),
    ("Kazakh", {6}),
    ("overseas warehouses in Central Asia", {7, 16}),
    ("Pakistan", {16}),
    ("CIIE", {8}),  # China International Import Expo
    ("East Data West Computing", {11}),
    ("data centers", {11}),  # 建设数据中心, 带动数据中心相关产业
    ("Study in Xinjiang", {20}),  # 实施“留学新疆”计划
    ("Which measures concern the single window and logistics?", {6, 18}),  # 6.2 both; 18 apart
]
# (question, areas whose stated functions answer it) — section 二（二）功能划分.
ZONES = [
    ("哪个片区发展跨境旅游？", {"khorgos"}),  # 霍尔果斯片区 … 重点发展跨境物流、跨境旅游
    ("哪个片区重点发展纺织服装？", {"urumqi", "kashgar"}),  # 纺织服装业; 纺织服装制造
    ("哪个片区发展跨境电商", {"kashgar"}),  # 喀什片区 … 积极培育国际物流、跨境电商
    ("喀什片区", {"kashgar"}),
    ("Which area develops cross-border tourism?", {"khorgos"}),
    ("Which areas focus on new materials?", {"urumqi", "khorgos"}),  # 新材料 in both
    ("Which area develops cross-border e-commerce?", {"kashgar"}),
    ("哪个片区面向中亚？", {"urumqi", "kashgar"}),  # 与中亚等周边国家交流合作; 联通中亚、南亚等市场
    ("Which area works with South Asia?", {"kashgar"}),  # 打造联通中亚、南亚等市场的 … 基地
]

# (question, areas) asking a size: answered with the areas, their km² and their components' —
# section 二（一）: 自贸试验区的实施范围179.66平方公里，涵盖三个片区：乌鲁木齐片区134.6平方公里 …
SIZES = [
    ("喀什片区的面积", {"kashgar"}),
    ("霍尔果斯片区有多大？", {"khorgos"}),
    ("自贸试验区面积多大", {"urumqi", "kashgar", "khorgos"}),
    ("What is the size of the Horgos area?", {"khorgos"}),
    ("how many km² is Urumqi", {"urumqi"}),
    ("How many square kilometres does each area cover?", {"urumqi", "kashgar", "khorgos"}),
]

# (question, kind listed, its entities) — the plan writes 中哈 (霍尔果斯国际边境合作中心, 6),
# 中吉乌 and 中巴 (16); Pakistan is no country of Central Asia; Europe has no member country in
# the vocabularies, so none is listed for it (its measures are still the answer).
ID = "https://w3id.org/xjftz/id/"
LISTS = [
    ("哪些国家", "country", {"country/KZ", "country/KG", "country/UZ", "country/PK"}),
    ("which countries", "country", {"country/KZ", "country/KG", "country/UZ", "country/PK"}),
    ("中亚的国家", "country", {"country/KZ", "country/KG", "country/UZ"}),
    ("countries in Central Asia", "country", {"country/KZ", "country/KG", "country/UZ"}),
    ("中亚国家有哪些", "country", {"country/KZ", "country/KG", "country/UZ"}),  # a label's 国家
    ("which Central Asian countries", "country", {"country/KZ", "country/KG", "country/UZ"}),
    ("欧洲的国家", "country", set()),
]


@pytest.fixture(scope="session")
def index_path(built) -> Path:
    return Path(built.out_dir) / "search.sqlite"


@pytest.fixture(scope="session")
def index(index_path):
    return open_index(str(index_path))


def test_questions_are_half_chinese_half_english() -> None:
    questions = [q for q, _ in MEASURES + ZONES]
    chinese = [q for q in questions if any("\u4e00" <= c <= "\u9fff" for c in q)]
    assert len(questions) >= 40
    assert abs(len(chinese) - (len(questions) - len(chinese))) <= 2


@pytest.mark.parametrize(("question", "expected"), MEASURES, ids=[q for q, _ in MEASURES])
def test_measures_answer_exactly(index, question: str, expected: set[int]) -> None:
    doc = answer(index, question)
    assert {m["number"] for m in doc["measures"]} == expected
    assert doc["zones"] == []
    for m in doc["measures"]:
        for e in m["evidence"]:  # every highlight is the words of its sentence
            sentence = next(s for s in m["sentences"] if s["provision"] == e["provision"])
            text = sentence["text_zh"] if e["lang"] == "zh" else sentence["text_en"]
            assert text[e["start"] : e["end"]] == e["words"] != ""


@pytest.mark.parametrize(("question", "expected"), ZONES, ids=[q for q, _ in ZONES])
def test_area_questions_answer_with_zones_and_their_functions(
    index, question: str, expected: set[str]
) -> None:
    doc = answer(index, question)
    assert {z["zone"].removeprefix(ZONE) for z in doc["zones"]} == expected
    assert doc["measures"] == []
    for z in doc["zones"]:
        assert z["functions"] and all(f["label"] and f["provision"] for f in z["functions"])
        assert z["sentence"]["provision"] == z["functions"][0]["provision"]
        for e in z["evidence"]:  # the facets marked in the sentence that states the functions
            text = z["sentence"]["text_zh" if e["lang"] == "zh" else "text_en"]
            assert text[e["start"] : e["end"]] == e["words"] != ""


@pytest.mark.parametrize(("question", "expected"), SIZES, ids=[q for q, _ in SIZES])
def test_size_questions_answer_with_the_areas_as_the_graph_states_them(
    index, built_graph, question: str, expected: set[str]
) -> None:
    from rdflib import URIRef

    from ontology.namespaces import XJO

    doc = answer(index, question)
    assert {z["zone"].removeprefix(ZONE) for z in doc["zones"]} == expected
    assert doc["measures"] == []
    for z in doc["zones"]:
        zone, area = URIRef(z["zone"]), z["area"]
        assert area["km2"] == str(built_graph.value(zone, XJO.areaKm2))
        stated = {
            (str(c), str(built_graph.value(c, XJO.areaKm2)))
            for c in built_graph.objects(zone, XJO.hasComponent)
        }
        assert {(c["component"], c["km2"]) for c in area["components"]} == stated != set()
        assert area["sentence"]["provision"] == str(built_graph.value(zone, XJO.areaStatedIn))
        marked = {(e["lang"], e["words"]) for e in area["evidence"]}
        for km2 in [area["km2"], *(c["km2"] for c in area["components"])]:  # each figure, twice
            assert {("zh", f"{km2}平方公里"), ("en", f"{km2} km²")} <= marked
        for e in area["evidence"]:
            text = area["sentence"]["text_zh" if e["lang"] == "zh" else "text_en"]
            assert text[e["start"] : e["end"]] == e["words"]


def test_a_named_area_is_answered_with_its_components_even_if_no_function_holds_the_words(
    index,
) -> None:
    # 区域 is in no stated function of the Urumqi Area: the area still answers, with its parts
    doc = answer(index, "乌鲁木齐片区包括哪些区域")
    [zone] = doc["zones"]
    assert zone["zone"] == ZONE + "urumqi" and zone["functions"] == []
    assert {c["component"].removeprefix(ZONE) for c in zone["area"]["components"]} == {
        "urumqi/xpcc-division", "urumqi/bonded-zone"
    }  # fmt: skip
    assert answer(index, "喀什 冷链")["zones"] == []  # another facet must match a function


def test_size_answers_in_the_terminal_and_the_page(client, index_path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "xjftz", "ask", "喀什片区的面积", "--index", str(index_path)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    area = answer(open_index(str(index_path)), "喀什片区的面积")["zones"][0]["area"]
    assert f"面积 {area['km2']} 平方公里（含" in out
    assert all(f"{c['label']} {c['km2']}平方公里" in out for c in area["components"])
    html = client.get("/ask", query_string={"q": "size of the Horgos area", "lang": "en"})
    page = html.get_data(as_text=True)
    horgos = answer(open_index(str(index_path)), "size of the Horgos area", "en")["zones"][0]
    assert f"Total area: {horgos['area']['km2']} km²." in page
    assert f"<mark>{horgos['area']['km2']} km²</mark>" in page
    assert all(c["component"].removeprefix("https://w3id.org/xjftz") in page
               for c in horgos["area"]["components"])  # fmt: skip


@pytest.mark.parametrize(("question", "kind", "expected"), LISTS, ids=[q for q, _, _ in LISTS])
def test_which_things_questions_list_them_with_their_measures(
    index, built_graph, question: str, kind: str, expected: set[str]
) -> None:
    from rdflib import URIRef

    from ontology.namespaces import XJO

    doc = answer(index, question)
    [listed] = doc["lists"]
    assert listed["kind"] == kind
    assert {e["iri"].removeprefix(ID) for e in listed["entities"]} == expected
    others = {u["iri"] for u in doc["understood"] if u["kind"] not in ("list", "text")}
    answered = {m["number"] for m in doc["measures"]}
    if not others:
        assert answered == set()  # the list is the answer
    for e in listed["entities"]:  # each with the measures the graph says involve it
        involving = {
            int(built_graph.value(m, XJO.measureNumber))
            for m in built_graph.subjects(XJO.involves, URIRef(e["iri"]))
            if (m, None, XJO.Measure) in built_graph
        }
        assert set(e["measures"]) == (involving & answered if others else involving) != set()


def test_a_list_is_every_thing_of_its_kind_the_plan_names(index, built_graph) -> None:
    from rdflib import RDF, Namespace

    from ontology.namespaces import ELI, OA, XJO

    ont = Namespace(str(XJO._NS))
    measures = set(built_graph.subjects(RDF.type, XJO.Measure))
    outside = {  # the sentences of the plan's frame: part of no measure
        p
        for p in built_graph.subjects(RDF.type, XJO.Provision)
        if not measures.intersection(built_graph.objects(p, ELI.is_part_of))
    }
    named_in: dict[str, set[str]] = {}  # entity → frame sentences with a mention or a link
    for mention in built_graph.subjects(RDF.type, XJO.Mention):
        for p in set(built_graph.objects(mention, XJO.mentionIn)) & outside:
            for body in built_graph.objects(mention, OA.hasBody):
                named_in.setdefault(str(body), set()).add(str(p))
    for link in built_graph.subjects(RDF.type, ont.InNameLink):
        for p in set(built_graph.objects(link, ont.linkSource)) & outside:
            for target in built_graph.objects(link, ont.linkTarget):
                named_in.setdefault(str(target), set()).add(str(p))
    for question, kind in [
        ("哪些机构", "agency"),
        ("which commodities", "commodity"),
        ("哪些会议", "event"),  # 会议 whole, though 会 alone is a question word
        ("which trade modes", "trade-mode"),  # two words
        ("哪些任务组", "task-group"),
    ]:
        [listed] = answer(index, question)["lists"]
        involved = {  # what the facet answers read: involves, hasTopic, isPartOf
            str(o)
            for m in measures
            for p in (XJO.involves, XJO.hasTopic, XJO.isPartOf)
            for o in built_graph.objects(m, p)
        }
        stated = {iri for iri in involved | set(named_in) if iri.startswith(f"{ID}{kind}/")}
        assert {e["iri"] for e in listed["entities"]} == stated != set()
        for e in listed["entities"]:
            assert set(e["elsewhere"]) == named_in.get(e["iri"], set())
        counts = [len(e["measures"]) + len(e["elsewhere"]) for e in listed["entities"]]
        if kind == "task-group":  # in the plan's order: measures 1–3, 4–5, … 22–25
            numbers = [n for e in listed["entities"] for n in e["measures"]]
            assert numbers == list(range(1, 26))
        else:
            assert counts == sorted(counts, reverse=True)  # most named first
    agencies = answer(index, "哪些机构")["lists"][0]["entities"]
    # 党中央、国务院 lead the plan's frame (preamble, part four) and no measure names them
    assert {"agency/state-council", "agency/cpc-central-committee"} <= {
        e["iri"].removeprefix(ID) for e in agencies if not e["measures"]
    }


def test_every_kind_word_can_ask_for_its_list(index) -> None:
    from queries.ask_index import normalize
    from queries.ask_words import KIND_OF_WORD

    labels = [w for w in KIND_OF_WORD if normalize(w)[0] in index.forms]
    assert labels == []  # a label is read as the thing it names, never as a kind
    for word, kind in KIND_OF_WORD.items():
        question = f"哪些{word}" if "\u4e00" <= word[0] <= "\u9fff" else f"which {word}"
        assert [lst["kind"] for lst in answer(index, question)["lists"]] == [kind], question


@pytest.mark.parametrize(
    "question", ["组织实施", "pilot programmes", "国家物流枢纽", "责任保险", "哪些措施涉及中亚国家"]
)
def test_a_kind_word_inside_a_phrase_asks_for_no_list(index, question: str) -> None:
    # 组织实施 is part four's title, not "which organisations"; pilot programmes are searched;
    # 责任保险 is liability insurance, not who is responsible
    doc = answer(index, question)
    assert doc["lists"] == [] and doc["responsibilities"] == []


def test_lists_in_the_terminal_and_the_page(client, index_path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "xjftz", "ask", "哪些国家", "--index", str(index_path)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "国家（4）" in out and "哈萨克斯坦 — 措施 6" in out
    page = client.get("/ask", query_string={"q": "which countries", "lang": "en"})
    html = page.get_data(as_text=True)
    assert "countries: 4" in html and '<a href="/id/country/KZ">Kazakhstan</a>' in html
    assert '<a href="/plan#measure-16">16</a>' in html
    html = client.get("/ask", query_string={"q": "欧洲的国家", "lang": "zh"}).get_data(as_text=True)
    assert "问题所指的措施中没有" in html  # none among Europe's members, not none in the plan


@pytest.mark.parametrize(
    ("singular", "plural", "chinese"),
    [("comprehensive bonded zone", "comprehensive bonded zones", "综合保税区"),
     ("overseas warehouse", "overseas warehouses", "海外仓")],
)  # fmt: skip
def test_a_label_is_found_in_the_singular_and_the_plural(index, singular, plural, chinese):
    answers = [answer(index, q) for q in (singular, plural, chinese)]
    assert len({tuple(u["iri"] for u in a["understood"]) for a in answers}) == 1
    numbers = [[m["number"] for m in a["measures"]] for a in answers]
    assert numbers[0] == numbers[1] == numbers[2] != []


@pytest.mark.parametrize(
    ("question", "agency"),
    [("谁负责", None), ("who is responsible?", None), ("兵团负责什么", "agency/xpcc"),
     ("What is the XPCC responsible for?", "agency/xpcc")],
)  # fmt: skip
def test_who_is_responsible_is_answered_from_part_four(index, built_graph, question, agency):
    from ontology.namespaces import XJO

    stated: dict[str, set[str]] = {}
    for p, a in built_graph.subject_objects(XJO.responsibleAgency):
        stated.setdefault(str(p), set()).add(str(a))
    if agency:
        stated = {p: a for p, a in stated.items() if ID + agency in a}
    got = answer(index, question)["responsibilities"]
    assert {r["provision"]: {a["agency"] for a in r["agencies"]} for r in got} == stated != {}
    for r in got:  # each agency's name marked where the sentence writes it
        assert {e["facet"] for e in r["evidence"]} == {a["agency"] for a in r["agencies"]}
        assert all(r["text_zh"][e["start"] : e["end"]] == e["words"] for e in r["evidence"])


def test_responsibilities_in_the_terminal_and_the_page(client, index_path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "xjftz", "ask", "谁负责", "--index", str(index_path)],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "负责：新疆维吾尔自治区、新疆生产建设兵团" in out
    assert "[新疆维吾尔自治区]和[新疆生产建设兵团]要切实履行主体责任" in out
    html = client.get("/ask", query_string={"q": "who is responsible", "lang": "en"})
    page = html.get_data(as_text=True)
    assert 'id="h-responsible"' in page and '<a href="/plan#part-4-4">' in page
    assert "<mark>新疆维吾尔自治区</mark>和<mark>新疆生产建设兵团</mark>要切实履行主体责任" in page


def _coded_measures(built_graph, concept: str) -> set[int]:
    """The measures with a sentence coded with ``concept`` (an instrument or an action)."""
    from rdflib import URIRef

    from ontology.namespaces import ELI, OA, XJO

    out = set()
    for coding in built_graph.subjects(OA.hasBody, URIRef(ID + concept)):
        for provision in built_graph.objects(coding, XJO.codingIn):
            for m in built_graph.objects(provision, ELI.is_part_of):
                number = built_graph.value(m, XJO.measureNumber)
                if number is not None:
                    out.add(int(number))
    return out


@pytest.mark.parametrize(
    ("question", "concept"),
    [("税收优惠", "instrument/tax"), ("tax and fees", "instrument/tax"),
     ("哪些措施使用金融支持", "instrument/financial-support"), ("研究", "action/study")],
)  # fmt: skip
def test_instruments_and_actions_answer_with_the_coded_sentences(
    index, built_graph, question: str, concept: str
) -> None:
    doc = answer(index, question)
    assert [u["iri"] for u in doc["understood"]] == [ID + concept]
    assert {m["number"] for m in doc["measures"]} == _coded_measures(built_graph, concept) != set()
    if concept.startswith("instrument/"):  # provisions-by-instrument: the same measures
        assert doc["named_query"] == {
            "id": "provisions-by-instrument", "params": {"instrument": ID + concept}
        }  # fmt: skip
    else:
        assert doc["named_query"] is None  # no named query reads actions alone
    for m in doc["measures"]:  # each with the coded words marked in its sentences
        coded = [e for e in m["evidence"] if e["facet"] == ID + concept and e["lang"] == "zh"]
        assert coded and all(e["words"] for e in coded)


def test_the_instruments_of_a_measure_are_listed(index, built_graph) -> None:
    from rdflib import URIRef

    from ontology.namespaces import ELI, OA, XJO

    measure16 = URIRef(ID + "measure/16")
    stated = {
        str(body)
        for coding in built_graph.subjects(XJO.codingIn, None)
        for p in built_graph.objects(coding, XJO.codingIn)
        if (p, ELI.is_part_of, measure16) in built_graph
        for body in built_graph.objects(coding, OA.hasBody)
        if str(body).startswith(ID + "instrument/")
    }
    for question in ("措施16用了哪些政策工具", "policy instruments in measure 16"):
        [listed] = answer(index, question)["lists"]
        assert {e["iri"] for e in listed["entities"]} == stated != set()
        assert all(e["measures"] == [16] for e in listed["entities"])


def test_the_headline_shows_why_each_measure_answers(index) -> None:
    doc = answer(index, "中亚 物流")
    assert [(u["kind"], u["iri"].rsplit("/", 1)[1]) for u in doc["understood"]] == [
        ("region", "143"),
        ("topic", "logistics"),
    ]
    by_number = {m["number"]: m for m in doc["measures"]}
    # Measure 6 meets Central Asia and logistics only in different sentences; 16 in one.
    assert by_number[6]["apart"] is True and by_number[6]["together"] == []
    assert by_number[16]["apart"] is False and by_number[16]["together"]
    words16 = {(e["facet"].rsplit("/", 1)[1], e["words"]) for e in by_number[16]["evidence"]}
    assert ("143", "中吉乌") in words16  # the region through its member countries
    assert ("logistics", "公铁联运") in words16  # the topic's trigger term
    words6 = {e["words"] for e in by_number[6]["evidence"]}
    assert {"中亚", "中哈", "物流"} <= words6


def test_a_trigger_term_stands_for_its_sentences_not_the_whole_topic(index) -> None:
    doc = answer(index, "冷链")
    assert doc["understood"][0]["kind"] == "topic" and doc["understood"][0]["trigger"] == "冷链"
    assert {e["words"] for m in doc["measures"] for e in m["evidence"]} == {"冷链"}


def test_words_alone_are_full_text_ranked_and_highlighted(index) -> None:
    doc = answer(index, "training")  # 17: pilot training; 24: practical training bases …
    assert [u["kind"] for u in doc["understood"]] == ["text"]
    words = {e["words"].lower() for m in doc["measures"] for e in m["evidence"]}
    assert words and all(w.startswith("train") for w in words)  # porter: training, trains
    assert {m["number"] for m in doc["measures"][:2]} == {17, 24}  # two hits each: first
    assert len(doc["measures"]) == 6


def test_words_outside_the_measures_are_shown_apart(index) -> None:
    doc = answer(index, "quality standards")  # only the plan's frame says both together
    assert doc["measures"] == [] and len(doc["other_sentences"]) == 3
    for s in doc["other_sentences"]:
        assert {e["words"].lower()[:8] for e in s["evidence"]} == {"quality", "standard"}


def test_zero_results_say_what_was_understood_and_suggest(index) -> None:
    doc = answer(index, "南亚 金融")  # South Asia only in measure 16, which has no finance
    assert doc["measures"] == [] and len(doc["understood"]) == 2
    kinds = {s["kind"] for s in doc["suggestions"]}
    assert {"drop", "instead"} <= kinds
    assert all(s["measures"] > 0 for s in doc["suggestions"])


def test_named_query_gives_the_same_measures(index, built) -> None:
    from queries.library import get_query
    from queries.stores.factory import PyoxigraphStore

    store = PyoxigraphStore.from_files([Path(built.out_dir) / "xjftz.ttl"])
    try:
        checked = 0
        for question, expected in MEASURES:
            doc = answer(index, question)
            if doc["named_query"] is None:
                continue
            named = get_query(doc["named_query"]["id"])
            assert doc["sparql"] == named.text
            rows = store.select(named.text, named.bind(doc["named_query"]["params"]))
            assert {int(r["number"]) for r in rows} == expected, question
            checked += 1
        assert checked >= 15
        # an instrument alone, and a type with its sub-types: the coded provisions' measures
        for question in ("税收优惠", "示范工程", "funding", "需求型政策工具"):
            doc = answer(index, question)
            assert doc["named_query"]["id"] == "provisions-by-instrument", question
            named = get_query("provisions-by-instrument")
            rows = store.select(named.text, named.bind(doc["named_query"]["params"]))
            numbers = {int(n) for r in rows if (n := r.get("measure_number")) is not None}
            assert numbers == {m["number"] for m in doc["measures"]} != set(), question
    finally:
        store.close()


@pytest.mark.parametrize(
    "question",
    ["!!!", "？？？、。", "天然气管道", "   ", "qwertyuiop zxcvb"],
)
def test_nothing_to_find_is_an_empty_answer(index, question: str) -> None:
    doc = answer(index, question)
    assert doc["measures"] == [] and doc["zones"] == []


def test_an_index_of_another_layout_is_refused_with_the_way_out(index_path, tmp_path) -> None:
    import shutil
    import sqlite3

    from ontology.errors import InputFileError
    from queries.ask_index import load

    old = tmp_path / "search.sqlite"
    shutil.copy(index_path, old)
    with sqlite3.connect(old) as con:  # as an earlier build wrote it
        con.execute("UPDATE meta SET value = '1' WHERE key = 'schema'")
    with pytest.raises(InputFileError, match=r"layout 1.*xjftz build") as err:
        load(old)
    assert str(old) in str(err.value)


def test_the_index_is_a_pure_function_of_the_graph(built, built_graph, tmp_path) -> None:
    from graph.search_index import write_index

    again = write_index(built_graph, tmp_path)
    assert again.read_bytes() == (Path(built.out_dir) / "search.sqlite").read_bytes()


# --- HTTP and CLI: the same document --------------------------------------------------------


@pytest.fixture(scope="module")
def client(built):
    from webapp import create_app

    ttl = str(Path(built.out_dir) / "xjftz.ttl")
    return create_app({"TESTING": True, "DATA": (ttl,), "QUERY_PROCESSES": 0}).test_client()


def test_api_and_cli_return_the_same_json(client, index_path) -> None:
    r = client.get("/api/ask", query_string={"q": "Central Asia logistics"})
    assert r.status_code == 200
    out = subprocess.run(
        [sys.executable, "-m", "xjftz", "ask", "Central Asia logistics", "--format", "json",
         "--index", str(index_path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert json.loads(out.stdout) == r.get_json()
    assert {m["number"] for m in r.get_json()["measures"]} == {6, 7, 16}


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({}, 400),
        ({"q": ""}, 400),
        ({"q": "x" * 10_000}, 400),
        ({"q": "中亚\x00物流"}, 400),
        ({"q": "物流\x1b[31m"}, 400),
        ({"q": "中亚", "lang": "fr"}, 400),
        ({"q": "。，！？"}, 200),
        ({"q": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 10"}, 400),
        ({"q": "DROP ALL; INSERT DATA { <a> <b> <c> }"}, 400),
        ({"q": "PREFIX xjo: <https://w3id.org/xjftz/ontology#> ASK {}"}, 400),
        ({"q": '" OR 1=1 -- MATCH NEAR(a b)'}, 200),
    ],
)
def test_bad_input_is_a_clear_400_or_an_empty_answer(client, params, status) -> None:
    r = client.get("/api/ask", query_string=params)
    assert r.status_code == status
    body = r.get_json()
    if status == 400:
        assert body["parameter"] in ("q", "lang") and body["error"]
    else:
        assert body["measures"] == [] and body["zones"] == []


def test_autocomplete_over_labels_in_both_languages(client) -> None:
    zh = client.get("/api/ask/complete", query_string={"q": "哈萨"}).get_json()["completions"]
    assert zh[0]["iri"].endswith("/country/KZ") and zh[0]["label"] == "哈萨克斯坦"
    en = client.get("/api/ask/complete", query_string={"q": "central as"}).get_json()
    assert en["completions"][0]["iri"].endswith("/region/143")
    assert client.get("/api/ask/complete", query_string={"q": ""}).status_code == 400


def test_openapi_documents_ask(client) -> None:
    paths = client.get("/openapi.json").get_json()["paths"]
    assert {"/api/ask", "/api/ask/complete"} <= set(paths)
    assert paths["/api/ask"]["get"]["parameters"][0]["name"] == "q"


def test_the_explorer_shows_the_evidence_under_each_card(client) -> None:
    html = client.get("/measures?region=143&topic=logistics&lang=en").get_data(as_text=True)
    cards = html.split('class="measure-card"')[1:]
    assert len(cards) == 3
    for card in cards:
        assert "ask-evidence" in card and "<mark>" in card
    six = next(c for c in cards if 'id="measure-6"' in c)
    assert "ask-apart" in six and "<mark>中哈</mark>" in six
    plain = client.get("/measures").get_data(as_text=True)
    assert "ask-evidence" not in plain  # no filter, nothing to prove


def test_the_answer_page_marks_the_words_and_links_the_query(client) -> None:
    html = client.get("/ask", query_string={"q": "中亚 物流", "lang": "zh"}).get_data(as_text=True)
    assert html.count('class="chip ask-chip"') == 2 and html.count("ask-remove") == 2
    assert "<mark>中吉乌</mark>" in html and "ask-apart" in html
    assert "/query?named=measures-by-region-and-topic" in html
    assert client.get("/ask", query_string={"q": "中亚\x00"}).status_code == 400
    assert 'id="ask-q"' in client.get("/plan").get_data(as_text=True)  # the box on every page


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(q=st.text(max_size=120) | st.sampled_from(["中亚", "logistics", "片区", "措施99", "()"]))
def test_any_text_is_an_answer_or_a_clear_400(client, q: str) -> None:
    r = client.get("/api/ask", query_string={"q": q})
    assert r.status_code in (200, 400), (q, r.status_code)
    body = r.get_json()
    assert ("measures" in body) if r.status_code == 200 else body["parameter"] == "q"


def test_an_empty_explorer_search_offers_to_ask(client) -> None:
    html = client.get("/measures", query_string={"q": "中亚 物流"}).get_data(as_text=True)
    assert 'class="ask-instead" href="/ask?q=%E4%B8%AD%E4%BA%9A%20%E7%89%A9%E6%B5%81' in html
