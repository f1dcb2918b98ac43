"""Codings (issue 19): actions with their verbs, policy instruments, delegations, procedure
changes and time frames — on hand-coded sentences of the plan, each rule's exclusions, the
curated files' errors, the published graph and the two contract queries."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from named import run_select
from rdflib import RDF, RDFS, Literal, URIRef

from graph.build import SOURCES_DIR
from graph.codings import (
    OVERRIDES_FILE,
    RULES_FILE,
    STRUCTURES_FILE,
    Codings,
    code_document,
    load_rules,
)
from graph.vocab import load_lexicon
from ontology.errors import InputFileError
from ontology.namespaces import FTZ, ID, OA, XJO

SOURCE = SOURCES_DIR / "xinjiang-ftz-master-plan-2023.zh.md"
AGENCY = "https://w3id.org/xjftz/id/agency/"

# Hand-coded: each clause's head verb, in order (clauses without one have none), over all eight
# task groups, part 4 and part 1's goal. A curated override is marked in the comment.
ACTIONS = {
    # （一）加快转变政府职能
    "measure-1-2": [
        ("promote", "推进"),
        ("improve", "提高"),
        ("promote", "推进"),
        ("build", "打造"),
    ],
    "measure-1-3": [("permit", "赋予"), ("permit", "下放")],  # 能够下放的 / 符合下放条件 excluded
    "measure-1-4": [("explore", "探索")],
    "measure-1-5": [("permit", "授权")],
    "measure-1-6": [("explore", "探索"), ("strengthen", "加强"), ("promote", "促进")],
    "measure-2-2": [("promote", "推动"), ("promote", "推动")],
    "measure-3-3": [("encourage", "鼓励"), ("promote", "推动")],
    # （二）深化投资领域改革
    "measure-4-3": [("encourage", "鼓励"), ("simplify", "降低")],
    "measure-5-3": [("encourage", "鼓励")],  # curated: 对…开展对外投资 continues 鼓励支持
    # （三）推动对外贸易创新发展
    "measure-6-12": [("implement", "实施")],
    "measure-7-2": [("promote", "推动"), ("encourage", "鼓励"), ("build", "构建")],
    "measure-7-3": [("encourage", "支持")],  # curated: 申请开展…试点 continues 支持
    "measure-8-2": [
        ("explore", "先行先试"),  # curated: 开展 is a light verb here
        ("promote", "聚焦"),
        ("promote", "用足用好"),
        ("encourage", "支持"),
    ],
    # （四）打造开放型特色产业体系
    "measure-9-2": [
        ("promote", "大力发展"),
        ("promote", "高质量发展"),
        ("build", "打造"),
        ("improve", "提高"),
    ],
    "measure-10-9": [("build", "打造"), ("build", "建设"), ("implement", "纳入")],
    "measure-11-5": [("implement", "提供"), ("promote", "加快")],
    # （五）深化金融服务和开放创新
    "measure-12-3": [("encourage", "支持")],
    "measure-12-4": [("simplify", "改为")],  # 设立、变更 / 设立、迁址 excluded
    "measure-14-4": [("encourage", "服务合作中心"), ("explore", "探索")],
    # （六）建设联通欧亚的综合物流枢纽
    "measure-16-3": [("promote", "加快"), ("promote", "推动")],
    "measure-17-3": [("explore", "探索")],  # curated: 为…提供实践支撑 is the purpose
    "measure-18-4": [("study", "研究")],
    # （七）深化向西开放多领域交流合作
    "measure-19-4": [("implement", "举办"), ("explore", "探索")],
    "measure-20-6": [("promote", "联合"), ("study", "研究")],
    "measure-21-5": [("explore", "探索")],  # 前沿诊疗技术研究 is a noun
    # （八）深化人才发展体制机制改革
    "measure-22-1": [("implement", "推行")],
    "measure-23-2": [("permit", "地方可")],  # curated: localities may grant support
    "measure-24-3": [("encourage", "支持"), ("build", "共建")],
    "measure-25-3": [("implement", "提供"), ("improve", "提升")],
    # 四、保障机制
    "part-4-5": [("permit", "下放"), ("improve", "完善"), ("strengthen", "确保")],
    "part-4-6": [("strengthen", "把工作做细"), ("strengthen", "严格"), ("strengthen", "严格")],
    "part-4-7": [("apply", "适用于")],
    "part-4-8": [("apply", "维持不变")],
    "part-4-10": [("implement", "请示报告")],
    # 一、（二） the development goal
    "section-1-2-3": [("build", "建成")],
}

INSTRUMENTS = {  # hand-coded: instruments each of these provisions must carry
    "measure-1-5": {"regulation"},
    "measure-2-2": {"technology"},
    "measure-4-2": {"procurement", "regulation"},
    "measure-7-2": {"overseas-bodies"},
    "measure-8-5": {"tax"},
    "measure-10-8": {"demonstration"},
    "measure-12-4": {"regulation", "financial-support"},
    "measure-13-3": {"financial-support"},
    "measure-16-3": {"infrastructure"},
    "measure-20-7": {"outsourcing", "funding", "talent"},
    "measure-23-4": {"funding", "talent"},
    "measure-25-2": {"public-services"},
    "section-1-2-3": {"goals-planning"},
}
NOT_INSTRUMENTS = {  # and must not carry
    "measure-1-6": {"trade"},  # curated: 进出口企业 names whose licences
    "measure-8-5": {"trade"},  # 中国国际进口博览会 is an expo's name
    "measure-12-3": {"overseas-bodies"},  # 境外金融机构 come in
    "measure-12-2": set(),
}


@pytest.fixture(scope="module")
def coded(doc, lexicon) -> Codings:
    return code_document(doc, lexicon, SOURCES_DIR)


def _texts(doc) -> dict[str, str]:
    return {s.id: s.text for s in doc.sentences}


def _slug(iri: URIRef) -> str:
    return str(iri).rsplit("/", 1)[-1]


@pytest.mark.parametrize("pid", sorted(ACTIONS))
def test_hand_coded_actions(coded, doc, pid: str) -> None:
    text = _texts(doc)[pid]
    found = [(_slug(c.body), text[c.start : c.end]) for c in coded.of(pid, "action")]
    assert found == ACTIONS[pid]


def test_the_hand_coded_sentences_cover_every_task_group_and_part_4(doc) -> None:
    groups = {m.number: m.task_group for m in doc.measures}
    covered = {groups[int(pid.split("-")[1])] for pid in ACTIONS if pid.startswith("measure-")}
    assert covered == set(range(1, 9))
    assert any(pid.startswith("part-4-") for pid in ACTIONS)
    assert len(ACTIONS) >= 30


@pytest.mark.parametrize("pid", sorted(INSTRUMENTS))
def test_hand_coded_instruments(coded, pid: str) -> None:
    assert INSTRUMENTS[pid] <= {_slug(c.body) for c in coded.of(pid, "instrument")}


@pytest.mark.parametrize("pid", sorted(NOT_INSTRUMENTS))
def test_instruments_the_rules_must_not_give(coded, pid: str) -> None:
    assert not NOT_INSTRUMENTS[pid] & {_slug(c.body) for c in coded.of(pid, "instrument")}


def test_every_provision_of_the_measures_and_of_part_4_has_an_action(coded, doc) -> None:
    ids = [s.id for s in doc.sentences if s.id.startswith(("measure-", "part-4-"))]
    assert len(ids) == 164
    assert [pid for pid in ids if not coded.of(pid, "action")] == []


def test_codings_quote_their_provision(coded, doc) -> None:
    texts = _texts(doc)
    for c in coded.codings:
        assert 0 <= c.start < c.end <= len(texts[c.provision]), c
        assert (c.by == "rule") == (c.rule is not None), c
        assert (c.by == "curated") == bool(c.reason), c


# ---- each rule's exclusions -----------------------------------------------------------------


def _rules_with_exclusions():
    rules = load_rules(SOURCES_DIR / RULES_FILE, load_lexicon())
    return [(r, e) for r in rules for e in r.exclude]


@pytest.mark.parametrize(
    ("rule", "excluded"), _rules_with_exclusions(), ids=lambda x: getattr(x, "id", x)
)
def test_each_exclusion_occurs_in_the_plan_and_blocks_its_rule(coded, doc, rule, excluded) -> None:
    hits = [(s.id, s.text.index(excluded)) for s in doc.sentences if excluded in s.text]
    assert hits, f"{rule.id}: the exclusion “{excluded}” is not in the plan"
    for pid, at in hits:
        inside = [
            c
            for c in coded.of(pid)
            if c.rule == rule.id and at <= c.start and c.end <= at + len(excluded)
        ]
        assert inside == [], f"{rule.id} coded “{rule.trigger}” inside “{excluded}” in {pid}"


def test_an_exclusion_blocks_only_its_own_occurrence(coded, doc) -> None:
    """measure-1-3: 下放 twice excluded (能够下放的, 符合下放条件), once coded (全部依法下放至)."""
    text = _texts(doc)["measure-1-3"]
    permits = [c for c in coded.of("measure-1-3", "action") if _slug(c.body) == "permit"]
    assert [text[c.start : c.end] for c in permits] == ["赋予", "下放"]
    assert text[permits[1].start - 4 : permits[1].end + 1] == "全部依法下放至"


# ---- delegations, procedure changes, time frames ------------------------------------------


def _structures(coded, kind: str) -> dict[str, list]:
    out: dict[str, list] = {}
    for st in coded.structures:
        if st.kind == kind:
            out.setdefault(st.provision, []).append(st)
    return out


def test_delegations(coded) -> None:
    d = _structures(coded, "delegation")
    xuar, xpcc = URIRef(AGENCY + "xinjiang-uygur-autonomous-region"), URIRef(AGENCY + "xpcc")
    handed_down = [st for st in d["measure-1-3"] if st.what == "经济社会管理权限"]
    assert [(st.sources, st.targets) for st in handed_down] == [((xuar, xpcc), (FTZ,))]
    assert [(st.sources, st.targets) for st in d["measure-1-5"]] == [((), (FTZ,))]
    seeds = d["measure-1-6"][0]
    assert seeds.targets == (URIRef(AGENCY + "xinjiang-agriculture-rural-affairs"),)
    assert seeds.sources == ()  # the plan does not say who holds the power now
    assert seeds.what == "农作物种子进出口企业的种子生产经营许可证核发权限"
    assert [(st.sources, st.targets) for st in d["part-4-5"]] == [((xuar, xpcc), ())]
    assert "measure-17-3" not in d  # 赋予运单物权凭证功能: a document's function, not a power


def test_procedure_changes(coded) -> None:
    p = _structures(coded, "procedure")
    (after_the_fact,) = p["measure-12-4"]
    assert (after_the_fact.before, after_the_fact.after) == ("事前审批", "事后报告")
    assert after_the_fact.quote == "由事前审批改为事后报告"
    assert [(st.before, st.after) for st in p["measure-1-5"]] == [("", "告知承诺制")]


def test_the_three_to_five_year_goal(coded, doc) -> None:
    (goal,) = _structures(coded, "timeframe")["section-1-2-3"]
    assert (goal.min_years, goal.max_years) == (3, 5)
    assert goal.quote == "经过三至五年改革探索"
    assert goal.what.endswith("高标准高质量自由贸易园区")
    assert _texts(doc)["section-1-2-3"][goal.start : goal.end] == goal.quote


# ---- the curated files: errors name the file and line ------------------------------------


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    for name in (RULES_FILE, OVERRIDES_FILE, STRUCTURES_FILE):
        shutil.copy(SOURCES_DIR / name, tmp_path / name)
    return tmp_path


def _append(path: Path, row: str) -> int:
    text = path.read_text(encoding="utf-8")
    path.write_text(text + row + "\n", encoding="utf-8")
    return text.count("\n") + 1


@pytest.mark.parametrize(
    ("file", "row", "message"),
    [
        (RULES_FILE, "x-01\taction\texplore\t探索\t探路\t", "does not contain"),
        (RULES_FILE, "x-02\taction\tdream\t梦想\t\t", "no action “dream”"),
        (OVERRIDES_FILE, "measure-1-4\taction\texplore\tadd\t不在句中\tx", "does not occur"),
        (OVERRIDES_FILE, "measure-1-4\taction\tstudy\tremove\t探索\tx", "nothing to remove"),
        (OVERRIDES_FILE, "measure-1-4\taction\texplore\tadd\t探索\t", "needs a reason"),
        (
            STRUCTURES_FILE,
            "measure-1-6\tdelegation\t下放至\t\thttps://w3id.org/xjftz/id/agency/nobody\t权限\t\t\t\tx",
            "neither an agency nor the FTZ",
        ),
        (
            STRUCTURES_FILE,
            "section-1-2-3\ttimeframe\t三至五年\t\t\t自由贸易园区\t\t\t5-3\tx",
            "bad years",
        ),
    ],
)
def test_a_bad_row_names_file_and_line(doc, lexicon, sources, file, row, message) -> None:
    line = _append(sources / file, row)
    with pytest.raises(InputFileError) as err:
        code_document(doc, lexicon, sources)
    assert err.value.path.endswith(file) and err.value.line == line
    assert message in str(err.value)


# ---- the published graph ---------------------------------------------------------------


def test_published_codings(built, built_graph) -> None:
    g = built_graph
    codings = set(g.subjects(RDF.type, XJO.Coding))
    assert len(codings) == built.counts["codings"] > 500
    texts = {p: str(t) for p, t in g.subject_objects(XJO.text) if t.language == "zh"}
    kinds = {XJO.Action, XJO.PolicyInstrument, XJO.Delegation, XJO.ProcedureChange, XJO.TimeFrame}
    for c in codings:
        provision = g.value(c, XJO.codingIn)
        target = g.value(c, OA.hasTarget)
        assert g.value(target, OA.hasSource) == provision
        position = next(s for s in g.objects(target, OA.hasSelector) if (s, OA.start, None) in g)
        quote = next(s for s in g.objects(target, OA.hasSelector) if (s, OA.exact, None) in g)
        start, end = int(g.value(position, OA.start)), int(g.value(position, OA.end))
        assert texts[provision][start:end] == str(g.value(quote, OA.exact)), c
        assert set(g.objects(g.value(c, OA.hasBody), RDF.type)) & kinds, c
        by = str(g.value(c, XJO.codedBy))
        assert (by == "rule" and g.value(c, XJO.codingRule)) or (
            by == "curated" and g.value(c, RDFS.comment)
        ), c
        assert {lab.language for lab in g.objects(c, RDFS.label)} == {"zh", "en"}, c
    provision = ID["provision/measure-12-4"]
    assert (provision, XJO.hasAction, ID["action/simplify"]) in g
    assert (provision, XJO.hasInstrument, ID["instrument/regulation"]) in g
    assert g.value(ID["action/permit"], XJO.commitmentStrength) == Literal(7)


@pytest.fixture(scope="module")
def built_store(built):
    from queries.stores.factory import PyoxigraphStore

    return PyoxigraphStore.from_files([Path(built.out_dir) / "xjftz.ttl"])


CODING_COLUMNS = (
    "provision", "measure", "action", "action_label_zh", "action_label_en", "strength",
    "instrument", "instrument_label_en", "instrument_type", "instrument_type_label_en",
    "start", "end", "by",
)  # fmt: skip
DELEGATION_COLUMNS = (
    "provision", "from", "from_label_en", "to", "to_label_en", "what_zh", "start", "end",
)  # fmt: skip


def test_provision_codings_contract(built_store) -> None:
    one = run_select(built_store, "provision-codings", {"measure": "12"})
    assert one.variables[: len(CODING_COLUMNS)] == CODING_COLUMNS
    rows = [dict(zip(one.variables, r, strict=True)) for r in one.rows]
    assert {int(r["measure"]) for r in rows} == {12}
    simplify = [r for r in rows if r["action"] == ID["action/simplify"]]
    assert [(str(r["provision"]), int(r["start"]), int(r["end"])) for r in simplify] == [
        ("https://w3id.org/xjftz/id/provision/measure-12-4", 92, 94)
    ]
    assert int(simplify[0]["strength"]) == 6 and str(simplify[0]["by"]) == "rule"
    types = {str(r["instrument_type"]) for r in rows if r["instrument"] is not None}
    assert types <= {str(ID[f"instrument/{t}"]) for t in ("supply", "environment", "demand")}
    everything = run_select(built_store, "provision-codings")
    # The parameter is optional: left out, or empty as a blank form field sends it, all measures.
    assert run_select(built_store, "provision-codings", {"measure": ""}).rows == everything.rows
    assert {int(r[1]) for r in everything.rows} == set(range(1, 26))
    assert {str(r[12]) for r in everything.rows} == {"rule", "curated"}


def test_delegations_contract(built_store) -> None:
    result = run_select(built_store, "delegations")
    assert result.variables[: len(DELEGATION_COLUMNS)] == DELEGATION_COLUMNS
    rows = [dict(zip(result.variables, r, strict=True)) for r in result.rows]
    seeds = [r for r in rows if str(r["provision"]).endswith("/measure-1-6")]
    assert [(r["from"], str(r["to_label_en"]), str(r["what_zh"])) for r in seeds] == [
        (
            None,
            "provincial-level agriculture and rural affairs department of Xinjiang",
            "农作物种子进出口企业的种子生产经营许可证核发权限",
        )
    ]
    assert {str(r["from"]) for r in rows if r["from"] is not None} == {
        AGENCY + "xinjiang-uygur-autonomous-region",
        AGENCY + "xpcc",
    }


# ---- the site: chips, facets, heat map, schemes (on the published graph) -------------------


def test_measure_page_shows_chips_with_the_verb_marked(site) -> None:
    html = site.get("/id/measure/12?lang=en").get_data(as_text=True)
    marked = html[html.index('<mark class="verb" title="Simplify or relax · 6">') :]
    verb = re.sub(r"<[^>]+>", "", marked[: marked.index("</mark>")])  # a mention may wrap it
    assert verb == "改为"
    assert 'class="chip chip-action" href="/id/action/simplify"' in html
    assert 'class="chip chip-instrument" href="/id/instrument/regulation"' in html


def test_a_coded_sentence_keeps_its_mention_and_trigger_marks_in_chinese(site) -> None:
    """The verb mark wraps the mention and trigger markup of the sentence, it does not replace
    it: the kind colours and topic triggers stay in the Chinese of a sentence with chips."""
    html = site.get("/id/measure/12?lang=en").get_data(as_text=True)
    chinese = re.findall(r'<p class="zh" lang="zh-Hans">(.*?)</p>', html, re.S)
    simplify = '<mark class="verb" title="Simplify or relax · 6">'
    sentence = next(p for p in chinese if simplify in p)
    verb = sentence[sentence.index(simplify) :]
    verb = verb[: verb.index("</mark>")]
    # 改为 lies inside the mention 事前审批改为事后报告: the link is kept, inside the verb mark.
    assert 'class="mention k-regime has-trigger"' in verb
    assert 'href="/id/regime/prior-approval-to-reporting"' in verb
    assert re.sub(r"<[^>]+>", "", verb) == "改为"
    assert re.sub(r"<[^>]+>", "", sentence).endswith("由事前审批改为事后报告。")
    encourage = next(p for p in chinese if '<mark class="verb" title="Encourage or support' in p)
    assert '<mark class="trigger" title="Finance">金融机构</mark>' in encourage
    assert 'class="mention k-' in encourage


def test_explorer_filters_by_instrument_and_action(site, published_store) -> None:
    html = site.get("/measures?instrument=outsourcing&lang=en").get_data(as_text=True)
    rows = run_select(
        published_store, "provisions-by-instrument", {"instrument": ID["instrument/outsourcing"]}
    )
    numbers = {int(r[1]) for r in rows.rows if r[1] is not None}
    assert numbers == {20}  # 委托符合条件的高校承担…培养任务
    assert 'href="/id/measure/20"' in html and 'href="/id/measure/19"' not in html
    facets = site.get("/measures?lang=en").get_data(as_text=True)
    assert "Permit, authorise or delegate · 7" in facets
    assert site.get("/measures?action=no-such-action").status_code == 400


def test_heat_map_of_measures_and_instruments(site) -> None:
    html = site.get("/matrix?lang=en").get_data(as_text=True)
    table = html[html.index('id="measure-instrument"') :]
    assert 'href="/measures?measure=20&amp;instrument=outsourcing"' in table


def test_ontology_page_documents_the_schemes(site) -> None:
    html = site.get("/ontology?lang=zh").get_data(as_text=True)
    section = html[html.index('id="scheme-actions"') :]
    assert section.index("/id/action/permit") < section.index("/id/action/study")  # strongest first
    assert 'href="/id/instrument/outsourcing"' in html and "需求型政策工具" in html


def test_provisions_by_action_takes_an_optional_action(built_store) -> None:
    explore = run_select(
        built_store,
        "provisions-by-action",
        {"min_strength": "1", "action": str(ID["action/explore"])},
    )
    verbs = {str(r[explore.variables.index("verb")]) for r in explore.rows}
    assert verbs <= {"探索", "试点", "先行先试"}
    assert "先行先试" in verbs  # the curated one (measure 8)
    strong = run_select(built_store, "provisions-by-action", {"min_strength": "7"})
    strengths = {int(r[strong.variables.index("strength")]) for r in strong.rows}
    assert strengths == {7}
