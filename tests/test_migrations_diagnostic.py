"""The migration that moves diagnostic requests' messages into the shared threads keeps every message, and back."""
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from app.extensions import db
from app.models.conversation import Side
from app.models.diagnostic import DiagnosticRequest
from app.models.types import UTCDateTime
from app.services.conversations import threads
from tests.factories import make_business

BEFORE = "c20d1b2c3d4e"
SENT = datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc)
REQUESTS = sa.table(
    "diagnostic_requests", sa.column("id"), sa.column("business_id"), sa.column("user_id"), sa.column("departement"),
    sa.column("need"), sa.column("contact_times"), sa.column("phone"), sa.column("status"),
    sa.column("assignee_id"), sa.column("created_at", UTCDateTime()))
MESSAGES = sa.table("diagnostic_messages", sa.column("id"), sa.column("request_id"), sa.column("author_id"),
                    sa.column("from_chamber"), sa.column("body"), sa.column("created_at", UTCDateTime()))


def _request(id_, business, artisan, advisor):
    return {"id": id_, "business_id": business.id, "user_id": artisan.id, "departement": "75",
            "need": "Vendre en ligne", "contact_times": "", "phone": "06 12 34 56 78", "status": "taken",
            "assignee_id": advisor.id, "created_at": SENT}


def _old_messages() -> list[tuple]:
    with db.engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(
            "SELECT request_id, author_id, from_chamber, body FROM diagnostic_messages ORDER BY id"))]


def test_diagnostic_messages_move_into_threads_read_by_both_sides_and_back(app, make_user):
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade(revision=BEFORE)
    artisan = make_user("artisan")
    advisor = make_user("staff", chamber_code="IDF")
    business = make_business(artisan, postcode="75011", name="Boulangerie Dupont")
    with db.engine.begin() as connection:
        connection.execute(sa.insert(REQUESTS), [_request(1, business, artisan, advisor),
                                                 _request(2, business, artisan, advisor)])
        connection.execute(sa.insert(MESSAGES), [
            {"id": 1, "request_id": 1, "author_id": advisor.id, "from_chamber": True,
             "body": "Je vous appelle jeudi.", "created_at": SENT + timedelta(hours=1)},
            {"id": 2, "request_id": 1, "author_id": artisan.id, "from_chamber": False,
             "body": "Plutôt vendredi, merci.", "created_at": SENT + timedelta(hours=2)}])
    ids = {"artisan": artisan.id, "advisor": advisor.id}
    before = _old_messages()
    db.session.remove()  # PostgreSQL: an open read would hold the lock that dropping the table needs

    upgrade()

    assert "diagnostic_messages" not in inspect(db.engine).get_table_names()
    db.session.expire_all()
    followed = db.session.get(DiagnosticRequest, 1)
    for_artisan = threads.timeline(followed, Side.APPLICANT)
    assert [(entry.side, entry.body, entry.at) for entry in for_artisan] == [
        (Side.OWNER, "Je vous appelle jeudi.", SENT + timedelta(hours=1)),
        (Side.APPLICANT, "Plutôt vendredi, merci.", SENT + timedelta(hours=2))]
    assert [entry.message.author_id for entry in for_artisan] == [ids["advisor"], ids["artisan"]]
    assert not any(entry.unread for entry in for_artisan + threads.timeline(followed, Side.OWNER))
    assert threads.timeline(db.session.get(DiagnosticRequest, 2), Side.OWNER) == []
    db.session.remove()

    downgrade(revision=BEFORE)
    assert _old_messages() == before
    assert db.session.execute(text("SELECT COUNT(*) FROM threads WHERE diagnostic_id IS NOT NULL")).scalar() == 0
    db.session.remove()
    downgrade(revision="base")
    assert set(inspect(db.engine).get_table_names()) - {"alembic_version"} == set()
