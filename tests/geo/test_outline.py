"""The offline base map (kg.geo.outline): the shipped GeoJSON, its countries' rings, what lies where."""

from __future__ import annotations

import fnmatch
import json
import tomllib
from itertools import pairwise
from pathlib import Path

import pytest

import kg
from kg import geo

ROOT = Path(__file__).resolve().parents[2]


def _signed_area(ring: list[tuple[float, float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(ring)) / 2


def test_base_map_ships_germany_and_neighbours_as_valid_geojson() -> None:
    data = json.loads(geo.OUTLINE_FILE.read_text(encoding="utf-8"))
    isos = [f["properties"]["iso"] for f in data["features"]]
    assert isos[0] == "DEU" == geo.GERMANY
    assert set(isos) == {"DEU", "AUT", "BEL", "CHE", "CZE", "DNK", "FRA", "LUX", "NLD", "POL"}
    assert geo.countries() == isos
    assert "public domain" in data["source"]
    for feature in data["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            ring = polygon[0]
            assert ring[0] == ring[-1], feature["properties"]["iso"]
            assert _signed_area(ring) > 0  # RFC 7946: outer rings counter-clockwise
    licence = (geo.OUTLINE_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert "Natural Earth" in licence and "public domain" in licence


def test_base_map_and_svg_template_are_package_data() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["kg.geo"]
    room = Path(geo.__file__).parent
    shipped = [p.relative_to(room).as_posix() for d in ("geodata", "templates") for p in (room / d).iterdir()]
    assert {"geodata/germany.geojson", "geodata/README.md", "templates/map.svg"} <= set(shipped)
    assert [f for f in shipped if not any(fnmatch.fnmatch(f, p) for p in patterns)] == []


def test_country_rings_are_the_features_outer_rings() -> None:
    for feature in geo.outline()["features"]:
        rings = geo.country_rings(feature["properties"]["iso"])
        assert [[list(p) for p in r] for r in rings] == [
            poly[0] for poly in feature["geometry"]["coordinates"]
        ]
        assert all(r[0] == r[-1] and len(r) >= 4 for r in rings)


def test_the_frame_holds_all_of_germany() -> None:
    west, east, south, north = geo.EXTENT
    points = [p for ring in geo.country_rings() for p in ring]
    assert west < min(x for x, _ in points) and max(x for x, _ in points) < east
    assert south < min(y for _, y in points) and max(y for _, y in points) < north


@pytest.mark.parametrize(
    ("place", "lon", "lat", "iso", "inside"),
    [
        ("Berlin", 13.405, 52.52, "DEU", True),
        ("Munich", 11.576, 48.137, "DEU", True),
        ("Sylt", 8.30, 54.90, "DEU", True),
        ("Paris", 2.352, 48.857, "DEU", False),
        ("Basel", 7.588, 47.56, "DEU", False),
        ("Basel", 7.588, 47.56, "CHE", True),
        ("North Sea", 6.5, 54.5, "DEU", False),
    ],
)
def test_contains_knows_what_lies_in_germany(
    place: str, lon: float, lat: float, iso: str, inside: bool
) -> None:
    assert geo.contains(lon, lat, iso) is inside, place


def test_every_municipality_of_the_graph_lies_in_germany(graph: kg.KnowledgeGraph) -> None:
    rows = graph.query("municipalities").to_records()
    placed = {
        (r["name"], float(r["longitude"]), float(r["latitude"])) for r in rows if r["latitude"] is not None
    }
    assert len(placed) > 0
    assert [name for name, lon, lat in placed if not geo.contains(lon, lat)] == []


def test_unknown_country_names_the_ones_the_map_has() -> None:
    with pytest.raises(KeyError, match="DEU"):
        geo.country_rings("ITA")
