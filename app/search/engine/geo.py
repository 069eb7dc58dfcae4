"""Geography for search: the grid cells of the bounding-box prefilter (the box itself comes with the query)."""
from __future__ import annotations

import math
from typing import Protocol

import numpy as np

# Cell levels, finest first: (term prefix, cell size in degrees). 0.2° is about 22 km by 15 km in France.
CELL_LEVELS: tuple[tuple[str, float], ...] = (("a", 0.2), ("b", 1.0), ("c", 5.0))
# Above this many cells a query box switches to the next coarser level: a long OR of terms costs more than the
# extra candidates the exact distance check drops.
MAX_QUERY_CELLS = 48


class Box(Protocol):
    """A latitude/longitude box in degrees (app.geo.Box)."""

    south: float
    west: float
    north: float
    east: float


class Near(Protocol):
    """The circle of a `near` search (app.geo.Circle): its centre, radius, bounding box and distances."""

    lat: float
    lon: float
    radius_km: float

    @property
    def box(self) -> Box: ...

    def distance_to(self, lat: float, lon: float) -> float: ...

    def distances_to(self, lats: np.ndarray, lons: np.ndarray) -> np.ndarray: ...


def _cell(prefix: str, size: float, lat: float, lon: float) -> str:
    return f"{prefix}{math.floor(lat / size)}:{math.floor(lon / size)}"


def point_cells(lat: float, lon: float) -> list[str]:
    """The cell terms of a point, one per level."""
    return [_cell(prefix, size, lat, lon) for prefix, size in CELL_LEVELS]


def box_cells(box: Box) -> list[str]:
    """The cell terms covering a box, at the finest level that needs few enough cells."""
    for index, (prefix, size) in enumerate(CELL_LEVELS):
        rows = range(math.floor(box.south / size), math.floor(box.north / size) + 1)
        cols = range(math.floor(box.west / size), math.floor(box.east / size) + 1)
        if len(rows) * len(cols) <= MAX_QUERY_CELLS or index == len(CELL_LEVELS) - 1:
            return [f"{prefix}{row}:{col}" for row in rows for col in cols]
    raise AssertionError("unreachable")
