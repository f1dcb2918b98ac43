"""Every query of the project: one ``.rq`` file each, with a grlc-style header.

Input:  ``queries/*.rq``, the public named queries (``/api/queries``, ``xjftz query``), and
        ``queries/site/*.rq``, the web pages' own queries. Each opens with ``#+`` comment lines —
        YAML, read with PyYAML, behind comment marks that keep the file valid SPARQL, in the
        manner of CLARIAH/grlc::

            #+ id: measures-by-entity
            #+ title_zh: 涉及某实体的措施
            #+ title_en: Measures involving an entity
            #+ description: …
            #+ params:
            #+   - name: entity
            #+     type: iri
            #+     kinds: [country, region]
            #+     default: https://w3id.org/xjftz/id/region/143

Output: :class:`NamedQuery` objects (``load_library()`` the named ones, ``get_site_query(id)``
        a page's), ``NamedQuery.bind(raw)`` turning request strings into checked rdflib terms —
        or ``ParameterError`` naming the parameter — and ``NamedQuery.with_values(bindings)``,
        the text with a ``VALUES`` block (``queries.binding``, the one writer) where a store
        cannot bind, or where one query takes many values at once. A broken file is an
        ``InputFileError`` naming the file and line.

A page query declares its parameters like a named one; their defaults are the example values
the tests run it with (tests/test_named_queries.py: every query returns rows on the plan).

Parameter types are ``iri``, ``literal`` and ``integer``. An IRI must be absolute and lie under
``https://w3id.org/xjftz/`` (or the parameter's declared ``base``), and under ``id/{kind}/``
when ``kinds`` are declared; an integer must be within ``min``/``max``; a literal is at most
``max_length`` characters.

``NamedQuery`` and ``graph.releases.Release`` are frozen dataclasses of plain fields: alike in
shape only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from rdflib import Literal, URIRef
from rdflib.term import Node

from ontology.errors import InputFileError
from ontology.iris import BASE
from queries.binding import check_term, with_values
from queries.errors import ParameterError, QueryError, UnknownQuery
from queries.guard import screen

QUERY_DIR = Path(__file__).resolve().parent
SITE_DIR = QUERY_DIR / "site"  # the pages' queries: same loader, kept out of the public list
PARAM_TYPES = ("iri", "literal", "integer")
# Entity kinds, as the path segment of their IRIs under https://w3id.org/xjftz/id/.
KIND_PATHS = {
    "country": "id/country/",
    "region": "id/region/",
    "place": "id/place/",
    "agency": "id/agency/",
    "organisation": "id/organization/",
    "organization": "id/organization/",
    "mechanism": "id/mechanism/",
    "initiative": "id/initiative/",
    "event": "id/event/",
    "industry": "id/industry/",
    "topic": "id/topic/",
    "zone": "id/zone/",
    "framing": "id/framing/",
    "measure": "id/measure/",
    "provision": "id/provision/",
    "task-group": "id/task-group/",
    "section": "id/section/",
    "part": "id/part/",
    "scheme": "id/scheme/",
    "commodity": "id/commodity/",
    "trade-mode": "id/trade-mode/",
    "financial-operation": "id/financial-operation/",
    "designation": "id/designation/",
    "facility": "id/facility/",
    "regime": "id/regime/",
    "catalogue": "id/catalogue/",
    "class": "ontology#",
}
MAX_IRI_LENGTH = 500
DEFAULT_MAX_LENGTH = 200
_HEADER = re.compile(r"^#\+ ?(.*)$")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Param:
    """One declared parameter of a named query."""

    name: str
    type: str = "iri"
    kinds: tuple[str, ...] = ()
    default: str | None = None
    description: str = ""
    base: str = BASE
    min: int | None = None
    max: int | None = None
    max_length: int = DEFAULT_MAX_LENGTH
    # For the query page's form: the parameter's name and description in each language
    # (``label_zh``, ``label_en``, ``description_zh`` in the header; the name itself otherwise).
    label_zh: str = ""
    label_en: str = ""
    description_zh: str = ""
    optional: bool = False  # may be left out: the variable then stays free (matches anything)

    @property
    def required(self) -> bool:
        return self.default is None and not self.optional

    def label(self, lang: str) -> str:
        return (self.label_zh if lang == "zh" else self.label_en) or self.name

    def describe(self, lang: str) -> str:
        return (self.description_zh if lang == "zh" else "") or self.description

    def to_term(self, raw: str) -> URIRef | Literal:
        """``raw`` (a request string) as a checked rdflib term for this parameter."""
        raw = raw.strip()
        if raw == "":
            raise ParameterError(self.name, "must not be empty")
        if self.type == "integer":
            if not re.fullmatch(r"[+-]?\d{1,12}", raw):
                raise ParameterError(self.name, f"expected an integer, got {raw[:40]!r}")
            value = int(raw)
            if (self.min is not None and value < self.min) or (
                self.max is not None and value > self.max
            ):
                raise ParameterError(self.name, f"must be between {self.min} and {self.max}")
            return Literal(value)
        if self.type == "literal":
            if len(raw) > self.max_length:
                raise ParameterError(self.name, f"longer than {self.max_length} characters")
            return Literal(raw)
        if len(raw) > MAX_IRI_LENGTH:
            raise ParameterError(self.name, f"IRI longer than {MAX_IRI_LENGTH} characters")
        prefixes = [BASE + KIND_PATHS[k] for k in self.kinds] or [self.base]
        if not any(raw.startswith(p) and len(raw) > len(p) for p in prefixes):
            expected = " or ".join(prefixes)
            raise ParameterError(self.name, f"expected an IRI starting with {expected}")
        try:
            return check_term(self.name, URIRef(raw))
        except QueryError as exc:
            raise ParameterError(self.name, "not a valid IRI") from exc

    def as_dict(self) -> dict:
        out = {"name": self.name, "type": self.type, "required": self.required}
        if self.kinds:
            out["kinds"] = list(self.kinds)
        if self.default is not None:
            out["default"] = self.default
        if self.description:
            out["description"] = self.description
        if self.type == "integer":
            out.update({k: v for k, v in (("min", self.min), ("max", self.max)) if v is not None})
        if self.type == "iri":
            out["base"] = self.base
        return out


@dataclass(frozen=True)
class NamedQuery:
    """A query from the library: its metadata, parameters and SPARQL text."""

    id: str
    text: str
    title_zh: str = ""
    title_en: str = ""
    description: str = ""
    description_zh: str = ""
    params: tuple[Param, ...] = ()
    path: str | None = None
    form: str | None = field(default=None, compare=False)

    def bind(self, raw: Mapping[str, str] | None = None) -> dict[str, URIRef | Literal]:
        """Request values (strings) as bindings; defaults fill gaps; unknown names are errors."""
        raw = dict(raw or {})
        known = {p.name for p in self.params}
        for name in raw:
            if name not in known:
                expected = ", ".join(sorted(known)) or "none"
                raise ParameterError(name, f"unknown parameter (this query takes: {expected})")
        bindings = {}
        for p in self.params:
            value = raw.get(p.name, p.default)
            if p.optional and (value is None or not value.strip()):
                continue  # left out (an empty form field counts as left out)
            if value is None:
                raise ParameterError(p.name, "missing (this parameter has no default)")
            bindings[p.name] = p.to_term(value)
        return bindings

    def with_values(self, bindings: Mapping[str, Node | Sequence[Node]]) -> str:
        """The text with ``VALUES`` opening its WHERE group; a sequence gives one row per term."""
        return with_values(self.text, bindings)

    @property
    def body(self) -> str:
        """The SPARQL without the ``#+`` header, to show."""
        return without_header(self.text)

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "title_zh": self.title_zh,
            "title_en": self.title_en,
            "description": self.description,
            "form": self.form,
            "params": [p.as_dict() for p in self.params],
        }


