"""Spontaneous applications to training businesses: send (with caps that hold under concurrency), their messages in
the shared thread (app.services.conversations.threads), the statuses the candidate sees, and turning one into an
offer."""
from datetime import date, datetime

from flask import current_app
from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.exc import IntegrityError

from app.core.errors import NotAllowed, NotFound, Refused
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.files import cvs
from app.mail.outbox import external_url, queue_mail
from app.models.application_states import APPLICATION_MOVES, ApplicationStatus, InvalidMove, Party
from app.models.business import Business
from app.models.conversation import Message, Side, Thread
from app.models.listing import Offer
from app.models.training import SPONTANEOUS_INTERVAL, SpontaneousApplication, SpontaneousLatch, SpontaneousQuota
from app.models.user import Permission
from app.reference.trades import Diploma, get_trade
from app.services.conversations import threads
from app.services.conversations.routing import UNREACHABLE
from app.services.conversations.subjects import usable
from app.services.messaging import notifications
from app.services.responses.candidate_profiles import get_profile
from app.services.responses.moves import take_move
from app.services.training.profiles import profile_of

MESSAGE_MAX = 3000
S = ApplicationStatus
MSG_PAUSED = "Cette entreprise ne reçoit pas de candidatures spontanées en ce moment."
MSG_RECENT = ("Vous avez déjà envoyé une candidature spontanée à cette entreprise il y a moins de trois mois : "
              "retrouvez-la dans « Mes candidatures spontanées ».")
MSG_RETRY = "Une autre de vos candidatures partait au même moment : vérifiez vos envois, puis réessayez."


def daily_cap() -> int:
    """How many spontaneous applications a person may send per day (setting SPONTANEOUS_DAILY_CAP, default 3)."""
    return int(current_app.config.get("SPONTANEOUS_DAILY_CAP", 3))


def receiving(business: Business) -> bool:
    """True when the business takes spontaneous applications now: a training profile, not paused, an owner."""
    profile = profile_of(business)
    return bool(profile and profile.accepting and reachable(business))


def reachable(business: Business) -> bool:
    """True when someone would read a spontaneous application: the business's owner account can sign in."""
    return usable(business.owner)


def refusal_text(business: Business) -> str:
    """Why the business cannot receive a spontaneous application now (paused, or nobody to read it)."""
    profile = profile_of(business)
    if profile is not None and profile.accepting and not reachable(business):
        return f"{UNREACHABLE} Rien n’a été envoyé."
    return MSG_PAUSED


def recent_application(business: Business, candidate, now: datetime | None = None):
    """The candidate's spontaneous application to this business in the last three months, if any."""
    now = now or utcnow()
    return db.session.scalar(select(SpontaneousApplication).where(
        SpontaneousApplication.business_id == business.id, SpontaneousApplication.candidate_id == candidate.id,
        SpontaneousApplication.created_at > now - SPONTANEOUS_INTERVAL)
        .order_by(SpontaneousApplication.id.desc()).limit(1))


def _clean(trade: str, diploma: str, message: str) -> tuple[str, str, str]:
    """Check the form fields; raise Refused with a message per field."""
    errors = {}
    if not get_trade(trade or ""):
        errors["trade"] = "Choisissez le métier que vous voulez apprendre."
    if diploma not in {d.value for d in Diploma}:
        errors["diploma"] = "Choisissez le diplôme que vous voulez préparer."
    message = (message or "").strip()
    if len(message) < 20:
        errors["message"] = "Présentez-vous en quelques phrases (20 caractères au moins)."
    elif len(message) > MESSAGE_MAX:
        errors["message"] = f"{MESSAGE_MAX} caractères au maximum."
    if errors:
        raise Refused(errors)
    return trade, diploma, message


