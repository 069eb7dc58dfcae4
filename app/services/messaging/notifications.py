"""In-site notifications: created in the transaction of the change they describe, read from the nav and a list."""
from flask import current_app
from sqlalchemy import func, select, update
from werkzeug.routing import BuildError

from app.core.errors import NotFound
from app.core.time import utcnow
from app.core.transaction import use_case
from app.extensions import db
from app.models.notification import Notification

LIST_LIMIT = 100
TEXT_MAX = 300

# In-site counterparts of the listing e-mails sent by app.services.listings.lifecycle._notify_owner.
LISTING_NOTICES = {
    "listing_published": "Votre annonce « {title} » est en ligne.",
    "listing_changes_requested": "Votre chambre de métiers demande des modifications sur « {title} ».",
    "listing_rejected": "Votre annonce « {title} » n’a pas été acceptée par votre chambre de métiers.",
    "listing_suspended": "Votre annonce « {title} » a été suspendue par votre chambre de métiers.",
    "listing_expired": "Votre annonce « {title} » a expiré.",
    "listing_expiring": "Votre annonce « {title} » expire dans {days} jours : prolongez-la si elle est toujours "
                        "d’actualité.",
}


def path_for(endpoint: str, fallback: str = "/", **values) -> str:
    """The local path of an endpoint, built without a request (works in CLI commands too)."""
    try:
        return current_app.url_map.bind("localhost").build(endpoint, values)
    except BuildError:  # the blueprint is not registered in this app
        return fallback


def shorten(text: str, limit: int = 80) -> str:
    """Cut a title for a one-line notice."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def notify(user, kind: str, text: str, url: str = "") -> Notification | None:
    """Add a notification for `user` to the current transaction (the caller commits); None without a user."""
    if user is None or getattr(user, "id", None) is None:
        return None
    notification = Notification(user=user, kind=kind, text=shorten(text, TEXT_MAX), url=url if url.startswith("/")
                                else "", created_at=utcnow())
    db.session.add(notification)
    return notification


def unread_count(user) -> int:
    """How many notifications the user has not opened."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return db.session.scalar(select(func.count(Notification.id))
                             .where(Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def recent(user, limit: int = LIST_LIMIT) -> list[Notification]:
    """The user's latest notifications, newest first."""
    return list(db.session.scalars(select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.created_at.desc(), Notification.id.desc()).limit(limit)))


@use_case
def open_notification(notification_id: int, user) -> str:
    """Mark one of the user's notifications read and return where it leads; 404 for anyone else's."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        raise NotFound()
    if notification.read_at is None:
        notification.read_at = utcnow()
    return notification.url or path_for("notifications.index")


@use_case
def mark_all_read(user) -> int:
    """Mark every unread notification of the user as read; return how many."""
    result = db.session.execute(update(Notification)
                                .where(Notification.user_id == user.id, Notification.read_at.is_(None))
                                .values(read_at=utcnow()))
    return result.rowcount or 0


def listing_notice(listing, template: str, days: int | None = None) -> None:
    """Tell the listing's owner in the site what the e-mail `template` tells them (moderation, expiry)."""
    text = LISTING_NOTICES.get(template)
    if text is None or listing.owner is None:
        return
    notify(listing.owner, template, text.format(title=shorten(listing.title), days=days),
           path_for("artisan.dashboard", fallback=listing.public_path))
