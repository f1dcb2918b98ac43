"""The zones of one synthetic plan: FTZ, zones with areas, components and functions.

Input:  a :class:`bench.synthetic_plan.PlanWriter` (its key, template, vocabulary, random
        generator, and where its 功能划分 provisions are).
Output: triples added through the writer, as ``graph/assemble.py`` (``add_zones``) writes them
        for the real plan: ``ftz/{key}`` (``xjo:PilotFreeTradeZone``, ``xjo:areaKm2``,
        ``xjo:hasZone``); 2–4 zones ``zone/{key}-{place}`` named after places of the
        vocabulary, each a ``skos:Concept`` in ``scheme/zones`` with labels and an area, with
        an ``…/xpcc-division`` (``xjo:division`` an XPCC division) and an ``…/bonded-zone``
        component; and 4–10 ``…/function/{industry}`` per zone (industry, framing, sometimes
        an industry group, ``xjo:statedIn`` a provision of the plan's 功能划分 section).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from bench import ID
from bench.synthetic_vocab import RDF_TYPE, RDFS_LABEL, iri, lit, skos, xjo
from bench.template import Entity

if TYPE_CHECKING:
    from bench.synthetic_plan import PlanWriter


def add_zones(w: PlanWriter) -> None:
    """The FTZ and its zones with their components; fills ``w.zones`` and ``w.bonded``."""
    rng, ftz = w.rng, iri(ID + f"ftz/{w.key}")
    total = Decimal(0)
    w.add(ftz, RDF_TYPE, xjo("PilotFreeTradeZone"))
    for place in rng.sample(w.vocab.entities["Place"], rng.randint(2, 4)):
        slug = f"{w.key}-{place.iri.rsplit('/', 1)[1]}"
        zone = Entity(ID + f"zone/{slug}", "Zone", f"{place.zh}片区", f"{place.en} Area")
        bonded = Entity(
            zone.iri + "/bonded-zone",
            "ComprehensiveBondedZone",
            f"{place.zh}综合保税区",
            f"{place.en} Comprehensive Bonded Zone",
        )
        w.zones.append(zone)
        w.bonded.append(bonded)
        area = Decimal(rng.randint(1000, 15000)) / 100
        total += area
        z = iri(zone.iri)
        w.add(ftz, xjo("hasZone"), z)
        w.add(z, xjo("areaKm2"), lit(str(area), datatype="decimal"))
        for e, broader in ((zone, None), (bonded, z)):
            s = iri(e.iri)
            w.add(s, RDF_TYPE, xjo(e.cls))
            w.add(s, RDF_TYPE, skos("Concept"))
            w.add(s, skos("inScheme"), iri(ID + "scheme/zones"))
            if broader:
                w.add(s, skos("broader"), broader)
                w.add(z, xjo("hasComponent"), s)
                w.add(s, xjo("areaKm2"), lit(str(area / 4), datatype="decimal"))
            else:
                w.add(s, skos("topConceptOf"), iri(ID + "scheme/zones"))
            for lang, text in (("zh", e.zh), ("en", e.en)):
                w.add(s, skos("prefLabel"), lit(text, lang))
                w.add(s, RDFS_LABEL, lit(text, lang))
        division = iri(zone.iri + "/xpcc-division")
        w.add(z, xjo("hasComponent"), division)
        w.add(division, RDF_TYPE, xjo("XPCCDivisionArea"))
        w.add(division, xjo("areaKm2"), lit(str(area / 8), datatype="decimal"))
        w.add(division, xjo("division"), iri(rng.choice(w.t.divisions)))
        w.add(division, RDFS_LABEL, lit(f"{zone.zh}内的兵团区域", "zh"))
        w.add(division, RDFS_LABEL, lit(f"XPCC land in the {zone.en}", "en"))
    w.add(ftz, xjo("areaKm2"), lit(str(total), datatype="decimal"))
    w.add(ftz, RDFS_LABEL, lit(f"合成自由贸易试验区{w.key}", "zh"))
    w.add(ftz, RDFS_LABEL, lit(f"Synthetic Pilot Free Trade Zone {w.key}", "en"))


def add_zone_functions(w: PlanWriter) -> None:
    """Each zone's functions, stated in the plan's 功能划分 section (call after writing it)."""
    rng = w.rng
    framings = w.t.entities["Framing"]
    for zone in w.zones:
        z = iri(zone.iri)
        for industry in rng.sample(w.vocab.entities["Industry"], rng.randint(4, 10)):
            f = iri(zone.iri + "/function/" + industry.iri.rsplit("/", 1)[1])
            framing = rng.choice(framings)
            w.add(z, xjo("hasFunction"), f)
            w.add(f, RDF_TYPE, xjo("ZoneFunction"))
            w.add(f, xjo("industry"), iri(industry.iri))
            w.add(f, xjo("framing"), iri(framing.iri))
            pid = rng.choice(w.function_provisions)
            w.add(f, xjo("statedIn"), iri(ID + f"provision/{w.key}-{pid}"))
            if w.t.groups and rng.random() < 0.6:
                w.add(f, xjo("industryGroup"), iri(rng.choice(w.t.groups)))
            w.add(f, RDFS_LABEL, lit(f"{zone.zh}：{framing.zh}{industry.zh}", "zh"))
            w.add(f, RDFS_LABEL, lit(f"{zone.en}: {framing.en} {industry.en}", "en"))
