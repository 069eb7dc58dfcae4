"""Forms report every error in one round, mark what is required, word errors once, and keep a too-big file's form."""
import html
import re
from io import BytesIO

import pytest

from app.extensions import db
from app.models import Listing
from tests.application_factories import make_artisan_offer, make_artisan_project, make_candidate, pdf_bytes, sign_in
from tests.factories import make_business

QUESTION = "Avez-vous déjà travaillé de nuit ?"


def _text(fragment: str) -> str:
    """The text of an HTML fragment, as read (tags dropped, entities decoded, spaces collapsed)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _summary(response) -> list[str]:
    """The lines of the error summary."""
    found = re.search(r'<div class="error-summary".*?</ul>', response.text, re.S)
    return [_text(item) for item in re.findall(r"<li>(.*?)</li>", found.group(0), re.S)] if found else []


def _field_error(response, field_id: str) -> str:
    found = re.search(rf'id="{field_id}-erreur">(.*?)</p>', response.text, re.S)
    return _text(found.group(1)) if found else ""


def _tag(response, field_id: str) -> str:
    found = re.search(rf'<(?:input|textarea|select)[^>]*\bid="{field_id}"[^>]*>', response.text)
    return found.group(0) if found else ""


def _required(response, field_id: str) -> bool:
    """True when the label (or the legend of a group) of the field carries the required mark."""
    label = re.search(rf'<label for="{field_id}">[^<]*<span class="required"', response.text)
    legend = re.search(rf'<fieldset[^>]*id="{field_id}"[^>]*>\s*<legend>[^<]*<span class="required"', response.text)
    return bool(label or legend)


@pytest.fixture
def artisan(make_user, login):
    """A signed-in artisan with a business."""
    user = make_user("artisan")
    login(user.email)
    return user, make_business(user)


def test_business_form_reports_siret_website_and_commune_in_one_round(client, artisan):
    response = client.post("/espace-artisan/entreprises/nouvelle", data={
        "siret": "123", "name": "Menuiserie des Alpes", "postcode": "05000", "commune": "",
        "website": "menuiserie-alpes.fr"})
    assert response.status_code == 422
    assert "Plusieurs communes ont le code postal 05000" in _field_error(response, "commune")
    assert _field_error(response, "siret")
    assert "http://" in _field_error(response, "website")
    assert len(_summary(response)) == 3, _summary(response)


def test_offer_form_reports_trade_diploma_and_service_errors_in_one_round(client, artisan):
    user, business = artisan
    response = client.post(f"/espace-artisan/entreprises/{business.id}/offres/nouvelle", data={
        "title": "App", "description": "Trop court.", "trade": "", "diploma": "", "asap": "y",
        "duration_months": "99"})
    assert response.status_code == 422
    assert _field_error(response, "trade") == "Choisissez le métier."
    assert _field_error(response, "diploma") == "Choisissez le diplôme préparé."
    assert "30 caractères au moins" in _field_error(response, "description")
    assert "5 caractères au moins" in _field_error(response, "title")
    assert _field_error(response, "duration_months")
    assert db.session.query(Listing).count() == 0


def test_offer_form_marks_trade_and_diploma_required(client, artisan):
    user, business = artisan
    response = client.get(f"/espace-artisan/entreprises/{business.id}/offres/nouvelle")
    assert _required(response, "trade") and _required(response, "diploma") and _required(response, "title")
    assert not _required(response, "question_1")


def test_error_summary_does_not_repeat_the_label(client, artisan):
    user, business = artisan
    response = client.post(f"/espace-artisan/entreprises/{business.id}/offres/nouvelle", data={
        "title": "Apprenti boulanger (H/F)", "description": "Trop court.", "trade": "boulanger",
        "diploma": "CAP", "asap": "y"})
    assert response.status_code == 422
    assert "Description : 30 caractères au moins." in _summary(response)
    assert not any("Description : Description" in line for line in _summary(response))


def test_error_summary_takes_the_focus(client, artisan):
    user, business = artisan
    response = client.post(f"/espace-artisan/entreprises/{business.id}/offres/nouvelle", data={})
    assert re.search(r'<div class="error-summary" role="alert" tabindex="-1" autofocus>', response.text)
    # Back to this page from the next one must not ask to resend the form: the script makes its entry a plain visit.
    assert "/static/js/form-history.js" in response.text


def test_partner_form_reports_message_and_contributions_together(app, make_user):
    _, project = make_artisan_project(make_user)
    client = sign_in(app, make_user("partner"))
    page = client.get(f"/projets/{project.id}/proposer")
    assert _required(page, "contributions") and _required(page, "message")
    response = client.post(f"/projets/{project.id}/proposer", data={"message": "", "contribution_text": ""})
    assert response.status_code == 422
    assert _field_error(response, "message") and _field_error(response, "contributions")
    assert "Ce que vous apportez : Choisissez au moins un apport." in _summary(response)


def test_apply_form_marks_answers_required_and_words_the_question_once(app, make_user):
    _, offer = make_artisan_offer(make_user, questions=[QUESTION])
    client = sign_in(app, make_candidate(make_user))
    page = client.get(f"/offres/{offer.id}/candidater")
    assert _required(page, "answer_1") and _required(page, "message")
    response = client.post(f"/offres/{offer.id}/candidater", data={"message": "", "answer_1": ""})
    assert response.status_code == 422
    assert _field_error(response, "message") and _field_error(response, "answer_1") == "Répondez à cette question."
    assert f"{QUESTION} Répondez à cette question." in _summary(response)
    assert not any("? :" in line for line in _summary(response))


def test_a_6_mb_cv_is_refused_next_to_the_field_with_the_form_kept(app, make_user):
    _, offer = make_artisan_offer(make_user)
    client = sign_in(app, make_candidate(make_user, with_cv=False))
    message = "Bonjour, votre fournil me donne envie d’apprendre le métier."
    response = client.post(f"/offres/{offer.id}/candidater", content_type="multipart/form-data",
                           data={"message": message, "cv": (BytesIO(pdf_bytes(6 * 1024 * 1024)), "cv.pdf")})
    assert response.status_code == 422
    assert "5 Mo au maximum" in _field_error(response, "cv")
    assert html.escape(message, quote=False) in response.text.split('id="message"', 1)[1].split("</textarea>")[0]
    assert f'data-max-bytes="{app.config["CV_MAX_BYTES"]}"' in _tag(response, "cv")


def test_a_6_mb_cv_is_reported_even_when_the_message_is_missing(app, make_user):
    _, offer = make_artisan_offer(make_user)
    client = sign_in(app, make_candidate(make_user, with_cv=False))
    response = client.post(f"/offres/{offer.id}/candidater", content_type="multipart/form-data",
                           data={"message": "", "cv": (BytesIO(pdf_bytes(6 * 1024 * 1024)), "cv.pdf")})
    assert response.status_code == 422
    assert _field_error(response, "message") and "5 Mo au maximum" in _field_error(response, "cv")


def test_the_request_limit_leaves_room_above_the_file_limits(app):
    assert app.config["MAX_CONTENT_LENGTH"] >= 2 * max(app.config["CV_MAX_BYTES"], app.config["IMAGE_MAX_BYTES"])


def test_new_staff_form_marks_and_reports_email_and_chamber_together(client, make_user, login):
    login(make_user("admin").email)
    page = client.get("/admin/conseillers/nouveau")
    assert _required(page, "email") and _required(page, "chamber") and not _required(page, "display_name")
    response = client.post("/admin/conseillers/nouveau", data={"email": "", "display_name": "", "chamber": ""})
    assert response.status_code == 422
    assert _field_error(response, "email") and _field_error(response, "chamber") == "Un conseiller doit être rattaché à une chambre."
