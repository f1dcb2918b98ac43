"""Documentation of the ontology, generated from ``ontology/xjftz.ttl`` (in the manner of pyLODE).

Input:  the ontology's Turtle (``ontology/xjftz.ttl`` by default).
Output: :func:`describe_ontology` — an :class:`OntologyDoc`: the ontology's metadata, and per
        class and property its labels and definitions in Chinese and English, domains, ranges,
        super- and sub-terms, alignments to reused vocabularies, inverses, characteristics and
        property chains; :func:`render_html` — a standalone HTML page (every text escaped), with
        an anchor per term (``#Measure``, ``#isPartOf``); :func:`render_markdown`; and
        :func:`write_docs`, which writes ``ontology.html``, ``ontology.zh.html`` and
        ``ontology.md``. The webapp serves the page at /ontology and may use the data directly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS
from rdflib.term import Node

from ontology.load import ONTOLOGY_FILE, load_turtle
from ontology.namespaces import ONTOLOGY_IRI, XJO

VANN_PREFIX = URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix")
LANGS = ("en", "zh")
KINDS = (
    ("class", OWL.Class),
    ("object property", OWL.ObjectProperty),
    ("datatype property", OWL.DatatypeProperty),
)


@dataclass(frozen=True)
class Term:
    """One class or property of the ontology, as the documentation shows it."""

    iri: str
    name: str  # local name: the page anchor
    curie: str
    kind: str  # "class", "object property" or "datatype property"
    label: dict[str, str]
    definition: dict[str, str]
    notes: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()  # super-classes or super-properties (CURIEs), own and reused
    children: tuple[str, ...] = ()
    domain: tuple[str, ...] = ()  # a union is listed member by member
    range: tuple[str, ...] = ()
    inverse: str | None = None
    characteristics: tuple[str, ...] = ()
    chains: tuple[tuple[str, ...], ...] = ()
    disjoint_with: tuple[str, ...] = ()

    @property
    def alignments(self) -> tuple[str, ...]:
        """The parents outside this ontology: the reused vocabularies it specialises."""
        return tuple(p for p in self.parents if not p.startswith("xjo:"))


@dataclass(frozen=True)
class OntologyDoc:
    iri: str
    version: str
    title: dict[str, str]
    description: dict[str, str]
    license: str
    prefix: str
    namespace: str
    namespaces: dict[str, str] = field(default_factory=dict)
    classes: tuple[Term, ...] = ()
    object_properties: tuple[Term, ...] = ()
    datatype_properties: tuple[Term, ...] = ()

    @property
    def terms(self) -> tuple[Term, ...]:
        return self.classes + self.object_properties + self.datatype_properties

    def term(self, name: str) -> Term:
        return next(t for t in self.terms if t.name == name)


def _by_lang(g: Graph, s: Node, p: URIRef) -> dict[str, str]:
    out: dict[str, str] = {}
    for o in g.objects(s, p):
        if isinstance(o, Literal) and o.language in LANGS:
            out.setdefault(o.language, str(o))
    return out


def _members(g: Graph, node: Node) -> list[Node]:
    union = g.value(node, OWL.unionOf) if isinstance(node, BNode) else None
    return list(Collection(g, union)) if union is not None else [node]


def describe_ontology(path: Path | str = ONTOLOGY_FILE) -> OntologyDoc:
    """Read the ontology and collect what its documentation shows."""
    g = load_turtle(path)
    curie = g.namespace_manager.normalizeUri
    own = str(XJO)

    def names(nodes: list[Node]) -> tuple[str, ...]:
        return tuple(sorted(curie(n) for n in nodes if isinstance(n, URIRef)))

    disjoint: dict[Node, set[Node]] = {}
    for a, b in g.subject_objects(OWL.disjointWith):
        disjoint.setdefault(a, set()).add(b)
        disjoint.setdefault(b, set()).add(a)
    for axiom in g.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(g, g.value(axiom, OWL.members)))
        for m in members:
            disjoint.setdefault(m, set()).update(x for x in members if x != m)

    groups: dict[str, list[Term]] = {kind: [] for kind, _ in KINDS}
    for kind, owl_type in KINDS:
        parent_p = RDFS.subClassOf if kind == "class" else RDFS.subPropertyOf
        for s in sorted(g.subjects(RDF.type, owl_type)):
            if not isinstance(s, URIRef) or not s.startswith(own):
                continue
            characteristics = [
                name
                for name, t in (
                    ("transitive", OWL.TransitiveProperty),
                    ("functional", OWL.FunctionalProperty),
                )
                if (s, RDF.type, t) in g
            ]
            inverse = g.value(s, OWL.inverseOf) or g.value(None, OWL.inverseOf, s)
            groups[kind].append(
                Term(
                    iri=str(s),
                    name=s[len(own) :],
                    curie=curie(s),
                    kind=kind,
                    label=_by_lang(g, s, RDFS.label),
                    definition=_by_lang(g, s, SKOS.definition),
                    notes=tuple(str(n) for n in g.objects(s, SKOS.scopeNote)),
                    parents=names(list(g.objects(s, parent_p))),
                    children=names(list(g.subjects(parent_p, s))),
                    domain=names([m for d in g.objects(s, RDFS.domain) for m in _members(g, d)]),
                    range=names([m for r in g.objects(s, RDFS.range) for m in _members(g, r)]),
                    inverse=curie(inverse) if isinstance(inverse, URIRef) else None,
                    characteristics=tuple(characteristics),
                    chains=tuple(
                        tuple(curie(p) for p in Collection(g, c))
                        for c in g.objects(s, OWL.propertyChainAxiom)
                    ),
                    disjoint_with=names(list(disjoint.get(s, ()))),
                )
            )
    onto = ONTOLOGY_IRI
    return OntologyDoc(
        iri=str(onto),
        version=str(g.value(onto, OWL.versionInfo) or ""),
        title=_by_lang(g, onto, DCTERMS.title),
        description=_by_lang(g, onto, DCTERMS.description),
        license=str(g.value(onto, DCTERMS.license) or ""),
        prefix=str(g.value(onto, VANN_PREFIX) or "xjo"),
        namespace=own,
        namespaces={p: str(n) for p, n in sorted(g.namespace_manager.namespaces()) if p},
        classes=tuple(groups["class"]),
        object_properties=tuple(groups["object property"]),
        datatype_properties=tuple(groups["datatype property"]),
    )


# ---- rendering -------------------------------------------------------------------------------

UI = {
    "en": {
        "classes": "Classes", "object property": "Object properties",
        "datatype property": "Datatype properties", "class": "Classes",
        "iri": "IRI", "definition": "Definition", "label": "Label",
        "parents": "Subclass/subproperty of",
        "children": "Specialised by", "alignments": "Reuses", "domain": "Domain", "range": "Range",
        "inverse": "Inverse of", "characteristics": "Characteristics", "chains": "Property chains",
        "disjoint": "Disjoint with", "notes": "Notes", "version": "Version", "license": "Licence",
        "prefix": "Preferred prefix", "namespaces": "Namespaces", "contents": "Contents",
        "other": "中文",
    },
    "zh": {
        "classes": "类", "object property": "对象属性", "datatype property": "数据属性",
        "class": "类", "iri": "IRI", "definition": "定义", "label": "标签",
        "parents": "上位类/上位属性",
        "children": "下位", "alignments": "复用", "domain": "定义域", "range": "值域",
        "inverse": "逆属性", "characteristics": "特性", "chains": "属性链", "disjoint": "不相交于",
        "notes": "说明", "version": "版本", "license": "许可", "prefix": "推荐前缀",
        "namespaces": "命名空间", "contents": "目录", "other": "English",
    },
}  # fmt: skip
_CHARACTERISTICS_ZH = {"transitive": "传递", "functional": "函数型"}


def _link(curie: str, doc: OntologyDoc) -> str:
    """A CURIE as a link: to its anchor for own terms, to its IRI for reused ones."""
    prefix, _, local = curie.partition(":")
    if prefix == doc.prefix:
        return f'<a href="#{escape(local)}"><code>{escape(curie)}</code></a>'
    base = doc.namespaces.get(prefix)
    if base is None:
        return f"<code>{escape(curie)}</code>"
    return f'<a href="{escape(base + local)}"><code>{escape(curie)}</code></a>'


def _both(texts: dict[str, str], lang: str) -> str:
    """The text in ``lang`` first, then in the other language, each marked with its language."""
    parts = []
    for code in (lang, *[c for c in LANGS if c != lang]):
        if code in texts:
            css = "primary" if code == lang else "secondary"
            parts.append(f'<span lang="{code}" class="{css}">{escape(texts[code])}</span>')
    return "<br>".join(parts)


def _term_html(t: Term, doc: OntologyDoc, lang: str) -> str:
    ui = UI[lang]
    links = lambda curies: ", ".join(_link(c, doc) for c in curies)  # noqa: E731
    rows = [
        (ui["iri"], f"<code>{escape(t.iri)}</code>"),
        (ui["definition"], _both(t.definition, lang)),
    ]
    if own_parents := [p for p in t.parents if p not in t.alignments]:
        rows.append((ui["parents"], links(own_parents)))
    if t.alignments:
        rows.append((ui["alignments"], links(t.alignments)))
    if t.children:
        rows.append((ui["children"], links(t.children)))
    if t.domain:
        rows.append((ui["domain"], " ⊔ ".join(_link(c, doc) for c in t.domain)))
    if t.range:
        rows.append((ui["range"], " ⊔ ".join(_link(c, doc) for c in t.range)))
    if t.inverse:
        rows.append((ui["inverse"], _link(t.inverse, doc)))
    if t.characteristics:
        shown = [_CHARACTERISTICS_ZH[c] if lang == "zh" else c for c in t.characteristics]
        rows.append((ui["characteristics"], escape(", ".join(shown))))
    if t.chains:
        chains = ["<br>".join(" ∘ ".join(_link(p, doc) for p in chain)) for chain in t.chains]
        rows.append((ui["chains"], "<br>".join(chains)))
    if t.disjoint_with:
        rows.append((ui["disjoint"], links(t.disjoint_with)))
    if t.notes:
        rows.append(
            (ui["notes"], "<br>".join(f'<span lang="en">{escape(n)}</span>' for n in t.notes))
        )
    body = "\n".join(f"<tr><th>{escape(k)}</th><td>{v}</td></tr>" for k, v in rows)
    title = _both(t.label, lang)
    return (
        f'<section class="term" id="{escape(t.name)}">\n'
        f"<h3>{title} <code>{escape(t.curie)}</code></h3>\n<table>\n{body}\n</table>\n</section>"
    )


STYLE = """
body { font-family: system-ui, "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #222; }
code { font-size: 0.9em; } .secondary { color: #555; font-size: 0.95em; }
table { border-collapse: collapse; width: 100%; }
th { text-align: left; width: 12rem; vertical-align: top; }
th, td { padding: 0.25rem 0.5rem; border-top: 1px solid #ddd; }
section.term { margin: 1.5rem 0; } nav ul ul { columns: 4; }
"""


def render_html(doc: OntologyDoc | None = None, lang: str = "en") -> str:
    """A standalone HTML page documenting the ontology; headings in ``lang``, terms in both."""
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    doc = doc or describe_ontology()
    ui = UI[lang]
    other = next(c for c in LANGS if c != lang)
    other_file = "ontology.html" if other == "en" else "ontology.zh.html"
    sections, toc = [], []
    for kind, terms in (
        ("class", doc.classes),
        ("object property", doc.object_properties),
        ("datatype property", doc.datatype_properties),
    ):
        anchor = kind.replace(" ", "-")
        toc.append(
            f'<li><a href="#{anchor}">{escape(ui[kind])}</a><ul>'
            + "".join(
                f'<li><a href="#{escape(t.name)}">{escape(t.label.get(lang, t.name))}</a></li>'
                for t in terms
            )
            + "</ul></li>"
        )
        sections.append(
            f'<h2 id="{anchor}">{escape(ui[kind])}</h2>\n'
            + "\n".join(_term_html(t, doc, lang) for t in terms)
        )
    prefix = escape(f"{doc.prefix}: {doc.namespace}")
    licence = escape(doc.license)
    namespaces = "".join(
        f"<tr><th><code>{escape(p)}:</code></th><td><code>{escape(n)}</code></td></tr>"
        for p, n in doc.namespaces.items()
    )
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(doc.title.get(lang, doc.iri))}</title>
<style>{STYLE}</style>
</head>
<body>
<p><a href="{escape(other_file)}" hreflang="{other}">{escape(ui["other"])}</a></p>
<h1>{_both(doc.title, lang)}</h1>
<p>{_both(doc.description, lang)}</p>
<table>
<tr><th>{escape(ui["iri"])}</th><td><code>{escape(doc.iri)}</code></td></tr>
<tr><th>{escape(ui["version"])}</th><td>{escape(doc.version)}</td></tr>
<tr><th>{escape(ui["prefix"])}</th><td><code>{prefix}</code></td></tr>
<tr><th>{escape(ui["license"])}</th><td><a href="{licence}">{licence}</a></td></tr>
</table>
<nav><h2>{escape(ui["contents"])}</h2><ul>{"".join(toc)}</ul></nav>
{"".join(sections)}
<h2 id="namespaces">{escape(ui["namespaces"])}</h2>
<table>{namespaces}</table>
</body>
</html>
"""


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(doc: OntologyDoc | None = None) -> str:
    """The same documentation as Markdown, both languages side by side."""
    doc = doc or describe_ontology()
    out = [
        f"# {doc.title.get('en', doc.iri)} / {doc.title.get('zh', '')}",
        "",
        f"IRI `{doc.iri}` · version {doc.version} · prefix `{doc.prefix}:` `{doc.namespace}` · "
        f"licence {doc.license}",
        "",
        doc.description.get("en", ""),
        "",
        doc.description.get("zh", ""),
    ]
    for heading, terms in (
        ("Classes 类", doc.classes),
        ("Object properties 对象属性", doc.object_properties),
        ("Datatype properties 数据属性", doc.datatype_properties),
    ):
        out += ["", f"## {heading}"]
        for t in terms:
            out += [
                "",
                f'### <a id="{t.name}"></a>{t.label.get("en", t.name)} · '
                f"{t.label.get('zh', '')} (`{t.curie}`)",
                "",
                "| | |",
                "| --- | --- |",
                f"| definition | {_md_cell(t.definition.get('en', ''))} |",
                f"| 定义 | {_md_cell(t.definition.get('zh', ''))} |",
            ]
            for name, values in (
                ("subclass/subproperty of", t.parents),
                ("domain", t.domain),
                ("range", t.range),
                ("inverse of", (t.inverse,) if t.inverse else ()),
                ("characteristics", t.characteristics),
                ("disjoint with", t.disjoint_with),
            ):
                if values:
                    out.append(f"| {name} | {', '.join(f'`{v}`' for v in values)} |")
            for chain in t.chains:
                out.append(f"| property chain | {' ∘ '.join(f'`{p}`' for p in chain)} |")
            for note in t.notes:
                out.append(f"| note | {_md_cell(note)} |")
    return "\n".join(out) + "\n"


def write_docs(out_dir: Path | str) -> list[Path]:
    """Write ontology.html (English headings), ontology.zh.html and ontology.md to ``out_dir``."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    doc = describe_ontology()
    files = {
        "ontology.html": render_html(doc, "en"),
        "ontology.zh.html": render_html(doc, "zh"),
        "ontology.md": render_markdown(doc),
    }
    written = []
    for name, text in files.items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
