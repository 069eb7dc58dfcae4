"""Who receives an application or a proposal: the owner's account, else the listing's contact address, else the
chamber of the territory; and the signed link that lets a contact address answer without an account."""
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from app.core import tokens
from app.core.errors import NotFound
from app.extensions import db
from app.geo import Chamber, chamber_for_departement
from app.models.application import Application
from app.models.conversation import Delivery
from app.models.interest import Interest
from app.models.user import Role, User

CONTACT_SALT = "contact-thread"
KINDS = {"application": Application, "interest": Interest}


@dataclass(frozen=True)
class Recipient:
    """Where a listing's answers go now; `delivery` is None when nobody can be reached."""

    delivery: Delivery | None
    user: User | None = None
    email: str | None = None
    chamber: Chamber | None = None

    @property
    def reachable(self) -> bool:
        """True when someone will receive what is sent."""
        return self.delivery is not None


def chamber_staff(departement: str | None) -> list[User]:
    """The active staff accounts of the chamber whose territory includes the département."""
    chamber = chamber_for_departement(departement) if departement else None
    if chamber is None:
        return []
    return list(db.session.scalars(select(User).where(User.role == Role.STAFF, User.chamber_code == chamber.code,
                                                      User.is_active_account.is_(True)).order_by(User.id)))


def recipient_for(listing) -> Recipient:
    """The owner's account; else the listing's contact address; else the chamber, if it has staff on Passerelle."""
    owner = listing.business.owner if listing.business else None
    if owner is not None and owner.is_active_account and owner.deleted_at is None:
        return Recipient(Delivery.OWNER, user=owner, email=owner.email)
    if listing.contact_email:
        return Recipient(Delivery.CONTACT, email=listing.contact_email)
    chamber = chamber_for_departement(listing.departement)
    if chamber is not None and chamber_staff(listing.departement):
        return Recipient(Delivery.CHAMBER, chamber=chamber)
    return Recipient(None, chamber=chamber)


def contact_token(subject: Application | Interest, email: str) -> str:
    """The signed link token that opens `subject` for the contact address `email` (CONTACT_LINK_DAYS)."""
    kind = "application" if isinstance(subject, Application) else "interest"
    return tokens.sign({"kind": kind, "id": subject.id, "to": email.casefold()}, CONTACT_SALT)


def load_contact_token(token: str) -> tuple[Application | Interest, str]:
    """The application or proposal and the address a contact token was made for.

    :raise tokens.LinkExpired, tokens.LinkInvalid: a forged, truncated or expired link.
    :raise NotFound: it names nothing that exists any more.
    """
    data = tokens.load(token, CONTACT_SALT, max_age=current_app.config["CONTACT_LINK_DAYS"] * 86400)
    model = KINDS.get(data.get("kind"))
    subject_id, email = data.get("id"), data.get("to")
    if model is None or not isinstance(subject_id, int) or not isinstance(email, str):
        raise tokens.LinkInvalid("unexpected token content")
    subject = db.session.get(model, subject_id)
    if subject is None:
        raise NotFound()
    return subject, email