def without_header(text: str) -> str:
    """``text`` without its ``#+`` lines."""
    return "\n".join(line for line in text.splitlines() if not _HEADER.match(line)).lstrip() + "\n"


def parse_header(text: str, path: str | Path = "<query>") -> dict:
    """The ``#+`` header of a query as a dict (``params`` a list of dicts); ``InputFileError``
    with the file's line for one that is not YAML or not a mapping."""
    lines: list[str] = []
    numbers: list[int] = []  # the file's line number of each header line
    for lineno, line in enumerate(text.splitlines(), 1):
        m = _HEADER.match(line)
        if m:
            lines.append(m.group(1))
            numbers.append(lineno)
        elif line.strip() and not line.lstrip().startswith("#"):
            break  # the header ends where the SPARQL begins
    if not lines:
        return {}
    try:
        header = yaml.safe_load("\n".join(lines))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        lineno = numbers[min(mark.line, len(numbers) - 1)] if mark else numbers[0]
        problem = getattr(exc, "problem", None) or str(exc)
        raise InputFileError(path, f"cannot read the #+ header: {problem}", lineno) from exc
    if header is None:
        return {}
    if not isinstance(header, dict) or not isinstance(header.get("params", []), list):
        raise InputFileError(
            path, "the #+ header must map keys to values, params to a list", numbers[0]
        )
    return header


