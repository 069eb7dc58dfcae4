"""Saved searches and e-mail alerts: save (confirmed by e-mail for visitors), confirm, unsubscribe, send due alerts."""
from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta
from urllib.parse import parse_qsl, urlencode

from flask import current_app
from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from werkzeug.datastructures import MultiDict

from app.core import tokens
from app.core.errors import Refused
from app.core.time import utcnow
from app.core.transaction import use_case
from app.core.urls import public_base
from app.extensions import db
from app.geo import get_departement
from app.mail.outbox import external_url, queue_mail
from app.models.listing import Listing
from app.models.saved_search import AlertFrequency, SavedSearch, SentAlertItem
from app.reference.trades import PartnerType, trade_label
from app.search import DEFAULT_PER_PAGE, MAX_PER_PAGE, InvalidParameter, SearchRequest, parse_search_args, run_search
from app.services.accounts.users import AccountError, validate_email_address

log = logging.getLogger(__name__)

CONFIRM_SALT = "passerelle.alert-confirm"
MAX_ALERTS_PER_EMAIL = 20
MAX_LISTINGS_SHOWN = 20  # in one e-mail; the others are counted and linked
MAX_RESULT_PAGES = 5  # of MAX_PER_PAGE results, newest first, looked at per alert and run
# A little less than the period, so that a daily cron job that starts a few minutes early still sends.
DUE_AFTER = {AlertFrequency.DAILY.value: timedelta(hours=23), AlertFrequency.WEEKLY.value: timedelta(days=6.5)}

MSG_EMAIL_INVALID = "Saisissez une adresse électronique valide, par exemple nom@exemple.fr."
MSG_FREQUENCY = "Choisissez une fréquence : quotidienne ou hebdomadaire."
MSG_TOO_MANY = (f"Cette adresse reçoit déjà {MAX_ALERTS_PER_EMAIL} alertes. Supprimez-en une avant d’en créer une "
                "autre.")
MSG_LINK_EXPIRED = "Ce lien de confirmation a expiré. Enregistrez à nouveau votre recherche pour en recevoir un autre."
MSG_LINK_INVALID = "Ce lien de confirmation n’est pas valide. Vérifiez qu’il a été copié en entier."
MSG_INACTIVE = "Cette alerte a été désactivée. Enregistrez à nouveau votre recherche pour la réactiver."


class AlertError(Refused):
    """A refused alert operation: a French message, and the form field it concerns (or None)."""


# --- search parameters ---------------------------------------------------------------------------------------

def normalized_query(search: SearchRequest) -> str:
    """The stored form of a search: its URL query without sort, page or page size."""
    return urlencode(search.query_args(sort="relevance", page=1, per_page=DEFAULT_PER_PAGE))


def search_of(query: str) -> SearchRequest:
    """The search a stored query string describes; InvalidParameter when it no longer makes sense."""
    return parse_search_args(MultiDict(parse_qsl(query or "")))


def describe(search: SearchRequest) -> str:
    """A short French description of a search, for the alert pages and e-mails."""
    parts = [f"« {search.q} »"] if search.q else []
    if search.kinds == ("offer",):
        parts.append("offres d’alternance")
    elif search.kinds == ("project",):
        parts.append("projets d’innovation")
    parts += [trade_label(code) or code for code in search.trades]
    parts += list(search.diplomas)
    for code in search.departements:
        departement = get_departement(code)
        parts.append(f"{departement.name} ({code})" if departement else code)
    partners = [PartnerType(value).label.lower() for value in search.partner_types]
    if partners:
        parts.append("partenaire recherché : " + " ou ".join(partners))
    if search.near_commune is not None:
        commune = search.near_commune
        code = search.near if search.near in commune.postcodes else commune.postcode or commune.insee
        parts.append(f"à moins de {search.radius_km:g} km de {commune.name} ({code})")
    if search.highlighted:
        parts.append("entreprises locales et responsables")
    return " · ".join(parts) if parts else "Toutes les offres et tous les projets"


# --- saving, confirming, unsubscribing -----------------------------------------------------------------------------

