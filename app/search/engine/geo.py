"""Geography for search: great-circle distance and the grid cells of the bounding-box prefilter."""
from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088
# Cell levels, finest first: (term prefix, cell size in degrees). 0.2° is about 22 km by 15 km in France.
CELL_LEVELS: tuple[tuple[str, float], ...] = (("a", 0.2), ("b", 1.0), ("c", 5.0))
# Above this many cells a query box switches to the next coarser level: a long OR of terms costs more than the
# extra candidates the exact distance check drops.
MAX_QUERY_CELLS = 48


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _cell(prefix: str, size: float, lat: float, lon: float) -> str:
    return f"{prefix}{math.floor(lat / size)}:{math.floor(lon / size)}"


def point_cells(lat: float, lon: float) -> list[str]:
    """The cell terms of a point, one per level."""
    return [_cell(prefix, size, lat, lon) for prefix, size in CELL_LEVELS]


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """The exact (south, west, north, east) box around a circle on the sphere, in degrees."""
    angular = radius_km / EARTH_RADIUS_KM
    south = max(-90.0, lat - math.degrees(angular))
    north = min(90.0, lat + math.degrees(angular))
    ratio = math.sin(angular) / max(1e-12, math.cos(math.radians(lat)))
    if ratio >= 1.0 or north >= 90.0 or south <= -90.0:
        return south, -180.0, north, 180.0
    dlon = math.degrees(math.asin(ratio))
    return south, max(-180.0, lon - dlon), north, min(180.0, lon + dlon)


def box_cells(lat: float, lon: float, radius_km: float) -> list[str]:
    """The cell terms covering the box around a circle, at the finest level that needs few enough cells."""
    south, west, north, east = bounding_box(lat, lon, radius_km)
    for index, (prefix, size) in enumerate(CELL_LEVELS):
        rows = range(math.floor(south / size), math.floor(north / size) + 1)
        cols = range(math.floor(west / size), math.floor(east / size) + 1)
        if len(rows) * len(cols) <= MAX_QUERY_CELLS or index == len(CELL_LEVELS) - 1:
            return [f"{prefix}{row}:{col}" for row in rows for col in cols]
    raise AssertionError("unreachable")
