"""Stage 2: the vocabularies as a lexicon, entity linking and topics.

Unit tests on small inline vocabularies, then hand-checked links of the real doc.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from graph.link import link_document, link_spans, link_text, regions_involved, topics_for
from graph.vocab import GEOGRAPHY, OTHER, VocabularyError, build_lexicon, load_lexicon
from ontology.errors import InputFileError
from ontology.load import vocabulary_files
from ontology.namespaces import ID

SOURCE = Path(__file__).resolve().parents[1] / "graph/sources/xinjiang-ftz-master-plan-2023.zh.md"
PREFIXES = """
@prefix xjo: <https://w3id.org/xjftz/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix country: <https://w3id.org/xjftz/id/country/> .
@prefix region: <https://w3id.org/xjftz/id/region/> .
@prefix organization: <https://w3id.org/xjftz/id/organization/> .
@prefix event: <https://w3id.org/xjftz/id/event/> .
@prefix mechanism: <https://w3id.org/xjftz/id/mechanism/> .
@prefix place: <https://w3id.org/xjftz/id/place/> .
@prefix zone: <https://w3id.org/xjftz/id/zone/> .
@prefix topic: <https://w3id.org/xjftz/id/topic/> .
"""
MINI = (
    PREFIXES
    + """
country:KZ a xjo:Country ; skos:prefLabel "哈萨克斯坦"@zh ; skos:hiddenLabel "中哈"@zh ;
    xjo:inRegion region:143 .
country:KG a xjo:Country ; skos:hiddenLabel "中吉乌"@zh ; xjo:inRegion region:143 .
country:UZ a xjo:Country ; skos:hiddenLabel "中吉乌"@zh ; xjo:inRegion region:143 .
region:143 a xjo:Region ; skos:prefLabel "中亚"@zh ; skos:altLabel "中亚五国"@zh .
organization:horgos a xjo:Organization ; skos:prefLabel "中哈霍尔果斯国际边境合作中心"@zh ;
    skos:hiddenLabel "合作中心"@zh .
