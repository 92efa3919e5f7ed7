"""The map of Germany as SVG (kg.geo.svg): well-formed, self-contained, the points where their
coordinates are, labels as text."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from kg import geo
from kg.templating import environment

SVG = "{http://www.w3.org/2000/svg}"
NEUWEILER = geo.MapPoint(8.596988, 48.657642, "Neuweiler")  # its coordinates in the Destatis register


def _points(d: str) -> list[list[tuple[float, float]]]:
    """The absolute vertices of each subpath of SVG path data (M/m, L/l, Z/z, implicit repeats)."""
    tokens = re.findall(r"[MmLlZz]|-?(?:\d+\.?\d*|\.\d+)", d)
    subpaths: list[list[tuple[float, float]]] = []
    x = y = 0.0
    command, i = "", 0
    while i < len(tokens):
        if tokens[i] in "MmLlZz":
            command = tokens[i]
            i += 1
            if command in "Zz":
                x, y = subpaths[-1][0]
            continue
        dx, dy = float(tokens[i]), float(tokens[i + 1])
        i += 2
        relative = command.islower()
        x, y = (x + dx, y + dy) if relative else (dx, dy)
        if command in "Mm":
            subpaths.append([])
            command = "l" if relative else "L"  # coordinates after a moveto are linetos
        subpaths[-1].append((x, y))
    return subpaths


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_svg_is_a_titled_image_that_loads_nothing() -> None:
    svg = geo.svg_map([NEUWEILER], title="Lage von Neuweiler")
    root = _parse(svg)
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img" and root.get("aria-label") == "Lage von Neuweiler"
    assert root.find(SVG + "title").text == "Lage von Neuweiler"
    width, height = (float(v) for v in root.get("viewBox").split()[2:])
    assert (width, height) == pytest.approx((400, geo.Projection(400).height), abs=0.1)
    # no link, image, script or style sheet: nothing a browser would fetch
    assert not [
        e.tag for e in root.iter() if e.tag in {SVG + t for t in ("image", "use", "script", "a", "style")}
    ]
    assert re.findall(r"https?://[^\s\"]*", svg) == ["http://www.w3.org/2000/svg"]
    assert "map.svg" in environment().list_templates()  # drawn from a template of the one environment


def test_the_point_sits_where_its_coordinates_are_inside_germany_s_box() -> None:
    root = _parse(geo.svg_map([NEUWEILER], title="Lage von Neuweiler"))
    country = root.find(f"{SVG}path[@class='country']")
    drawn = [p for sub in _points(country.get("d")) for p in sub]
    left, right = min(x for x, _ in drawn), max(x for x, _ in drawn)
    top, bottom = min(y for _, y in drawn), max(y for _, y in drawn)
    # Germany's box in degrees, from the shipped outline itself
    rings = [p for ring in geo.country_rings() for p in ring]
    west, east = min(x for x, _ in rings), max(x for x, _ in rings)
    south, north = min(y for _, y in rings), max(y for _, y in rings)
    point = root.find(f".//{SVG}circle[@class='point']")
    cx, cy = float(point.get("cx")), float(point.get("cy"))
    assert left < cx < right and top < cy < bottom
    # the map is linear in longitude and in latitude: the point is as far across the drawn box
    # as Neuweiler is across Germany's (within a unit: the drawing rounds and thins the outline)
    assert cx == pytest.approx(left + (NEUWEILER.longitude - west) / (east - west) * (right - left), abs=1)
    assert cy == pytest.approx(top + (north - NEUWEILER.latitude) / (north - south) * (bottom - top), abs=1)
    assert (float(point.get("data-longitude")), float(point.get("data-latitude"))) == (
        NEUWEILER.longitude,
        NEUWEILER.latitude,
    )
    # the drawn box is Germany's box projected
    p = geo.Projection(400)
    assert (left, top) == pytest.approx(p.xy(west, north), abs=1)
    assert (right, bottom) == pytest.approx(p.xy(east, south), abs=1)


def test_outline_subpaths_are_germany_s_rings_that_can_be_seen() -> None:
    root = _parse(geo.svg_map([], title="Deutschland"))
    subpaths = _points(root.find(f"{SVG}path[@class='country']").get("d"))
    rings = geo.country_rings()
    assert 0 < len(subpaths) <= len(rings)
    mainland = max(rings, key=len)
    drawn = max(subpaths, key=len)
    p = geo.Projection(400)
    # every drawn vertex of the mainland is a vertex of the ring, projected and rounded
    projected = {(round(x, 1), round(y, 1)) for x, y in (p.xy(*v) for v in mainland)}
    assert all(min(abs(x - a) + abs(y - b) for a, b in projected) < 0.15 for x, y in drawn[:50])
    # neighbours wholly outside the frame are not drawn (most of Denmark's islands)
    neighbours = [e.get("d") for e in root.iter(SVG + "path") if e.get("class") != "country"]
    assert sum(len(_points(d)) for d in neighbours) < sum(
        len(geo.country_rings(c)) for c in geo.countries() if c != geo.GERMANY
    )


def test_points_with_and_without_labels_labels_as_text() -> None:
    berlin = geo.MapPoint(13.405, 52.52, "<b>Berlin</b> & Umland")
    svg = geo.svg_map([NEUWEILER, berlin, geo.MapPoint(9.99, 53.55)], title="Drei Orte")
    root = _parse(svg)
    assert len(root.findall(f".//{SVG}circle[@class='point']")) == 3
    labels = {t.text: t for t in root.iter(SVG + "text") if t.get("class") == "label"}
    assert set(labels) == {"Neuweiler", "<b>Berlin</b> & Umland"}  # escaped, read back as text
    assert "<b>" not in svg
    # a label in the map's east is written to the west of its point, so it stays on the map
    assert labels["<b>Berlin</b> & Umland"].get("text-anchor") == "end"
    assert float(labels["<b>Berlin</b> & Umland"].get("x")) < geo.Projection(400).xy(13.405, 52.52)[0]
    assert labels["Neuweiler"].get("text-anchor") == "start"


def test_the_map_stays_small_enough_for_every_municipality_page() -> None:
    # each municipality page carries the map inline: the outline is thinned to what 400 units show
    assert len(geo.svg_map([NEUWEILER], title="Lage von Neuweiler").encode()) < 60_000
