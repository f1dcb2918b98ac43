"""Topics with evidence (issue 15, point 4): excluding contexts, the rule for a measure's topics
on hand-read cases, and every provision of the measures with a topic.

The expectations below were read off the plan's text by hand, sentence by sentence; they are
not produced by the build.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from graph.evidence import measure_topics
from graph.exclusions import LABEL, load_exclusions
from graph.link import link_document, link_text, topics_for
from ontology.errors import InputFileError
from ontology.namespaces import ID

SOURCES = Path(__file__).resolve().parents[1] / "graph/sources"
PLAN = SOURCES / "xinjiang-ftz-master-plan-2023.zh.md"
EXCLUSIONS = SOURCES / "exclusions.tsv"


@pytest.fixture(scope="module")
def exclusions(doc):
    return load_exclusions(EXCLUSIONS, [s.text for s in doc.sentences])


@pytest.fixture(scope="module")
def links(doc, lexicon, exclusions):
    return link_document(doc.sentences, lexicon, exclusions)


def topics_of_measure(doc, links, n: int) -> set[str]:
    return {
        str(t).removeprefix(str(ID) + "topic/")
        for t in measure_topics([links[s.id] for s in doc.measure(n).sentences])
    }


def provision_topics(links, pid: str) -> set[str]:
    return {str(h.topic).removeprefix(str(ID) + "topic/") for h in links[pid].topics}


def exclusion_rows() -> list[list[str]]:
    lines = [x for x in EXCLUSIONS.read_text("utf-8").splitlines() if x and x[0] != "#"]
    return list(csv.reader(lines[1:], delimiter="\t"))


def label_spans(found, term: str) -> set[tuple[int, int]]:
    return {(m.start, m.end) for m in found if m.form == term}


def trigger_places(hits, topic, term: str) -> set[int]:
    return {t.start for h in hits if h.topic == topic for t in h.triggers if t.term == term}


@pytest.mark.parametrize("row", exclusion_rows(), ids=lambda r: f"{r[1]} in {r[2]}")
def test_every_exclusion_context_takes_its_term_out(row, doc, lexicon, exclusions) -> None:
    """Where the context occurs, the term inside it no longer counts; the same text without
    the exclusions shows that it would have counted (so the row is not idle)."""
    key, term, context, _why = row
    sentences = [s for s in doc.sentences if context in s.text]
    assert sentences, f"“{context}” does not occur in the plan"
    for s in sentences:
        at = s.text.index(context) + context.index(term)
        if key == LABEL:
            assert (at, at + len(term)) in label_spans(link_text(s.text, lexicon), term)
            after = link_text(s.text, lexicon, exclusions)
            assert (at, at + len(term)) not in label_spans(after, term)
        else:
            topic = ID[key]
            assert at in trigger_places(topics_for(s.text, lexicon.topics), topic, term)
            after = topics_for(s.text, lexicon.topics, exclusions)
            assert at not in trigger_places(after, topic, term)


def test_the_cases_of_the_issue_are_gone(doc, links) -> None:
    """The eight measure-level tags a careful reader rejected (issue 15)."""
    assert "transport_infrastructure" not in topics_of_measure(doc, links, 6)  # 绿色通道
    assert "manufacturing" not in topics_of_measure(doc, links, 6)  # 大麦加工为饲用芽苗
    assert "trade_facilitation" not in topics_of_measure(doc, links, 1)  # 种子进出口企业
    assert "transport_infrastructure" not in topics_of_measure(doc, links, 7)  # repaired goods
    assert "transport_infrastructure" not in provision_topics(links, "measure-10-5")
    assert "transport_infrastructure" not in provision_topics(links, "measure-11-2")
    assert "investment" not in topics_of_measure(doc, links, 25)  # talent perks
    assert "trade_facilitation" not in provision_topics(links, "measure-25-2")


@pytest.mark.parametrize(
    ("n", "has", "has_not"),
    [
        # title 坚持生态优先和低碳发展; 科技含量高 is a word in passing
        (3, {"ecology_environment"}, {"science_technology"}),
        # 农业、能源、医药健康 listed once as fields of joint laboratories
        (2, {"science_technology"}, {"agriculture_food", "healthcare_medicine", "talent"}),
        # outbound investment in fields named once each
        (5, {"investment"}, {"agriculture_food", "energy", "healthcare_medicine"}),
        # 组展招商 at a fair is not investment policy
        (8, {"trade_facilitation", "agriculture_food"}, {"investment"}),
        # 17-4 is about finance and nothing else
        (17, {"logistics", "transport_infrastructure", "finance"}, set()),
        # machinery for farms and NEV parts are manufacturing
        (10, {"manufacturing", "healthcare_medicine"}, {"agriculture_food", "energy"}),
        # 信息互换、监管互认、执法互助 among China's own port agencies
        (18, {"customs_inspection", "logistics"}, {"international_cooperation", "energy"}),
        (19, {"international_cooperation", "entry_exit", "trade_facilitation"}, set()),
        (1, {"administrative_reform", "legal_services"}, {"talent", "trade_facilitation"}),
        (25, {"talent", "entry_exit"}, {"investment", "trade_facilitation"}),
    ],
)
def test_measure_topics_on_hand_read_cases(doc, links, n, has, has_not) -> None:
    got = topics_of_measure(doc, links, n)
    assert has <= got, (n, got)
    assert not has_not & got, (n, got)


def test_every_measure_provision_has_a_topic(doc, links) -> None:
    """No provision of the measures is left without a topic (issue 15, point 4)."""
    untagged = [
        s.id for s in doc.sentences if s.id.startswith("measure-") and not links[s.id].topics
    ]
    assert untagged == []


def test_triggers_quote_their_provision(doc, links) -> None:
    texts = {s.id: s.text for s in doc.sentences}
    for pid, pl in links.items():
        for hit in pl.topics:
            assert all(texts[pid][t.start : t.end] == t.term for t in hit.triggers)


def test_a_bad_exclusion_names_file_and_line(tmp_path, doc) -> None:
    bad = tmp_path / "exclusions.tsv"
    bad.write_text(
        "applies_to\tterm\tcontext\twhy\ntopic/energy\t能源\t火星能源\tnowhere\n", "utf-8"
    )
    with pytest.raises(InputFileError) as err:
        load_exclusions(bad, [s.text for s in doc.sentences])
    assert err.value.line == 2 and "does not occur in the plan" in str(err.value)
    bad.write_text(
        "applies_to\tterm\tcontext\twhy\ntopic/energy\t能源\t石油化工\tnot inside\n", "utf-8"
    )
    with pytest.raises(InputFileError, match="does not contain"):
        load_exclusions(bad, [s.text for s in doc.sentences])
