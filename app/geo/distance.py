"""Great-circle distances, the one bounding box, and the circle of a "within N km" search."""
import math
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import numpy as np

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius


class Box(NamedTuple):
    """A latitude/longitude box in degrees."""

    south: float
    west: float
    north: float
    east: float


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle (haversine) distance in kilometres between two WGS84 points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    h = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def distances_km(lat: float, lon: float, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """distance_km from one point to many (arrays of degrees), the same haversine in vector operations."""
    phi1, phi2 = math.radians(lat), np.radians(lats)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = np.radians(lons - lon) / 2
    h = np.sin(half_dphi) ** 2 + math.cos(phi1) * np.cos(phi2) * np.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def bounding_box(lat: float, lon: float, radius_km: float) -> Box:
    """The smallest box enclosing every point within radius_km of (lat, lon)."""
    angular = max(radius_km, 0.0) / EARTH_RADIUS_KM
    south, north = lat - math.degrees(angular), lat + math.degrees(angular)
    if south <= -90 or north >= 90 or angular >= math.pi / 2:
        # The circle reaches a pole: every longitude is inside.
        return Box(max(south, -90.0), -180.0, min(north, 90.0), 180.0)
    # The circle is widest poleward of its centre, so dlon exceeds radius / (R cos lat).
    dlon = math.degrees(math.asin(min(1.0, math.sin(angular) / math.cos(math.radians(lat)))))
    return Box(south, max(-180.0, lon - dlon), north, min(180.0, lon + dlon))


@dataclass(frozen=True)
class Circle:
    """A circle on the map: centre in degrees, radius in kilometres (what the search engine's `near` needs)."""

    lat: float
    lon: float
    radius_km: float

    def __post_init__(self) -> None:
        if not (self.radius_km > 0 and -90 <= self.lat <= 90 and -180 <= self.lon <= 180):
            raise ValueError("a circle needs valid coordinates and a positive radius")

    @cached_property
    def box(self) -> Box:
        """The bounding box of the circle."""
        return bounding_box(self.lat, self.lon, self.radius_km)

    def distance_to(self, lat: float, lon: float) -> float:
        """Kilometres from the centre to a point."""
        return distance_km(self.lat, self.lon, lat, lon)

    def distances_to(self, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
        """Kilometres from the centre to many points (arrays of degrees)."""
        return distances_km(self.lat, self.lon, lats, lons)
