"""Who receives an application or a proposal: the owner's account, else the listing's contact address, else the
chamber of the territory; the truthful sentences that say so; and the signed link that lets a contact address answer
without an account."""
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from app.core import tokens
from app.core.errors import NotFound
from app.core.formatting import date_fr
from app.extensions import db
from app.geo import Chamber, chamber_for_departement
from app.mail.outbox import external_url, queue_mail
from app.models.application import Application
from app.models.application_states import APPLICATION_FINAL, INTEREST_FINAL, InvalidMove
from app.models.conversation import Delivery
from app.models.interest import Interest
from app.models.user import Role, User
from app.services.access import ContactActor
from app.services.messaging import notifications

CONTACT_SALT = "contact-thread"
KINDS = {"application": Application, "interest": Interest}
UNREACHABLE = "Cette entreprise n’est pas encore joignable par Passerelle."
CLAIM_ENDPOINT = "claims.find"  # built by the business-claim pages; the invitation links to it once it exists


class LinkRevoked(tokens.LinkError):
    """A genuine link whose address is no longer the listing's contact address (or where staff forwarded it)."""


class BusinessClaimed(tokens.LinkError):
    """A genuine link to a business that now has an owner account: the answers go through the account."""


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

    @property
    def destination(self) -> str:
        """Where it goes, said after « envoyée » (an application or a proposal: both feminine in French)."""
        if self.delivery == Delivery.OWNER:
            return "à l’artisan sur Passerelle"
        if self.delivery == Delivery.CONTACT:
            return "à l’adresse de contact de l’entreprise, qui n’a pas encore de compte sur Passerelle"
        if self.delivery == Delivery.CHAMBER:
            return f"à la {self.chamber.name}, qui la transmettra à l’entreprise"
        return ""


def kind_of(subject: Application | Interest) -> str:
    """"application" or "interest"."""
    return "application" if isinstance(subject, Application) else "interest"


def listing_of(subject: Application | Interest):
    """The offer of an application, the project of a proposal."""
    return subject.offer if isinstance(subject, Application) else subject.project


def chamber_staff(departement: str | None) -> list[User]:
    """The active staff accounts of the chamber whose territory includes the département."""
    chamber = chamber_for_departement(departement) if departement else None
    if chamber is None:
        return []
    return list(db.session.scalars(select(User).where(User.role == Role.STAFF, User.chamber_code == chamber.code,
                                                      User.is_active_account.is_(True)).order_by(User.id)))


def _usable_owner(listing) -> User | None:
    """The business's owner account, when it can sign in and read its inbox."""
    owner = listing.business.owner if listing.business else None
    if owner is not None and owner.is_active_account and owner.deleted_at is None:
        return owner
    return None


def recipient_for(listing) -> Recipient:
    """The owner's account; else the listing's contact address; else the chamber, if it has staff on Passerelle."""
    owner = _usable_owner(listing)
    if owner is not None:
        return Recipient(Delivery.OWNER, user=owner, email=owner.email)
    if listing.contact_email:
        return Recipient(Delivery.CONTACT, email=listing.contact_email)
    chamber = chamber_for_departement(listing.departement)
    if chamber is not None and chamber_staff(listing.departement):
        return Recipient(Delivery.CHAMBER, chamber=chamber)
    return Recipient(None, chamber=chamber)


def reachable_recipient(listing) -> Recipient:
    """recipient_for(listing), refusing a listing nobody can receive answers for.

    :raise InvalidMove: nobody would receive what is sent (the French UNREACHABLE sentence).
    """
    recipient = recipient_for(listing)
    if not recipient.reachable:
        raise InvalidMove(f"{UNREACHABLE} Rien n’a été envoyé.")
    return recipient


def contact_address(subject: Application | Interest) -> str | None:
    """The address that holds the subject without an account: where staff forwarded it, else the listing's."""
    if subject.forwarded_to:
        return subject.forwarded_to
    if subject.delivery == Delivery.CONTACT:
        return listing_of(subject).contact_email or None
    return None


