"""`flask purge`: unsuccessful applications and their CVs after 3 months (2 years with consent), old logs and mail."""
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.core.time import utcnow
from app.extensions import db
from app.models.application import Application
from app.models.candidate import CvFile
from app.models.form_token import UsedFormToken
from app.models.mail import OutgoingMail
from app.models.notification import Notification
from app.models.security_log import SecurityEvent
from app.services.accounts.retention import months_before
from app.services.listings.lifecycle import transition
from app.services.responses import applications
from tests.application_factories import make_artisan_offer, make_candidate, pdf_upload, sign_in


def purge(runner, when: datetime, *args: str):
    """Run `flask purge --now WHEN`; return the result."""
    result = runner.invoke(args=["purge", "--now", when.isoformat(), *args])
    assert result.exit_code == 0, result.output
    return result


def on_disk(app, name: str) -> bool:
    """True when the CV file is still stored."""
    return (Path(app.config["UPLOAD_DIR"]) / "cvs" / name).is_file()


def reload(application) -> Application:
    """The application as stored now."""
    db.session.expire_all()
    return db.session.get(Application, application.id)


@pytest.fixture
def declined(app, make_user):
    """A declined application that carried its own CV (the candidate's profile keeps another one)."""
    def _make(keep_cv: bool = False):
        artisan, offer = make_artisan_offer(make_user)
        candidate = make_candidate(make_user)
        application = applications.apply(offer, candidate, message="Bonjour, je suis motivé.",
                                         cv_upload=pdf_upload(), keep_cv=keep_cv)
        applications.change_status(application, artisan, "declined", "Merci, mais non.")
        return application, application.cv.stored_name
    return _make


def test_declined_application_and_its_cv_go_after_three_months_not_before(app, runner, declined):
    application, cv_name = declined()
    ended = application.status_changed_at

    purge(runner, ended + timedelta(days=80))
    assert reload(application).message == "Bonjour, je suis motivé." and on_disk(app, cv_name)

    result = purge(runner, months_before(ended, -3) + timedelta(hours=1))
    assert "Candidatures anonymisées : 1" in result.output and "CV effacé(e)s : 1" in result.output
    kept = reload(application)
    assert kept.message == "" and kept.cv_file_id is None and kept.anonymised_at is not None
    assert not on_disk(app, cv_name)
    assert db.session.scalar(select(func.count(CvFile.id)).where(CvFile.stored_name == cv_name)) == 0
    profile_cv = db.session.scalars(select(CvFile)).one()  # the profile's CV is still in use
    assert on_disk(app, profile_cv.stored_name)


def test_candidate_sees_that_the_content_was_erased(app, runner, declined):
    application, _ = declined()
    purge(runner, utcnow() + timedelta(days=100))
    html = " ".join(sign_in(app, application.candidate).get(f"/candidatures/{application.id}")
                    .get_data(as_text=True).split())
    assert "effacés" in html and "Bonjour, je suis motivé." not in html


def test_consent_keeps_the_cv_until_two_years(app, runner, declined):
    application, cv_name = declined(keep_cv=True)
    ended = application.status_changed_at
    purge(runner, ended + timedelta(days=100))
    purge(runner, months_before(ended, -23))
    assert reload(application).anonymised_at is None and on_disk(app, cv_name)
    purge(runner, months_before(ended, -24) + timedelta(hours=1))
    assert reload(application).anonymised_at is not None and not on_disk(app, cv_name)


def test_open_application_on_an_ended_offer_goes_three_months_after_the_offer(app, runner, make_user):
    artisan, offer = make_artisan_offer(make_user)
    application = applications.apply(offer, make_candidate(make_user), message="Bonjour")
    other_offer = make_artisan_offer(make_user)[1]
    transition(offer, "close", artisan)
    purge(runner, utcnow() + timedelta(days=100))
    assert reload(application).anonymised_at is not None
    assert other_offer.status.value == "published"  # closing one offer ends only its own applications


def test_accepted_and_ongoing_applications_stay(app, runner, make_user):
    artisan, offer = make_artisan_offer(make_user)
    accepted = applications.apply(offer, make_candidate(make_user), message="Bonjour")
    applications.change_status(accepted, artisan, "interview", "Venez.")
    applications.change_status(accepted, artisan, "accepted", "Bienvenue.")
    ongoing = applications.apply(make_artisan_offer(make_user)[1], make_candidate(make_user), message="Bonjour")
    purge(runner, utcnow() + timedelta(days=800))
    assert reload(accepted).anonymised_at is None and reload(ongoing).anonymised_at is None


