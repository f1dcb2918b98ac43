"""Reading a question: what a reader typed, as facets the graph knows and words it does not.

Input:  a question or a few words, Chinese or English, with or without spaces; an
        :class:`queries.ask_index.AskIndex`.
Output: an :class:`Understanding`: facet groups (each one span of the question naming one or
        more entities, topics, zones, task groups or measures — a span that names several, like
        中吉乌, is one group satisfied by any of them), measure numbers, whether the question is
        about areas (or their size) or about who is responsible, the kinds of thing it asks to
        list (哪些国家), the leftover words (full-text terms, and the ones set aside), each with
        the characters of the question it came from.

Spans are found by longest match against every surface form of every vocabulary (labels in
both languages, topics' trigger terms, measure and task-group titles), after
:func:`queries.ask_index.normalize` on both sides; English forms must stand as whole words (a
plural or adjectival ending is allowed: ``Asian``, ``warehouses``). A topic named by one of its
trigger terms (冷链) stands for the sentences holding that term, not the whole topic. What is
left is cut into words: Chinese runs by longest match against the plan's own text (the corpus
is the dictionary), English at spaces; question words are set aside.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field

from ontology.iris import BASE
from queries.ask_index import AskIndex, Form, is_cjk, is_latin_word_char, normalize
from queries.ask_numbers import measure_numbers, task_group_numbers
from queries.ask_words import (
    AREA_WORDS_EN,
    AREA_WORDS_ZH,
    KIND_OF_WORD,
    KINDS_ZH,
    LIST_CUES_EN,
    LIST_CUES_ZH,
    MEASURES_ASKED,
    RESPONSIBILITY_WORDS_EN,
    RESPONSIBILITY_WORDS_ZH,
    STOP_EN,
    STOP_ZH,
    WHOLE_ZONE,
)

MAX_QUESTION = 500  # characters
COMMON = 0.2  # a word in more than this share of sentences does not narrow anything
SOURCE_RANK = {"pref": 0, "alt": 1, "title": 1, "hidden": 2, "trigger": 3}
ENDINGS = ("", "s", "es", "n", "an", "ese")


@dataclass(frozen=True)
class Group:
    """One span of the question and what it names: satisfied by any of ``iris``."""

    start: int  # in the normalised question
    end: int
    words: str  # as the reader wrote them
    forms: tuple[Form, ...]
    iris: tuple[str, ...]
    trigger: str | None = None  # a topic named by this trigger term only (its sentences)


@dataclass(frozen=True)
class Word:
    """A leftover word: a full-text term, or set aside (``why``: stop, common, unknown)."""

    text: str
    lang: str  # zh or en
    why: str | None = None


@dataclass
class Understanding:
    question: str
    lang: str
    groups: list[Group] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)
    number_words: str = ""
    about_areas: bool = False
    kinds: list[tuple[str, str]] = field(default_factory=list)  # (kind, the words) to list
    about_responsibility: bool = False  # who is responsible (负责, responsible)
    terms: list[Word] = field(default_factory=list)  # full-text terms
    set_aside: list[Word] = field(default_factory=list)


def _original(question: str, offsets: list[int], start: int, end: int) -> str:
    if start >= end:
        return ""
    return question[offsets[start] : offsets[end - 1] + 1]


def _is_word_edge(norm: str, at: int) -> bool:
    return at <= 0 or at >= len(norm) or not is_latin_word_char(norm[at])


def _latin(form: str) -> bool:
    return any(is_latin_word_char(c) and not is_cjk(c) for c in form)


def _match_at(index: AskIndex, norm: str, i: int) -> tuple[int, str] | None:
    """The longest form starting at ``i``: (end, form)."""
    if not _is_word_edge(norm, i - 1) and is_latin_word_char(norm[i]) and not is_cjk(norm[i]):
        return None  # inside an English word
    for length in index.form_lengths:
        if i + length > len(norm):
            continue
        form = norm[i : i + length]
        if form not in index.forms:
            continue
        if not _latin(form[-1]):
            return i + length, form
        if len(form) < 2:
            continue
        for ending in ENDINGS if len(form) >= 4 else ("",):
            end = i + length + len(ending)
            if norm[i + length : end] == ending and _is_word_edge(norm, end):
                return end, form
    return None


def _group(index: AskIndex, question: str, offsets: list[int], start: int, end: int, form: str):
    forms = index.forms[form]
    best = min(SOURCE_RANK[f.source] for f in forms)
    if best < SOURCE_RANK["trigger"]:  # a label names the thing itself: triggers give way
        forms = tuple(f for f in forms if f.source != "trigger")
    iris = tuple(sorted({f.iri for f in forms}))
    trigger = None
    if all(f.source == "trigger" for f in forms):
        trigger = forms[0].text
    return Group(start, end, _original(question, offsets, start, end), forms, iris, trigger)


def _with_area(index: AskIndex, g: Group, form: str) -> Group:
    """A place that names an area of the zone (喀什, Horgos) stands for that area too."""
    if not all(index.entities[i].kind == "place" for i in g.iris):
        return g
    areas = {f.zone for f in index.zone_functions}
    extra = sorted(
        f.iri
        for key, forms in index.forms.items()
        if key.startswith(form) and key != form
        for f in forms
        if f.iri in areas
    )
    if not extra:
        return g
    return Group(g.start, g.end, g.words, g.forms, tuple(sorted({*g.iris, *extra})), g.trigger)


def _task_groups(
    index: AskIndex,
    question: str,
    offsets: list[int],
    norm: str,
    taken: list[bool],
    u: Understanding,
) -> None:
    """A task group by its number (第三个任务组, 任务组3, task group 3): a group of its own."""
    for start, end, n in task_group_numbers(norm, taken):
        iri = f"{BASE}id/task-group/{n}"
        if iri in index.entities:
            taken[start:end] = [True] * (end - start)
            words = _original(question, offsets, start, end)
            u.groups.append(Group(start, end, words, (), (iri,)))


def _strip_stop_zh(run: str, keep: frozenset[str] = frozenset()) -> list[str]:
    """``run`` cut at the question and function words, longest first; a word of ``keep``
    (会议) stays whole even where a stop word (会) would begin."""
    stops = sorted((w for w in STOP_ZH if w not in keep), key=len, reverse=True)
    kept = sorted(keep, key=len, reverse=True)
    pieces, current, i = [], "", 0
    while i < len(run):
        whole = next((w for w in kept if run.startswith(w, i)), None)
        if whole:
            current, i = current + whole, i + len(whole)
            continue
        stop = next((w for w in stops if run.startswith(w, i)), None)
        if stop:
            if current:
                pieces.append(current)
            current, i = "", i + len(stop)
        else:
            current, i = current + run[i], i + 1
    if current:
        pieces.append(current)
    return pieces


def _cut_zh(index: AskIndex, piece: str) -> list[str]:
    """``piece`` cut into the longest runs (two characters or more) found in the plan's text."""
    words, i = [], 0
    while i < len(piece):
        end = next((j for j in range(len(piece), i + 1, -1) if piece[i:j] in index.corpus_zh), None)
        if end is None:  # a character the plan never writes next to the following one
            i += 1
        else:
            words.append(piece[i:end])
            i = end
    return words


