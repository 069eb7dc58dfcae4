"""Model factories for the tests: valid SIRETs, businesses, offers and projects in any state."""
from datetime import timedelta
from itertools import count

from stdnum import luhn

from app.core.time import utcnow
from app.extensions import db
from app.models.listing_states import PUBLICATION_DAYS, ListingStatus
from app.services.businesses.profiles import create_business
from app.services.listings.lifecycle import create_offer, create_project

_sequence = count(1)


def make_siret(n: int | None = None) -> str:
    """A valid SIRET (Luhn-valid SIREN and SIRET), different on each call unless `n` is given."""
    n = next(_sequence) if n is None else n
    siren = f"{40000000 + n:08d}"
    siren += luhn.calc_check_digit(siren)
    nic = f"{n % 10000:04d}"
    return siren + nic + luhn.calc_check_digit(siren + nic)


def make_business(owner=None, postcode: str = "75011", commune: str | None = None, name: str | None = None,
                  siret: str | None = None, **fields):
    """Create a business through the service (owner None = an unclaimed imported business)."""
    siret = siret or make_siret()
    return create_business(owner, siret=siret, name=name or f"Atelier {siret[-5:]}", postcode=postcode,
                           commune=commune, **fields)


OFFER_DEFAULTS = {
    "title": "Apprenti boulanger (H/F) – CAP Boulanger",
    "description": "Fournil traditionnel, pain au levain et viennoiseries maison : vous apprenez le métier.",
    "trade": "boulanger",
    "diploma": "CAP",
    "duration_months": 24,
}
PROJECT_DEFAULTS = {
    "title": "Chaise en frêne local et tissage de lin",
    "description": "Nous cherchons un designer pour dessiner une chaise en bois local, assemblée sans colle.",
    "trade": "ebeniste",
    "summary": "Une chaise en bois local avec un designer.",
    "category": "eco-conception",
    "stage": "prototype",
    "partner_types": ["designer"],
}


def _put_in_state(listing, status: ListingStatus | str):
    """Force a state with consistent timestamps (tests only: the services never do this)."""
    status = ListingStatus(status)
    now = utcnow()
    listing.status = status
    listing.status_changed_at = now
    if status != ListingStatus.DRAFT:
        listing.submitted_at = now - timedelta(days=1)
    if status in (ListingStatus.PUBLISHED, ListingStatus.FILLED, ListingStatus.CLOSED, ListingStatus.EXPIRED,
                  ListingStatus.SUSPENDED):
        listing.published_at = now - timedelta(hours=1)
        listing.expires_at = now + timedelta(days=PUBLICATION_DAYS)
    if status == ListingStatus.EXPIRED:
        listing.expires_at = now - timedelta(days=1)
    db.session.commit()
    return listing


def make_offer(business, status: ListingStatus | str = ListingStatus.DRAFT, **fields):
    """Create an offer through the service as its owner, then put it in `status`."""
    offer = create_offer(business, business.owner, **{**OFFER_DEFAULTS, **fields})
    return _put_in_state(offer, status)


def make_project(business, status: ListingStatus | str = ListingStatus.DRAFT, **fields):
    """Create a project through the service as its owner, then put it in `status`."""
    project = create_project(business, business.owner, **{**PROJECT_DEFAULTS, **fields})
    return _put_in_state(project, status)
