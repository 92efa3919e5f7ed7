"""The map of Germany as SVG: the outline (neighbours in grey), one or more points, optional
labels — a template (``kg/geo/templates/map.svg``) rendered through the package's one Jinja
environment (:mod:`kg.templating`). The SVG is self-contained: inline in a page it loads nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from markupsafe import Markup

from kg.geo.outline import GERMANY, Ring, countries, country_rings
from kg.geo.projection import EXTENT, Extent, Projection
from kg.templating import render

MIN_STEP = 1.0
"""Drawn rings keep a vertex only this far (in SVG units) from the last one kept: the shipped
outline is finer than a 400-unit map shows, and every vertex is bytes in every page."""


@dataclass(frozen=True)
class MapPoint:
    """A point to mark on the map, in WGS84 degrees, with the text written beside it (or none)."""

    longitude: float
    latitude: float
    label: str | None = None


def _path(rings: Iterable[Ring], projection: Projection) -> str:
    """SVG path data of rings, one closed subpath each, in relative steps of a tenth of a unit;
    rings wholly outside the frame, or too small to see, are left out."""
    west, east, south, north = projection.extent
    parts = []
    for ring in rings:
        if (
            max(x for x, _ in ring) < west
            or min(x for x, _ in ring) > east
            or max(y for _, y in ring) < south
            or min(y for _, y in ring) > north
        ):
            continue
        kept: list[tuple[int, int]] = []  # in tenths, so that the relative steps add up exactly
        for lon, lat in ring[:-1]:  # the closing vertex is the first: "Z" draws that edge
            x, y = projection.xy(lon, lat)
            tx, ty = round(x * 10), round(y * 10)
            if not kept or abs(tx - kept[-1][0]) + abs(ty - kept[-1][1]) >= MIN_STEP * 10:
                kept.append((tx, ty))
        if len(kept) < 3:
            continue
        numbers = [_tenths(n) for (x1, y1), (x2, y2) in pairwise(kept) for n in (x2 - x1, y2 - y1)]
        parts.append(f"M{_tenths(kept[0][0])} {_tenths(kept[0][1])}l" + _joined(numbers) + "z")
    return "".join(parts)


def _joined(numbers: list[str]) -> str:
    """Numbers of path data, a space only where a sign does not part them already."""
    return "".join(n if i == 0 or n.startswith("-") else " " + n for i, n in enumerate(numbers))


def _tenths(value: int) -> str:
    """A number of tenths as SVG writes it shortest: 12.3, -0.5 as -.5, 4.0 as 4."""
    text = f"{value / 10:.1f}".removesuffix(".0")
    return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text


def svg_map(
    points: Iterable[MapPoint],
    *,
    title: str,
    width: float = 400,
    extent: Extent = EXTENT,
    iso: str = GERMANY,
) -> Markup:
    """The map of ``iso`` (Germany) in ``extent`` with ``points`` marked, as an inline ``<svg>``.

    ``title`` is what the map shows (its ``<title>`` and ``aria-label``: "Lage von Neuweiler").
    The SVG scales to its container (``viewBox`` of ``width`` × the height the projection keeps);
    each point is a ``<circle class="point">`` with its coordinates in ``data-longitude`` and
    ``data-latitude``, its label a ``<text>`` beside it, turned to the west in the map's east."""
    projection = Projection(width, extent)
    marks = []
    for p in points:
        x, y = projection.xy(p.longitude, p.latitude)
        east_side = x > 0.6 * projection.width
        marks.append(
            {
                "x": round(x, 1),
                "y": round(y, 1),
                "longitude": p.longitude,
                "latitude": p.latitude,
                "label": p.label,
                "label_x": round(x - 11 if east_side else x + 11, 1),
                "label_y": round(y + 5 if y > 24 else y + 22, 1),
                "anchor": "end" if east_side else "start",
            }
        )
    svg = render(
        "map.svg",
        width=round(projection.width, 1),
        height=round(projection.height, 1),
        title=title,
        neighbours=[_path(country_rings(c), projection) for c in countries() if c != iso],
        country=_path(country_rings(iso), projection),
        points=marks,
    )
    return Markup(svg.strip())


__all__ = ["MIN_STEP", "MapPoint", "svg_map"]
