"""French geography: chambers, régions, départements, communes, postcodes and distances."""
from app.geo.chambers import CHAMBERS, Chamber, chamber_for_departement, get_chamber
from app.geo.distance import EARTH_RADIUS_KM, Box, Circle, bounding_box, distance_km
from app.geo.lookup import (
    all_communes,
    all_postcodes,
    chamber_for_commune,
    communes_for_postcode,
    departement_of_postcode,
    find_commune,
    get_commune,
    get_departement,
    get_region,
    resolve_place,
    search_communes,
)
from app.geo.names import match_key, normalize_name
from app.geo.places import DEPARTEMENTS, REGIONS, Commune, Departement, Region
from app.geo.zones import METROPOLE, timezone_for, zone_for, zone_label

__all__ = [
    "CHAMBERS", "Chamber", "chamber_for_departement", "get_chamber",
    "EARTH_RADIUS_KM", "Box", "Circle", "bounding_box", "distance_km",
    "Commune", "Departement", "Region", "DEPARTEMENTS", "REGIONS",
    "all_communes", "all_postcodes", "chamber_for_commune", "communes_for_postcode", "departement_of_postcode",
    "find_commune", "get_commune", "get_departement", "get_region", "resolve_place", "search_communes",
    "match_key", "normalize_name",
    "METROPOLE", "timezone_for", "zone_for", "zone_label",
]
