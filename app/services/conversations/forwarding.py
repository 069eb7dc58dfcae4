"""The chamber's queue of applications and proposals sent to a business with neither account nor contact address:
staff see who and when (never the message or the CV) and forward them to the business's address."""
from dataclasses import dataclass
from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select

from app.core.errors import Conflict, NotFound, Refused
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.models.application import Application
from app.models.application_states import APPLICATION_FINAL, INTEREST_FINAL
from app.models.business import Business
from app.models.conversation import Delivery
from app.models.interest import Interest
from app.models.listing import Listing, Offer, Project
from app.services.access import ensure_covers, territory
from app.services.conversations import routing
from app.services.moderation import audit

KIND_LABELS = {"application": "Candidature", "interest": "Proposition de partenariat"}


@dataclass(frozen=True)
class Waiting:
    """One line of the queue: what, for which listing, since when (no private content)."""

    kind: str
    id: int
    listing: Listing
    created_at: datetime

    @property
    def kind_label(self) -> str:
        """« Candidature » or « Proposition de partenariat »."""
        return KIND_LABELS[self.kind]


def _waiting(model, listing_model, final, departements) -> list:
    """Subjects of one kind delivered to the chamber, not forwarded, still open, of a business still unclaimed."""
    listing_column = model.offer_id if model is Application else model.project_id
    query = (select(model).join(listing_model, listing_model.id == listing_column)
             .join(Business, listing_model.business_id == Business.id)
             .where(model.delivery == Delivery.CHAMBER.value, model.forwarded_at.is_(None),
                    model.status.not_in(final), Business.owner_id.is_(None)))
    if departements is not None:
        query = query.where(listing_model.departement.in_(departements))
    return list(db.session.scalars(query))


def queue(user, chamber_code: str | None = None) -> list[Waiting]:
    """What waits to be forwarded in the user's territory, oldest first.

    :raise NotAllowed: not a moderator, or another chamber asked by a staff member.
    """
    departements = territory(user, chamber_code)
    items = [Waiting("application", a.id, a.offer, a.created_at)
             for a in _waiting(Application, Offer, APPLICATION_FINAL, departements)]
    items += [Waiting("interest", i.id, i.project, i.created_at)
              for i in _waiting(Interest, Project, INTEREST_FINAL, departements)]
    return sorted(items, key=lambda item: (item.created_at, item.kind, item.id))


def subject_for_staff(kind: str, subject_id: int, user) -> Application | Interest:
    """An application or a proposal of the queue.

    :raise NotFound: unknown kind or id.
    :raise NotAllowed: outside the user's territory.
    """
    model = routing.KINDS.get(kind)
    subject = db.session.get(model, subject_id) if model else None
    if subject is None:
        raise NotFound()
    ensure_covers(user, routing.listing_of(subject).departement)
    return subject


@use_case
def forward(kind: str, subject_id: int, user, email: str, now: datetime | None = None) -> Application | Interest:
    """Send a waiting subject to the business's address with its signed link; the address becomes the listing's
    contact address when it had none; the decision goes to the audit log.

    :raise Refused: an invalid address. :raise Conflict: already forwarded, or no longer in the queue.
    """
    subject = subject_for_staff(kind, subject_id, user)
    listing = routing.listing_of(subject)
    try:
        email = validate_email((email or "").strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise Refused({"email": "Indiquez une adresse électronique valide, par exemple contact@entreprise.fr."}) \
            from None
    if subject.delivery != Delivery.CHAMBER.value or subject.forwarded_at is not None or subject.is_final \
            or listing.business.owner_id is not None:
        raise Conflict("Cette demande n’est plus à transmettre : elle a déjà été transmise, retirée, ou "
                       "l’entreprise a maintenant un compte.")
    subject.forwarded_to, subject.forwarded_at, subject.forwarded_by_id = email, now or utcnow(), user.id
    if not listing.contact_email:
        listing.contact_email = email
    routing.send_contact_mail(subject, email)
    audit.record(f"{kind}.forward", user, kind, subject.id, chamber_code=audit.chamber_code_of(listing.departement),
                 details={"to": email, "listing_id": listing.id})
    return subject