mechanism:c5 a xjo:Mechanism ; skos:altLabel "中国—中亚五国"@zh .
event:ciftis a xjo:Event ; skos:prefLabel "中国国际服务贸易交易会"@zh .
event:trade a xjo:Event ; skos:prefLabel "服务贸易"@zh .
place:urumqi a xjo:Place ; skos:prefLabel "乌鲁木齐"@zh .
zone:urumqi a xjo:Zone ; skos:prefLabel "乌鲁木齐片区"@zh .
topic:logistics a xjo:Topic ; xjo:triggerTerm "物流"@zh, "班列"@zh .
topic:finance a xjo:Topic ; xjo:triggerTerm "金融"@zh .
"""
)


def lexicon_of(*turtle: str):
    return build_lexicon((f"inline-{i}.ttl", Graph().parse(data=t)) for i, t in enumerate(turtle))


def linked(text: str, lexicon) -> list[tuple[str, str, int]]:
    return [
        (m.form, str(m.entity).removeprefix(str(ID)), m.layer) for m in link_text(text, lexicon)
    ]


@pytest.fixture(scope="module")
def mini():
    return lexicon_of(MINI)


def in_names(text: str, lexicon) -> list[tuple[str, str, str]]:
    return [
        (n.part.form, str(n.part.entity).removeprefix(str(ID)), n.inside.form)
        for n in link_spans(text, lexicon)[1]
    ]


def test_a_match_inside_a_longer_name_is_not_a_mention(mini) -> None:
    """The layers match independently, but 中哈 inside the centre's name names the centre: the
    text does not mention Kazakhstan there, the build infers it (issue 15, point 3)."""
    text = "依托中哈霍尔果斯国际边境合作中心"
    assert linked(text, mini) == [("中哈霍尔果斯国际边境合作中心", "organization/horgos", OTHER)]
    assert in_names(text, mini) == [("中哈", "country/KZ", "中哈霍尔果斯国际边境合作中心")]
    text = "“中国—中亚五国”相关合作机制，中亚五国"
    assert linked(text, mini) == [
        ("中国—中亚五国", "mechanism/c5", OTHER),
        ("中亚五国", "region/143", GEOGRAPHY),
    ]
    assert in_names(text, mini) == [("中亚五国", "region/143", "中国—中亚五国")]


def test_names_of_places_are_not_searched_for_parts(mini) -> None:
    assert in_names("支持乌鲁木齐片区建设", mini) == []


def test_longest_match_wins_within_a_layer(mini) -> None:
    assert linked("中国国际服务贸易交易会", mini) == [
        ("中国国际服务贸易交易会", "event/ciftis", OTHER)
    ]
    assert linked("支持乌鲁木齐片区与中亚国家", mini) == [
        ("乌鲁木齐片区", "zone/urumqi", OTHER),
        ("中亚", "region/143", GEOGRAPHY),
    ]
    assert linked("支持乌鲁木齐建设", mini) == [("乌鲁木齐", "place/urumqi", OTHER)]


def test_offsets_are_relative_to_the_text(mini) -> None:
    text = "不断完善合作中心三级联动机制。优化合作中心出入境通行证办理程序。"
    matches = link_text(text, mini)
    assert [(m.start, m.end) for m in matches] == [(4, 8), (17, 21)]
    assert all(text[m.start : m.end] == m.form for m in matches)


def test_joint_abbreviation_names_every_partner(mini) -> None:
    matches = link_text("支持发展中吉乌公铁联运", mini)
    assert {str(m.entity).removeprefix(str(ID)) for m in matches} == {"country/KG", "country/UZ"}
    assert {(m.start, m.end) for m in matches} == {(4, 7)}
    assert regions_involved([m.entity for m in matches], mini) == {ID["region/143"]}


def test_topics_come_from_trigger_terms(mini) -> None:
    hits = topics_for("加强中欧班列集结中心建设，完善物流金融服务", mini.topics)
    assert {(str(h.topic).removeprefix(str(ID)), h.terms) for h in hits} == {
        ("topic/finance", ("金融",)),
        ("topic/logistics", ("物流", "班列")),
    }
    assert topics_for("坚持稳中求进工作总基调", mini.topics) == []


def test_regions_above_are_followed_transitively() -> None:
    """xjo:inRegion is transitive: a country counts for its region and every region above it."""
    lexicon = lexicon_of(
        PREFIXES
        + """
