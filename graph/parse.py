"""Stage 1 of the build: parse the plan's source text into its structure.

Input:  the plan's Markdown source (``graph/sources/*.zh.md``), as republished in a news
        article: a news header, then the plan proper from its bold title on.
Output: a :class:`PlanDocument` — parts 一–四, their headed sections, the task groups
        （一）–（八） of 三、, the numbered measures, and every sentence of the plan proper as a
        :class:`Sentence` with its exact text and character offsets into the source.

Offsets are Python string indices (Unicode code points) into the decoded source file, with
its newlines as they are, so ``source[start:end] == text`` holds for every sentence and
heading. A sentence ends at 。, ！ or ？ (with any closing quotes or brackets after it);
； and ， do not end a sentence. Headings and a measure's leading number label (``16.``) are
structure, not sentences: concatenating the sentences in order gives the plan's paragraphs
without their headings and labels.

The news header before the bold title is not part of the plan and yields no sentences.
The units (``Section``, ``Part``) answer ``id`` and ``title`` alike: a deliberate parallel.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ontology.errors import InputFileError

CN_NUMERALS = "一二三四五六七八九十"
_BOLD = re.compile(r"^\*\*(?P<title>.+?)\*\*\s*$")
_PART = re.compile(rf"^\*\*(?P<numeral>[{CN_NUMERALS}]+)、(?P<title>.+?)\*\*\s*$")
_SECTION = re.compile(rf"^（(?P<numeral>[{CN_NUMERALS}]+)）(?P<title>[^。！？]+?)\s*$")
_MEASURE = re.compile(r"^(?P<label>(?P<number>\d+)\.)")
_SENTENCE = re.compile(r"[^。！？]*[。！？]+[”’」』）)]*")
TERMINATORS = "。！？"

# The part whose headed sections are the plan's task groups (三、主要任务和措施).
TASK_PART = 3
# The plan as published has parts 一–四 and measures 1–25 (docs/DESIGN.md); fewer = cut short.
PLAN_PARTS = 4
PLAN_MEASURES = 25


class SourceError(InputFileError):
    """The source text cannot be parsed; names the file and, where it can, the line."""


def cn_numeral_value(numeral: str) -> int:
    """一 → 1 … 十 → 10, 十一 → 11, 二十 → 20 (enough for headings)."""
    digits = {c: i + 1 for i, c in enumerate(CN_NUMERALS[:9])}
    if numeral == "十":
        return 10
    if numeral.startswith("十"):
        return 10 + digits[numeral[1]]
    if numeral.endswith("十"):
        return digits[numeral[0]] * 10
    if "十" in numeral:
        tens, ones = numeral.split("十")
        return digits[tens] * 10 + digits[ones]
    return digits[numeral]


@dataclass(frozen=True)
class Heading:
    """A heading's own words (no Markdown, no numeral) and where they stand in the source."""

    text: str
    start: int
    end: int
    line: int


@dataclass(frozen=True)
class Sentence:
    """One sentence of the plan proper: a provision."""

    id: str  # stable provision id: "measure-16-3", "section-2-1-1", "part-4-2", "preamble-1"
    text: str
    start: int  # offset of the first character in the source
    end: int  # offset after the last character
    line: int  # 1-based source line
    number: int  # position within its container, from 1
    sequence: int  # position within the whole plan, from 1
    paragraph: int  # paragraph within its container, from 1
    container: str  # id of the unit that directly holds it: "plan", "part-4", "measure-16"…


@dataclass
class Measure:
    number: int
    title: str  # the words before the paragraph's first 。, as written
    label: Heading  # the number label "16." in the source
    task_group: int
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"measure-{self.number}"


@dataclass
class Section:
    """A headed section （一）… of a part; in part 三 these are the task groups."""

    part: int
    ordinal: int
    heading: Heading
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def is_task_group(self) -> bool:
        return self.part == TASK_PART

    @property
    def id(self) -> str:
        return (
            f"task-group-{self.ordinal}"
            if self.is_task_group
            else f"section-{self.part}-{self.ordinal}"
        )

    @property
    def title(self) -> str:
        return self.heading.text


@dataclass
class Part:
    ordinal: int
    numeral: str
    heading: Heading
    sections: list[Section] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)  # those outside any section

    @property
    def id(self) -> str:
        return f"part-{self.ordinal}"

    @property
    def title(self) -> str:
        return self.heading.text


@dataclass
class PlanDocument:
    path: str
    text: str  # the whole source file, decoded
    title: Heading
    header: str  # the news header before the title (context, not plan)
    body_start: int  # offset of the first character after the title line
    preamble: list[Sentence]
    parts: list[Part]
    measures: list[Measure]
    sentences: list[Sentence]  # every provision, in order

    @property
    def task_groups(self) -> list[Section]:
        return [s for p in self.parts for s in p.sections if s.is_task_group]

    @property
    def sections(self) -> list[Section]:
        return [s for p in self.parts for s in p.sections]

    def measure(self, number: int) -> Measure:
        return self.measures[number - 1]


