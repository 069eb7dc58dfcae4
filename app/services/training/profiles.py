"""A business's training profile (what a young person needs to know) and the chamber's « vérifiée » mark."""
from datetime import date, datetime, timedelta

from sqlalchemy import select

from app.core.errors import NotAllowed, NotFound, Refused
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.models.business import Business
from app.models.training import VERIFICATION_VALIDITY, TrainingProfile
from app.reference.trades import Commitment, Diploma, get_trade
from app.services import access
from app.services.moderation import audit

PLACES_MAX = 20


def profile_of(business: Business) -> TrainingProfile | None:
    """The business's training profile, or None."""
    return db.session.scalar(select(TrainingProfile).filter_by(business_id=business.id))


def profiles_by_business(business_ids) -> dict[int, TrainingProfile]:
    """The training profiles of several businesses in one query."""
    ids = list(business_ids)
    if not ids:
        return {}
    return {p.business_id: p for p in db.session.scalars(select(TrainingProfile)
                                                          .where(TrainingProfile.business_id.in_(ids)))}


def _clean(trades, diplomas, mentor_first_name, mentor_role, places) -> dict:
    """Check the fields; raise Refused with a message per field."""
    errors = {}
    trades = [slug for slug in trades or [] if get_trade(slug)]
    diplomas = [value for value in diplomas or [] if value in {d.value for d in Diploma}]
    if not trades:
        errors["trades"] = "Choisissez au moins un métier que vous pouvez enseigner."
    if not diplomas:
        errors["diplomas"] = "Choisissez au moins un diplôme préparé."
    mentor_first_name = (mentor_first_name or "").strip()
    mentor_role = (mentor_role or "").strip()
    if not mentor_first_name:
        errors["mentor_first_name"] = "Indiquez le prénom du maître d’apprentissage."
    elif len(mentor_first_name) > 80:
        errors["mentor_first_name"] = "80 caractères au maximum."
    if len(mentor_role) > 120:
        errors["mentor_role"] = "120 caractères au maximum."
    if places is None or not 1 <= places <= PLACES_MAX:
        errors["places"] = f"Indiquez un nombre de places entre 1 et {PLACES_MAX}."
    if errors:
        raise Refused(errors)
    return {"trades": trades, "diplomas": diplomas, "mentor_first_name": mentor_first_name,
            "mentor_role": mentor_role, "places": places}


@use_case
def save_profile(business: Business, actor, *, trades, diplomas, mentor_first_name: str, mentor_role: str = "",
                 start_from: date | None = None, places: int | None = 1, accepting: bool = True) -> TrainingProfile:
    """Create or update the training profile; the business then also declares « Accueil d’apprentis »."""
    if not access.can_manage(actor, business):
        raise NotAllowed()
    fields = _clean(trades, diplomas, mentor_first_name, mentor_role, places)
    profile = profile_of(business) or TrainingProfile(business_id=business.id)
    for name, value in {**fields, "start_from": start_from, "accepting": bool(accepting)}.items():
        setattr(profile, name, value)
    db.session.add(profile)
    commitment = Commitment.ACCUEIL_APPRENTIS.value
    if commitment not in (business.commitments or []):
        business.commitments = [*(business.commitments or []), commitment]
    return profile


@use_case
def verify(profile: TrainingProfile, staff, now: datetime | None = None) -> TrainingProfile:
    """Chamber staff mark (or renew) « entreprise formatrice vérifiée » for two years from now."""
    now = now or utcnow()
    access.ensure_covers(staff, profile.business.departement)
    profile.verified_at, profile.verified_until, profile.verified_by_id = now, now + VERIFICATION_VALIDITY, staff.id
    audit.record("training.verify", staff, "business", profile.business_id, at=now,
                 chamber_code=audit.chamber_code_of(profile.business.departement),
                 details={"until": profile.verified_until.date().isoformat()})
    return profile


def expiring(user, within_days: int = 60, now: datetime | None = None) -> list[TrainingProfile]:
    """Verified training profiles of the user's territory whose mark ends within `within_days` (or ended)."""
    now = now or utcnow()
    query = (select(TrainingProfile).join(TrainingProfile.business)
             .where(TrainingProfile.verified_until.is_not(None),
                    TrainingProfile.verified_until <= now + timedelta(days=within_days))
             .order_by(TrainingProfile.verified_until, TrainingProfile.id))
    departements = access.territory(user)
    if departements is not None:
        query = query.where(Business.departement.in_(departements))
    return list(db.session.scalars(query))


def unverified(user, limit: int = 50) -> list[TrainingProfile]:
    """Training profiles of the user's territory never verified, oldest first."""
    query = (select(TrainingProfile).join(TrainingProfile.business).where(TrainingProfile.verified_at.is_(None))
             .order_by(TrainingProfile.created_at, TrainingProfile.id).limit(limit))
    departements = access.territory(user)
    if departements is not None:
        query = query.where(Business.departement.in_(departements))
    return list(db.session.scalars(query))


def profile_for_staff(profile_id: int, user) -> TrainingProfile:
    """A training profile of the staff member's territory.

    :raise NotFound: unknown.
    :raise NotAllowed: outside the staff member's territory.
    """
    profile = db.session.get(TrainingProfile, profile_id)
    if profile is None:
        raise NotFound()
    access.business_for_staff(profile.business_id, user)
    return profile
