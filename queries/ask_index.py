"""The search index, opened for answering: what ``xjftz ask`` and ``/api/ask`` read.

Input:  ``search.sqlite`` as ``graph.search_index`` writes it (beside the published graph), or
        RDF files, from which an index is built into a temporary directory on first use.
Output: an :class:`AskIndex`: the small tables held in memory (surface forms normalised for
        matching, measures, provisions, facets, evidence, zone functions) and the FTS5 tables
        queried in SQLite for words the vocabularies do not know.

Normalisation (:func:`normalize`) is the one used on both sides, forms and questions: NFKC,
case folding, punctuation and dashes as separators, and separators next to a Chinese character
dropped, so ``中国—中亚``, ``中国-中亚`` and ``中国中亚`` read the same, as do ``Cross-border`` and
``cross border``. It keeps, for each normalised character, the offset of the character of the
original text it came from, so what was understood can be shown as the reader wrote it.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
import threading
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ontology.errors import InputFileError

PUBLISHED_INDEX = Path(__file__).resolve().parents[1] / "graph" / "build" / "search.sqlite"
INDEX_NAME = "search.sqlite"
# The tables' layout (graph/search_index.py writes it into ``meta``): an index of another
# layout, from an older build, is refused with the way out rather than failing on a table.
INDEX_SCHEMA = "2"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[0-9a-z]")


def is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


def normalize(text: str) -> tuple[str, list[int]]:
    """``text`` folded for matching, and for each of its characters the original offset."""
    chars: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch).casefold():
            chars.append((c if unicodedata.category(c)[0] in "LN" else " ", i))
    out: list[tuple[str, int]] = []
    for k, (c, i) in enumerate(chars):
        if c == " ":
            prev = out[-1][0] if out else ""
            nxt = next((d for d, _ in chars[k + 1 :] if d != " "), "")
            if not prev or not nxt or prev == " " or is_cjk(prev) or is_cjk(nxt):
                continue
        out.append((c, i))
    return "".join(c for c, _ in out), [i for _, i in out]


def is_latin_word_char(ch: str) -> bool:
    return bool(_WORD.match(ch)) or (ch.isalnum() and not is_cjk(ch))


@dataclass(frozen=True)
class Form:
    iri: str
    lang: str
    source: str  # pref, alt, hidden, trigger, title
    text: str  # as the vocabulary writes it


@dataclass(frozen=True)
class Entity:
    iri: str
    kind: str
    label_zh: str | None
    label_en: str | None

    def label(self, lang: str) -> str:
        first, second = (
            (self.label_zh, self.label_en) if lang == "zh" else (self.label_en, self.label_zh)
        )
        return first or second or self.iri


@dataclass(frozen=True)
class Provision:
    id: int
    iri: str
    measure: int | None
    sentence: int | None
    text_zh: str
    text_en: str


@dataclass(frozen=True)
class Evidence:
    provision: int
    facet: str
    start: int
    end: int
    via: str | None  # a member country's IRI, or a topic's trigger term


@dataclass(frozen=True)
class ZoneFunction:
    iri: str
    zone: str
    label_zh: str | None
    label_en: str | None
    industry: str | None
    industry_group: str | None
    provision: str | None


@dataclass(frozen=True)
class ZoneArea:
    """The area in km² of the pilot FTZ, an area (片区) or a component, as the plan states it."""

    iri: str
    part_of: str | None  # the zone of a component, the pilot FTZ of a zone
    label_zh: str | None
    label_en: str | None
    km2: str  # as written: 134.6
    provision: str | None  # the sentence stating it


@dataclass
class AskIndex:
    """The index in memory, and a connection per thread for its full-text tables."""

    path: Path
    entities: dict[str, Entity] = field(default_factory=dict)
    forms: dict[str, tuple[Form, ...]] = field(default_factory=dict)  # normalised → forms
    form_lengths: tuple[int, ...] = ()  # distinct lengths of normalised forms, longest first
    measures: dict[int, Entity] = field(default_factory=dict)
    provisions: dict[int, Provision] = field(default_factory=dict)
    provision_ids: dict[str, int] = field(default_factory=dict)  # IRI → row id
    facets: dict[int, frozenset[str]] = field(default_factory=dict)  # measure → facets
    measures_of: dict[str, frozenset[int]] = field(default_factory=dict)  # facet → measures
    evidence: dict[int, tuple[Evidence, ...]] = field(default_factory=dict)  # by provision
    zone_functions: tuple[ZoneFunction, ...] = ()
    zone_areas: tuple[ZoneArea, ...] = ()
    triggers: dict[str, tuple[str, ...]] = field(default_factory=dict)  # topic → terms
    narrower: dict[str, frozenset[str]] = field(default_factory=dict)  # iri → all below it
    members: dict[str, frozenset[str]] = field(default_factory=dict)  # region → all in it
    responsibilities: tuple[tuple[str, str], ...] = ()  # (provision, agency made responsible)
    english_names: dict[str, tuple[str, ...]] = field(default_factory=dict)  # iri → en labels
    memo: dict = field(default_factory=dict)  # patterns made from the index, on first use
    corpus_zh: str = ""  # every Chinese sentence, joined: what leftover words are cut against
    _local: threading.local = field(default_factory=threading.local, repr=False)

    def connection(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            uri = f"file:{self.path}?mode=ro&immutable=1"
            con = self._local.con = sqlite3.connect(uri, uri=True, check_same_thread=False)
        return con

    def document_frequency(self, provisions: set[int]) -> float:
        return len(provisions) / max(1, len(self.provisions))

    def provisions_with_zh(self, term: str) -> dict[int, list[tuple[int, int]]]:
        """Provisions whose Chinese text contains ``term``, with where (trigram FTS or LIKE)."""
        con = self.connection()
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        if len(term) >= 3:
            rows = con.execute(
                "SELECT rowid FROM provision_zh WHERE provision_zh MATCH ? ORDER BY rowid",
                ('"' + term.replace('"', '""') + '"',),
            )
        else:  # the trigram index cannot match fewer than three characters: scan (175 rows)
            rows = con.execute(
                "SELECT rowid FROM provision_zh WHERE text_zh LIKE ? ESCAPE '\\' ORDER BY rowid",
                (f"%{escaped}%",),
            )
        out: dict[int, list[tuple[int, int]]] = {}
        for (rowid,) in rows:
            text = self.provisions[rowid].text_zh
            spans, at = [], text.find(term)
            while at != -1:
                spans.append((at, at + len(term)))
                at = text.find(term, at + len(term))
            if spans:
                out[rowid] = spans
        return out

    def provisions_with_en(self, word: str) -> dict[int, list[tuple[int, int]]]:
        """Provisions whose English text has ``word`` (porter stems), with the matched words."""
        con = self.connection()
        rows = con.execute(
            "SELECT rowid, highlight(provision_en, 0, char(1), char(2)) FROM provision_en "
            "WHERE provision_en MATCH ? ORDER BY rowid",
            ('"' + word.replace('"', '""') + '"',),
        )
        return {rowid: _marked_spans(marked) for rowid, marked in rows}

    def labels_like(self, text: str, limit: int = 10) -> list[tuple[str, Form]]:
        """Forms containing ``text`` (trigram FTS; LIKE under three characters), shortest first."""
        con = self.connection()
        if len(text) >= 3:
            rows = con.execute(
                "SELECT f.text, f.iri, f.lang, f.source FROM form_fts JOIN form f "
                "ON f.id = form_fts.rowid WHERE form_fts MATCH ? "
                "ORDER BY length(f.text), f.text, f.iri LIMIT ?",
                ('"' + text.replace('"', '""') + '"', limit * 4),
            )
        else:
            escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            rows = con.execute(
                "SELECT text, iri, lang, source FROM form WHERE text LIKE ? ESCAPE '\\' "
                "ORDER BY length(text), text, iri LIMIT ?",
                (f"%{escaped}%", limit * 4),
            )
        return [(t, Form(iri, lang, source, t)) for t, iri, lang, source in rows]


def _marked_spans(marked: str) -> list[tuple[int, int]]:
    """Offsets in the unmarked text of the spans FTS5's highlight() put between \\x01 and \\x02."""
    spans, plain, start = [], 0, None
    for ch in marked:
        if ch == "\x01":
            start = plain
        elif ch == "\x02" and start is not None:
            spans.append((start, plain))
            start = None
        else:
            plain += 1
    return spans


