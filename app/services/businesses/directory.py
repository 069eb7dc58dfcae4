"""The public directory of businesses (highlighted first) and the home page's highlighted businesses."""
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import String, and_, case, cast, exists, or_, select

from app.core.time import today
from app.extensions import db
from app.geo import DEPARTEMENTS, get_departement, match_key, resolve_place, search_communes
from app.models.business import Business
from app.models.label import BusinessLabel
from app.models.listing import Listing
from app.models.listing_states import PUBLIC
from app.models.training import TrainingProfile
from app.models.visibility import public_business
from app.reference.labels import get_mark
from app.reference.trades import Commitment, get_trade
from app.services.storefronts.hours import is_open_at

PAGE_SIZE = 20


@dataclass
class Place:
    """What a typed place designates: a département or some communes (and the postcode typed, if any)."""

    label: str
    departement: str | None = None
    insees: set[str] = field(default_factory=set)
    postcode: str | None = None


def resolve(text: str | None) -> Place | None:
    """Read a département (code or name), a postcode, an INSEE code or a commune name; None when unknown."""
    text = (text or "").strip()
    if not text:
        return None
    compact = text.replace(" ", "")
    if len(compact) <= 3 and (departement := get_departement(compact)) is not None:
        return Place(f"{departement.name} ({departement.code})", departement=departement.code)
    if len(compact) == 5 and compact[:2].isalnum() and (communes := resolve_place(compact)):
        return Place(compact, insees={c.insee for c in communes} | {c.parent for c in communes if c.parent},
                     postcode=compact)
    key = match_key(text)
    for departement in DEPARTEMENTS.values():
        if match_key(departement.name) == key:
            return Place(f"{departement.name} ({departement.code})", departement=departement.code)
    candidates = search_communes(text, limit=50)
    exact = [c for c in candidates if match_key(c.name) == key]
    communes = exact or candidates[:10]
    if not communes:
        return None
    return Place(communes[0].name if exact else text, insees={c.insee for c in communes})


def _json_contains(column, value: str):
    """SQL condition: a JSON list of slugs contains the value (portable: slugs have no quotes)."""
    return cast(column, String).like(f'%"{value}"%')


def search(trade: str | None = None, commitment: str | None = None, place: Place | None = None,
           highlighted_only: bool = False, page: int = 1, per_page: int = PAGE_SIZE, day: date | None = None,
           verified_label: str | None = None, open_at: datetime | None = None, training_only: bool = False):
    """One page of public businesses matching the filters, highlighted businesses first, then by name.

    `verified_label`: only businesses whose mark of this code the chamber verified (valid on `day`); `open_at`: only
    businesses open at that moment on their territory's clock; `training_only`: businesses with a training profile
    (issue 16).
    """
    day = day or today()
    query = select(Business).where(public_business())
    if verified_label and get_mark(verified_label):
        query = query.where(exists().where(BusinessLabel.business_id == Business.id,
                                           BusinessLabel.code == verified_label, BusinessLabel.verified_on(day)))
    if trade and get_trade(trade):
        has_listing = exists().where(Listing.business_id == Business.id, Listing.trade == trade,
                                     Listing.status.in_(PUBLIC))
        query = query.where(or_(_json_contains(Business.trades, trade), has_listing))
    if commitment and commitment in {c.value for c in Commitment}:
        query = query.where(or_(_json_contains(Business.commitments, commitment),
                                and_(Business.highlighted_on(day), _json_contains(Business.highlighted_commitments,
                                                                             commitment))))
    if place is not None:
        if place.departement:
            query = query.where(Business.departement == place.departement)
        else:
            conditions = [Business.commune_insee.in_(place.insees)]
            if place.postcode:
                conditions.append(Business.postcode == place.postcode)
            query = query.where(or_(*conditions))
    if highlighted_only:
        query = query.where(Business.highlighted_on(day))
    if training_only:
        query = query.where(exists().where(TrainingProfile.business_id == Business.id))
    if open_at is not None:  # hours are JSON on each territory's clock: decided in Python, on this page's filters
        open_ids = [b.id for b in db.session.scalars(query) if is_open_at(b, open_at)]
        query = query.where(Business.id.in_(open_ids))
    order = case((Business.highlighted_on(day), 0), else_=1)
    return db.paginate(query.order_by(order, Business.name, Business.id), page=page, per_page=per_page,
                       error_out=False)


def highlighted_businesses(limit: int = 6, day: date | None = None) -> list[Business]:
    """Public businesses highlighted today (or on `day`), for the home page: the most recently updated first."""
    return list(db.session.scalars(select(Business).where(public_business(), Business.highlighted_on(day or today()))
                                   .order_by(Business.updated_at.desc(), Business.id.desc()).limit(limit)))
