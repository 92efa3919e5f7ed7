"""Maps without a network: Germany's outline as a base map, the municipalities as points on it.

The base map is Natural Earth's 1:10m country outline (public domain), shipped with the package as
``kg/analyst/geodata/germany.geojson`` (see ``kg/analyst/geodata/README.md`` for its source and licence): no tile
server, no download at run time. Points are drawn in plain longitude/latitude with the aspect
ratio of the map's middle latitude, which is faithful enough at the scale of one country.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from kg.analyst.charts import NO_PROJECT, colours_for, new_figure

OUTLINE_FILE = Path(__file__).resolve().parent / "geodata" / "germany.geojson"
GERMANY = "DEU"
EXTENT = (5.4, 15.6, 47.1, 55.2)
"""The frame of the map of Germany: west, east, south, north (degrees)."""

Ring = list[tuple[float, float]]


@cache
def outline() -> dict[str, Any]:
    """The base map as GeoJSON: Germany and its neighbours (``properties.iso`` is ISO 3166 alpha-3)."""
    data: dict[str, Any] = json.loads(OUTLINE_FILE.read_text(encoding="utf-8"))
    return data


def country_rings(iso: str = GERMANY) -> list[Ring]:
    """The outer rings (lon, lat) of one country of the base map."""
    for feature in outline()["features"]:
        if feature["properties"]["iso"] == iso:
            return [[(x, y) for x, y in polygon[0]] for polygon in feature["geometry"]["coordinates"]]
    known = ", ".join(f["properties"]["iso"] for f in outline()["features"])
    raise KeyError(f"no country {iso!r} on the base map (it has {known})")


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


def germany_map(*, title: str | None = None, width: float = 7.5) -> Any:
    """A figure with the base map of Germany and its neighbours; draw on ``fig.axes[0]``
    in longitude (x) and latitude (y)."""
    from matplotlib.patches import Polygon

    west, east, south, north = EXTENT
    aspect = 1 / math.cos(math.radians((south + north) / 2))
    height = width * (north - south) * aspect / (east - west)
    fig = new_figure(width, height)
    ax = fig.add_subplot()
    ax.set_facecolor("#dbe9f4")  # the sea
    for feature in outline()["features"]:
        home = feature["properties"]["iso"] == GERMANY
        for polygon in feature["geometry"]["coordinates"]:
            ax.add_patch(
                Polygon(
                    polygon[0],
                    closed=True,
                    facecolor="#f7f1e3" if home else "#e4e4e4",
                    edgecolor="#6b6b6b" if home else "#b0b0b0",
                    linewidth=0.9 if home else 0.5,
                    zorder=2 if home else 1,
                )
            )
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(aspect)
    ax.set_xlabel("longitude (°E)")
    ax.set_ylabel("latitude (°N)")
    ax.tick_params(labelsize=8)
    ax.annotate(
        "Base map: Natural Earth (public domain)",
        (1, 0),
        xycoords="axes fraction",
        xytext=(-4, 4),
        textcoords="offset points",
        ha="right",
        va="bottom",
        fontsize=7,
        color="#555555",
    )
    if title:
        ax.set_title(title, loc="left", fontsize=12)
    return fig


def municipalities_map(
    municipalities: Any,
    *,
    colour_by: str = "project",
    colours: Mapping[str, str] | None = None,
    title: str | None = None,
) -> Any:
    """The municipalities on the map of Germany, coloured by project (or any other column).

    ``municipalities`` is :func:`kg.tables.municipality_table`: one row per municipality and
    project. A municipality that several projects name gets one ring per project around its point;
    one without coordinates (named by a page that gives no AGS) has no place on the map and is left
    out. ``colours`` maps values to colours (pass the same mapping to other charts to match them).
    """
    from matplotlib.lines import Line2D

    if {"latitude", "longitude"} <= set(municipalities.columns):
        municipalities = municipalities.dropna(subset=["latitude", "longitude"])

    if len(municipalities) == 0:
        raise ValueError("no municipalities: nothing to draw")
    if colour_by not in municipalities.columns:
        raise KeyError(f"no column {colour_by!r} to colour by (columns: {', '.join(municipalities.columns)})")
    fig = germany_map(title=title or "Municipalities of the knowledge graph")
    ax = fig.axes[0]
    groups = municipalities.fillna({colour_by: ""}).groupby(["iri"], sort=False)
    colours = {**colours_for(municipalities[colour_by].fillna("").astype(str)), **(colours or {})}
    for (_,), rows in groups:
        first = rows.iloc[0]
        x, y = float(first["longitude"]), float(first["latitude"])
        for ring, (_, row) in enumerate(rows.iterrows()):
            ax.scatter(
                x,
                y,
                s=90 + 110 * ring,
                color=colours[str(row[colour_by])] if ring == 0 else "none",
                edgecolor=colours[str(row[colour_by])] if ring else "black",
                linewidth=0.6 if ring == 0 else 2.0,
                zorder=5 - ring * 0.01,
            )
        ax.annotate(
            first["municipality"],
            (x, y),
            xytext=(7, 5),
            textcoords="offset points",
            fontsize=9,
            zorder=6,
        )
    present = sorted({str(v) for v in municipalities[colour_by].fillna("")}, key=lambda v: (v == "", v))
    ax.legend(
        handles=[
            Line2D([], [], marker="o", linestyle="", color=colours[v], label=v or NO_PROJECT) for v in present
        ],
        title=colour_by,
        loc="upper left",
        fontsize=8,
        title_fontsize=9,
        framealpha=0.9,
    )
    return fig


__all__ = ["EXTENT", "GERMANY", "contains", "country_rings", "germany_map", "municipalities_map", "outline"]