def _closure(below: dict[str, set[str]], top: str) -> set[str]:
    seen: set[str] = set()
    todo = [top]
    while todo:
        for n in below.get(todo.pop(), ()):
            if n not in seen and n != top:
                seen.add(n)
                todo.append(n)
    return seen


def load(path: Path) -> AskIndex:
    """Read the index at ``path`` into memory (``InputFileError`` if it is not one)."""
    if not path.is_file():
        raise InputFileError(path, "no search index: run `xjftz build` (make graph)")
    index = AskIndex(path=path)
    try:
        con = index.connection()
        schema = dict(con.execute("SELECT key, value FROM meta")).get("schema")
        if schema != INDEX_SCHEMA:
            raise InputFileError(
                path,
                f"search index of layout {schema}, this xjftz reads layout {INDEX_SCHEMA}: "
                "run `xjftz build` (make graph) to write it again",
            )
        for iri, kind, zh, en in con.execute("SELECT iri, kind, label_zh, label_en FROM entity"):
            index.entities[iri] = Entity(iri, kind, zh, en)
        forms: dict[str, list[Form]] = defaultdict(list)
        for text, iri, lang, source in con.execute(
            "SELECT text, iri, lang, source FROM form ORDER BY id"
        ):
            norm, _ = normalize(text)
            if norm and iri in index.entities:
                forms[norm].append(Form(iri, lang, source, text))
            if source == "trigger":
                index.triggers[iri] = (*index.triggers.get(iri, ()), text)
            elif lang == "en" and len(text) > 2:
                index.english_names[iri] = (*index.english_names.get(iri, ()), text)
        # An English label written in the plural (comprehensive bonded zones) is also found in
        # the singular; the question's plural of a singular label is matched in ask_understand.
        for key in [k for k in forms if len(k) > 4 and k.endswith("s") and k[-2] not in "su'"]:
            if key[-2].isalpha() and key[:-1] not in forms:
                forms[key[:-1]] = forms[key]
        index.forms = {k: tuple(v) for k, v in forms.items()}
        index.form_lengths = tuple(sorted({len(k) for k in forms}, reverse=True))
        for number, iri, zh, en in con.execute("SELECT * FROM measure ORDER BY number"):
            index.measures[number] = Entity(iri, "measure", zh, en)
        for row in con.execute("SELECT * FROM provision ORDER BY id"):
            index.provisions[row[0]] = Provision(*row)
            index.provision_ids[row[1]] = row[0]
        facets: dict[int, set[str]] = defaultdict(set)
        for number, iri in con.execute("SELECT measure, iri FROM facet"):
            facets[number].add(iri)
        index.facets = {n: frozenset(v) for n, v in facets.items()}
        by_facet: dict[str, set[int]] = defaultdict(set)
        for number, iris in facets.items():
            for iri in iris:
                by_facet[iri].add(number)
        index.measures_of = {k: frozenset(v) for k, v in by_facet.items()}
        evidence: dict[int, list[Evidence]] = defaultdict(list)
        for row in con.execute("SELECT * FROM evidence"):
            evidence[row[0]].append(Evidence(*row))
        index.evidence = {k: tuple(v) for k, v in evidence.items()}
        index.zone_functions = tuple(
            ZoneFunction(*row) for row in con.execute("SELECT * FROM zone_function ORDER BY iri")
        )
        index.zone_areas = tuple(
            ZoneArea(*row) for row in con.execute("SELECT * FROM zone_area ORDER BY iri")
        )
        below: dict[str, set[str]] = defaultdict(set)
        for narrow, broad in con.execute("SELECT narrower, broader FROM broader"):
            below[broad].add(narrow)
        index.narrower = {b: frozenset(_closure(below, b)) for b in below}
        members: dict[str, set[str]] = defaultdict(set)
        for member, region in con.execute("SELECT member, region FROM in_region"):
            members[region].add(member)
        index.members = {r: frozenset(v) for r, v in members.items()}
        index.responsibilities = tuple(
            con.execute("SELECT provision, agency FROM responsibility ORDER BY provision, agency")
        )
    except sqlite3.Error as exc:
        raise InputFileError(path, f"not a search index: {exc}") from exc
    index.corpus_zh = "\x00".join(p.text_zh for p in index.provisions.values())
    return index


