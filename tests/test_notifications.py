"""Notifications: counter in the nav, list, mark read, e-mails queued once with the change and sent once."""
import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from app.extensions import db as _db
from app.models.application_states import ApplicationStatus
from app.models.listing_states import SYSTEM
from app.models.mail import OutgoingMail
from app.models.notification import Notification
from app.services.listings.lifecycle import expire_listings, transition
from app.services.messaging import notifications
from app.services.responses import applications
from tests.application_factories import apply_to, make_artisan_offer, make_candidate, sign_in
from tests.factories import make_business, make_offer


def _count(user, unread_only=False) -> int:
    query = select(func.count(Notification.id)).where(Notification.user_id == user.id)
    if unread_only:
        query = query.where(Notification.read_at.is_(None))
    return _db.session.scalar(query)


def test_counter_list_open_and_mark_all_read(app, make_user):
    artisan, offer = make_artisan_offer(make_user)
    first = apply_to(offer, make_candidate(make_user))
    apply_to(offer, make_candidate(make_user))
    client = sign_in(app, artisan)
    home = client.get("/").get_data(as_text=True)
    assert "Notifications" in home and 'nav-counter">2' in home and "Candidatures reçues" in home
    assert client.get("/notifications/compteur").get_json() == {"unread": 2}
    page = client.get("/notifications").get_data(as_text=True)
    assert page.count("Nouvelle candidature de Léa Martin") == 2 and "Tout marquer comme lu" in page
    note = _db.session.scalar(select(Notification).where(Notification.url.contains(f"/{first.id}")))
    response = client.post(f"/notifications/{note.id}/ouvrir")
    assert response.status_code == 302 and response.headers["Location"] == f"/espace-artisan/candidatures/{first.id}"
    assert _count(artisan, unread_only=True) == 1
    assert 'nav-counter">1' in client.get("/").get_data(as_text=True)
    client.post("/notifications/tout-lu")
    assert _count(artisan, unread_only=True) == 0
    assert "nav-counter" not in client.get("/").get_data(as_text=True)


def test_nobody_opens_someone_elses_notification(app, make_user):
    artisan, offer = make_artisan_offer(make_user)
    apply_to(offer, make_candidate(make_user))
    note = _db.session.scalar(select(Notification))
    assert sign_in(app, make_user("artisan")).post(f"/notifications/{note.id}/ouvrir").status_code == 404
    assert _db.session.get(Notification, note.id).read_at is None


def test_anonymous_has_no_notifications(client):
    assert client.get("/notifications").status_code == 302
    assert "Notifications" not in client.get("/").get_data(as_text=True)


def test_nav_links_per_role(app, make_user):
    assert "Mes candidatures" in sign_in(app, make_user("apprentice")).get("/").get_data(as_text=True)
    assert "Mes propositions" in sign_in(app, make_user("partner")).get("/").get_data(as_text=True)
    html = sign_in(app, make_user("staff")).get("/").get_data(as_text=True)
    assert "Mes candidatures" not in html and "Candidatures reçues" not in html and "Notifications" in html


def test_status_mail_is_sent_once_and_only_once(app, runner, make_user, mailbox):
    app.config["MAIL_SEND_AFTER_REQUEST"] = False
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate)
    sign_in(app, artisan).post(f"/espace-artisan/candidatures/{application.id}/statut/interview",
                               data={"message": "Venez jeudi."})
    assert mailbox() == []  # queued in the transaction, not sent yet
    assert _db.session.scalar(select(func.count(OutgoingMail.id)).where(OutgoingMail.to == candidate.email)) == 1
    runner.invoke(args=["mail", "send"])
    runner.invoke(args=["mail", "send"])
    to_candidate = [m for m in mailbox() if m["To"] == candidate.email]
    assert len(to_candidate) == 1 and "Entretien proposé" in to_candidate[0]["Subject"]
    assert len([m for m in mailbox() if m["To"] == artisan.email]) == 1  # the new application
    assert _count(candidate) == 1


def test_viewing_sends_nothing(app, make_user):
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate)
    sign_in(app, artisan).get(f"/espace-artisan/candidatures/{application.id}")
    assert _db.session.get(type(application), application.id).status == ApplicationStatus.VIEWED
    assert _count(candidate) == 0
    assert _db.session.scalar(select(func.count(OutgoingMail.id)).where(OutgoingMail.to == candidate.email)) == 0


def test_a_rolled_back_change_leaves_no_mail_and_no_notification(app, make_user, monkeypatch):
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate)

    def failed_commit():
        raise OperationalError("COMMIT", {}, Exception("database is locked"))

    monkeypatch.setattr(_db.session, "commit", failed_commit)
    with pytest.raises(OperationalError):
        applications.change_status(application, artisan, ApplicationStatus.INTERVIEW, "Jeudi ?")
    monkeypatch.undo()
    assert _count(candidate) == 0
    assert _db.session.scalar(select(func.count(OutgoingMail.id)).where(OutgoingMail.to == candidate.email)) == 0


def test_moderation_decisions_and_expiry_reminders_are_notified_in_the_site(app, make_user):
    artisan = make_user("artisan")
    business = make_business(artisan)
    offer = make_offer(business, "submitted")
    transition(offer, "publish", make_user("staff", chamber_code="IDF"))
    rows = _db.session.scalars(select(Notification).filter_by(user_id=artisan.id)).all()
    assert [(n.kind, n.text) for n in rows] == [("listing_published", f"Votre annonce « {offer.title} » est en ligne.")]
    assert rows[0].url.startswith("/")
    offer.expires_at = applications.utcnow() + __import__("datetime").timedelta(days=3)
    _db.session.commit()
    expire_listings()
    assert _db.session.scalar(select(Notification).filter_by(user_id=artisan.id, kind="listing_expiring"))
    transition(offer, "expire", SYSTEM, now=offer.expires_at)
    assert _db.session.scalar(select(Notification).filter_by(user_id=artisan.id, kind="listing_expired"))


def test_imported_business_gets_no_notification(app, make_user):
    _, offer = make_artisan_offer(make_user, owner=False, contact_email="atelier@example.org")
    apply_to(offer, make_candidate(make_user))
    assert _db.session.scalar(select(func.count(Notification.id))) == 0


def test_path_for_works_without_a_request(app):
    assert notifications.path_for("notifications.index") == "/notifications"
    assert notifications.path_for("nowhere.at_all", fallback="/x") == "/x"
