"""What a thread is about: an application, a partner proposal, a spontaneous application or a diagnostic request,
and what threads, notices and reports need to know of each (who takes each side, their names, where each reads the
thread, its territory, when it is closed)."""
from dataclasses import dataclass

from sqlalchemy import Select, select

from app.geo import chamber_for_departement
from app.models.application import Application
from app.models.application_states import ApplicationStatus, InterestStatus
from app.models.business import Business
from app.models.conversation import Delivery, Side, Thread
from app.models.diagnostic import DiagnosticRequest
from app.models.interest import Interest
from app.models.listing import Listing
from app.models.training import SpontaneousApplication
from app.services.conversations import routing
from app.services.messaging.notifications import shorten

ARCHIVED = "Cette conversation est archivée : on ne peut plus y écrire."


@dataclass(frozen=True)
class Reader:
    """Where one side of a thread is told of new messages: an address, and the link that opens the thread."""

    email: str
    endpoint: str
    values: dict
    by_link: bool = False  # a contact address without an account: `endpoint` is then a full signed URL


def usable(user) -> bool:
    """An account that can sign in (deleted or deactivated accounts are told nothing)."""
    return user is not None and user.is_active_account and user.deleted_at is None


class Kind:
    """One kind of subject; subclasses answer for theirs. APPLICANT is who asked, OWNER who was asked."""

    name: str
    model: type
    column: str  # the Thread column that points at the subject
    applicant_word: str  # how the chamber names the applicant side of a reported message
    reportable = True  # whether participants may report a message of the other side to the chamber

    def thread_column(self):
        """The Thread column of this kind."""
        return getattr(Thread, self.column)

    def applicant(self, subject):
        """The account on the applicant side."""
        raise NotImplementedError

    def applicant_label(self, subject) -> str:
        """How the thread names the applicant side."""
        raise NotImplementedError

    def owner_label(self, subject) -> str:
        """How the thread names the owner side."""
        raise NotImplementedError

    def title(self, subject) -> str:
        """What the conversation is about, in a few words (notices, reports)."""
        raise NotImplementedError

    def business(self, subject) -> Business:
        """The business the conversation concerns."""
        raise NotImplementedError

    def departement(self, subject) -> str | None:
        """The territory whose chamber handles reports."""
        return self.business(subject).departement

    def page(self, subject, side: Side) -> tuple[str, dict]:
        """The endpoint and values of the page where `side` reads the thread."""
        raise NotImplementedError

    def owner_reader(self, subject) -> Reader | None:
        """Where the owner side is told, or None (nobody reachable, or a shared queue)."""
        raise NotImplementedError

    def closed_text(self, subject) -> str | None:
        """Why nobody may write any more, or None while the thread is open."""
        return ARCHIVED if getattr(subject, "anonymised_at", None) is not None else None

    def threads_as(self, side: Side, user) -> Select:
        """Ids of this kind's threads where `user` takes `side`."""
        raise NotImplementedError

    def reader_hint(self, subject, side: Side) -> str:
        """Who reads a new message from `side`, said under the message box."""
        if side == Side.APPLICANT:
            return routing.reader_notice(subject)
        word = self.applicant_word
        return f"{word[0].upper()}{word[1:]} est prévenu par e-mail."

    def _join(self) -> Select:
        return select(Thread.id).join(self.model, self.thread_column() == self.model.id)


class ApplicationKind(Kind):
    """An application to an offer: the candidate and the offer's business (or its contact address)."""

    name, model, column, applicant_word = "application", Application, "application_id", "le candidat"

    def applicant(self, subject):
        return subject.candidate

    def applicant_label(self, subject) -> str:
        return subject.candidate_label

    def owner_label(self, subject) -> str:
        return subject.offer.business.name

    def title(self, subject) -> str:
        return f"la candidature à « {shorten(subject.offer.title)} »"

    def business(self, subject) -> Business:
        return subject.offer.business

    def departement(self, subject) -> str | None:
        return subject.offer.departement

    def page(self, subject, side: Side) -> tuple[str, dict]:
        endpoint = "candidate.application" if side == Side.APPLICANT else "inbox.application"
        return endpoint, {"application_id": subject.id}

    def owner_reader(self, subject) -> Reader | None:
        return _listing_owner_reader(self, subject)

    def closed_text(self, subject) -> str | None:
        # A retained application stays open: both sides still have a contract to prepare.
        if subject.status == ApplicationStatus.WITHDRAWN:
            return "Cette candidature a été retirée : la conversation est close."
        if subject.status == ApplicationStatus.DECLINED:
            return "Cette candidature n’a pas été retenue : la conversation est close."
        return Kind.closed_text(self, subject)  # not super(): SpontaneousKind borrows this method

    def threads_as(self, side: Side, user) -> Select:
        if side == Side.APPLICANT:
            return self._join().where(Application.candidate_id == user.id)
        return (self._join().join(Listing, Listing.id == Application.offer_id)
                .join(Business, Business.id == Listing.business_id).where(Business.owner_id == user.id))


