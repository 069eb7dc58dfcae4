"""CV uploads: PDF by content, size limits (form error, then French 413), random names, safe downloads, cleanup."""
from pathlib import Path

import pytest
from sqlalchemy import select

from app.core import files as core_files
from app.core.errors import Refused
from app.extensions import db as _db
from app.files import cvs as uploads
from app.models.application import Application
from app.models.candidate import CvFile
from tests.application_factories import (
    PDF,
    apply_to,
    make_artisan_offer,
    make_candidate,
    pdf_bytes,
    pdf_upload,
    sign_in,
)


def _stored(app) -> list[Path]:
    directory = Path(app.config["UPLOAD_DIR"]) / "cvs"
    return sorted(directory.iterdir()) if directory.exists() else []


def _post_apply(client, offer, data: bytes, name: str = "cv.pdf"):
    from io import BytesIO

    return client.post(f"/offres/{offer.id}/candidater", content_type="multipart/form-data",
                       data={"message": "Bonjour, je suis motivée.", "cv": (BytesIO(data), name)})


@pytest.fixture
def setup(app, make_user):
    """A published offer and a signed-in candidate without a CV on the profile."""
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user, with_cv=False)
    return offer, candidate, sign_in(app, candidate)


def test_check_pdf_accepts_a_pdf_and_refuses_the_rest(app):
    uploads.check_pdf(PDF)
    for data, message in ((b"", "vide"), (b"Bonjour, je suis un CV en texte.\n", "pas un PDF"),
                          (b"%PDF-1.4\ntronque sans fin", "pas un PDF"), (b"<html>%PDF-1.4 %%EOF", "pas un PDF")):
        with pytest.raises(uploads.UploadError, match=message):
            uploads.check_pdf(data)


def test_text_file_renamed_pdf_is_refused_and_nothing_stored(app, setup):
    offer, candidate, client = setup
    response = _post_apply(client, offer, b"Je suis un fichier texte.\n" * 20, "cv.pdf")
    assert response.status_code == 422
    assert "n’est pas un PDF valide" in response.get_data(as_text=True)
    assert _stored(app) == [] and _db.session.scalar(select(Application)) is None


def test_empty_file_is_refused(app, setup):
    offer, candidate, client = setup
    response = _post_apply(client, offer, b"", "vide.pdf")
    assert response.status_code == 422 and "Le fichier envoyé est vide." in response.get_data(as_text=True)
    assert _stored(app) == []


def test_file_over_5_mb_is_refused_in_the_form(app, setup):
    offer, candidate, client = setup
    response = _post_apply(client, offer, pdf_bytes(5 * 1024 * 1024 + 10))
    assert response.status_code == 422 and "5\u00a0Mo au maximum" in response.get_data(as_text=True)
    assert _stored(app) == []


def test_request_over_the_body_limit_gets_the_french_413_page_and_nothing_is_stored(app, setup):
    offer, candidate, client = setup
    response = _post_apply(client, offer, pdf_bytes(app.config["MAX_CONTENT_LENGTH"] + 1024))
    html = response.get_data(as_text=True)
    assert response.status_code == 413 and "Fichier trop volumineux" in html and "5\u00a0Mo au maximum" in html
    assert _stored(app) == [] and _db.session.scalar(select(Application)) is None


@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("CV été 2027 (1).PDF", "CV été 2027 (1).pdf"),
    ("a" * 300 + ".pdf", "a" * 100 + ".pdf"),
    ("..\\..\\windows\\cv.pdf", "cv.pdf"),
    ("cv\r\nX-Injected: 1.pdf", "cvX-Injected_ 1.pdf"),
    ("", "cv.pdf"),
    ("....pdf", "cv.pdf"),
])
def test_odd_names_are_stored_under_a_random_name_and_downloaded_safely(app, make_user, name, expected):
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user, with_cv=False)
    application = apply_to(offer, candidate, cv=pdf_upload(name=name))
    stored = _stored(app)
    assert len(stored) == 1 and uploads.STORED_NAME.match(stored[0].name)
    assert application.cv.original_name == expected
    response = sign_in(app, candidate).get(f"/candidatures/{application.id}/cv")
    assert response.status_code == 200 and response.data == PDF
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and "/" not in disposition and "\n" not in disposition
    assert ".." not in disposition.replace("...", "")


