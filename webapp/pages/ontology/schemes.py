"""The coding schemes on /ontology: actions with their commitment strength, and the policy
instruments by Rothwell & Zegveld type (issue 19).

Input:  ``ontology/vocabularies/actions.ttl`` and ``instruments.ttl``, read once per process.
Output: :class:`Schemes` — the actions strongest first, each with labels, definition, scope note
        and strength; the three instrument types, each with its sub-types. The page shows them
        with the template include ``_schemes.html``; each concept links to its entity page.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import RDF, SKOS, Graph, Literal, URIRef

from ontology.load import VOCABULARY_DIR, load_turtle
from ontology.namespaces import ID, XJO


@dataclass
class Concept:
    iri: str
    label: dict[str, str]
    definition: dict[str, str]
    scope: dict[str, str]
    strength: int | None = None
    narrower: list[Concept] = field(default_factory=list)

    @property
    def href(self) -> str:
        return "/id/" + self.iri[len(str(ID)) :]


@dataclass
class Schemes:
    actions: list[Concept]
    instrument_types: list[Concept]


def _texts(g: Graph, s: URIRef, p: URIRef) -> dict[str, str]:
    return {o.language: str(o) for o in g.objects(s, p) if isinstance(o, Literal) and o.language}


def _concept(g: Graph, s: URIRef) -> Concept:
    strength = g.value(s, XJO.commitmentStrength)
    return Concept(
        str(s),
        _texts(g, s, SKOS.prefLabel),
        _texts(g, s, SKOS.definition),
        _texts(g, s, SKOS.scopeNote),
        int(strength) if strength is not None else None,
    )


def load_schemes() -> Schemes:
    g = load_turtle([VOCABULARY_DIR / "actions.ttl", VOCABULARY_DIR / "instruments.ttl"])
    actions = [_concept(g, s) for s in g.subjects(RDF.type, XJO.Action)]
    actions.sort(key=lambda c: (-(c.strength or 0), c.iri))
    order = ["supply", "environment", "demand"]
    types = []
    for slug in order:
        top = ID[f"instrument/{slug}"]
        concept = _concept(g, top)
        concept.narrower = [_concept(g, s) for s in g.subjects(SKOS.broader, top)]
        concept.narrower.sort(key=lambda c: c.iri)
        types.append(concept)
    return Schemes(actions, types)
