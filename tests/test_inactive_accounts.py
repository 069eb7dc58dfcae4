"""`flask accounts purge-inactive`: one warning after 23 months without sign-in, deletion after 24 and 30 days."""
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from app.core.time import utcnow
from app.extensions import db
from app.models.application import Application
from app.models.listing import Listing
from app.models.mail import OutgoingMail
from app.models.security_log import SecurityEvent
from app.models.user import User
from app.services.accounts.inactivity import SUBJECT, deletion_date
from app.services.accounts.retention import months_before
from tests.application_factories import apply_to, make_artisan_offer, make_candidate, sign_in

NOW = utcnow()


def purge_inactive(runner, *args: str, now: datetime | None = None):
    """Run `flask accounts purge-inactive [--now NOW] ARGS`; return its output."""
    when = ["--now", now.isoformat()] if now else []
    result = runner.invoke(args=["accounts", "purge-inactive", *when, *args])
    assert result.exit_code == 0, result.output
    return result.output


def idle(user: User, months: int, days: int = 0) -> User:
    """Make the user's last sign-in `months` calendar months (and `days` days) before now."""
    user.last_login_at = months_before(NOW, months) - timedelta(days=days)
    db.session.commit()
    return user


def reload(user: User) -> User:
    """The account as stored now."""
    db.session.expire_all()
    return db.session.get(User, user.id)


def warnings_to(email: str) -> list[OutgoingMail]:
    """The inactivity warnings queued for an address."""
    return list(db.session.scalars(select(OutgoingMail).where(OutgoingMail.to == email,
                                                              OutgoingMail.subject == SUBJECT)))


def test_one_warning_after_23_months_none_before(app, runner, make_user):
    user = idle(make_user("apprentice", display_name="Léa"), 23, days=-1)  # one day short of 23 months
    assert "Comptes inactifs prévenus : 0" in purge_inactive(runner)
    assert warnings_to(user.email) == [] and reload(user).inactivity_warned_at is None

    idle(reload(user), 23, days=1)
    output = purge_inactive(runner)
    assert "Comptes inactifs prévenus : 1" in output and f"compte n° {user.id} (Jeune / apprenti)" in output
    [mail] = warnings_to(user.email)
    assert "Bonjour Léa," in mail.body_text and "/connexion" in mail.body_text
    assert "sera donc supprimé à partir du" in mail.body_text
    assert reload(user).inactivity_warned_at is not None

    output = purge_inactive(runner, now=NOW + timedelta(days=1))
    assert "Comptes inactifs prévenus : 0" in output and len(warnings_to(user.email)) == 1


def test_months_are_calendar_months(app, runner, make_user):
    user = make_user("partner")
    user.last_login_at = datetime(2025, 1, 31, 10, 0, tzinfo=timezone.utc)
    db.session.commit()
    assert "prévenus : 0" in purge_inactive(runner, now=datetime(2026, 12, 30, 23, 0, tzinfo=timezone.utc))
    assert "prévenus : 1" in purge_inactive(runner, now=datetime(2026, 12, 31, 10, 0, tzinfo=timezone.utc))
    # 24 months after the last sign-in is 31 January 2027, after the 30 days of notice (30 January).
    warned = reload(user)
    assert deletion_date(warned, warned.inactivity_warned_at) == datetime(2027, 1, 31, 10, 0, tzinfo=timezone.utc)


def test_signing_in_cancels_the_deletion(app, runner, make_user):
    user = idle(make_user("apprentice"), 23, days=1)
    purge_inactive(runner)
    assert reload(user).inactivity_warned_at is not None
    sign_in(app, reload(user))
    kept = reload(user)
    assert kept.inactivity_warned_at is None and kept.last_login_at > NOW
    output = purge_inactive(runner, now=NOW + timedelta(days=40))
    assert "prévenus : 0" in output and "supprimés : 0" in output
    assert reload(user).deleted_at is None


