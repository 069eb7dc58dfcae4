"""The view counter of public listing pages: a view is not an edit, and counting never fails the page."""
from datetime import datetime, timezone
from xml.etree import ElementTree

from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from app.models import Listing
from app.services.listings.lifecycle import transition
from tests.factories import make_business, make_offer

ATOM = "{http://www.w3.org/2005/Atom}"
LONG_AGO = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


def published(make_user):
    """A published offer."""
    offer = make_offer(make_business(make_user("artisan")), "submitted")
    return transition(offer, "publish", make_user("staff", chamber_code="IDF"))


def test_a_view_counts_without_changing_updated_at(client, db, make_user):
    offer = published(make_user)
    offer.published_at = offer.updated_at = LONG_AGO
    db.session.commit()
    assert client.get(offer.public_path).status_code == 200
    db.session.expire_all()
    row = db.session.get(Listing, offer.id)
    assert row.views_count == 1 and row.updated_at == LONG_AGO
    feed = client.get("/recherche.atom").text
    entry = ElementTree.fromstring(feed).find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}updated") == entry.findtext(f"{ATOM}published")
    assert entry.findtext(f"{ATOM}updated").startswith("2026-01-05T09:00:00")


def test_the_page_answers_when_the_database_is_locked_for_the_counter(client, db, make_user):
    offer = published(make_user)

    def locked(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("UPDATE") and "views_count" in statement:
            raise OperationalError(statement, parameters, Exception("database is locked"))

    event.listen(db.engine, "before_cursor_execute", locked)
    try:
        response = client.get(offer.public_path)
    finally:
        event.remove(db.engine, "before_cursor_execute", locked)
    assert response.status_code == 200 and offer.title in response.text
    db.session.expire_all()
    assert db.session.get(Listing, offer.id).views_count == 0
    assert client.get(offer.public_path).status_code == 200
