"""Favourites: listings a signed-in young person or partner keeps, and the candidate's application statuses."""
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from app.core.errors import NotFound
from app.core.transaction import use_case
from app.extensions import db
from app.models.application import Application
from app.models.application_states import ApplicationStatus
from app.models.listing import Listing
from app.models.listing_states import PUBLIC, ListingStatus
from app.models.training import Favourite
from app.models.user import Permission
from app.services import access


def may_keep(user) -> bool:
    """Young people and partners keep favourites."""
    return bool(getattr(user, "is_authenticated", False)
                and (user.can(Permission.APPLY) or user.can(Permission.EXPRESS_INTEREST)))


def kept_ids(user) -> set[int]:
    """Ids of the listings the user keeps (one query)."""
    return set(db.session.scalars(select(Favourite.listing_id).filter_by(user_id=user.id)))


def application_statuses(user) -> dict[int, ApplicationStatus]:
    """The user's application status per offer id (one query for a whole page of results)."""
    return dict(db.session.execute(select(Application.offer_id, Application.status)
                                   .filter_by(candidate_id=user.id)).all())


def toggle(user, listing_id: int) -> bool:
    """Keep the listing, or drop it when already kept; True when it is kept now.

    :raise NotFound: no listing the user may see.
    """
    listing = db.session.get(Listing, listing_id)
    if listing is None or not (access.can_view(listing, user) or listing.id in kept_ids(user)):
        raise NotFound()  # a kept listing gone since may still be dropped
    try:
        return _toggle(user, listing)
    except IntegrityError:  # a double click inserted it first: it is kept
        db.session.rollback()
        return True


@use_case
def _toggle(user, listing: Listing) -> bool:
    """Insert or delete the favourite in one transaction."""
    removed = db.session.execute(delete(Favourite).where(Favourite.user_id == user.id,
                                                         Favourite.listing_id == listing.id)).rowcount
    if removed:
        return False
    db.session.add(Favourite(user_id=user.id, listing_id=listing.id))
    db.session.flush()
    return True


def availability(listing: Listing) -> str:
    """What the « Mes favoris » page says about a kept listing: still open, filled, or gone."""
    if listing.status in PUBLIC:
        return "open"
    if listing.status == ListingStatus.FILLED:
        return "filled"
    return "gone"


def kept(user) -> list[tuple[Favourite, str]]:
    """The user's favourites, newest first, each with its availability."""
    favourites = db.session.scalars(select(Favourite).filter_by(user_id=user.id)
                                    .order_by(Favourite.created_at.desc(), Favourite.id.desc()))
    return [(favourite, availability(favourite.listing)) for favourite in favourites]


def export_for_user(user) -> list[dict]:
    """The user's favourites, for the privacy export."""
    return [{"annonce": favourite.listing.title, "gardee_le": favourite.created_at.isoformat()}
            for favourite, _ in kept(user)]


def forget(user) -> int:
    """Delete the user's favourites (account deletion); no commit."""
    return db.session.execute(delete(Favourite).where(Favourite.user_id == user.id)).rowcount
