"""The English translation: complete, aligned with the Chinese, consistent with the glossary."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF
from rdflib.namespace import SKOS

from graph.exclusions import load_exclusions
from graph.parse import PlanDocument, parse
from graph.translation import (
    GlossaryEntry,
    TranslationError,
    glossary_violations,
    load_glossary,
    load_translations,
    source_texts,
)
from ontology.errors import InputFileError
from ontology.load import load_turtle, vocabulary_files
from ontology.namespaces import XJO

SOURCES = Path("graph/sources")
SOURCE = SOURCES / "xinjiang-ftz-master-plan-2023.zh.md"
TRANSLATION = SOURCES / "translation.en.tsv"
GLOSSARY = SOURCES / "glossary.tsv"
HEADINGS = 17  # plan title, 4 parts, 4 sections of parts 1–2, 8 task groups
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


@pytest.fixture(scope="module")
def chinese(doc: PlanDocument) -> dict[str, str]:
    return source_texts(doc)


@pytest.fixture(scope="module")
def english(doc: PlanDocument) -> dict[str, str]:
    return load_translations(TRANSLATION, doc)


@pytest.fixture(scope="module")
def glossary() -> list[GlossaryEntry]:
    return load_glossary(GLOSSARY)


def data_lines() -> list[str]:
    return TRANSLATION.read_text(encoding="utf-8").splitlines()[1:]


def tmp_translation(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "translation.en.tsv"
    path.write_text("id\tzh\ten\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def line_of(uid: str) -> int:
    """The file line (1-based, header is line 1) of a unit's row."""
    return next(i for i, line in enumerate(data_lines(), start=2) if line.split("\t")[0] == uid)


# --- completeness and alignment ------------------------------------------------------------


def test_every_provision_and_heading_has_exactly_one_row(doc: PlanDocument) -> None:
    ids = [line.split("\t")[0] for line in data_lines() if line.strip()]
    counts = Counter(ids)
    assert [uid for uid, n in counts.items() if n > 1] == []
    assert len(doc.sentences) == 175
    assert set(ids) == {s.id for s in doc.sentences} | {
        "plan",
        *(p.id for p in doc.parts),
        *(s.id for s in doc.sections),
    }
    assert len(ids) == 175 + HEADINGS


def test_rows_are_in_document_order(chinese: dict[str, str]) -> None:
    ids = [line.split("\t")[0] for line in data_lines() if line.strip()]
    assert ids == list(chinese)


def test_the_loader_gives_every_unit_its_english(
    chinese: dict[str, str], english: dict[str, str]
) -> None:
    assert list(english) == list(chinese)
    assert all(text.strip() == text and text for text in english.values())


def test_headings_are_the_heading_words(doc: PlanDocument, chinese: dict[str, str]) -> None:
    assert chinese["plan"] == "中国（新疆）自由贸易试验区总体方案"
    assert chinese["section-2-2"] == "功能划分"
    assert chinese["task-group-8"] == "深化人才发展体制机制改革"
    assert chinese["part-4"] == "保障机制"


# --- the loader's errors -------------------------------------------------------------------


def test_a_missing_row_names_the_provision(tmp_path: Path, doc: PlanDocument) -> None:
    lines = [line for line in data_lines() if not line.startswith("measure-16-3\t")]
    with pytest.raises(TranslationError, match=r"missing translation for measure-16-3$"):
        load_translations(tmp_translation(tmp_path, lines), doc)


def test_a_missing_heading_row_names_the_heading(tmp_path: Path, doc: PlanDocument) -> None:
    lines = [line for line in data_lines() if not line.startswith("task-group-5\t")]
    with pytest.raises(TranslationError, match="missing translation for task-group-5"):
        load_translations(tmp_translation(tmp_path, lines), doc)


def test_an_orphaned_row_names_the_id_and_line(tmp_path: Path, doc: PlanDocument) -> None:
    lines = [*data_lines(), "measure-26-1\t建设示范区。\tBuild a demonstration zone."]
    n = len(lines) + 1
    with pytest.raises(
        TranslationError, match=rf"orphaned translation row 'measure-26-1' at line {n}"
    ):
        load_translations(tmp_translation(tmp_path, lines), doc)


def test_a_changed_chinese_sentence_fails(tmp_path: Path) -> None:
    source = tmp_path / SOURCE.name
    text = SOURCE.read_text(encoding="utf-8")
    assert text.count("丰富跨境电商、物流全程协同") == 1
    source.write_text(
        text.replace("丰富跨境电商、物流全程协同", "丰富跨境电子商务、物流全程协同"), "utf-8"
    )
    changed = parse(source)
    with pytest.raises(TranslationError) as err:
        load_translations(TRANSLATION, changed)
    assert "the Chinese of measure-6-2 changed since it was translated" in str(err.value)
    assert "跨境电子商务" in str(err.value)
    assert err.value.line == line_of("measure-6-2")
    assert f"{TRANSLATION}:{line_of('measure-6-2')}:" in str(err.value)


