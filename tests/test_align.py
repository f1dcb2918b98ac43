"""The English words of each mention and topic trigger, on the plan's real sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import SKOS

from graph.align import RENDERINGS, ZhSpan, align, find_rendering, read_tsv, renderings_of
from graph.exclusions import load_exclusions
from graph.link import link_document
from graph.parse import parse
from graph.translation import load_translations
from graph.vocab import Lexicon, load_lexicon

SOURCES = Path("graph/sources")


@pytest.fixture(scope="module")
def plan() -> tuple[list, dict[str, str], Lexicon, dict]:
    doc = parse(SOURCES / "xinjiang-ftz-master-plan-2023.zh.md")
    english = load_translations(SOURCES / "translation.en.tsv", doc)
    lexicon = load_lexicon()
    # The build's exclusions too (合资 is not matched inside 符合资质): the mentions published.
    exclusions = load_exclusions(SOURCES / "exclusions.tsv", [s.text for s in doc.sentences])
    return doc.sentences, english, lexicon, link_document(doc.sentences, lexicon, exclusions)


def _english_labels(lexicon: Lexicon, entity) -> list[str]:
    return [
        str(label)
        for p in (SKOS.prefLabel, SKOS.altLabel)
        for label in lexicon.graph.objects(entity, p)
        if isinstance(label, Literal) and label.language == "en"
    ]


def _spans(sentence, links, lexicon) -> tuple[list[ZhSpan], list[ZhSpan]]:
    mentions = [
        ZhSpan(m.start, m.end, renderings_of(m.form, _english_labels(lexicon, m.entity)))
        for m in links.matches
    ]
    triggers = []
    for term in sorted({t for hit in links.topics for t in hit.terms}):
        at = sentence.text.find(term)
        while at >= 0:
            triggers.append(ZhSpan(at, at + len(term), renderings_of(term)))
            at = sentence.text.find(term, at + 1)
    return mentions, triggers


def _aligned(plan, pid: str) -> dict[str, list[str]]:
    sentences, english, lexicon, links = plan
    sentence = next(s for s in sentences if s.id == pid)
    mentions, triggers = _spans(sentence, links[pid], lexicon)
    spans = mentions + triggers
    out: dict[str, list[str]] = {}
    for span, hit in zip(spans, align(sentence.text, english[pid], spans), strict=True):
        words = english[pid][hit[0] : hit[1]] if hit else None
        out.setdefault(sentence.text[span.start : span.end], []).append(words)
    return out


def test_the_mentions_and_triggers_of_the_plan_find_their_english_words(plan) -> None:
    """Measured on the whole plan, with the build's exclusions: every mention (491) and every
    trigger occurrence (628) finds its English words; when the schemes of issue 15 landed
    (commodities, trade modes, regimes…), before their words had renderings, 424 and 586 did."""
    sentences, english, lexicon, links = plan
    counts = {"mention": [0, 0], "trigger": [0, 0]}
    for sentence in sentences:
        mentions, triggers = _spans(sentence, links[sentence.id], lexicon)
        spans = mentions + triggers
        hits = align(sentence.text, english[sentence.id], spans)
        for i, hit in enumerate(hits):
            kind = "mention" if i < len(mentions) else "trigger"
            counts[kind][0] += 1
            counts[kind][1] += hit is not None
    assert counts["mention"][0] > 400 and counts["trigger"][0] > 600
    assert counts["mention"][1] == counts["mention"][0], counts
    assert counts["trigger"][1] == counts["trigger"][0], counts


def test_real_sentences_are_aligned_word_for_word(plan) -> None:
    got = _aligned(plan, "measure-6-7")
    assert got["中哈霍尔果斯国际边境合作中心"] == [
        "China–Kazakhstan Horgos International Border Cooperation Center"
    ]
    assert set(got["农产品"]) == {"agricultural products"}  # a commodity and a trigger
    assert _aligned(plan, "measure-16-7")["中巴"] == ["China–Pakistan"]
    assert set(got["检测"]) == {"testing"}
    got = _aligned(plan, "measure-16-3")
    # 物流枢纽 twice in the Chinese, “logistics hub” twice in the English: in order.
    assert got["乌鲁木齐"] == ["Urumqi"]
    assert got["空港"] == ["airport"]
    got = _aligned(plan, "section-2-2-1")
    assert got["纺织服装业"] == ["textiles and garments"]  # not the shorter label inside it
    assert got["制造"] == ["manufacturing"]  # a stem extended to the end of its word
    assert got["科技"] == ["science, technology"]


def test_repeated_words_go_to_the_matching_occurrence(plan) -> None:
    sentences, english, _lexicon, _links = plan
    sentence = next(s for s in sentences if s.id == "measure-16-3")
    zh, en = sentence.text, english["measure-16-3"]
    first = zh.find("物流枢纽")
    second = zh.find("物流枢纽", first + 1)
    assert second > first >= 0
    spans = [ZhSpan(p, p + 4, renderings_of("物流枢纽")) for p in (second, first)]
    late, early = align(zh, en, spans)
    assert early is not None and late is not None and early[0] < late[0]
    assert en[early[0] : early[1]] == en[late[0] : late[1]] == "logistics hub"


def test_a_rendering_matches_only_at_the_start_of_a_word() -> None:
    assert find_rendering("ecological, not economic", "ecolog") == [(0, 10)]
    assert find_rendering("support the transport port", "port") == [(22, 26)]
    assert find_rendering("Manufacturing", "manufactur") == [(0, 13)]
    assert align("没有", "nothing here", [ZhSpan(0, 2, ("absent",))]) == [None]


def test_every_row_of_the_renderings_table_is_used_by_the_plan(plan) -> None:
    sentences, english, lexicon, _links = plan
    triggers = {t for terms in lexicon.topics.values() for t in terms}
    for zh, en, _note in read_tsv(RENDERINGS):
        uses = [s for s in sentences if zh in s.text]
        assert uses, f"{zh} does not occur in the plan"
        forms = {*triggers, *(f for layer in lexicon.forms.values() for f in layer)}
        assert zh in forms, f"{zh} is neither a trigger term nor a surface form"
        renderings = [r.strip() for r in en.split(" | ")]
        assert any(find_rendering(english[s.id], r) for s in uses for r in renderings), zh
