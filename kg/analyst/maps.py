"""Maps without a network: Germany's outline as a base map, the municipalities as points on it,
drawn with matplotlib for notebooks.

The geometry is :mod:`kg.geo`'s (Natural Earth's outline shipped as ``kg/geo/geodata/germany.geojson``,
the frame and the mid-latitude projection): no tile server, no download at run time. The names
``outline``, ``country_rings``, ``contains``, ``EXTENT`` and ``GERMANY`` are kg.geo's, offered here too
so that a notebook needs one import.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from kg.analyst.charts import NO_PROJECT, colours_for, new_figure
from kg.geo import EXTENT, GERMANY, OUTLINE_FILE, Projection, contains, countries, country_rings, outline


def germany_map(*, title: str | None = None, width: float = 7.5) -> Any:
    """A figure with the base map of Germany and its neighbours; draw on ``fig.axes[0]``
    in longitude (x) and latitude (y)."""
    from matplotlib.patches import Polygon

    west, east, south, north = EXTENT
    projection = Projection(width, EXTENT)
    fig = new_figure(width, projection.height)
    ax = fig.add_subplot()
    ax.set_facecolor("#dbe9f4")  # the sea
    for iso in countries():
        home = iso == GERMANY
        for ring in country_rings(iso):
            ax.add_patch(
                Polygon(
                    ring,
                    closed=True,
                    facecolor="#f7f1e3" if home else "#e4e4e4",
                    edgecolor="#6b6b6b" if home else "#b0b0b0",
                    linewidth=0.9 if home else 0.5,
                    zorder=2 if home else 1,
                )
            )
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(projection.aspect)
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


__all__ = [
    "EXTENT",
    "GERMANY",
    "OUTLINE_FILE",
    "contains",
    "country_rings",
    "germany_map",
    "municipalities_map",
    "outline",
]
