"""The maps' projection (kg.geo.projection): longitude/latitude with the middle latitude's aspect."""

from __future__ import annotations

import math

import pytest

from kg import geo

EARTH_RADIUS_KM = 6371.0


def test_the_frame_fills_the_drawing_north_west_at_the_origin() -> None:
    west, east, south, north = geo.EXTENT
    p = geo.Projection(400)
    assert p.xy(west, north) == pytest.approx((0, 0))
    assert p.xy(east, south) == pytest.approx((400, p.height))
    assert p.xy(east, north) == pytest.approx((400, 0))


def test_aspect_is_that_of_the_middle_latitude() -> None:
    west, east, south, north = geo.EXTENT
    p = geo.Projection(400)
    middle = (south + north) / 2
    assert p.aspect == pytest.approx(1 / math.cos(math.radians(middle)))
    assert p.height / p.width == pytest.approx((north - south) * p.aspect / (east - west))
    assert geo.Projection(7.5).height == pytest.approx(p.height * 7.5 / 400)


def test_a_square_on_the_ground_is_drawn_square_at_the_middle_latitude() -> None:
    # 10 km east and 10 km north of a point at the middle latitude, on a sphere
    _, _, south, north = geo.EXTENT
    lat = (south + north) / 2
    lon = 10.5
    km_per_degree_lat = math.pi * EARTH_RADIUS_KM / 180
    km_per_degree_lon = km_per_degree_lat * math.cos(math.radians(lat))
    p = geo.Projection(400)
    x0, y0 = p.xy(lon, lat)
    x1, _ = p.xy(lon + 10 / km_per_degree_lon, lat)
    _, y1 = p.xy(lon, lat + 10 / km_per_degree_lat)
    assert x1 - x0 == pytest.approx(y0 - y1)  # east is right, north is up, the same length


@pytest.mark.parametrize(("lon", "lat"), [(8.596988, 48.657642), (13.405, 52.52), (5.4, 55.2), (20.0, 40.0)])
def test_lonlat_undoes_xy(lon: float, lat: float) -> None:
    p = geo.Projection(321)
    assert p.lonlat(*p.xy(lon, lat)) == pytest.approx((lon, lat))
