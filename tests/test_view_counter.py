"""The view counter of public listing pages: counted in memory while the page is served, written in batches later.

A view is not an edit (updated_at stays), the page never writes while it is served, and a failed write never fails a
page nor loses the views it could not write. Responses are closed as a server closes them once sent: that is when
a process without a ticker (the tests) writes its views.
"""
from collections import Counter
from datetime import datetime, timezone
from xml.etree import ElementTree

import pytest
from flask import request_finished, request_started
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from app.core import throttle
from app.models import Listing
from app.services.listings import view_counts
from app.services.listings.lifecycle import transition
from tests.factories import make_business, make_offer

ATOM = "{http://www.w3.org/2005/Atom}"
LONG_AGO = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)
WRITES = ("INSERT", "UPDATE", "DELETE")


def published(make_user):
    """A published offer."""
    offer = make_offer(make_business(make_user("artisan")), "submitted")
    return transition(offer, "publish", make_user("staff", chamber_code="IDF"))


def views_in_database(db, offer) -> int:
    db.session.expire_all()
    return db.session.get(Listing, offer.id).views_count


def view(client, offer) -> str:
    """Visit the page as a browser would; the server closes the response once sent."""
    response = client.get(offer.public_path)
    assert response.status_code == 200 and offer.title in response.text
    response.close()
    return response.text


@pytest.fixture
def statements(app, db):
    """Every SQL statement run, each with whether it ran while a request was being served."""
    seen, serving = [], [False]

    def note(conn, cursor, statement, parameters, context, executemany):
        seen.append((serving[0], statement.lstrip().split(None, 1)[0].upper(), statement))

    def started(sender, **extra):
        serving[0] = True

    def finished(sender, response, **extra):
        serving[0] = False

    event.listen(db.engine, "before_cursor_execute", note)
    request_started.connect(started, app)
    request_finished.connect(finished, app)
    yield seen
    event.remove(db.engine, "before_cursor_execute", note)
    request_started.disconnect(started, app)
    request_finished.disconnect(finished, app)


def test_a_view_counts_without_changing_updated_at(client, db, make_user):
    offer = published(make_user)
    offer.published_at = offer.updated_at = LONG_AGO
    db.session.commit()
    view(client, offer)
    row = db.session.get(Listing, offer.id)
    assert views_in_database(db, offer) == 1 and row.updated_at == LONG_AGO
    feed = client.get("/recherche.atom").text
    entry = ElementTree.fromstring(feed).find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}updated") == entry.findtext(f"{ATOM}published")
    assert entry.findtext(f"{ATOM}updated").startswith("2026-01-05T09:00:00")


def test_the_page_writes_nothing_while_it_is_served_and_its_view_is_written_after(app, client, db, make_user,
                                                                                  statements):
    app.config["MAIL_SEND_AFTER_REQUEST"] = False  # as in production: the publication's mail is not the page's
    offer = published(make_user)
    view(client, offer)
    served = [(verb, sql) for during, verb, sql in statements if during]
    assert served and not [sql for verb, sql in served if verb in WRITES]
    after = [sql for during, verb, sql in statements if not during and verb == "UPDATE" and "views_count" in sql]
    assert len(after) == 1
    assert views_in_database(db, offer) == 1


def test_views_within_the_interval_are_written_together(app, client, db, make_user, statements, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr(throttle, "clock", lambda: clock[0])
    app.config["VIEW_COUNT_FLUSH_SECONDS"] = 5
    offer = published(make_user)
    view(client, offer)  # the first view after a quiet spell is written at once
    assert views_in_database(db, offer) == 1
    for _ in range(3):
        view(client, offer)
    assert views_in_database(db, offer) == 1 and view_counts.pending_views() == 3
    clock[0] += 5
    view(client, offer)
    assert views_in_database(db, offer) == 5
    updates = [sql for during, verb, sql in statements if verb == "UPDATE" and "views_count" in sql]
    assert len(updates) == 2  # two writes for five views


def test_a_failed_write_keeps_the_views_for_the_next_one(client, db, make_user, caplog):
    offer = published(make_user)

    def locked(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("UPDATE") and "views_count" in statement:
            raise OperationalError(statement, parameters, Exception("database is locked"))

    event.listen(db.engine, "before_cursor_execute", locked)
    try:
        view(client, offer)  # the page answers anyway
    finally:
        event.remove(db.engine, "before_cursor_execute", locked)
    assert views_in_database(db, offer) == 0 and view_counts.pending_views() == 1
    assert "1 views not written, kept for the next flush" in caplog.text
    view(client, offer)
    assert views_in_database(db, offer) == 2 and view_counts.pending_views() == 0


def test_views_of_a_deleted_listing_are_dropped_quietly(client, db, make_user):
    offer, other = published(make_user), published(make_user)
    view_counts.record_view(offer)
    db.session.delete(offer)
    db.session.commit()
    view(client, other)
    assert views_in_database(db, other) == 1 and view_counts.pending_views() == 0


def test_the_buffer_holds_at_most_max_pending_listings(monkeypatch):
    monkeypatch.setattr(view_counts, "MAX_PENDING", 2)
    buffer = view_counts.ViewBuffer()
    assert buffer.add(Counter({1: 3, 2: 1})) == 0
    assert buffer.add(Counter({1: 1, 3: 4})) == 4  # listing 3 would be a third one: its views are dropped
    assert buffer.pending() == 5 and buffer.take() == Counter({1: 4, 2: 1}) and buffer.pending() == 0
