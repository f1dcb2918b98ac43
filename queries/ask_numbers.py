"""Numbers in a question: the measures (措施16, 第十六项措施, measures 6, 7 and 16) and the task
groups (第三个任务组, 任务组6, task group 3) it names by number.

Input:  a normalised question (``queries.ask_index.normalize``) and which of its characters a
        reading has taken already. Output: the numbers with the characters they stand at, which
        are marked taken; ``queries.ask_understand`` makes them facets.
"""

from __future__ import annotations

import re

_CN_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_NUMBER = r"(?:\d{1,3}|[一二两三四五六七八九十]{1,3})"
_NUMBERS = rf"{_NUMBER}(?:(?:\s*(?:,|、|和|与|及|and|&|or|或)\s*|\s+){_NUMBER}(?![\d.]))*"
_MEASURE_NUMBERS = re.compile(
    rf"(?:第\s*(?P<a>{_NUMBERS})\s*(?:(?:项|条)\s*(?:措施)?|措施))"
    rf"|(?:措施\s*(?:第\s*)?(?P<b>{_NUMBERS})\s*(?:项|条)?)"
    rf"|(?:measures?\s*(?:no\.?|nos\.?|number|numbers|#)?\s*(?P<c>{_NUMBERS}))"
    r"|^(?P<d>\d{1,2})$"
)
_TASK_GROUP = re.compile(
    r"第?\s*(?P<a>[一二三四五六七八1-8])\s*个?\s*任务组"
    r"|任务组\s*第?\s*(?P<b>[一二三四五六七八1-8])"
    r"|task\s*groups?\s*(?:no\.?|number|#)?\s*(?P<c>[1-8])(?![\d.])"
)


def cn_number(text: str) -> int:
    """``16``, ``十六``, ``二十五`` → the integer (0 for what is none)."""
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + _CN_DIGITS.get(text[1:], 0)
    tens, ten, ones = text.partition("十")
    if ten:
        return _CN_DIGITS.get(tens, 0) * 10 + _CN_DIGITS.get(ones, 0)
    return _CN_DIGITS.get(text, 0)


def measure_numbers(norm: str, taken: list[bool], found: list[int]) -> list[tuple[int, int]]:
    """Add the measure numbers ``norm`` names to ``found``; return where they stand."""
    spans = []
    for m in _MEASURE_NUMBERS.finditer(norm):
        raw = m.group("a") or m.group("b") or m.group("c") or m.group("d")
        found.extend(cn_number(n) for n in re.findall(_NUMBER, raw))
        spans.append((m.start(), m.end()))
        taken[m.start() : m.end()] = [True] * (m.end() - m.start())
    return spans


def task_group_numbers(norm: str, taken: list[bool]) -> list[tuple[int, int, int]]:
    """(start, end, number) of each task group named by number where nothing was read yet."""
    return [
        (m.start(), m.end(), cn_number(m.group("a") or m.group("b") or m.group("c")))
        for m in _TASK_GROUP.finditer(norm)
        if not any(taken[m.start() : m.end()])
    ]
