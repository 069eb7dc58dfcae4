"""Great-circle distances and bounding boxes for "within N km" searches."""
import math

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle (haversine) distance in kilometres between two WGS84 points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    h = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """Return (min_lat, max_lat, min_lon, max_lon) enclosing every point within radius_km of (lat, lon)."""
    angular = max(radius_km, 0.0) / EARTH_RADIUS_KM
    min_lat, max_lat = lat - math.degrees(angular), lat + math.degrees(angular)
    if min_lat <= -90 or max_lat >= 90 or angular >= math.pi / 2:
        # The circle reaches a pole: every longitude is inside.
        return max(min_lat, -90.0), min(max_lat, 90.0), -180.0, 180.0
    # The circle is widest poleward of its centre, so dlon exceeds radius / (R cos lat).
    dlon = math.degrees(math.asin(min(1.0, math.sin(angular) / math.cos(math.radians(lat)))))
    return min_lat, max_lat, lon - dlon, lon + dlon