def _leftovers(index: AskIndex, u: Understanding, norm: str, taken: list[bool]) -> None:
    runs, current, kind = [], "", None
    for ch, used in zip(norm, taken, strict=True):
        if ch == " " and kind == "en" and not used:  # English words stay together in a run
            current += ch
            continue
        k = None if used or ch == " " else ("zh" if is_cjk(ch) else "en")
        if k != kind and current:
            runs.append((kind, current))
            current = ""
        kind = k
        if k:
            current += ch
    if current and kind:
        runs.append((kind, current))
    for lang, run in runs:
        if lang == "en":
            words = run.split()
            for pair in itertools.pairwise(run.split()):  # two-word kinds: trade modes
                phrase = " ".join(pair)
                if phrase in KIND_OF_WORD and _asks_for_list(norm, phrase, words):
                    _kind(u, phrase)
                    words = [w for w in words if w not in pair]
            for word in words:
                if word in KIND_OF_WORD and _asks_for_list(norm, word, words):
                    _kind(u, word)
                elif word in RESPONSIBILITY_WORDS_EN:
                    u.about_responsibility = True
                elif word in AREA_WORDS_EN:
                    u.about_areas = True
                elif word in STOP_EN or len(word) < 2 or word.isdigit():
                    u.set_aside.append(Word(word, "en", "stop"))
                else:
                    _term(index, u, Word(word, "en"))
            continue
        for word in AREA_WORDS_ZH:
            if word in run:
                u.about_areas = True
                run = run.replace(word, " ")
        for word in RESPONSIBILITY_WORDS_ZH:
            if word in run:
                u.about_responsibility = True
                run = run.replace(word, " ")
        pieces = []
        for whole in (p for chunk in run.split() for p in _strip_stop_zh(chunk, KINDS_ZH)):
            if whole in KIND_OF_WORD and _asks_for_list(norm, whole):
                _kind(u, whole)
            else:
                pieces += _strip_stop_zh(whole)
        for piece in pieces:
            cut = _cut_zh(index, piece)
            if not cut and len(piece) >= 2 and not _named_by_prefix(index, u, Word(piece, "zh")):
                u.set_aside.append(Word(piece, "zh", "unknown"))
            for word in cut:
                _term(index, u, Word(word, "zh"))


def _asks_for_list(norm: str, words: str, run: list[str] | None = None) -> bool:
    """Whether kind words ask for the things of the kind: with a question word (哪些国家,
    which countries), or as the question's last word in Chinese (涉及物流的国家) or beside
    question words only in English (countries in Central Asia) — not 组织实施, pilot programmes."""
    if run is None:
        return _cue_zh(norm) or norm.rstrip("？?！!。. ").endswith(words)
    return _cue_en(norm) or all(w in words.split() or w in STOP_EN for w in run)


def _cue_zh(text: str) -> bool:
    return any(c in text for c in LIST_CUES_ZH)


def _cue_en(text: str) -> bool:
    return bool(LIST_CUES_EN.intersection(re.findall(r"[a-z]+", text)))