def test_deletion_after_24_months_and_30_days_after_the_warning_only(app, runner, make_user):
    user = idle(make_user("apprentice"), 30)  # long inactive, never warned: warned first, never deleted at once
    output = purge_inactive(runner)
    assert "prévenus : 1" in output and "supprimés : 0" in output and reload(user).deleted_at is None

    assert "supprimés : 0" in purge_inactive(runner, now=NOW + timedelta(days=29, hours=23))
    assert reload(user).deleted_at is None
    output = purge_inactive(runner, now=NOW + timedelta(days=30, hours=1))
    assert "Comptes inactifs supprimés : 1" in output and f"compte n° {user.id}" in output
    assert reload(user).deleted_at is not None

    output = purge_inactive(runner, now=NOW + timedelta(days=31))  # nothing more to do on a deleted account
    assert "prévenus : 0" in output and "supprimés : 0" in output


def test_warned_at_23_months_deleted_once_24_months_are_reached(app, runner, make_user):
    user = idle(make_user("partner"), 23, days=1)
    purge_inactive(runner)
    assert "supprimés : 0" in purge_inactive(runner, now=NOW + timedelta(days=20))
    assert "supprimés : 1" in purge_inactive(runner, now=NOW + timedelta(days=32))
    assert reload(user).deleted_at is not None


def test_dry_run_changes_nothing(app, runner, make_user):
    user = idle(make_user("artisan"), 30)
    output = purge_inactive(runner, "--dry-run")
    assert "Comptes inactifs seraient prévenus : 1" in output and "Simulation : rien n’a été modifié." in output
    assert reload(user).inactivity_warned_at is None and warnings_to(user.email) == []

    purge_inactive(runner)
    output = purge_inactive(runner, "--dry-run", now=NOW + timedelta(days=31))
    assert "Comptes inactifs seraient supprimés : 1" in output
    kept = reload(user)
    assert kept.deleted_at is None and kept.is_active_account and kept.email.endswith("@exemple.fr")


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_staff_and_admin_accounts_are_left_alone(app, runner, make_user, role):
    user = idle(make_user(role), 40)
    assert "prévenus : 0" in purge_inactive(runner)
    output = purge_inactive(runner, now=NOW + timedelta(days=400))
    assert "prévenus : 0" in output and "supprimés : 0" in output
    kept = reload(user)
    assert kept.inactivity_warned_at is None and kept.deleted_at is None and warnings_to(kept.email) == []


def test_deletion_anonymises_applications_and_withdraws_listings_like_a_self_deletion(app, runner, make_user):
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate, message="Je fais du pain depuis deux ans.")
    email = candidate.email
    idle(candidate, 23, days=1)
    idle(reload(artisan), 23, days=1)
    purge_inactive(runner)
    assert "supprimés : 2" in purge_inactive(runner, now=NOW + timedelta(days=32))

    gone = reload(candidate)
    assert gone.deleted_at is not None and gone.email == f"compte-{gone.id}@supprime.invalid"
    assert not gone.is_active_account and gone.display_name == ""
    kept = db.session.get(Application, application.id)
    assert kept.message == "" and kept.cv_file_id is None and kept.anonymised_at is not None
    assert db.session.get(Listing, offer.id).status.value == "withdrawn"
    events = db.session.scalars(select(SecurityEvent).where(SecurityEvent.kind == "account_deleted")).all()
    assert {event.user_id for event in events} == {candidate.id, artisan.id}
    assert all(event.details["reason"] == "inactivity" for event in events)
    assert warnings_to(email) == []  # the copy of the warning goes with the account
    assert sign_in_fails(app, email)


def sign_in_fails(app, email: str) -> bool:
    """True when the old address and password no longer open a session."""
    response = app.test_client().post("/connexion", data={"email": email, "password": "correct horse battery staple"})
    return response.status_code != 302


def test_a_disabled_account_gets_no_invitation_to_sign_in_and_goes_at_24_months(app, runner, make_user):
    user = idle(make_user("apprentice", display_name="Bloqué"), 23, days=10)
    user.is_active_account = False
    db.session.commit()
    assert "Comptes inactifs prévenus : 0" in purge_inactive(runner)
    assert warnings_to(user.email) == [] and reload(user).deleted_at is None

    idle(reload(user), 24, days=1)
    purge_inactive(runner)
    assert warnings_to(user.email) == [] and reload(user).deleted_at is not None
