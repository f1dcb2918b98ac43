"""RDF terms as the pages show them: local links, labels with language fallback, compact names.

Input:  rdflib terms from query results, labels by language, the app's base IRI.
Output: :class:`Node` (an IRI with its zh/en labels: ``label(lang)``, ``href``) and
        :class:`Value` (a literal with its language or datatype); ``entity_iri(path)`` turning
        ``/id/<path>`` into the IRI it names, or ``BadPath`` (a 400) for a path that cannot be one.

IRIs under ``{base}id/`` link to ``/id/…`` on this site and the ontology's terms to
``/ontology#…``; other http(s) IRIs link out; any other scheme (``javascript:`` …) is shown
but never made a link, since an IRI in the data is input like any other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import quote

from rdflib import BNode, Literal
from rdflib.term import Node as RdfNode

from ontology.iris import BASE, XSD_STRING
from webapp.shared.i18n import other

PREFIXES: dict[str, str] = {
    "xjo": "https://w3id.org/xjftz/ontology#",
    "xjid": "https://w3id.org/xjftz/id/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "oa": "http://www.w3.org/ns/oa#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "spdx": "http://spdx.org/rdf/terms#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "vann": "http://purl.org/vocab/vann/",
    "wd": "http://www.wikidata.org/entity/",
}
ONTOLOGY = "https://w3id.org/xjftz/ontology"
MAX_PATH = 400
# What an IRI may not contain (the IRIREF production), and path segments that are not names.
_FORBIDDEN = re.compile(r'[<>"{}|^`\\\x00-\x20\x7f]')
_SAFE_SCHEMES = ("http://", "https://")


class BadPath(ValueError):
    """A /id/ path that cannot name an IRI of this site (answered with 400)."""


def compact(iri: str) -> str:
    """``prefix:local`` for IRIs in a known namespace, else the IRI."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns) and prefix != "xjid":
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def entity_iri(path: str, base: str) -> str:
    """The IRI ``{base}id/{path}``; ``BadPath`` if ``path`` cannot be part of one."""
    if not path or len(path) > MAX_PATH:
        raise BadPath(f"an entity path must have 1 to {MAX_PATH} characters")
    if _FORBIDDEN.search(path):
        raise BadPath("the path holds characters an IRI may not contain")
    segments = path.split("/")
    if any(s in ("", ".", "..") for s in segments):
        raise BadPath("the path has an empty, '.' or '..' segment")
    return f"{base}id/{path}"


def local_href(iri: str, base: str) -> str | None:
    """This site's URL for ``iri``, an outside http(s) URL, or ``None`` (no link)."""
    id_base = base + "id/"
    if iri.startswith(id_base) and len(iri) > len(id_base):
        rest = iri[len(id_base) :]
        return None if _FORBIDDEN.search(rest) else "/id/" + quote(rest, safe="/:@!$&'()*+,;=-._~")
    if iri.startswith(ONTOLOGY):
        fragment = iri[len(ONTOLOGY) :].lstrip("#/")
        return "/ontology" + (f"#{quote(fragment, safe='-._~')}" if fragment else "")
    if iri.startswith(_SAFE_SCHEMES) and not _FORBIDDEN.search(iri):
        return iri
    return None


def anchor_of(iri: str, base: str) -> str:
    """The reader's anchor for a unit: part/3 → part-3, provision/measure-16-3 → measure-16-3."""
    rest = iri[len(base + "id/") :] if iri.startswith(base + "id/") else iri
    if rest.startswith("provision/"):
        rest = rest[len("provision/") :]
    return re.sub(r"[^A-Za-z0-9_-]+", "-", rest)


@dataclass(frozen=True)
class Node:
    """A resource to show: its IRI and labels by language."""

    iri: str
    labels: tuple[tuple[str, str], ...] = ()  # (lang, label), sorted
    base: str = BASE
    blank: bool = False
    kind = "node"

    def label(self, lang: str) -> str:
        by_lang = dict(self.labels)
        text = by_lang.get(lang) or by_lang.get(other(lang))
        if not text:
            return self.short
        # English labels are lower case where they run in text ("measure 16, sentence 3");
        # the pages show them as names, at the start of a heading or list item.
        return text[0].upper() + text[1:] if "a" <= text[0] <= "z" else text

    def has_label(self, lang: str) -> bool:
        return lang in dict(self.labels)

    def label_lang(self, lang: str) -> str | None:
        """The language of the label ``label(lang)`` shows (for its ``lang`` attribute)."""
        by_lang = dict(self.labels)
        if lang in by_lang:
            return lang
        return other(lang) if other(lang) in by_lang else None

    @property
    def short(self) -> str:
        if self.blank:
            return f"_:{self.iri}"
        if self.iri.startswith(self.base + "id/"):
            return self.iri[len(self.base) + 3 :]
        return compact(self.iri)

    @property
    def href(self) -> str | None:
        return None if self.blank else local_href(self.iri, self.base)

    @property
    def external(self) -> bool:
        href = self.href
        return href is not None and href.startswith(_SAFE_SCHEMES)


@dataclass(frozen=True)
class Value:
    """A literal to show: its text, language tag or datatype (compacted)."""

    text: str
    lang: str | None = None
    datatype: str | None = None
    kind = "value"


@dataclass
class LabelSet:
    """Labels gathered from result rows: zh and en per IRI (the first seen of each, sorted)."""

    by_iri: dict[str, dict[str, str]] = field(default_factory=dict)

    def add(self, iri: str, lang: str, label: object) -> None:
        if label is None:
            return
        text = str(label)
        slot = self.by_iri.setdefault(iri, {})
        # min() keeps the choice independent of the store's row order.
        slot[lang] = min(slot[lang], text) if lang in slot else text

    def node(self, term: RdfNode, base: str) -> Node:
        if isinstance(term, BNode):
            return Node(str(term), base=base, blank=True)
        iri = str(term)
        return Node(iri, tuple(sorted(self.by_iri.get(iri, {}).items())), base)


def value_of(term: Literal) -> Value:
    datatype = term.datatype
    shown = None
    if datatype is not None and str(datatype) != XSD_STRING:
        shown = compact(str(datatype))
    return Value(str(term), term.language, shown)