@lru_cache(maxsize=4)
def open_index(path: str | None = None) -> AskIndex:
    """The index at ``path`` (default: the published one), loaded once per process."""
    return load(Path(path) if path else PUBLISHED_INDEX)


_BUILT: dict[tuple[str, ...], str] = {}
_BUILD_LOCK = threading.Lock()


def index_for_data(data: tuple[str, ...]) -> AskIndex:
    """The index for the served RDF files: beside the first one, or built once from them."""
    if not data:
        if PUBLISHED_INDEX.is_file() or not PUBLISHED_INDEX.with_name("xjftz.ttl").is_file():
            return open_index(None)
        data = (str(PUBLISHED_INDEX.with_name("xjftz.ttl")),)  # built before the index existed
    beside = Path(data[0]).resolve().parent / INDEX_NAME
    if len(data) == 1 and beside.is_file() and Path(data[0]).name == "xjftz.ttl":
        return open_index(str(beside))
    with _BUILD_LOCK:
        if data not in _BUILT:
            from rdflib import Graph  # only when serving files without an index

            from graph.search_index import write_index

            g = Graph()
            for name in data:
                try:
                    g.parse(name)
                except Exception as exc:  # rdflib raises many kinds for a bad file
                    raise InputFileError(name, f"cannot read for the search index: {exc}") from exc
            out = Path(tempfile.mkdtemp(prefix="xjftz-search-"))
            _BUILT[data] = str(write_index(g, out))
    return open_index(_BUILT[data])


__all__ = ["AskIndex", "index_for_data", "is_cjk", "normalize", "open_index"]