def current_route(subject: Application | Interest) -> Recipient:
    """Who holds the subject now: the owner once the business is claimed, the contact address, or the chamber."""
    listing = listing_of(subject)
    owner = _usable_owner(listing)
    if owner is not None:
        return Recipient(Delivery.OWNER, user=owner, email=owner.email)
    address = contact_address(subject)
    if address:
        return Recipient(Delivery.CONTACT, email=address)
    if subject.delivery == Delivery.CHAMBER:
        return Recipient(Delivery.CHAMBER, chamber=chamber_for_departement(listing.departement))
    return Recipient(None)


def sent_to(subject: Application | Interest) -> str:
    """Where the subject was sent when it was, said after « envoyée » (from its recorded delivery)."""
    delivery = Delivery(subject.delivery) if subject.delivery else None
    chamber = chamber_for_departement(listing_of(subject).departement) if delivery == Delivery.CHAMBER else None
    return Recipient(delivery, chamber=chamber).destination


def where_it_is(subject: Application | Interest) -> str:
    """The sentence on the sender's page that says who holds the subject now ("" for one sent before routing)."""
    route = current_route(subject)
    if route.delivery == Delivery.OWNER:
        if subject.delivery and subject.delivery != Delivery.OWNER:
            return "L’entreprise a maintenant un compte sur Passerelle : elle la retrouve dans son espace."
        return "Envoyée à l’artisan sur Passerelle."
    if subject.forwarded_at is not None:
        chamber = chamber_for_departement(listing_of(subject).departement)
        by = f"par la {chamber.name} " if chamber else ""
        return f"Transmise à l’entreprise {by}le {date_fr(subject.forwarded_at)}."
    if route.delivery == Delivery.CONTACT:
        return "Envoyée à l’adresse de contact de l’entreprise, qui n’a pas encore de compte sur Passerelle."
    if route.delivery == Delivery.CHAMBER and route.chamber is not None:
        return f"Envoyée à la {route.chamber.name}, qui doit la transmettre à l’entreprise."
    return ""


def who_is_told(subject: Application | Interest) -> str:
    """The sentence that says truthfully who learnt of the withdrawal just made."""
    route = current_route(subject)
    if route.delivery == Delivery.OWNER:
        return "L’artisan en est informé."
    if route.delivery == Delivery.CONTACT:
        return "L’entreprise en est informée à son adresse de contact."
    if route.delivery == Delivery.CHAMBER and route.chamber is not None:
        return f"La {route.chamber.name} ne la transmettra donc pas à l’entreprise."
    return "L’entreprise n’avait pas reçu votre candidature : personne d’autre n’en est informé."


def reader_notice(subject: Application | Interest) -> str:
    """The sentence under the candidate's or partner's message box: who will read it, and when."""
    route = current_route(subject)
    if route.delivery in (Delivery.OWNER, Delivery.CONTACT):
        return "L’entreprise est prévenue par e-mail."
    if route.delivery == Delivery.CHAMBER and route.chamber is not None:
        return (f"L’entreprise lira vos messages quand la {route.chamber.name} lui aura transmis votre "
                f"{'candidature' if isinstance(subject, Application) else 'proposition'}.")
    return "L’entreprise n’est pas encore joignable par Passerelle : vos messages l’attendront ici."


def withdrawal_notice(subject: Application | Interest) -> str:
    """The sentence that says, before a withdrawal, who will learn of it."""
    route = current_route(subject)
    name = listing_of(subject).business.name
    if route.delivery == Delivery.OWNER:
        return f"L’entreprise {name} sera prévenue par e-mail que vous retirez votre candidature."
    if route.delivery == Delivery.CONTACT:
        return (f"L’entreprise {name} sera prévenue par e-mail, à son adresse de contact, que vous retirez votre "
                "candidature.")
    if route.delivery == Delivery.CHAMBER and route.chamber is not None:
        return (f"Votre candidature attend que la {route.chamber.name} la transmette à l’entreprise : elle ne lui "
                "sera pas transmise.")
    return "L’entreprise n’a pas reçu votre candidature : personne d’autre n’en sera informé."


# --- telling the recipient ---------------------------------------------------------------------------------------

def contact_url(subject: Application | Interest, email: str) -> str:
    """The absolute signed link for the contact address `email`."""
    return external_url("contact.subject", token=contact_token(subject, email))


def claim_url(listing) -> str | None:
    """The invitation to claim the listing's business, once the claim pages exist."""
    if CLAIM_ENDPOINT not in current_app.view_functions or listing.business is None:
        return None
    return external_url(CLAIM_ENDPOINT, siret=listing.business.siret)


