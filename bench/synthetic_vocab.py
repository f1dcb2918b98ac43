"""The shared vocabulary of the synthetic corpus: the real one, extended with synthetic entities.

Input:  a :class:`bench.template.Template` (the real entities, their classes and labels, the
        countries' regions) and a seeded ``random.Random``.
Output: a :class:`Vocabulary`: the entity pools by class that synthetic plans draw mentions
        from (real + synthetic), every country's regions, and the N-Triples lines describing
        the synthetic entities exactly as the vocabularies describe real ones (class,
        ``skos:Concept`` in its scheme, ``skos:prefLabel`` and ``rdfs:label`` @zh/@en, for
        countries ISO code and ``xjo:inRegion``). Also the N-Triples term helpers.

Synthetic countries take ISO 3166 user-assigned codes (AA, QM–QZ, XA–XZ, ZZ) so their IRIs
follow ``country/{alpha-2}`` without colliding with a real country.
"""

from __future__ import annotations

import random
import string
from collections.abc import Callable
from dataclasses import dataclass, field

from bench import ID
from bench.template import XJO, Entity, Template

RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
RDFS_LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
COUNTRY_CODES = (
    ["AA", "ZZ"] + [f"Q{c}" for c in "MNOPQRSTUVWXYZ"] + [f"X{c}" for c in string.ascii_uppercase]
)
# class → (how many synthetic entities, IRI path, scheme, zh stem, en stem)
EXTENSION = {
    "Place": (40, "place", "places", "合成地", "Synthetic place"),
    "Industry": (60, "industry", "industries", "合成产业", "Synthetic industry"),
    "Agency": (20, "agency", "agencies", "合成机构", "Synthetic agency"),
    "Organization": (10, "organization", "organizations", "合成组织", "Synthetic organisation"),
    "Mechanism": (10, "mechanism", "mechanisms", "合成机制", "Synthetic mechanism"),
    "Initiative": (10, "initiative", "initiatives", "合成倡议", "Synthetic initiative"),
    "Event": (10, "event", "events", "合成会展", "Synthetic event"),
}
M49_REGIONS = ("143", "034", "150")
CN_DIGITS = "零一二三四五六七八九"


def iri(value: str) -> str:
    return f"<{value}>"


def namespace(base: str) -> Callable[[str], str]:
    """The N-Triples IRIs of one namespace: ``namespace(SKOS)("Concept")`` → ``<…core#Concept>``."""
    return lambda name: f"<{base}{name}>"


xjo = namespace(XJO)
skos = namespace(SKOS)


def lit(text: str, lang: str | None = None, datatype: str | None = None) -> str:
    """An N-Triples literal: @lang, ^^xsd:datatype (local name) or a plain string."""
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    if lang:
        return f'"{escaped}"@{lang}'
    if datatype:
        return f'"{escaped}"^^<{XSD}{datatype}>'
    return f'"{escaped}"'


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 42 → 四十二 (up to 99)."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens] + "十")
    return head + (CN_DIGITS[ones] if ones or not head else "")


@dataclass
class Vocabulary:
    entities: dict[str, list[Entity]]  # class local name → entities (real first)
    regions: dict[str, list[str]]  # country IRI → region IRIs (one step)
    lines: list[str] = field(default_factory=list)  # N-Triples of the synthetic entities


def _concept(lines: list[str], e: Entity, scheme: str) -> None:
    s = iri(e.iri)
    lines += [
        f"{s} {RDF_TYPE} {xjo(e.cls)} .",
        f"{s} {RDF_TYPE} {skos('Concept')} .",
        f"{s} {skos('inScheme')} {iri(ID + 'scheme/' + scheme)} .",
        f"{s} {skos('topConceptOf')} {iri(ID + 'scheme/' + scheme)} .",
    ]
    for lang, text in (("zh", e.zh), ("en", e.en)):
        lines.append(f"{s} {skos('prefLabel')} {lit(text, lang)} .")
        lines.append(f"{s} {RDFS_LABEL} {lit(text, lang)} .")


def extend_vocabulary(t: Template, rng: random.Random) -> Vocabulary:
    """The real vocabulary plus the synthetic entities (a fixed number per class)."""
    entities = {cls: list(found) for cls, found in t.entities.items()}
    regions = {c: list(rs) for c, rs in t.regions.items()}
    lines: list[str] = []
    groupings = [e.iri for e in t.entities["Region"] if not e.iri.rsplit("/", 1)[1].isdigit()]
    for code in COUNTRY_CODES:
        e = Entity(ID + f"country/{code}", "Country", f"合成国{code}", f"Synthetic country {code}")
        _concept(lines, e, "countries")
        lines.append(f"{iri(e.iri)} {xjo('iso3166Alpha2')} {lit(code)} .")
        mine = [ID + "region/" + rng.choice(M49_REGIONS)]
        if groupings and rng.random() < 0.5:
            mine.append(rng.choice(groupings))
        for region in mine:
            lines.append(f"{iri(e.iri)} {xjo('inRegion')} {iri(region)} .")
        regions[e.iri] = sorted(mine)
        entities["Country"].append(e)
    for cls, (count, path, scheme, zh, en) in EXTENSION.items():
        for k in range(1, count + 1):
            e = Entity(ID + f"{path}/synthetic-{k:03d}", cls, f"{zh}{cn_number(k)}", f"{en} {k}")
            _concept(lines, e, scheme)
            entities.setdefault(cls, []).append(e)
    return Vocabulary(entities, regions, lines)