def test_an_edited_zh_column_fails(tmp_path: Path, doc: PlanDocument) -> None:
    lines = [
        line.replace("打造一流营商环境。", "打造一流营商环境", 1)
        if line.startswith("measure-1-1\t")
        else line
        for line in data_lines()
    ]
    with pytest.raises(TranslationError, match="the Chinese of measure-1-1 changed"):
        load_translations(tmp_translation(tmp_path, lines), doc)


def test_a_duplicate_row_fails(tmp_path: Path, doc: PlanDocument) -> None:
    row = next(line for line in data_lines() if line.startswith("measure-1-1\t"))
    lines = [*data_lines(), row]
    with pytest.raises(TranslationError) as err:
        load_translations(tmp_translation(tmp_path, lines), doc)
    assert f"duplicate translation of measure-1-1 (first at line {line_of('measure-1-1')})" in str(
        err.value
    )
    assert err.value.line == len(lines) + 1


def _blank_english(line: str) -> str:
    uid, zh, _ = line.split("\t")
    return f"{uid}\t{zh}\t  "


@pytest.mark.parametrize(
    "uid, edit, message",
    [
        ("measure-4-2", lambda line: line.rsplit("\t", 1)[0], "malformed line: expected 3"),
        ("part-4-10", lambda line: line + "\textra", "found 4"),
        ("section-2-1-1", _blank_english, "empty English text for section-2-1-1"),
    ],
    ids=["no-english-column", "extra-tab", "empty-english"],
)
def test_a_bad_row_fails_with_its_line_number(
    tmp_path: Path, doc: PlanDocument, uid: str, edit, message: str
) -> None:
    lines = data_lines()
    k = line_of(uid)
    lines[k - 2] = edit(lines[k - 2])
    with pytest.raises(TranslationError, match=message) as err:
        load_translations(tmp_translation(tmp_path, lines), doc)
    assert err.value.line == k


def test_a_wrong_header_fails(tmp_path: Path, doc: PlanDocument) -> None:
    path = tmp_path / "translation.en.tsv"
    path.write_text("pid\tzh\ten\n" + "\n".join(data_lines()) + "\n", encoding="utf-8")
    with pytest.raises(TranslationError, match="header must be id TAB zh TAB en") as err:
        load_translations(path, doc)
    assert err.value.line == 1


def test_errors_are_input_file_errors(tmp_path: Path, doc: PlanDocument) -> None:
    path = tmp_path / "translation.en.tsv"
    path.write_bytes(b"id\tzh\ten\nplan\t\xff\tx\n")
    with pytest.raises(InputFileError, match="not UTF-8"):
        load_translations(path, doc)
    assert issubclass(TranslationError, InputFileError)


# --- glossary ------------------------------------------------------------------------------


def test_the_glossary_is_substantial_and_every_term_occurs(
    glossary: list[GlossaryEntry], chinese: dict[str, str]
) -> None:
    assert len(glossary) >= 40
    unused = [e.zh for e in glossary if not any(e.zh in zh for zh in chinese.values())]
    assert unused == []


def test_variants_are_rare(glossary: list[GlossaryEntry]) -> None:
    assert len([e for e in glossary if len(e.renderings) > 1]) <= 5


def test_glossary_terms_are_rendered_consistently(
    glossary: list[GlossaryEntry], chinese: dict[str, str], english: dict[str, str]
) -> None:
    exclusions = load_exclusions(SOURCE.parent / "exclusions.tsv")
    assert glossary_violations(glossary, chinese, english, exclusions) == []


def test_the_glossary_check_catches_an_inconsistency(
    glossary: list[GlossaryEntry], chinese: dict[str, str], english: dict[str, str]
) -> None:
    altered = dict(english)
    altered["measure-17-5"] = altered["measure-17-5"].replace(
        "China–Europe Railway Express", "China Railway Express"
    )
    exclusions = load_exclusions(SOURCE.parent / "exclusions.tsv")
    problems = glossary_violations(glossary, chinese, altered, exclusions)
    assert problems and all(p.startswith("measure-17-5: uses 中欧") for p in problems)


def test_a_variant_in_the_note_is_accepted() -> None:
    entry = GlossaryEntry("纺织服装", "textiles and garments", "variants: textile and garment", 2)
    assert entry.renderings == ("textiles and garments", "textile and garment")
    assert entry.rendered_in("the Textile and Garment industry")
    assert not entry.rendered_in("the garment industry")


