"""Geography without a tile server: Germany's outline as shipped data, its rings, the projection
and the frame of the map of Germany, and that map drawn as SVG with points on it.

The base map is Natural Earth's 1:10m country outline (public domain), shipped with the package as
``kg/geo/geodata/germany.geojson`` (``kg/geo/geodata/README.md`` names its source and licence):
nothing is downloaded at run time. The analyst's matplotlib maps (:mod:`kg.analyst.maps`) and the
website's municipality pages (:mod:`kg.web.site`) draw from this one geometry.
"""

from __future__ import annotations

from kg.geo.outline import GERMANY, OUTLINE_FILE, Ring, contains, countries, country_rings, outline
from kg.geo.projection import EXTENT, Projection
from kg.geo.svg import MapPoint, svg_map

__all__ = [
    "EXTENT",
    "GERMANY",
    "OUTLINE_FILE",
    "MapPoint",
    "Projection",
    "Ring",
    "contains",
    "countries",
    "country_rings",
    "outline",
    "svg_map",
]
