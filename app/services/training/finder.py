"""Training businesses around a place: trade, diploma, radius, sorted by distance (like the listing search)."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import String, cast, select

from app.core.time import utcnow
from app.extensions import db
from app.geo import bounding_box, distance_km, get_commune, resolve_place
from app.models.business import Business
from app.models.training import TrainingProfile
from app.models.visibility import public_business

RADIUS_MAX = 200


@dataclass(frozen=True)
class Found:
    """A training business found, its profile and its distance from the place (None without a place)."""

    business: Business
    profile: TrainingProfile
    distance_km: float | None
    verified: bool


def centre_of(place: str | None) -> tuple[float, float, str] | None:
    """The coordinates and name of a postcode or INSEE code's first commune, or None when unknown."""
    communes = resolve_place((place or "").strip()) if place else []
    if not communes:
        commune = get_commune((place or "").strip())
        communes = [commune] if commune else []
    if not communes:
        return None
    first = communes[0]
    return first.lat, first.lon, first.name


def _contains(column, value: str):
    """SQL condition: a JSON list of short values contains `value` (portable: values have no quotes)."""
    return cast(column, String).like(f'%"{value}"%')


def find(*, trade: str | None = None, diploma: str | None = None, near: tuple[float, float] | None = None,
         radius_km: int = 30, accepting_only: bool = True, limit: int = 100,
         now: datetime | None = None) -> list[Found]:
    """Public training businesses matching the filters, nearest first (verified first without a place)."""
    now = now or utcnow()
    query = select(Business, TrainingProfile).join(TrainingProfile, TrainingProfile.business_id == Business.id) \
        .where(public_business())
    if accepting_only:
        query = query.where(TrainingProfile.accepting.is_(True), Business.owner_id.is_not(None))
    if trade:
        query = query.where(_contains(TrainingProfile.trades, trade))
    if diploma:
        query = query.where(_contains(TrainingProfile.diplomas, diploma))
    if near is not None:
        box = bounding_box(near[0], near[1], min(max(radius_km, 1), RADIUS_MAX))
        query = query.where(Business.lat.between(box.south, box.north), Business.lon.between(box.west, box.east))
    found = []
    for business, profile in db.session.execute(query.order_by(Business.name, Business.id)):
        distance = None
        if near is not None:
            if business.lat is None or business.lon is None:
                continue
            distance = distance_km(near[0], near[1], business.lat, business.lon)
            if distance > radius_km:
                continue
        found.append(Found(business, profile, round(distance, 1) if distance is not None else None,
                           profile.verified_on(now)))
    if near is not None:
        found.sort(key=lambda f: (f.distance_km, f.business.name))
    else:
        found.sort(key=lambda f: (not f.verified, f.business.name))
    return found[:limit]
