"""Stage 1: the plan's structure and provisions, read from the source text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.parse import SourceError, parse, parse_text

SOURCE = Path(__file__).resolve().parents[1] / "graph/sources/xinjiang-ftz-master-plan-2023.zh.md"


def expected_body() -> str:
    """The plan body derived without graph.parse: the source from the bold title on, minus
    heading lines and measure number labels, whitespace removed."""
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    title = next(i for i, line in enumerate(lines) if line.startswith("**中国（新疆）"))
    kept = []
    for line in lines[title + 1 :]:
        if re.fullmatch(r"\*\*.*\*\*\s*", line):  # part headings 一、…四、
            continue
        if re.fullmatch(r"（[一二三四五六七八九十]+）[^。]*", line.strip()):  # section headings
            continue
        kept.append(re.sub(r"^\d+\.", "", line))  # measure labels "16."
    return re.sub(r"\s+", "", "".join(kept))


def test_counts(doc) -> None:
    assert len(doc.parts) == 4
    assert [p.numeral for p in doc.parts] == ["一", "二", "三", "四"]
    assert len(doc.task_groups) == 8
    assert [tg.ordinal for tg in doc.task_groups] == list(range(1, 9))
    assert len(doc.measures) == 25
    assert [m.number for m in doc.measures] == list(range(1, 26))
    assert [len(p.sections) for p in doc.parts] == [2, 2, 8, 0]


def test_titles(doc) -> None:
    assert doc.title.text == "中国（新疆）自由贸易试验区总体方案"
    assert doc.measure(16).title == "构建现代综合交通枢纽体系"
    assert doc.measure(1).title == "打造一流营商环境"
    assert doc.task_groups[5].title == "建设联通欧亚的综合物流枢纽"
    assert doc.parts[3].title == "保障机制"


def test_offsets_round_trip(doc) -> None:
    text = SOURCE.read_text(encoding="utf-8")
    for s in doc.sentences:
        assert text[s.start : s.end] == s.text, s.id
        assert text.count("\n", 0, s.start) + 1 == s.line, s.id
    for h in [doc.title] + [p.heading for p in doc.parts] + [s.heading for s in doc.sections]:
        assert text[h.start : h.end] == h.text


def test_provisions_reproduce_the_body(doc) -> None:
    assert re.sub(r"\s+", "", "".join(s.text for s in doc.sentences)) == expected_body()


def test_sequence_and_numbering(doc) -> None:
    assert [s.sequence for s in doc.sentences] == list(range(1, len(doc.sentences) + 1))
    m16 = doc.measure(16)
    assert [s.id for s in m16.sentences][:3] == ["measure-16-1", "measure-16-2", "measure-16-3"]
    assert m16.sentences[0].text == "构建现代综合交通枢纽体系。"
    assert all(s.text[-1] in "。！？”" for s in doc.sentences)


def test_news_header_is_not_part_of_the_plan(doc) -> None:
    first = doc.sentences[0]
    assert first.id == "preamble-1"
    assert first.start > doc.text.index("**中国（新疆）自由贸易试验区总体方案**")
    assert not any("划重点" in s.text or "据中国政府网消息" in s.text for s in doc.sentences)


def test_empty_source(tmp_path: Path) -> None:
    path = tmp_path / "plan.zh.md"
    path.write_bytes(b"  \n")
    with pytest.raises(SourceError, match="empty"):
        parse(path)


def test_non_utf8_source(tmp_path: Path) -> None:
    path = tmp_path / "plan.zh.md"
    path.write_bytes(SOURCE.read_text(encoding="utf-8").encode("gb18030"))
    with pytest.raises(SourceError, match="not UTF-8") as err:
        parse(path)
    assert str(path) in str(err.value)


def test_truncated_source(tmp_path: Path) -> None:
    text = SOURCE.read_text(encoding="utf-8")
    cut = text.index("推动建设乌鲁木齐临空经济区") + 8  # mid-sentence in measure 16
    path = tmp_path / "plan.zh.md"
    path.write_text(text[:cut], encoding="utf-8")
    with pytest.raises(SourceError, match="truncated") as err:
        parse(path)
    assert f"{path}:86" in str(err.value)


def test_source_without_title() -> None:
    with pytest.raises(SourceError, match="bold title"):
        parse_text("据中国政府网消息，国务院印发方案。\n")


def test_source_cut_after_the_title() -> None:
    with pytest.raises(SourceError, match="no parts"):
        parse_text("**中国（新疆）自由贸易试验区总体方案**\n\n建立自贸试验区。\n")