def confirm_token(saved: SavedSearch) -> str:
    """A signed token that confirms this saved search's address."""
    return tokens.sign({"s": saved.id, "e": saved.email}, CONFIRM_SALT)


def _queue_confirmation(saved: SavedSearch) -> None:
    queue_mail(saved.email, "Confirmez votre alerte Passerelle", "alert_confirm", saved=saved,
               description=describe(search_of(saved.query)),
               confirm_url=external_url("alerts.confirm", token=confirm_token(saved)),
               unsubscribe_url=external_url("alerts.unsubscribe", token=saved.unsubscribe_token),
               max_age_days=current_app.config["ALERT_CONFIRM_MAX_AGE"] // 86400)


@use_case
def save_search(query: str, email: str, frequency: str, user=None) -> SavedSearch:
    """Save a search for an address; confirmed at once for a signed-in user's own confirmed address, else e-mailed."""
    try:
        query = normalized_query(search_of(query))
    except InvalidParameter as error:
        raise AlertError(f"Cette recherche ne peut pas être enregistrée : {error.message}") from error
    try:
        email = validate_email_address(email)
    except AccountError as error:
        raise AlertError(MSG_EMAIL_INVALID, "email") from error
    if frequency not in DUE_AFTER:
        raise AlertError(MSG_FREQUENCY, "frequency")
    own = bool(user is not None and user.is_authenticated and user.email_confirmed and user.email == email)
    saved = db.session.scalar(select(SavedSearch).filter_by(email=email, query=query, active=True))
    if saved is None:
        count = db.session.scalar(select(func.count()).select_from(SavedSearch).filter_by(email=email, active=True))
        if count >= MAX_ALERTS_PER_EMAIL:
            raise AlertError(MSG_TOO_MANY, "email")
        saved = SavedSearch(email=email, query=query, frequency=frequency)
        db.session.add(saved)
    elif saved.is_confirmed and not own:
        return saved  # a visitor may not change someone else's alert, nor learn that it exists
    saved.frequency = frequency
    if own:
        saved.user_id = user.id
        saved.confirmed_at = saved.confirmed_at or utcnow()
    else:
        db.session.flush()
        _queue_confirmation(saved)
    return saved


@use_case
def confirm(token: str) -> SavedSearch:
    """Confirm the saved search of a confirmation link; AlertError when expired, tampered or deactivated."""
    max_age = current_app.config["ALERT_CONFIRM_MAX_AGE"]
    saved = saved_for_token(token, max_age)
    if saved.confirmed_at is None:
        saved.confirmed_at = utcnow()
    return saved


def saved_for_token(token: str, max_age: int | None = None) -> SavedSearch:
    """The active saved search of a confirmation token (without confirming it); AlertError otherwise."""
    max_age = max_age or current_app.config["ALERT_CONFIRM_MAX_AGE"]
    try:
        data = tokens.load(token, CONFIRM_SALT, max_age)
    except tokens.LinkExpired as error:
        raise AlertError(MSG_LINK_EXPIRED) from error
    except tokens.LinkInvalid as error:
        raise AlertError(MSG_LINK_INVALID) from error
    saved_id = data.get("s")
    saved = db.session.get(SavedSearch, saved_id) if isinstance(saved_id, int) else None
    if saved is None or saved.email != data.get("e"):
        raise AlertError(MSG_LINK_INVALID)
    if not saved.active:
        raise AlertError(MSG_INACTIVE)
    return saved


def by_unsubscribe_token(token: str) -> SavedSearch | None:
    """The saved search of an unsubscribe link, or None."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(SavedSearch).filter_by(unsubscribe_token=token))


@use_case
def unsubscribe(saved: SavedSearch) -> None:
    """Stop an alert for good (saving the search again creates a new one)."""
    saved.active = False


def alerts_of(user) -> list[SavedSearch]:
    """The active saved searches of a signed-in user: theirs, and those of their confirmed address."""
    owned = SavedSearch.user_id == user.id
    if user.email_confirmed:
        owned = or_(owned, SavedSearch.email == user.email)
    return list(db.session.scalars(select(SavedSearch).where(owned, SavedSearch.active.is_(True))
                                   .order_by(SavedSearch.created_at.desc(), SavedSearch.id.desc())))


def alert_of(user, alert_id: int) -> SavedSearch | None:
    """One of the user's active saved searches; None when it is not theirs (or does not exist)."""
    return next((s for s in alerts_of(user) if s.id == alert_id), None)


@use_case
def delete_alert(user, alert_id: int) -> bool:
    """Delete one of the user's saved searches; False when it is not theirs (or does not exist)."""
    saved = alert_of(user, alert_id)
    if saved is None:
        return False
    db.session.delete(saved)
    return True


# --- sending -------------------------------------------------------------------------------------------------------

def due_searches(now: datetime) -> list[SavedSearch]:
    """Confirmed, active saved searches whose period has passed since their last e-mail."""
    due = [and_(SavedSearch.frequency == frequency, SavedSearch.last_sent_at <= now - period)
           for frequency, period in DUE_AFTER.items()]
    return list(db.session.scalars(
        select(SavedSearch)
        .where(SavedSearch.active.is_(True), SavedSearch.confirmed_at.is_not(None),
               or_(SavedSearch.last_sent_at.is_(None), *due))
        .order_by(SavedSearch.id)))


def new_listings(saved: SavedSearch) -> list[Listing]:
    """Published listings matching the search, published after it was saved and never sent for it, newest first."""
    search = replace(search_of(saved.query), sort="date", page=1, per_page=MAX_PER_PAGE)
    already = set(db.session.scalars(select(SentAlertItem.listing_id).filter_by(saved_search_id=saved.id)))
    found: list[Listing] = []
    for number in range(1, MAX_RESULT_PAGES + 1):
        page = run_search(replace(search, page=number))
        for hit in page.items:
            published = hit.listing.published_at
            if published is None or published <= saved.created_at:
                return found  # newest first: everything after this one is older still
            if hit.listing.id not in already:
                found.append(hit.listing)
        if number >= page.pages:
            break
    return found


@use_case
def send_alert(saved: SavedSearch, listings: list[Listing], now: datetime) -> None:
    """Queue one e-mail listing the new listings and record them as sent, in one transaction.

    IntegrityError when another sender recorded these listings first: its e-mail is the one that goes.
    """
    base_url = public_base()
    count = len(listings)
    subject = (f"{count} nouvelle annonce pour votre alerte Passerelle" if count == 1
               else f"{count} nouvelles annonces pour votre alerte Passerelle")
    search = search_of(saved.query)
    unsubscribe_url = external_url("alerts.unsubscribe", token=saved.unsubscribe_token)
    # RFC 8058: mail clients offer a one-click unsubscribe that POSTs to this URL.
    headers = {"List-Unsubscribe": f"<{unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    queue_mail(saved.email, subject, "alert_listings", headers=headers, saved=saved, count=count,
               description=describe(search),
               items=[(listing, base_url + listing.public_path) for listing in listings[:MAX_LISTINGS_SHOWN]],
               more=max(0, count - MAX_LISTINGS_SHOWN),
               search_url=external_url("search_pages.search") + "?" + urlencode(search.query_args(sort="date")),
               unsubscribe_url=unsubscribe_url)
    db.session.add_all(SentAlertItem(saved_search_id=saved.id, listing_id=listing.id, sent_at=now)
                       for listing in listings)
    saved.last_sent_at = now
    db.session.flush()


def send_due_alerts(now: datetime | None = None) -> int:
    """Send every due alert that has new listings; the number of e-mails queued."""
    now = now or utcnow()
    sent = 0
    for saved_id in [saved.id for saved in due_searches(now)]:
        saved = db.session.get(SavedSearch, saved_id)
        try:
            listings = new_listings(saved)
        except InvalidParameter as error:  # e.g. a trade or postcode that no longer exists
            log.warning("saved search %s skipped: %s", saved_id, error.message)
            continue
        if not listings:
            continue
        try:
            send_alert(saved, listings, now)
        except IntegrityError:
            continue  # another sender went first
        sent += 1
    return sent