country:KZ a xjo:Country ; skos:hiddenLabel "中哈"@zh ; xjo:inRegion region:143 .
region:143 a xjo:Region ; skos:prefLabel "中亚"@zh ; xjo:inRegion region:142 .
region:142 a xjo:Region ; skos:prefLabel "亚洲"@zh ; xjo:inRegion region:eurasia .
region:eurasia a xjo:Region ; skos:prefLabel "亚欧"@zh .
"""
    )
    short = {k.rsplit("/", 1)[1]: sorted(v.rsplit("/", 1)[1] for v in vs)
             for k, vs in lexicon.regions.items()}  # fmt: skip
    assert short == {"KZ": ["142", "143", "eurasia"], "143": ["142", "eurasia"], "142": ["eurasia"]}


def test_conflicting_surface_forms_name_both(tmp_path: Path) -> None:
    a = tmp_path / "a.ttl"
    b = tmp_path / "b.ttl"
    a.write_text(PREFIXES + 'place:x a xjo:Place ;\n    skos:prefLabel "新疆"@zh .\n', "utf-8")
    b.write_text(PREFIXES + '\nplace:y a xjo:Place ;\n    skos:altLabel "新疆"@zh .\n', "utf-8")
    with pytest.raises(VocabularyError) as err:
        load_lexicon([a, b])
    message = str(err.value)
    assert "新疆" in message and "place/x" in message and "place/y" in message
    assert f"{a}:13" in message and f"{b}:14" in message


def test_same_form_in_different_layers_is_allowed() -> None:
    lex = lexicon_of(
        PREFIXES
        + 'region:x a xjo:Region ; skos:prefLabel "亚欧"@zh .\n'
        + 'event:x a xjo:Event ; skos:altLabel "亚欧"@zh .\n'
    )
    assert len(link_text("亚欧", lex)) == 2


def test_shared_label_outside_joint_abbreviations_is_an_error() -> None:
    with pytest.raises(VocabularyError, match="two entities"):
        lexicon_of(
            PREFIXES
            + 'region:a a xjo:Region ; skos:hiddenLabel "中欧"@zh .\n'
            + 'region:b a xjo:Region ; skos:hiddenLabel "中欧"@zh .\n'
        )


def test_malformed_vocabulary_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "countries.ttl"
    bad.write_text(
        PREFIXES + 'country:KZ a xjo:Country ;\n    skos:prefLabel "哈萨克斯坦"@zh\n.. .\n'
    )
    with pytest.raises(InputFileError) as err:
        load_lexicon([bad])
    assert err.value.path == str(bad)
    assert err.value.line is not None and err.value.line >= 13


# --- the real plan and vocabularies ---------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    return load_lexicon(vocabulary_files())


@pytest.fixture(scope="module")
def links(doc, real):
    return link_document(doc.sentences, real)


def short(iri) -> str:
    return str(iri).removeprefix(str(ID))


def measure_entities(doc, links, n: int) -> set[str]:
    return {
        str(m.entity).removeprefix(str(ID))
        for s in doc.measure(n).sentences
        for m in links[s.id].matches
    }


def test_measure_6_horgos_centre_and_kazakhstan_in_its_name(doc, links) -> None:
    sentence = next(s for s in doc.measure(6).sentences if "中哈霍尔果斯" in s.text)
    got = {(m.form, str(m.entity).removeprefix(str(ID))) for m in links[sentence.id].matches}
    assert ("中哈霍尔果斯国际边境合作中心", "organization/horgos-border-cooperation-center") in got
    # The abbreviation defined in that sentence, 合作中心, names the centre too.
    assert ("合作中心", "organization/horgos-border-cooperation-center") in got
    assert not any(e == "country/KZ" for _, e in got)  # only inside the centre's name
    start = sentence.text.index("中哈")
    (kz,) = [n for n in links[sentence.id].in_name if n.part.form == "中哈"]
    assert (kz.part.start, kz.part.end, kz.inside.form) == (
        start,
        start + 2,
        "中哈霍尔果斯国际边境合作中心",
    )


def test_measure_16_abbreviated_partners(doc, links, real) -> None:
    got = measure_entities(doc, links, 16)
    assert {"country/KG", "country/UZ", "country/PK"} <= got
    assert "country/KZ" not in got
    regions = regions_involved([ID[e] for e in got], real)
    assert ID["region/143"] in regions  # Kyrgyzstan and Uzbekistan are in Central Asia
    assert ID["region/034"] in regions  # Pakistan is in South Asia, which 16 does not name
    assert "region/034" not in got


def test_measure_19_organisations_and_mechanisms(doc, links) -> None:
    got = measure_entities(doc, links, 19)
    assert {
        "organization/sco",
        "organization/carec",
        "mechanism/china-central-asia-mechanism",
        "event/china-eurasia-expo",
        "organization/horgos-border-cooperation-center",
        "region/143",
    } <= got


def test_negative_checks(doc, links) -> None:
    assert not {
        e for e in measure_entities(doc, links, 15) if e.startswith(("country/", "region/"))
    }
    fair = next(s for s in doc.measure(8).sentences if "中国国际服务贸易交易会" in s.text)
    start = fair.text.index("中国国际服务贸易交易会")
    inside = [m for m in links[fair.id].matches if m.start < start + 11 and m.end > start]
    assert [short(m.entity) for m in inside] == ["event/ciftis"]
    m11 = measure_entities(doc, links, 11)
    assert "zone/urumqi" in m11 and "place/urumqi" not in m11
    m1 = measure_entities(doc, links, 1)
    assert "place/urumqi" in m1 and "zone/urumqi" not in m1
    every = {m.entity for pl in links.values() for m in pl.matches}
    assert ID["ftz/xinjiang"] not in every  # the FTZ itself is not linked


def test_every_match_quotes_its_provision(doc, links) -> None:
    texts = {s.id: s.text for s in doc.sentences}
    for pid, pl in links.items():
        for m in pl.matches:
            assert texts[pid][m.start : m.end] == m.form
