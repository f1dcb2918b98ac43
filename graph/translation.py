"""Part of stage 3 (assemble): the project's unofficial English translation of the plan.

Input:  ``graph/sources/translation.en.tsv`` — UTF-8, tab-separated, header ``id zh en``: one
        row per provision (a sentence id from ``graph.parse``: ``preamble-1``, ``measure-16-3``…)
        and per heading (``plan``, ``part-N``, ``section-P-N``, ``task-group-N``), with the
        Chinese exactly as the source has it and its English — and the parsed plan
        (:class:`graph.parse.PlanDocument`). Also ``graph/sources/glossary.tsv`` — header
        ``zh en note``: the one English rendering of each recurring term or name.
Output: ``load_translations`` → ``{id: en}`` for every provision and heading, checked against
        the plan: a unit without a row, a row whose id names no unit, a row whose Chinese no
        longer matches the source, a duplicated id, an empty English text or a malformed line is
        a :class:`TranslationError` naming the id and the file's line. ``load_glossary`` → the
        glossary entries; ``glossary_violations`` lists the rows whose English lacks a term's
        rendering where their Chinese uses the term.

See graph/sources/TRANSLATION.md for the conventions and how to update a row.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from graph.exclusions import LABEL, NONE, Exclusions, excluded
from graph.parse import PlanDocument
from ontology.errors import InputFileError

COLUMNS = ("id", "zh", "en")
GLOSSARY_COLUMNS = ("zh", "en", "note")
VARIANTS = "variants:"  # in a glossary note: "variants: a | b" (to the end of the note)


class TranslationError(InputFileError):
    """The translation or glossary file does not fit the plan; names the file, line and id."""


@dataclass(frozen=True)
class GlossaryEntry:
    zh: str
    en: str
    note: str
    line: int

    @property
    def renderings(self) -> tuple[str, ...]:
        """The rendering and any accepted variants listed in the note after ``variants:``."""
        if VARIANTS not in self.note:
            return (self.en,)
        tail = self.note.split(VARIANTS, 1)[1]
        return (self.en, *(v.strip() for v in tail.split(" | ") if v.strip()))

    def rendered_in(self, english: str) -> bool:
        low = english.casefold()
        return any(r.casefold() in low for r in self.renderings)


def source_texts(document: PlanDocument) -> dict[str, str]:
    """Every unit that needs a translation, id → its Chinese, in document order.

    Units are the plan's title, the part and section headings (their words without the
    numeral) and every provision.
    """
    units: list[tuple[int, str, str]] = [(document.title.start, "plan", document.title.text)]
    for part in document.parts:
        units.append((part.heading.start, part.id, part.heading.text))
        units.extend((s.heading.start, s.id, s.heading.text) for s in part.sections)
    units.extend((s.start, s.id, s.text) for s in document.sentences)
    return {uid: zh for _, uid, zh in sorted(units)}


def _rows(path: Path, columns: tuple[str, ...]) -> Iterable[tuple[int, list[str]]]:
    """(line number, fields) of each non-blank data line, after checking the header."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise TranslationError(path, f"cannot read the file: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise TranslationError(path, f"not UTF-8 (byte offset {exc.start})") from exc
    lines = text.removeprefix("\ufeff").splitlines()
    if not lines or tuple(lines[0].split("\t")) != columns:
        raise TranslationError(path, f"the header must be {' TAB '.join(columns)}", 1)
    reader = csv.reader(lines[1:], delimiter="\t", quoting=csv.QUOTE_NONE)
    for line_no, row in enumerate(reader, start=2):
        if not "".join(row).strip():
            continue
        if len(row) != len(columns):
            raise TranslationError(
                path,
                f"malformed line: expected {len(columns)} tab-separated columns "
                f"({', '.join(columns)}), found {len(row)}",
                line_no,
            )
        yield line_no, row


def load_translations(path: str | Path, document: PlanDocument) -> dict[str, str]:
    """Read the translation and check it row by row against the plan; return id → en."""
    path = Path(path)
    expected = source_texts(document)
    english: dict[str, str] = {}
    first_line: dict[str, int] = {}
    for line_no, (uid, zh, en) in _rows(path, COLUMNS):
        uid = uid.strip()
        if uid in first_line:
            raise TranslationError(
                path, f"duplicate translation of {uid} (first at line {first_line[uid]})", line_no
            )
        first_line[uid] = line_no
        if uid not in expected:
            raise TranslationError(
                path,
                f"orphaned translation row '{uid}' at line {line_no}: the plan has no "
                "provision or heading with this id",
                line_no,
            )
        if zh != expected[uid]:
            raise TranslationError(
                path,
                f"the Chinese of {uid} changed since it was translated: the row has “{zh}”, "
                f"the source now reads “{expected[uid]}” — revise the English and copy the new "
                "Chinese into the zh column",
                line_no,
            )
        if not en.strip():
            raise TranslationError(path, f"empty English text for {uid}", line_no)
        english[uid] = en.strip()
    missing = [uid for uid in expected if uid not in english]
    if missing:
        raise TranslationError(path, f"missing translation for {', '.join(missing)}")
    return {uid: english[uid] for uid in expected}


def load_glossary(path: str | Path) -> list[GlossaryEntry]:
    """Read the glossary: one English rendering per Chinese term, no term twice."""
    path = Path(path)
    entries: list[GlossaryEntry] = []
    seen: dict[str, int] = {}
    for line_no, (zh, en, note) in _rows(path, GLOSSARY_COLUMNS):
        zh, en, note = zh.strip(), en.strip(), note.strip()
        if not zh or not en:
            raise TranslationError(path, "a glossary entry needs both zh and en", line_no)
        if zh in seen:
            raise TranslationError(
                path, f"duplicate glossary term {zh} (first at line {seen[zh]})", line_no
            )
        seen[zh] = line_no
        entries.append(GlossaryEntry(zh, en, note, line_no))
    return entries


def glossary_violations(
    glossary: Iterable[GlossaryEntry],
    chinese: Mapping[str, str],
    english: Mapping[str, str],
    exclusions: Exclusions = NONE,
) -> list[str]:
    """Where a unit's Chinese uses a glossary term but its English lacks the term's rendering.

    An occurrence inside one of the label ``exclusions``' contexts (合资 inside 符合资质) is not
    a use of the term, as the linking step does not count it either."""
    problems: list[str] = []
    for entry in glossary:
        contexts = exclusions.contexts(LABEL, entry.zh)
        for uid, zh in chinese.items():
            used = any(
                not excluded(zh, m.start(), m.end(), contexts)
                for m in re.finditer(re.escape(entry.zh), zh)
            )
            if used and not entry.rendered_in(english.get(uid, "")):
                wanted = " | ".join(entry.renderings)
                problems.append(f"{uid}: uses {entry.zh} but its English lacks “{wanted}”")
    return problems