def _kind(u: Understanding, word: str) -> None:
    if all(k != KIND_OF_WORD[word] for k, _ in u.kinds):
        u.kinds.append((KIND_OF_WORD[word], word))


def _named_by_prefix(index: AskIndex, u: Understanding, word: Word) -> bool:
    """A word the plan never writes that begins the name of one thing only (哈萨克 → 哈萨克斯坦,
    Kazakh → Kazakhstan) is read as that thing."""
    norm, _ = normalize(word.text)
    if len(norm) < (2 if word.lang == "zh" else 4):
        return False
    forms = tuple(
        f for key, found in index.forms.items() if key.startswith(norm) for f in found
        if f.source != "trigger"
    )  # fmt: skip
    iris = tuple(sorted({f.iri for f in forms}))
    if len(iris) != 1 or any(g.iris == iris for g in u.groups):
        return len(iris) == 1
    u.groups.append(Group(-1, -1, word.text, forms, iris))
    return True


def _term(index: AskIndex, u: Understanding, word: Word) -> None:
    hits = (
        index.provisions_with_zh(word.text)
        if word.lang == "zh"
        else index.provisions_with_en(word.text)
    )
    if not hits:
        if not _named_by_prefix(index, u, word):
            u.set_aside.append(Word(word.text, word.lang, "unknown"))
    elif index.document_frequency(set(hits)) > COMMON:
        u.set_aside.append(Word(word.text, word.lang, "common"))
    elif all(t.text != word.text for t in u.terms):
        u.terms.append(word)


def understand(index: AskIndex, question: str, lang: str | None = None) -> Understanding:
    """What ``question`` asks for, in terms of the index (see the module docstring)."""
    norm, offsets = normalize(question)
    if lang not in ("zh", "en"):
        lang = "zh" if any(is_cjk(c) for c in norm) else "en"
    u = Understanding(question, lang)
    taken = [False] * len(norm)
    for m in WHOLE_ZONE.finditer(norm):  # before the labels: 新疆 in 新疆自贸区 is no place
        taken[m.start() : m.end()] = [True] * (m.end() - m.start())
        words = _original(question, offsets, m.start(), m.end())
        u.set_aside.append(Word(words, "zh" if is_cjk(m.group()[0]) else "en", "stop"))
    number_spans = measure_numbers(norm, taken, u.numbers)
    _task_groups(index, question, offsets, norm, taken, u)
    u.number_words = " ".join(_original(question, offsets, s, e) for s, e in number_spans)
    i = 0
    while i < len(norm):
        hit = None if taken[i] else _match_at(index, norm, i)
        if hit is None or any(taken[i : hit[0]]):
            i += 1
            continue
        end, form = hit
        group = _group(index, question, offsets, i, end, form)
        taken[i:end] = [True] * (end - i)
        same = next(
            (g for g in u.groups if g.iris == group.iris and g.trigger == group.trigger), None
        )
        if same is None:
            u.groups.append(group)
        i = end
    # Measure titles name measures: they join the numbers.
    for g in [g for g in u.groups if all(index.entities[x].kind == "measure" for x in g.iris)]:
        u.groups.remove(g)
        u.numbers.extend(n for n, m in index.measures.items() if m.iri in g.iris)
        u.number_words = " ".join(w for w in (u.number_words, g.words) if w)
    u.numbers = sorted(set(u.numbers))
    u.groups = [_with_area(index, g, norm[g.start : g.end]) for g in u.groups]
    _leftovers(index, u, norm, taken)
    _kinds_in_labels(index, u, norm)
    return u


def _kinds_in_labels(index: AskIndex, u: Understanding, norm: str) -> None:
    """A label that ends in a kind word (中亚国家, Central Asian countries) asks for that kind too
    when the question asks for a list (中亚国家有哪些, which Central Asian countries)."""
    rest = MEASURES_ASKED.sub(" ", norm)  # 哪些措施涉及中亚国家 asks for measures
    if not (_cue_zh(rest) or _cue_en(rest)):
        return
    for g in u.groups:
        form = norm[g.start : g.end] if g.start >= 0 else ""
        kinds = {index.entities[i].kind for i in g.iris}
        for word, kind in KIND_OF_WORD.items():
            if form.endswith(word) and len(form) > len(word) and kind not in kinds:
                _kind(u, word)


_SPARQL = re.compile(
    r"^\s*(?:prefix|base|select|construct|ask|describe|insert|delete|drop|clear|load|create|with)"
    r"\b[^{}]*(?:\{|\?[A-Za-z_]|<[^>\s]*>)",
    re.IGNORECASE,
)


def validate_question(question: str) -> str | None:
    """Why ``question`` cannot be read (too long, control characters, SPARQL), or None."""
    if _SPARQL.match(question):
        return "q: this is SPARQL, not a question: run it at /sparql or on the query page"
    if len(question) > MAX_QUESTION:
        return f"q: at most {MAX_QUESTION} characters"
    if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in question):
        return "q: control characters are not allowed"
    return None


__all__ = ["MAX_QUESTION", "Group", "Understanding", "Word", "understand", "validate_question"]
