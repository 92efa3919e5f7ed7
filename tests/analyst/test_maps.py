"""The municipalities map drawn with matplotlib on kg.geo's base map (kg.analyst.maps)."""

from __future__ import annotations

from pathlib import Path

import pytest
from matplotlib.collections import PathCollection

import kg
from kg import geo
from kg.analyst import maps

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def test_the_maps_draw_kg_geo_s_geometry_not_a_copy() -> None:
    # the outline, its rings, the frame and the projection live in kg.geo (the website draws them too)
    assert maps.outline is geo.outline and maps.country_rings is geo.country_rings
    assert maps.contains is geo.contains and maps.EXTENT == geo.EXTENT
    fig = maps.germany_map(width=6.0)
    projection = geo.Projection(6.0)
    assert fig.get_size_inches() == pytest.approx((6.0, projection.height))
    assert fig.axes[0].get_aspect() == pytest.approx(projection.aspect)
    drawn = {tuple(map(tuple, patch.get_xy()[:3])) for patch in fig.axes[0].patches}
    for iso in geo.countries():
        for ring in geo.country_rings(iso):
            assert tuple(ring[:3]) in drawn, iso


def test_contains_is_offered_for_the_notebook(graph: kg.KnowledgeGraph) -> None:
    table = kg.municipality_table(graph).dropna(subset=["latitude", "longitude"])
    assert len(table) > 0
    assert all(maps.contains(r.longitude, r.latitude) for r in table.itertuples())


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
