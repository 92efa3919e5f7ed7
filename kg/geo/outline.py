"""Germany's outline and its neighbours' (Natural Earth, public domain), read from the GeoJSON the
package ships: the countries' outer rings and whether a point lies inside one."""

from __future__ import annotations

import json
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

OUTLINE_FILE = Path(__file__).resolve().parent / "geodata" / "germany.geojson"
GERMANY = "DEU"
"""ISO 3166 alpha-3 of the home country, the one the maps are of."""

Ring = list[tuple[float, float]]
"""A closed ring of (longitude, latitude) in degrees, first point repeated last (RFC 7946)."""


@cache
def outline() -> dict[str, Any]:
    """The base map as GeoJSON: Germany and its neighbours (``properties.iso`` is ISO 3166 alpha-3)."""
    data: dict[str, Any] = json.loads(OUTLINE_FILE.read_text(encoding="utf-8"))
    return data


def countries() -> list[str]:
    """The ISO codes of the countries on the base map, Germany first."""
    return [f["properties"]["iso"] for f in outline()["features"]]


def country_rings(iso: str = GERMANY) -> list[Ring]:
    """The outer rings (lon, lat) of one country of the base map."""
    for feature in outline()["features"]:
        if feature["properties"]["iso"] == iso:
            return [[(x, y) for x, y in polygon[0]] for polygon in feature["geometry"]["coordinates"]]
    raise KeyError(f"no country {iso!r} on the base map (it has {', '.join(countries())})")


def contains(longitude: float, latitude: float, iso: str = GERMANY) -> bool:
    """Whether a point lies inside a country of the base map (even–odd rule over its rings)."""
    inside = False
    for ring in country_rings(iso):
        for (x1, y1), (x2, y2) in pairwise(ring):
            if (y1 > latitude) != (y2 > latitude):
                x = x1 + (latitude - y1) * (x2 - x1) / (y2 - y1)
                if x > longitude:
                    inside = not inside
    return inside


__all__ = ["GERMANY", "OUTLINE_FILE", "Ring", "contains", "countries", "country_rings", "outline"]