def send(business: Business, candidate, *, trade: str, diploma: str, start_from: date | None, message: str,
         now: datetime | None = None) -> SpontaneousApplication:
    """Send a spontaneous application with the profile's CV to a training business's owner.

    :raise NotAllowed: not an apprentice account.
    :raise InvalidMove: the business does not take spontaneous applications now.
    :raise Refused: a field, the missing profile or CV, or a cap (per day, per business and three months).
    """
    now = now or utcnow()
    if not candidate.can(Permission.APPLY):
        raise NotAllowed("Seuls les comptes « Jeune / apprenti » peuvent postuler.")
    if not receiving(business):
        raise InvalidMove(refusal_text(business))
    profile = get_profile(candidate)
    if profile is None:
        raise Refused({"form": "Complétez d’abord votre profil de candidat."})
    if profile.cv is None:
        raise Refused({"form": "Ajoutez d’abord votre CV à votre profil : il accompagne la candidature."})
    trade, diploma, message = _clean(trade, diploma, message)
    if recent_application(business, candidate, now) is not None:
        raise Refused({"form": MSG_RECENT})
    try:
        return _record(business, candidate, profile, trade, diploma, start_from, message, now)
    except IntegrityError:  # a concurrent first application for the pair or the day: the other request won
        db.session.rollback()
        raise Refused({"form": MSG_RECENT if recent_application(business, candidate, now) else MSG_RETRY}) \
            from None


def _take_latch(candidate_id: int, business_id: int, now: datetime) -> bool:
    """Claim the pair's three-month slot in one statement; False when another application holds it."""
    result = db.session.execute(
        update(SpontaneousLatch).where(SpontaneousLatch.candidate_id == candidate_id,
                                       SpontaneousLatch.business_id == business_id,
                                       SpontaneousLatch.sent_at <= now - SPONTANEOUS_INTERVAL)
        .values(sent_at=now), execution_options={"synchronize_session": False})
    if result.rowcount == 1:
        return True
    exists = db.session.scalar(select(func.count()).select_from(SpontaneousLatch).where(
        SpontaneousLatch.candidate_id == candidate_id, SpontaneousLatch.business_id == business_id))
    if exists:
        return False
    db.session.add(SpontaneousLatch(candidate_id=candidate_id, business_id=business_id, sent_at=now))
    db.session.flush()  # a concurrent insert of the same pair fails here on the primary key
    return True


def _take_quota(user_id: int, day: date, cap: int) -> bool:
    """Count one more application today in one statement; False when the day's cap is reached."""
    result = db.session.execute(
        update(SpontaneousQuota).where(SpontaneousQuota.user_id == user_id,
                                       or_(SpontaneousQuota.day != day,
                                           and_(SpontaneousQuota.day == day, SpontaneousQuota.count < cap)))
        .values(count=case((SpontaneousQuota.day == day, SpontaneousQuota.count + 1), else_=1), day=day),
        execution_options={"synchronize_session": False})
    if result.rowcount == 1:
        return True
    if db.session.get(SpontaneousQuota, user_id) is not None:
        return False
    db.session.add(SpontaneousQuota(user_id=user_id, day=day, count=1))
    db.session.flush()
    return True


@use_case
def _record(business, candidate, profile, trade, diploma, start_from, message, now) -> SpontaneousApplication:
    """Take both caps, store the application (its message stays on it, as an application's) and tell the owner."""
    if not _take_quota(candidate.id, now.date(), daily_cap()):
        raise Refused({"form": f"Vous avez envoyé {daily_cap()} candidatures spontanées aujourd’hui : c’est le "
                               "maximum. Revenez demain."})
    if not _take_latch(candidate.id, business.id, now):
        raise Refused({"form": MSG_RECENT})
    application = SpontaneousApplication(business_id=business.id, candidate_id=candidate.id, trade=trade,
                                         diploma=diploma, start_from=start_from, message=message, cv=profile.cv,
                                         status=S.RECEIVED, created_at=now, status_changed_at=now)
    db.session.add(application)
    db.session.flush()
    notifications.notify(business.owner, "spontaneous_received",
                         f"Candidature spontanée de {profile.full_name} ({application.trade_label}).",
                         notifications.path_for("training.owner_thread", application_id=application.id))
    if _reachable(business.owner):
        queue_mail(business.owner.email, f"Candidature spontanée : {application.trade_label}", "spontaneous_received",
                   application=application, owner=business.owner, profile=profile,
                   url=external_url("training.owner_thread", application_id=application.id))
    return application


def _reachable(user) -> bool:
    """True for an account that can receive mail and act on it."""
    return usable(user) and bool(user.email)


def _tell_candidate(application: SpontaneousApplication, what: str) -> bool:
    """Mail the candidate that something happened on their spontaneous application (the text stays on the site);
    False when they cannot be mailed."""
    if not _reachable(application.candidate):
        return False
    queue_mail(application.candidate.email, f"Votre candidature spontanée à {application.business.name}",
               "spontaneous_update", what=what,
               url=external_url("training.candidate_thread", application_id=application.id))
    return True


# --- who may see what --------------------------------------------------------------------------------------------