def test_the_glossary_names_every_vocabulary_entity_the_plan_names(
    glossary: list[GlossaryEntry], doc: PlanDocument
) -> None:
    """Each concept the plan names has a glossary entry for one of its Chinese labels."""
    body = doc.text[doc.body_start :]
    vocab = load_turtle(vocabulary_files())
    terms = {e.zh for e in glossary}
    missing = []
    for concept in set(vocab.subjects(RDF.type, SKOS.Concept)):
        # Topics, actions and instruments classify sentences; they are not things the plan names.
        if (concept, RDF.type, XJO.Topic) in vocab or any(
            str(scheme).endswith(("/scheme/actions", "/scheme/instruments"))
            for scheme in vocab.objects(concept, SKOS.inScheme)
        ):
            continue
        labels = {
            str(o)
            for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel)
            for o in vocab.objects(concept, p)
            if o.language == "zh"
        }
        if not any(label in body for label in labels):
            continue
        unquoted = {label.replace("“", "").replace("”", "") for label in labels}
        if not (labels | unquoted) & terms:
            missing.append(str(concept))
    assert missing == []


def test_glossary_errors_name_the_line(tmp_path: Path) -> None:
    path = tmp_path / "glossary.tsv"
    path.write_text("zh\ten\tnote\n中亚\tCentral Asia\t\n中亚\tCentral Asia\t\n", encoding="utf-8")
    with pytest.raises(TranslationError, match="duplicate glossary term 中亚") as err:
        load_glossary(path)
    assert err.value.line == 3
    path.write_text("zh\ten\tnote\n中亚\tCentral Asia\n", encoding="utf-8")
    with pytest.raises(TranslationError, match="malformed line") as err:
        load_glossary(path)
    assert err.value.line == 2


# --- content checks ------------------------------------------------------------------------


def test_every_number_in_the_chinese_appears_in_the_english(
    chinese: dict[str, str], english: dict[str, str]
) -> None:
    missing = []
    for uid, zh in chinese.items():
        for number in NUMBER.findall(zh):
            if not re.search(rf"(?<![\d.]){re.escape(number)}(?!\d|\.\d)", english[uid]):
                missing.append(f"{uid}: {number}")
    assert missing == []


def test_the_areas_are_exact(english: dict[str, str]) -> None:
    text = english["section-2-1-1"]
    figures = ["179.66", "134.6", "30.8", "2.41", "28.48", "3.81", "3.56", "16.58", "1.95"]
    for figure in [*figures, "3.61"]:
        assert f"{figure} km²" in text


def test_no_english_text_contains_cjk(english: dict[str, str]) -> None:
    assert [uid for uid, en in english.items() if CJK.search(en)] == []


def test_no_field_has_stray_whitespace() -> None:
    for line in data_lines():
        for field in line.split("\t"):
            assert field == field.strip(), line[:40]
            assert "  " not in field, line[:40]


def test_quotation_marks_are_balanced(english: dict[str, str]) -> None:
    assert [uid for uid, en in english.items() if en.count("“") != en.count("”")] == []
    assert [uid for uid, en in english.items() if '"' in en] == []


def test_sentences_end_like_sentences(doc: PlanDocument, english: dict[str, str]) -> None:
    assert [s.id for s in doc.sentences if not english[s.id].rstrip("”").endswith(".")] == []
    headings = ["plan", *(p.id for p in doc.parts), *(s.id for s in doc.sections)]
    assert [h for h in headings if english[h].endswith(".")] == []


def test_measure_titles_are_nonempty_and_unique(doc: PlanDocument, english: dict[str, str]) -> None:
    titles = []
    for m in doc.measures:
        first = english[f"measure-{m.number}-1"]
        assert first.endswith(".") and not first.endswith(".."), first
        title = first.removesuffix(".")
        assert title and title[0].isupper(), first
        titles.append(title)
    assert len(titles) == 25
    assert len(set(titles)) == 25
    assert titles[0] == "Build a first-class business environment"


def test_names_follow_the_vocabularies(english: dict[str, str]) -> None:
    assert "Xinjiang Production and Construction Corps (XPCC)" in english["section-2-1-1"]
    assert (
        "China–Kazakhstan Horgos International Border Cooperation Center" in english["measure-6-7"]
    )
    assert "the Cooperation Center" in english["measure-19-3"]
    assert "“East Data, West Computing”" in english["measure-11-2"]
    assert "Belt and Road partner countries" in english["measure-12-2"]
    xpcc_spelt_out = [
        uid for uid, en in english.items() if "Production and Construction Corps" in en
    ]
    assert xpcc_spelt_out == ["section-2-1-1"]