def test_download_headers(app, make_user):
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate)
    response = sign_in(app, artisan).get(f"/espace-artisan/candidatures/{application.id}/cv")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize("who, expected", [("candidate", 200), ("artisan", 200), ("other_artisan", 404),
                                           ("partner", 404), ("other_candidate", 404), ("staff", 404)])
def test_download_authorization(app, make_user, who, expected):
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user)
    application = apply_to(offer, candidate)
    users = {"candidate": candidate, "artisan": artisan, "other_artisan": make_user("artisan"),
             "partner": make_user("partner"), "other_candidate": make_candidate(make_user),
             "staff": make_user("staff", chamber_code="IDF")}
    response = sign_in(app, users[who]).get(f"/candidatures/{application.id}/cv")
    assert response.status_code == expected


def test_anonymous_download_goes_to_login(app, client, make_user):
    artisan, offer = make_artisan_offer(make_user)
    application = apply_to(offer, make_candidate(make_user))
    response = client.get(f"/candidatures/{application.id}/cv")
    assert response.status_code == 302 and "/connexion" in response.headers["Location"]
    assert client.get(f"/espace-artisan/candidatures/{application.id}/cv").status_code == 302


def test_a_failed_commit_leaves_no_file(app, db, make_user, monkeypatch):
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user, with_cv=False)

    def broken_commit():
        raise RuntimeError("base indisponible")

    monkeypatch.setattr(db.session, "commit", broken_commit)
    with pytest.raises(RuntimeError):
        apply_to(offer, candidate, cv=pdf_upload())
    monkeypatch.undo()
    assert _stored(app) == []
    assert db.session.scalar(select(Application)) is None and db.session.scalar(select(CvFile)) is None


def test_a_failed_commit_over_http_gives_the_500_page_and_leaves_no_file(app, make_user, monkeypatch):
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user, with_cv=False)
    client = sign_in(app, candidate)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: the French 500 page, not the traceback

    def broken_commit():
        raise RuntimeError("base indisponible")

    monkeypatch.setattr(_db.session, "commit", broken_commit)
    response = _post_apply(client, offer, PDF)
    monkeypatch.undo()
    assert response.status_code == 500 and "Erreur du serveur" in response.get_data(as_text=True)
    assert _stored(app) == [] and _db.session.scalar(select(Application)) is None


def test_disk_error_gives_a_french_message_and_no_partial_file(app, make_user, monkeypatch):
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user, with_cv=False)

    def full_disk(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(core_files.os, "fsync", full_disk)  # the CV is written by app.core.files
    with pytest.raises(Refused) as error:
        apply_to(offer, candidate, cv=pdf_upload())
    assert "n’a pas pu être enregistré" in error.value.errors["cv"]
    assert _stored(app) == []


def test_cv_path_refuses_names_it_did_not_generate(app):
    for name in ("../passerelle.db", "cv.pdf", "/etc/passwd", None, "A" * 32 + ".pdf"):
        assert uploads.cv_path(name) is None


def test_a_failed_profile_commit_leaves_no_file_and_keeps_the_old_cv(app, db, make_user, monkeypatch):
    from app.services.responses import candidate_profiles as candidates
    from tests.application_factories import PROFILE, years_ago

    user = make_candidate(make_user)
    before = _stored(app)

    def broken_commit():
        raise RuntimeError("base indisponible")

    monkeypatch.setattr(db.session, "commit", broken_commit)
    with pytest.raises(RuntimeError):
        candidates.save_profile(user, cv_upload=pdf_upload(name="nouveau.pdf"),
                                **{**PROFILE, "birth_date": years_ago(19)})
    monkeypatch.undo()
    db.session.rollback()
    assert _stored(app) == before and candidates.profile_cv(user).original_name == "cv.pdf"