def party_of(application: SpontaneousApplication, user) -> Party | None:
    """CANDIDATE for its sender, OWNER for the business's owner, else None."""
    if not getattr(user, "is_authenticated", False):
        return None
    if application.candidate_id == user.id:
        return Party.CANDIDATE
    if application.business.owner_id == user.id:
        return Party.OWNER
    return None


def application_or_404(application_id: int, user, party: Party) -> SpontaneousApplication:
    """The application if `user` is its `party`.

    :raise NotFound: unknown, erased, or not the user's (nobody else may know it exists).
    """
    application = db.session.get(SpontaneousApplication, application_id)
    if application is None or application.anonymised_at is not None or party_of(application, user) != party:
        raise NotFound()
    return application


def cv_path_for(application: SpontaneousApplication):
    """The CV file sent with the application and its name.

    :raise NotFound: no CV any more (erased, or the file is gone).
    """
    path = cvs.cv_path(application.cv.stored_name) if application.cv else None
    if path is None:
        raise NotFound()
    return path, application.cv.original_name


def of_candidate(user) -> list[SpontaneousApplication]:
    """The candidate's spontaneous applications, newest first."""
    return list(db.session.scalars(select(SpontaneousApplication).filter_by(candidate_id=user.id)
                                   .order_by(SpontaneousApplication.id.desc())))


def inbox(user) -> list[SpontaneousApplication]:
    """Spontaneous applications to the user's businesses, newest first."""
    return list(db.session.scalars(select(SpontaneousApplication).join(SpontaneousApplication.business)
                                   .where(Business.owner_id == user.id, SpontaneousApplication.anonymised_at.is_(None))
                                   .order_by(SpontaneousApplication.id.desc())))


def side_of(party: Party) -> Side:
    """The side of the thread a party takes."""
    return Side.APPLICANT if party == Party.CANDIDATE else Side.OWNER


# --- the thread and the statuses ---------------------------------------------------------------------------------

@use_case
def post(application: SpontaneousApplication, side: Side, body: str, *, author=None, author_email=None,
         now: datetime | None = None) -> Message:
    """threads.post, then what the other side notices: the owner's first answer makes the application « Consultée »
    and is mailed to the candidate once (later messages: `flask messages notify`); a site notification each time."""
    now = now or utcnow()
    message = threads.post(application, side, body, author=author, author_email=author_email, now=now)
    if side == Side.OWNER:
        if application.status == S.RECEIVED and take_move(application, S.VIEWED):
            application.status, application.status_changed_at = S.VIEWED, now
            if _tell_candidate(application, f"{application.business.name} a répondu à votre candidature spontanée."):
                message.thread.applicant_noticed_at = now  # this mail is the notice of the answer: not twice
        notifications.notify(application.candidate, "spontaneous_answer",
                             f"{application.business.name} a répondu à votre candidature spontanée.",
                             notifications.path_for("training.candidate_thread", application_id=application.id))
    else:
        notifications.notify(application.business.owner, "spontaneous_message",
                             "Nouveau message sur une candidature spontanée.",
                             notifications.path_for("training.owner_thread", application_id=application.id))
    return message


def allowed_moves(application: SpontaneousApplication, party: Party | None):
    """The status changes `party` may make now (for the buttons; the server checks again)."""
    return [move for move in APPLICATION_MOVES.values()
            if party in move.parties and application.status in move.sources and move.target != S.VIEWED]


@use_case
def move(application: SpontaneousApplication, user, party: Party, target: str,
         now: datetime | None = None) -> SpontaneousApplication:
    """Change the status (same moves as an application's), written in the thread for both sides."""
    now = now or utcnow()
    try:
        chosen = APPLICATION_MOVES[S(target)]
    except (ValueError, KeyError):
        raise NotFound() from None
    if party not in chosen.parties or application.status not in chosen.sources:
        raise InvalidMove(f"Une candidature « {application.status.label} » ne peut pas passer à "
                          f"« {chosen.target.label} ».")
    if not take_move(application, chosen.target):
        raise InvalidMove("Le statut a déjà changé entre-temps.")
    application.status, application.status_changed_at = chosen.target, now
    threads.post_platform(application, f"Statut de la candidature : {chosen.target.label}.", now)
    other = application.candidate if party == Party.OWNER else application.business.owner
    notifications.notify(other, "spontaneous_status",
                         f"Candidature spontanée ({application.business.name}) : {chosen.target.label}.",
                         notifications.path_for("training.candidate_thread" if party == Party.OWNER
                                                else "training.owner_thread", application_id=application.id))
    if party == Party.OWNER:
        _tell_candidate(application, f"Votre candidature spontanée à {application.business.name} a un nouveau "
                                     f"statut : {chosen.target.label}.")
    return application