def _param(spec: dict, path: str | Path) -> Param:
    try:
        kinds = spec.get("kinds", ())
        kinds = (kinds,) if isinstance(kinds, str) else tuple(kinds)
        default = spec.get("default")
        param = Param(
            name=str(spec["name"]),
            type=spec.get("type", "iri"),
            kinds=kinds,
            default=None if default is None else str(default),
            description=str(spec.get("description", "")),
            base=str(spec.get("base", BASE)),
            min=int(spec["min"]) if "min" in spec else None,
            max=int(spec["max"]) if "max" in spec else None,
            max_length=int(spec.get("max_length", DEFAULT_MAX_LENGTH)),
            label_zh=str(spec.get("label_zh", "")),
            label_en=str(spec.get("label_en", "")),
            description_zh=str(spec.get("description_zh", "")),
            optional=spec.get("optional") in (True, "true"),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputFileError(path, f"bad parameter declaration {spec}: {exc}") from exc
    if param.type not in PARAM_TYPES:
        raise InputFileError(path, f"parameter {param.name}: type must be one of {PARAM_TYPES}")
    unknown = [k for k in param.kinds if k not in KIND_PATHS]
    if unknown:
        raise InputFileError(path, f"parameter {param.name}: unknown kinds {unknown}")
    if param.default is not None:
        try:
            param.to_term(param.default)
        except ParameterError as exc:
            raise InputFileError(path, f"default does not validate: {exc}") from exc
    return param


def parse_query(text: str, path: str | Path = "<query>", query_id: str | None = None) -> NamedQuery:
    """A :class:`NamedQuery` from the text of a ``.rq`` file (the header is optional)."""
    header = parse_header(text, path)
    qid = str(header.get("id") or query_id or Path(str(path)).stem)
    params = tuple(_param(p, path) for p in header.get("params", []))
    try:
        form = screen(text).form
    except QueryError as exc:
        raise InputFileError(path, f"not an admissible query: {exc}") from exc
    return NamedQuery(
        id=qid,
        text=text,
        title_zh=str(header.get("title_zh", "")),
        title_en=str(header.get("title_en", "")),
        description=str(header.get("description", "")),
        description_zh=str(header.get("description_zh", "")),
        params=params,
        path=str(path),
        form=form,
    )


def read_query_file(path: str | Path) -> NamedQuery:
    """A ``.rq`` file as a :class:`NamedQuery`, or ``InputFileError``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputFileError(path, f"cannot read: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise InputFileError(path, "not UTF-8") from exc
    return parse_query(text, path)


@cache
def load_library(directory: str | Path = QUERY_DIR) -> dict[str, NamedQuery]:
    """Every named query in ``directory``, by id (ids must be unique and match file names)."""
    library: dict[str, NamedQuery] = {}
    for path in sorted(Path(directory).glob("*.rq")):
        query = read_query_file(path)
        if query.id != path.stem or not _ID.match(query.id):
            raise InputFileError(path, f"id {query.id!r} must be the file name, in kebab-case")
        library[query.id] = query
    return library


def get_query(query_id: str, directory: str | Path = QUERY_DIR) -> NamedQuery:
    """The named query ``query_id``, or ``UnknownQuery``."""
    try:
        return load_library(directory)[query_id]
    except KeyError:
        raise UnknownQuery(f"no named query {query_id!r}") from None


def load_site_queries() -> dict[str, NamedQuery]:
    """The pages' own queries (``queries/site/``), by id."""
    return load_library(SITE_DIR)


def get_site_query(query_id: str) -> NamedQuery:
    """The page query ``query_id`` (``queries/site/{query_id}.rq``), or ``UnknownQuery``."""
    return get_query(query_id, SITE_DIR)
