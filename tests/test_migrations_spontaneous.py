"""The migration that moves spontaneous applications' messages into the shared threads keeps every message."""
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from app.extensions import db
from app.models.conversation import Side
from app.models.training import SpontaneousApplication
from app.models.types import UTCDateTime
from app.services.conversations import threads
from tests.factories import make_business

BEFORE = "c20a1b2c3d4e"
SENT = datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc)
APPLICATIONS = sa.table(
    "spontaneous_applications", sa.column("id"), sa.column("business_id"), sa.column("candidate_id"),
    sa.column("trade"), sa.column("diploma"), sa.column("message"), sa.column("status"),
    sa.column("created_at", UTCDateTime()), sa.column("status_changed_at", UTCDateTime()),
    sa.column("owner_read_id"), sa.column("applicant_read_id"))
MESSAGES = sa.table("spontaneous_messages", sa.column("id"), sa.column("application_id"), sa.column("side"),
                    sa.column("author_id"), sa.column("body"), sa.column("created_at", UTCDateTime()))


def _application(id_, business, candidate, message, owner_read_id=0, applicant_read_id=0):
    return {"id": id_, "business_id": business.id, "candidate_id": candidate.id, "trade": "patissier",
            "diploma": "CAP", "message": message, "status": "viewed", "created_at": SENT,
            "status_changed_at": SENT, "owner_read_id": owner_read_id, "applicant_read_id": applicant_read_id}


def test_spontaneous_messages_move_into_threads_with_their_read_marks(app, make_user):
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade(revision=BEFORE)
    candidate, artisan = make_user("apprentice"), make_user("artisan")
    business = make_business(artisan, postcode="69003", name="Pâtisserie des Canuts")
    hello = "Bonjour, je veux apprendre la pâtisserie."
    with db.engine.begin() as connection:
        connection.execute(sa.insert(APPLICATIONS), [
            _application(1, business, candidate, hello, owner_read_id=3, applicant_read_id=2),
            _application(2, business, candidate, "Une autre, sans réponse encore.")])
        connection.execute(sa.insert(MESSAGES), [
            {"id": 1, "application_id": 1, "side": "applicant", "author_id": candidate.id, "body": hello,
             "created_at": SENT},
            {"id": 2, "application_id": 1, "side": "owner", "author_id": artisan.id, "body": "Passez mardi.",
             "created_at": SENT + timedelta(hours=1)},
            {"id": 3, "application_id": 1, "side": "platform", "author_id": None,
             "body": "Statut de la candidature : Consultée.", "created_at": SENT + timedelta(hours=1)},
            {"id": 4, "application_id": 1, "side": "applicant", "author_id": candidate.id, "body": "Merci !",
             "created_at": SENT + timedelta(hours=2)},
            {"id": 5, "application_id": 2, "side": "applicant", "author_id": candidate.id,
             "body": "Une autre, sans réponse encore.", "created_at": SENT}])
    ids = {"candidate": candidate.id, "artisan": artisan.id}
    db.session.remove()  # PostgreSQL: an open read would hold the lock that dropping the tables needs

    upgrade()

    tables = inspect(db.engine)
    assert "spontaneous_messages" not in tables.get_table_names()
    assert {"owner_read_id", "applicant_read_id"}.isdisjoint(
        column["name"] for column in tables.get_columns("spontaneous_applications"))
    db.session.expire_all()
    answered = db.session.get(SpontaneousApplication, 1)
    assert answered.message == hello  # the application keeps its message; the thread starts with the answers
    for_owner = threads.timeline(answered, Side.OWNER)
    assert [(entry.side, entry.body, entry.at) for entry in for_owner] == [
        (Side.OWNER, "Passez mardi.", SENT + timedelta(hours=1)),
        (Side.PLATFORM, "Statut de la candidature : Consultée.", SENT + timedelta(hours=1)),
        (Side.APPLICANT, "Merci !", SENT + timedelta(hours=2))]
    assert for_owner[0].message.author_id == ids["artisan"] and for_owner[2].message.author_id == ids["candidate"]
    assert [entry.unread for entry in for_owner] == [False, False, True]  # read up to the status line
    assert [entry.unread for entry in threads.timeline(answered, Side.APPLICANT)] == [False, True, False]
    assert threads.timeline(db.session.get(SpontaneousApplication, 2), Side.OWNER) == []
    db.session.remove()

    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) - {"alembic_version"} == set()