class InterestKind(Kind):
    """A partner's proposal for an innovation project: the partner and the project's business."""

    name, model, column, applicant_word = "interest", Interest, "interest_id", "le partenaire"

    def applicant(self, subject):
        return subject.partner

    def applicant_label(self, subject) -> str:
        return subject.partner_label

    def owner_label(self, subject) -> str:
        return subject.project.business.name

    def title(self, subject) -> str:
        return f"la proposition pour « {shorten(subject.project.title)} »"

    def business(self, subject) -> Business:
        return subject.project.business

    def departement(self, subject) -> str | None:
        return subject.project.departement

    def page(self, subject, side: Side) -> tuple[str, dict]:
        endpoint = "partner.interest" if side == Side.APPLICANT else "inbox.interest"
        return endpoint, {"interest_id": subject.id}

    def owner_reader(self, subject) -> Reader | None:
        return _listing_owner_reader(self, subject)

    def closed_text(self, subject) -> str | None:
        if subject.status == InterestStatus.DECLINED:
            return "Cette proposition a été déclinée : la conversation est close."
        return super().closed_text(subject)

    def threads_as(self, side: Side, user) -> Select:
        if side == Side.APPLICANT:
            return self._join().where(Interest.partner_id == user.id)
        return (self._join().join(Listing, Listing.id == Interest.project_id)
                .join(Business, Business.id == Listing.business_id).where(Business.owner_id == user.id))


class SpontaneousKind(Kind):
    """A spontaneous application to a training business: the young person and the business's owner."""

    name, model, column, applicant_word = "spontaneous", SpontaneousApplication, "spontaneous_id", "le candidat"

    def applicant(self, subject):
        return subject.candidate

    def applicant_label(self, subject) -> str:
        if subject.candidate is not None and subject.candidate.deleted_at is not None:
            return "Candidat ayant supprimé son compte"
        return subject.candidate_label

    def owner_label(self, subject) -> str:
        return subject.business.name

    def title(self, subject) -> str:
        return f"la candidature spontanée adressée à {shorten(subject.business.name)}"

    def business(self, subject) -> Business:
        return subject.business

    def page(self, subject, side: Side) -> tuple[str, dict]:
        endpoint = "training.candidate_thread" if side == Side.APPLICANT else "training.owner_thread"
        return endpoint, {"application_id": subject.id}

    def owner_reader(self, subject) -> Reader | None:
        owner = subject.business.owner
        if not usable(owner):
            return None
        return Reader(owner.email, *self.page(subject, Side.OWNER))

    def closed_text(self, subject) -> str | None:
        return ApplicationKind.closed_text(self, subject)

    def reader_hint(self, subject, side: Side) -> str:
        if side == Side.APPLICANT:
            return "L’entreprise est prévenue par e-mail."
        return super().reader_hint(subject, side)

    def threads_as(self, side: Side, user) -> Select:
        if side == Side.APPLICANT:
            return self._join().where(SpontaneousApplication.candidate_id == user.id)
        return (self._join().join(Business, Business.id == SpontaneousApplication.business_id)
                .where(Business.owner_id == user.id))


class DiagnosticKind(Kind):
    """A diagnostic request: the artisan who asked, and the chamber (its advisor in charge, once assigned)."""

    name, model, column, applicant_word = "diagnostic", DiagnosticRequest, "diagnostic_id", "l’artisan"
    reportable = False  # the chamber is itself the other side

    def applicant(self, subject):
        return subject.user

    def applicant_label(self, subject) -> str:
        return subject.business.name

    def owner_label(self, subject) -> str:
        chamber = chamber_for_departement(subject.departement)
        return chamber.name if chamber else "La chambre de métiers"

    def title(self, subject) -> str:
        return f"la demande de diagnostic de {shorten(subject.business.name)}"

    def business(self, subject) -> Business:
        return subject.business

    def departement(self, subject) -> str | None:
        return subject.departement

    def page(self, subject, side: Side) -> tuple[str, dict]:
        endpoint = "diagnostic.request_page" if side == Side.APPLICANT else "moderation.diagnostic"
        return endpoint, {"request_id": subject.id}

    def owner_reader(self, subject) -> Reader | None:
        # Before assignment the chamber's queue shows the request: no one person to tell.
        if not usable(subject.assignee):
            return None
        return Reader(subject.assignee.email, *self.page(subject, Side.OWNER))

    def reader_hint(self, subject, side: Side) -> str:
        if side == Side.OWNER:
            return super().reader_hint(subject, side)
        if usable(subject.assignee):
            return "Votre conseiller de la chambre est prévenu par e-mail."
        return "Votre message arrive dans la file des demandes de la chambre, qui vous répondra."

    def closed_text(self, subject) -> str | None:
        if not subject.is_open:
            return "Cette demande est clôturée : la conversation est close."
        return None

    def threads_as(self, side: Side, user) -> Select:
        if side == Side.APPLICANT:
            return self._join().where(DiagnosticRequest.user_id == user.id)
        return self._join().where(DiagnosticRequest.assignee_id == user.id)


def _listing_owner_reader(kind: Kind, subject) -> Reader | None:
    """The owner's account, else the contact address with its signed link, as the subject is routed now."""
    route = routing.current_route(subject)
    if route.delivery == Delivery.OWNER and usable(route.user):
        return Reader(route.user.email, *kind.page(subject, Side.OWNER))
    if route.delivery == Delivery.CONTACT and route.email:
        return Reader(route.email, routing.contact_url(subject, route.email), {}, by_link=True)
    return None


KINDS: dict[str, Kind] = {kind.name: kind for kind in (ApplicationKind(), InterestKind(), SpontaneousKind(),
                                                       DiagnosticKind())}
BY_MODEL: dict[type, Kind] = {kind.model: kind for kind in KINDS.values()}


def kind_of(subject) -> Kind:
    """The kind of a subject."""
    return BY_MODEL[type(subject)]


def subject_of(thread: Thread):
    """The subject a thread belongs to."""
    for kind in KINDS.values():
        if getattr(thread, kind.column) is not None:
            return getattr(thread, kind.column.removesuffix("_id"))
    raise LookupError(thread.id)