def offer_prefill(application: SpontaneousApplication) -> dict:
    """The new-offer form's fields taken from a spontaneous application."""
    trade = get_trade(application.trade)
    label = trade.label if trade else application.trade
    return {"title": f"Apprenti {label.lower()} (H/F) – {application.diploma} {label}", "trade": application.trade,
            "diploma": application.diploma, "start_date": application.start_from,
            "asap": application.start_from is None, "positions": 1}


@use_case
def link_offer(application: SpontaneousApplication, offer: Offer, now: datetime | None = None) -> None:
    """Record that the artisan turned the application into `offer`, and say so in the thread."""
    if offer.business_id != application.business_id:
        raise NotAllowed()
    application.offer_id = offer.id
    threads.post_platform(application, f"L’entreprise a préparé une offre à partir de votre candidature : "
                                       f"« {offer.title} ». Vous la retrouverez sur Passerelle dès que la chambre "
                                       "de métiers l’aura publiée.", now)
    notifications.notify(application.candidate, "spontaneous_offer",
                         f"{application.business.name} prépare une offre à partir de votre candidature.",
                         notifications.path_for("training.candidate_thread", application_id=application.id))
    _tell_candidate(application, f"{application.business.name} prépare une offre d’alternance à partir de "
                                 "votre candidature : elle sera publiée après relecture par la chambre de métiers.")


def counts_by_territory_and_trade(departements: tuple[str, ...] | None) -> list[tuple[str, str, int]]:
    """(département, trade label, count) of spontaneous applications, no names, for the chamber's view."""
    query = (select(Business.departement, SpontaneousApplication.trade, func.count(SpontaneousApplication.id))
             .join(SpontaneousApplication.business).group_by(Business.departement, SpontaneousApplication.trade)
             .order_by(Business.departement, SpontaneousApplication.trade))
    if departements is not None:
        query = query.where(Business.departement.in_(departements))
    rows = []
    for departement, slug, count in db.session.execute(query):
        trade = get_trade(slug)
        rows.append((departement, trade.label if trade else slug, count))
    return rows


def _thread_messages(application: SpontaneousApplication, *conditions) -> list[Message]:
    """The messages of the application's thread matching `conditions`, oldest first."""
    return list(db.session.scalars(select(Message).join(Thread, Message.thread_id == Thread.id)
                                   .where(Thread.spontaneous_id == application.id, *conditions)
                                   .order_by(Message.id)))


def anonymise(application: SpontaneousApplication, now: datetime):
    """Erase what the candidate sent (message, CV, their messages in the thread); return the CV let go of."""
    cv = application.cv
    application.message, application.cv, application.anonymised_at = "", None, now
    for message in _thread_messages(application, Message.side == Side.APPLICANT, Message.erased_at.is_(None)):
        message.body, message.erased_at = "", now
    return cv


@use_case
def erase_for_user(user, now: datetime | None = None) -> int:
    """Erase the content of the user's spontaneous applications (account deletion); returns how many."""
    now = now or utcnow()
    count = 0
    for application in db.session.scalars(select(SpontaneousApplication).filter_by(candidate_id=user.id)):
        anonymise(application, now)
        count += 1
    return count


def export_for_user(user) -> list[dict]:
    """The user's spontaneous applications, what they sent and their thread's messages, for the privacy export."""
    return [{"entreprise": a.business.name, "metier": a.trade_label, "diplome": a.diploma,
             "debut": a.start_from.isoformat() if a.start_from else None, "statut": a.status.label,
             "envoyee_le": a.created_at.isoformat(), "message": a.message,
             "messages": [{"de": m.side.value, "le": m.created_at.isoformat(), "texte": m.body}
                          for m in _thread_messages(a, Message.hidden_at.is_(None))]}
            for a in of_candidate(user)]


def cv_in_use(cv) -> bool:
    """True while a spontaneous application still carries the CV (the profile's CV may have been replaced since)."""
    return bool(db.session.scalar(select(func.count(SpontaneousApplication.id))
                                  .where(SpontaneousApplication.cv_file_id == cv.id)))
