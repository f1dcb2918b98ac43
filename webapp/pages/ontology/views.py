"""/ontology: the ontology's documentation (``ontology.docs``) in the site, in the page language.

Input:  ``GET /ontology`` (``?lang=``); ``ontology.docs.describe_ontology()`` — read once per
        process from ``ontology/xjftz.ttl``.
Output: the page: title, description, metadata, a contents list, and per class and property its
        labels and definitions (the chosen language first, the other beside it), super- and
        sub-terms, alignments, domain, range, inverse, characteristics and chains; then the
        coding schemes (``schemes.py``: actions by strength, instruments by type). Each term
        has the anchor of its local name (``/ontology#Measure``), which entity pages link to.
        Rendered with the site's template (``ontology.docs.render_html`` writes a standalone
        file with an inline stylesheet, which the site's Content-Security-Policy forbids).
"""

from __future__ import annotations

from flask import Blueprint, render_template

from ontology.docs import UI, OntologyDoc, describe_ontology
from webapp.pages.ontology.schemes import load_schemes
from webapp.shared.cache import cached_page, memo
from webapp.shared.site import allow_params

bp = Blueprint("ontology", __name__)
CHARACTERISTICS_ZH = {"transitive": "传递", "functional": "函数型"}


def curie_href(curie: str, doc: OntologyDoc) -> str | None:
    """An anchor on this page for own terms; the term's IRI for reused ones."""
    prefix, _, local = curie.partition(":")
    if prefix == doc.prefix:
        return f"#{local}"
    namespace = doc.namespaces.get(prefix)
    iri = namespace + local if namespace else None
    return iri if iri and iri.startswith(("http://", "https://")) else None


@bp.get("/ontology")
def ontology() -> str:
    allow_params()
    return cached_page("ontology", _render, forever=True)


def _render(lang: str) -> str:
    doc = memo("ontology-doc", describe_ontology)
    groups = (
        ("class", doc.classes),
        ("object property", doc.object_properties),
        ("datatype property", doc.datatype_properties),
    )
    return render_template(
        "ontology.html",
        doc=doc,
        groups=groups,
        ui=UI[lang],
        href=lambda curie: curie_href(curie, doc),
        characteristic=lambda c: CHARACTERISTICS_ZH.get(c, c) if lang == "zh" else c,
        schemes=memo("ontology-schemes", load_schemes),
    )
