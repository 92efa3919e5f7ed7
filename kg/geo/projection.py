"""The projection of the maps: plain longitude/latitude, with the aspect ratio of the map's middle
latitude (a degree of longitude drawn ``cos(middle latitude)`` times as wide as one of latitude),
which is faithful enough at the scale of one country."""

from __future__ import annotations

import math
from dataclasses import dataclass

Extent = tuple[float, float, float, float]
"""west, east, south, north (degrees)."""

EXTENT: Extent = (5.4, 15.6, 47.1, 55.2)
"""The frame of the map of Germany: west, east, south, north (degrees)."""


@dataclass(frozen=True)
class Projection:
    """The frame ``extent`` drawn ``width`` units wide (pixels in SVG, inches in matplotlib), with
    y growing downwards as on a screen: north-west is (0, 0), south-east (width, height)."""

    width: float = 400.0
    extent: Extent = EXTENT

    @property
    def aspect(self) -> float:
        """How much longer a degree of latitude is drawn than a degree of longitude (matplotlib's
        ``set_aspect``): ``1 / cos(middle latitude)``."""
        _, _, south, north = self.extent
        return 1 / math.cos(math.radians((south + north) / 2))

    @property
    def height(self) -> float:
        """The height that keeps the aspect: ``width`` × latitude span × aspect / longitude span."""
        west, east, south, north = self.extent
        return self.width * (north - south) * self.aspect / (east - west)

    def xy(self, longitude: float, latitude: float) -> tuple[float, float]:
        """Where a point is drawn: (x from the west edge, y from the north edge)."""
        west, east, _, north = self.extent
        scale = self.width / (east - west)
        return (longitude - west) * scale, (north - latitude) * scale * self.aspect

    def lonlat(self, x: float, y: float) -> tuple[float, float]:
        """The point drawn at (x, y): the inverse of :meth:`xy`."""
        west, east, _, north = self.extent
        scale = self.width / (east - west)
        return west + x / scale, north - y / (scale * self.aspect)


__all__ = ["EXTENT", "Extent", "Projection"]