def read_source(path: str | Path) -> str:
    """Read the source as UTF-8, with a clear error for empty or wrongly encoded files."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SourceError(path, f"cannot read the source: {exc.strerror}") from exc
    if not raw.strip():
        raise SourceError(path, "the source text is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(
            path, f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start})", line
        ) from exc
    return text.removeprefix("\ufeff")


def _split_sentences(path: str, line_no: int, text: str, start: int) -> list[tuple[str, int, int]]:
    pieces: list[tuple[str, int, int]] = []
    pos = 0
    for m in _SENTENCE.finditer(text):
        if m.start() != pos:  # finditer skipped something: cannot happen with this pattern
            break
        pieces.append((m.group(), start + m.start(), start + m.end()))
        pos = m.end()
    rest = text[pos:]
    if rest.strip():
        raise SourceError(
            path,
            f"paragraph ends mid-sentence (no 。 after “{rest[-20:]}”): truncated source?",
            line_no,
        )
    return pieces


def parse(path: str | Path) -> PlanDocument:
    """Parse the plan's source file into a :class:`PlanDocument`."""
    path = Path(path)
    text = read_source(path)
    return parse_text(text, str(path))


def parse_text(text: str, path: str = "<source>") -> PlanDocument:
    lines: list[tuple[int, int, str]] = []  # (line number, offset, line text without newline)
    offset = 0
    for i, raw in enumerate(text.splitlines(keepends=True), start=1):
        lines.append((i, offset, raw.rstrip("\r\n")))
        offset += len(raw)

    title_idx = next((k for k, (_, _, s) in enumerate(lines) if _BOLD.match(s)), None)
    if title_idx is None:
        raise SourceError(path, "no bold title (**…**) found: the plan proper cannot be located")
    t_line, t_off, t_text = lines[title_idx]
    m = _BOLD.match(t_text)
    assert m
    title = Heading(m["title"], t_off + m.start("title"), t_off + m.end("title"), t_line)
    header = text[:t_off]

    preamble: list[Sentence] = []
    parts: list[Part] = []
    measures: list[Measure] = []
    sentences: list[Sentence] = []
    part: Part | None = None
    section: Section | None = None
    measure: Measure | None = None
    counters: dict[str, int] = {}
    paragraphs: dict[str, int] = {}

    def container() -> tuple[str, list[Sentence]]:
        if measure is not None:
            return measure.id, measure.sentences
        if section is not None:
            return section.id, section.sentences
        if part is not None:
            return part.id, part.sentences
        return "plan", preamble

    def id_prefix(cid: str) -> str:
        return "preamble" if cid == "plan" else cid

    for line_no, off, s in lines[title_idx + 1 :]:
        if not s.strip():
            continue
        if pm := _PART.match(s):
            ordinal = cn_numeral_value(pm["numeral"])
            expected = len(parts) + 1
            if ordinal != expected:
                raise SourceError(
                    path,
                    f"part {pm['numeral']}、 found where part {expected} was expected",
                    line_no,
                )
            heading = Heading(pm["title"], off + pm.start("title"), off + pm.end("title"), line_no)
            part = Part(ordinal, pm["numeral"], heading)
            parts.append(part)
            section = measure = None
            continue
        if _BOLD.match(s):
            raise SourceError(path, f"unexpected bold line inside the plan: {s!r}", line_no)
        if (sm := _SECTION.match(s)) and part is not None:
            ordinal = cn_numeral_value(sm["numeral"])
            expected = len(part.sections) + 1
            if ordinal != expected:
                raise SourceError(
                    path,
                    f"section （{sm['numeral']}） found where section {expected} was expected",
                    line_no,
                )
            heading = Heading(sm["title"], off + sm.start("title"), off + sm.end("title"), line_no)
            section = Section(part.ordinal, ordinal, heading)
            part.sections.append(section)
            measure = None
            continue

        body, body_off = s, off
        if (mm := _MEASURE.match(s)) and section is not None and section.is_task_group:
            number = int(mm["number"])
            expected = len(measures) + 1
            if number != expected:
                raise SourceError(
                    path, f"measure {number}. found where measure {expected} was expected", line_no
                )
            label = Heading(mm["label"], off, off + mm.end("label"), line_no)
            body, body_off = s[mm.end() :], off + mm.end()
            first = body.find("。")
            if first <= 0:
                raise SourceError(
                    path, f"measure {number} has no title sentence ending in 。", line_no
                )
            measure = Measure(number, body[:first], label, section.ordinal)
            measures.append(measure)

        cid, bucket = container()
        paragraphs[cid] = paragraphs.get(cid, 0) + 1
        for sentence_text, start, end in _split_sentences(path, line_no, body, body_off):
            counters[cid] = counters.get(cid, 0) + 1
            k = counters[cid]
            sent = Sentence(
                id=f"{id_prefix(cid)}-{k}",
                text=sentence_text,
                start=start,
                end=end,
                line=line_no,
                number=k,
                sequence=len(sentences) + 1,
                paragraph=paragraphs[cid],
                container=cid,
            )
            bucket.append(sent)
            sentences.append(sent)

    if not parts:
        raise SourceError(path, "no parts (**一、…**) after the title: truncated source?")
    if len(parts) < PLAN_PARTS or len(measures) < PLAN_MEASURES:
        # Cut at a sentence's end: every paragraph is whole, but the plan is not (issue 9).
        raise SourceError(
            path,
            f"the text stops after part {len(parts)} and measure {len(measures)}, but the plan "
            f"has {PLAN_PARTS} parts and {PLAN_MEASURES} measures: truncated source?",
            lines[-1][0],
        )
    return PlanDocument(
        path=path,
        text=text,
        title=title,
        header=header,
        body_start=t_off + len(t_text),
        preamble=preamble,
        parts=parts,
        measures=measures,
        sentences=sentences,
    )
