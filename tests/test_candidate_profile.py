"""The apprentice profile: identity, age rules (under 15 refused, minors informed), postcode, wishes, CV."""
import os
import time
from pathlib import Path

import pytest

from app.core.errors import NotAllowed, Refused
from app.files import sweep as upload_sweep
from app.models.candidate import CvFile
from app.services.responses import candidate_profiles as candidates
from tests.application_factories import PROFILE, make_candidate, pdf_bytes, pdf_upload, sign_in, years_ago


def _form(**overrides) -> dict:
    data = {**PROFILE, "birth_date": years_ago(19).isoformat(), "available_from": "", **overrides}
    return {key: value for key, value in data.items() if value is not None}


def test_apprentice_fills_in_the_profile_and_sees_the_age(app, make_user):
    user = make_user("apprentice")
    client = sign_in(app, user)
    response = client.post("/candidat/profil", data={**_form(), "cv": (pdf_upload().stream, "Mon CV.pdf")},
                           content_type="multipart/form-data", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "Votre profil est enregistré." in html
    assert "19\u00a0ans" in html and "Mon CV.pdf" in html
    profile = candidates.get_profile(user)
    assert profile.full_name == "Léa Martin" and profile.commune_name == "Paris" and profile.trades == ["boulanger"]
    assert profile.availability_label == "Dès que possible"
    assert not profile.is_minor()


def test_under_15_is_refused_in_french(app, make_user):
    client = sign_in(app, make_user("apprentice"))
    response = client.post("/candidat/profil", data=_form(birth_date=years_ago(14).isoformat()))
    assert response.status_code == 422
    assert "au moins 15\u00a0ans" in response.get_data(as_text=True)


def test_minor_gets_the_information_a_minor_needs(app, make_user):
    user = make_candidate(make_user, age=16)
    html = sign_in(app, user).get("/candidat/profil").get_data(as_text=True)
    assert "16\u00a0ans" in html and "Vous êtes mineur(e)" in html
    assert "représentant légal" in html and "8\u00a0heures par jour" in html and "35\u00a0heures par semaine" in html
    assert "travail de nuit" in html and "service-public.fr" in html


def test_adult_gets_no_minor_notice(app, make_user):
    html = sign_in(app, make_candidate(make_user, age=18)).get("/candidat/profil").get_data(as_text=True)
    assert "Vous êtes mineur(e)" not in html


@pytest.mark.parametrize("postcode, message", [("00000", "Code postal inconnu"), ("", "Indiquez votre code postal"),
                                               ("7501", "Code postal inconnu")])
def test_postcode_is_checked(app, make_user, postcode, message):
    with pytest.raises(Refused) as error:
        candidates.save_profile(make_user("apprentice"), **{**PROFILE, "birth_date": years_ago(18),
                                                            "postcode": postcode})
    assert message in error.value.errors["postcode"]


def test_radius_trades_and_diploma_are_checked(app, make_user):
    with pytest.raises(Refused) as error:
        candidates.save_profile(make_user("apprentice"), **{**PROFILE, "birth_date": years_ago(18),
                                                            "travel_radius_km": 500, "trades": ["astronaute"],
                                                            "diploma": "Doctorat"})
    assert set(error.value.errors) == {"travel_radius_km", "trades", "diploma"}


def test_only_apprentices_have_a_profile(app, make_user):
    with pytest.raises(NotAllowed):
        candidates.save_profile(make_user("artisan"), **{**PROFILE, "birth_date": years_ago(30)})
    client = sign_in(app, make_user("partner"))
    assert client.get("/candidat/profil").status_code == 403


def test_replacing_the_cv_leaves_the_unused_old_file_to_the_sweeper_after_its_grace_period(app, db, make_user):
    user = make_candidate(make_user)
    old = candidates.profile_cv(user)
    old_path = Path(app.config["UPLOAD_DIR"]) / "cvs" / old.stored_name
    assert old_path.is_file()
    os.utime(old_path, (time.time() - 86400, time.time() - 86400))  # uploaded yesterday
    candidates.save_profile(user, cv_upload=pdf_upload(pdf_bytes(2000), "nouveau.pdf"),
                            **{**PROFILE, "birth_date": years_ago(19)})
    assert db.session.query(CvFile).count() == 1 and candidates.profile_cv(user).original_name == "nouveau.pdf"
    # A backup that saved the database just before still finds the file the old row names.
    assert old_path.is_file() and upload_sweep.sweep().removed == []
    later = time.time() + (upload_sweep.GRACE_MINUTES + 1) * 60
    assert upload_sweep.sweep(now=later).removed == [old.stored_name] and not old_path.exists()


def test_profile_cv_is_downloadable_by_its_owner_only(app, make_user):
    user = make_candidate(make_user)
    response = sign_in(app, user).get("/candidat/profil/cv")
    assert response.status_code == 200 and response.data.startswith(b"%PDF-")
    other = make_candidate(make_user)
    assert sign_in(app, other).get("/candidat/profil/cv").status_code == 200  # their own, not user's
    assert sign_in(app, make_candidate(make_user, with_cv=False)).get("/candidat/profil/cv").status_code == 404


def test_removing_the_cv_from_the_profile(app, make_user):
    user = make_candidate(make_user)
    candidates.save_profile(user, remove_cv=True, **{**PROFILE, "birth_date": years_ago(19)})
    assert candidates.profile_cv(user) is None
    upload_sweep.sweep(now=time.time() + (upload_sweep.GRACE_MINUTES + 1) * 60)
    assert not any((Path(app.config["UPLOAD_DIR"]) / "cvs").iterdir())


def test_editing_the_profile_without_a_new_file_keeps_the_cv(app, make_user):
    user = make_candidate(make_user)
    kept = candidates.profile_cv(user).stored_name
    client = sign_in(app, user)
    # A browser sends an empty file part when no file is chosen.
    response = client.post("/candidat/profil", data={**_form(presentation="Toujours motivée."), "cv": (b"", "")},
                           content_type="multipart/form-data", follow_redirects=True)
    assert response.status_code == 200 and "Votre profil est enregistré." in response.get_data(as_text=True)
    assert candidates.get_profile(user).presentation == "Toujours motivée."
    assert candidates.profile_cv(user).stored_name == kept
