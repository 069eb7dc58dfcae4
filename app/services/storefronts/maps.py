"""What the maps show: businesses as points placed from their commune's centre, counts per département."""
from dataclasses import dataclass

from sqlalchemy import func, select

from app.extensions import db
from app.geo import get_commune
from app.geo.svgmap import map_data, on_map, project
from app.models.business import Business
from app.models.visibility import public_business


@dataclass(frozen=True)
class Point:
    """One business on the map."""

    business: object
    x: float
    y: float


def business_points(businesses) -> tuple[list[Point], list]:
    """Points of the businesses drawn on the map, and the businesses off it (overseas, or without a place)."""
    points, elsewhere = [], []
    for business in businesses:
        lat, lon = business.lat, business.lon
        if lat is None and (commune := get_commune(business.commune_insee)) is not None:
            lat, lon = commune.lat, commune.lon
        xy = project(lat, lon) if on_map(business.departement) else None
        if xy is None:
            elsewhere.append(business)
        else:
            points.append(Point(business, *xy))
    return points, elsewhere


def shades(counts: dict[str, int]) -> dict[str, int]:
    """A shade from 0 (none) to 4 (the most) for each département drawn, from its count."""
    top = max(counts.values(), default=0)
    return {code: (0 if not counts.get(code) else 1 + min(3, (counts[code] * 4 - 1) // top))
            for code in map_data()["departements"]}


def newest_businesses(limit: int = 50) -> list:
    """The public businesses most recently registered, newest first (the directory's feed)."""
    return list(db.session.scalars(select(Business).where(public_business())
                                   .order_by(Business.created_at.desc(), Business.id.desc()).limit(limit)))


def businesses_per_departement(departements: tuple[str, ...] | None) -> dict[str, int]:
    """How many public businesses each département of a territory has (every département when None)."""
    query = select(Business.departement, func.count()).where(public_business()).group_by(Business.departement)
    if departements is not None:
        query = query.where(Business.departement.in_(departements))
    return {code: count for code, count in db.session.execute(query)}