def deliver(subject: Application | Interest, recipient: Recipient) -> None:
    """Record who receives the new subject and tell a contact address or the chamber (the owner is told by the
    caller, with its inbox link); no commit."""
    subject.delivery = recipient.delivery.value
    if recipient.delivery == Delivery.CONTACT:
        send_contact_mail(subject, recipient.email)
    elif recipient.delivery == Delivery.CHAMBER:
        tell_chamber(subject)


def send_contact_mail(subject: Application | Interest, email: str) -> None:
    """Mail the application or proposal (never the CV file) with its signed link and the claim invitation."""
    listing = listing_of(subject)
    kind = kind_of(subject)
    what = "Nouvelle candidature" if kind == "application" else "Nouvelle proposition de partenariat"
    queue_mail(email, f"{what} pour « {notifications.shorten(listing.title)} »", f"contact_{kind}_received",
               item=subject, listing=listing, url=contact_url(subject, email), claim_url=claim_url(listing),
               days=current_app.config["CONTACT_LINK_DAYS"])


def readdress(listing) -> int:
    """Send the open applications or proposals held by a listing's former contact address to its new one, each
    with its own link (the old links stop working); returns how many; no commit."""
    if not listing.contact_email:
        return 0
    model, column = (Application, Application.offer_id) if listing.type == "offer" else \
        (Interest, Interest.project_id)
    final = APPLICATION_FINAL if model is Application else INTEREST_FINAL
    subjects = db.session.scalars(select(model).where(
        column == listing.id, model.delivery == Delivery.CONTACT.value, model.forwarded_to.is_(None),
        model.anonymised_at.is_(None), model.status.not_in(final)).order_by(model.id))
    count = 0
    for subject in subjects:
        send_contact_mail(subject, listing.contact_email)
        count += 1
    return count


def send_contact_update(subject: Application | Interest, text: str) -> None:
    """Tell the contact address holding the subject of a change by the sender, with a fresh link; no commit."""
    email = contact_address(subject)
    if not email:
        return
    listing = listing_of(subject)
    queue_mail(email, f"Du nouveau pour « {notifications.shorten(listing.title)} »", "contact_update",
               item=subject, listing=listing, text=text, url=contact_url(subject, email),
               claim_url=claim_url(listing))


def tell_chamber(subject: Application | Interest) -> None:
    """Mail every staff member of the territory that something waits in the queue (not the message itself)."""
    listing = listing_of(subject)
    kind = "candidature" if isinstance(subject, Application) else "proposition de partenariat"
    for staff in chamber_staff(listing.departement):
        queue_mail(staff.email, f"Une {kind} à transmettre à {notifications.shorten(listing.business.name)}",
                   "chamber_forward_request", kind=kind, listing=listing,
                   url=external_url("moderation.forwarding"))


# --- the signed link ---------------------------------------------------------------------------------------------

def contact_token(subject: Application | Interest, email: str) -> str:
    """The signed link token that opens `subject` for the contact address `email` (CONTACT_LINK_DAYS)."""
    return tokens.sign({"kind": kind_of(subject), "id": subject.id, "to": email.casefold()}, CONTACT_SALT)


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


def open_contact_link(token: str) -> tuple[Application | Interest, ContactActor]:
    """The subject of a contact link and the actor it makes, while the link still holds.

    :raise tokens.LinkExpired, tokens.LinkInvalid: a forged, truncated or expired link.
    :raise NotFound: it names nothing that exists any more (or content erased).
    :raise LinkRevoked: the address is no longer the listing's contact address nor where staff forwarded it.
    :raise BusinessClaimed: the business now has an owner account (the subject is in its inbox).
    """
    subject, email = load_contact_token(token)
    if getattr(subject, "anonymised_at", None) is not None:
        raise NotFound()
    if _usable_owner(listing_of(subject)) is not None:
        raise BusinessClaimed("the business has an owner account now")
    address = contact_address(subject)
    if not address or address.casefold() != email:
        raise LinkRevoked("the contact address changed")
    if isinstance(subject, Application):
        return subject, ContactActor(email=address, application_id=subject.id)
    return subject, ContactActor(email=address, interest_id=subject.id)