def test_logs_mail_and_notifications_age_out(app, runner, make_user):
    user = make_user()
    now = utcnow()
    db.session.add_all([
        SecurityEvent(kind="login_success", user_id=user.id, at=months_before(now, 13), details={}),
        SecurityEvent(kind="login_success", user_id=user.id, at=months_before(now, 11), details={}),
        OutgoingMail(to="a@exemple.fr", subject="Ancien", body_text="…", sent_at=now - timedelta(days=40)),
        OutgoingMail(to="a@exemple.fr", subject="Récent", body_text="…", sent_at=now - timedelta(days=5)),
        OutgoingMail(to="a@exemple.fr", subject="En attente", body_text="…", created_at=now - timedelta(days=90)),
        Notification(user_id=user.id, kind="x", text="Ancienne", created_at=months_before(now, 13)),
        Notification(user_id=user.id, kind="x", text="Récente", created_at=now - timedelta(days=3)),
    ])
    db.session.commit()
    result = purge(runner, now)
    assert "Événements du journal de sécurité effacé(e)s : 1" in result.output
    assert sorted(db.session.scalars(select(OutgoingMail.subject))) == ["En attente", "Récent"]
    assert db.session.scalars(select(Notification.text)).all() == ["Récente"]
    ages = db.session.scalars(select(SecurityEvent.at).where(SecurityEvent.kind == "login_success")).all()
    assert ages and all(at > months_before(now, 12) for at in ages)


def test_dry_run_changes_nothing(app, runner, declined):
    application, cv_name = declined()
    db.session.add(SecurityEvent(kind="logout", at=months_before(utcnow(), 13), details={}))
    db.session.commit()
    before = db.session.scalar(select(func.count(SecurityEvent.id)))
    result = purge(runner, utcnow() + timedelta(days=100), "--dry-run")
    assert "Candidatures anonymisées : 1" in result.output and "CV seraient effacé(e)s : 1" in result.output
    assert "rien n’a été modifié" in result.output
    assert reload(application).anonymised_at is None and on_disk(app, cv_name)
    assert db.session.scalar(select(func.count(SecurityEvent.id))) == before


def test_purge_is_recorded_and_idempotent(app, runner, declined):
    declined()
    later = utcnow() + timedelta(days=100)
    purge(runner, later)
    second = purge(runner, later)
    assert "Candidatures anonymisées : 0" in second.output and "CV effacé(e)s : 0" in second.output
    runs = db.session.scalars(select(SecurityEvent).where(SecurityEvent.kind == "purge")
                              .order_by(SecurityEvent.id)).all()
    assert [run.details["applications"] for run in runs] == [1, 0]
    assert runs[0].details["cv_files"] == 1


def test_bad_date_is_refused(runner):
    result = runner.invoke(args=["purge", "--now", "demain"])
    assert result.exit_code == 2 and "date ISO attendue" in result.output


def test_consent_box_is_unticked_and_optional(app, make_user):
    offer = make_artisan_offer(make_user)[1]
    first, second = make_candidate(make_user), make_candidate(make_user)
    client = sign_in(app, first)
    html = client.get(f"/offres/{offer.id}/candidater").get_data(as_text=True)
    assert "J’accepte que mon CV soit conservé jusqu’à 2\u00a0ans pour d’autres offres" in html
    assert 'name="keep_cv" type="checkbox" value="y">' in html  # not checked
    client.post(f"/offres/{offer.id}/candidater", data={"message": "Bonjour"})
    sign_in(app, second).post(f"/offres/{offer.id}/candidater", data={"message": "Bonjour", "keep_cv": "y"})
    consents = dict(db.session.execute(select(Application.candidate_id, Application.keep_cv_consent_at)).all())
    assert consents[first.id] is None and consents[second.id] is not None


def test_used_form_tokens_go_after_30_days(app, runner):
    """The one-time tokens of forms already sent are kept a month, then erased (the table does not grow forever)."""
    now = utcnow()
    db.session.add_all([UsedFormToken(token="ancien", used_at=now - timedelta(days=31)),
                        UsedFormToken(token="recent", used_at=now - timedelta(days=2))])
    db.session.commit()
    result = purge(runner, now)
    assert "Jetons de formulaire effacé(e)s : 1" in result.output
    assert db.session.scalars(select(UsedFormToken.token)).all() == ["recent"]
