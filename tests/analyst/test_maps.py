"""The offline base map and the municipalities map (kg.maps)."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest
from matplotlib.collections import PathCollection

import kg
from kg.analyst import maps

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(ring)) / 2


def test_base_map_ships_germany_and_neighbours_as_valid_geojson() -> None:
    data = json.loads(maps.OUTLINE_FILE.read_text(encoding="utf-8"))
    isos = [f["properties"]["iso"] for f in data["features"]]
    assert isos[0] == "DEU"
    assert set(isos) == {"DEU", "AUT", "BEL", "CHE", "CZE", "DNK", "FRA", "LUX", "NLD", "POL"}
    assert "public domain" in data["source"]
    for feature in data["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            ring = polygon[0]
            assert ring[0] == ring[-1], feature["properties"]["iso"]
            assert _signed_area(ring) > 0  # RFC 7946: outer rings counter-clockwise
    licence = (maps.OUTLINE_FILE.parent / "README.md").read_text(encoding="utf-8")
    assert "Natural Earth" in licence and "public domain" in licence


def test_base_map_is_package_data() -> None:
    pyproject = (Path(__file__).resolve().parents[2] / "pyproject.toml").read_text(encoding="utf-8")
    assert "geodata/*" in pyproject


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
    assert maps.contains(lon, lat, iso) is inside, place


def test_every_municipality_of_the_graph_lies_in_germany(graph: kg.KnowledgeGraph) -> None:
    table = kg.municipality_table(graph)
    # a municipality a project page names without its AGS has no coordinates either
    table = table.dropna(subset=["latitude", "longitude"])
    assert len(table) > 0
    outside = [r.municipality for r in table.itertuples() if not maps.contains(r.longitude, r.latitude)]
    assert outside == []


def test_unknown_country_names_the_ones_the_map_has() -> None:
    with pytest.raises(KeyError, match="DEU"):
        maps.country_rings("ITA")


def test_municipalities_map_puts_one_point_per_municipality_coloured_by_project(
    graph: kg.KnowledgeGraph,
) -> None:
    everywhere = kg.municipality_table(graph)
    fig = maps.municipalities_map(everywhere, colours={"KoDa_eG": "#ff0000"})
    table = everywhere.dropna(subset=["latitude", "longitude"])  # the others have no place on the map
    ARTIFACTS.mkdir(exist_ok=True)
    fig.savefig(ARTIFACTS / "map-municipalities.png", dpi=80)
    ax = fig.axes[0]
    points = [c for c in ax.collections if isinstance(c, PathCollection)]
    assert len(points) == len(table)
    coords = sorted(tuple(round(v, 6) for v in p.get_offsets()[0]) for p in points)
    assert coords == sorted(zip(table["longitude"], table["latitude"], strict=True))
    neuweiler = next(p for p in points if round(p.get_offsets()[0][0], 6) == 8.596988)
    assert tuple(neuweiler.get_facecolor()[0][:3]) == (1.0, 0.0, 0.0)
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [
        "KoDa_eG",
        "LAZIKN2030",
        "TempALand",
    ]  # Barnstorf, once without a project, is one of TempALand's municipalities
    assert set(table["municipality"]) <= {t.get_text() for t in ax.texts}
    # the base map is drawn: Germany's polygons plus the neighbours'
    assert len(ax.patches) >= sum(len(f["geometry"]["coordinates"]) for f in maps.outline()["features"])
    assert ax.get_xlim() == (maps.EXTENT[0], maps.EXTENT[1])


def test_municipality_named_by_two_projects_gets_a_ring_per_project(graph: kg.KnowledgeGraph) -> None:
    table = kg.municipality_table(graph).dropna(subset=["latitude", "longitude"])
    twice = table.iloc[[0, 0]].assign(project=["KoDa_eG", "Another project"])
    fig = maps.municipalities_map(twice)
    points = [c for c in fig.axes[0].collections if isinstance(c, PathCollection)]
    assert len(points) == 2
    assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == ["Another project", "KoDa_eG"]


def test_municipalities_map_refuses_an_unknown_colour_column(graph: kg.KnowledgeGraph) -> None:
    with pytest.raises(KeyError, match="colour by"):
        maps.municipalities_map(kg.municipality_table(graph), colour_by="state")
