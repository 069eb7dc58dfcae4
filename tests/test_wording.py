"""Agreement and wording: counts agree, a refusal does not speak of changes, one word for one thing."""
import re
from datetime import timedelta
from pathlib import Path

import pytest

from app.core.formatting import lifetime_fr
from app.core.time import today
from app.extensions import db
from app.geo import resolve_place
from app.services.moderation import reports
from app.services.moderation import review as moderation
from tests.factories import make_offer, make_project
from tests.moderation_fixtures import people, signed_in  # noqa: F401
from tests.test_reports import veterans


def test_one_dismissed_report_is_singular(people, signed_in, make_user):
    offer = make_offer(people.business, "published")
    reports.create_report(offer, veterans(make_user, 1)[0], "10.0.0.1", "scam")
    response = signed_in(people.staff).post(f"/moderation/annonces/{offer.id}/signalements",
                                            data={"decision": "dismiss", "note": "Vérifiée."}, follow_redirects=True)
    assert "1 signalement classé sans suite" in response.get_data(as_text=True)


def test_an_empty_queue_says_so(people, signed_in):
    page = signed_in(people.staff).get("/moderation").get_data(as_text=True)
    assert "aucune annonce en attente." in page and "0 annonce" not in page


def test_a_refusal_asks_why_not_what_to_change(people, signed_in):
    offer = make_offer(people.business, "submitted")
    data = {"reject-token": moderation.review_token(offer), "reject-reason": "not_craft"}
    page = signed_in(people.staff).post(f"/moderation/annonces/{offer.id}/decision/reject", data=data).get_data(
        as_text=True)
    assert "pourquoi l’annonce est refusée" in page and "ce qui doit changer" not in page


def test_renewing_a_project_agrees_with_the_word_annonce(people, signed_in):
    project = make_project(people.business, "published")
    db.session.commit()
    response = signed_in(people.owner).post(f"/espace-artisan/annonces/{project.id}/renew", follow_redirects=True)
    assert f"L’annonce «\u00a0{project.title}\u00a0» est déjà en ligne" in response.get_data(as_text=True)


def test_the_password_reset_mail_says_one_hour_like_the_page(client, make_user, mailbox):
    user = make_user("apprentice")
    client.post("/mot-de-passe-oublie", data={"email": user.email})
    assert "valable une heure" in mailbox()[-1].get_body(("plain",)).get_content()
    assert "valable une heure" in client.get("/mot-de-passe-oublie").get_data(as_text=True)


def test_the_reset_link_lifetime_follows_the_setting_in_one_wording(app, client, make_user, mailbox):
    app.config["PASSWORD_RESET_MAX_AGE"] = 2 * 3600
    client.post("/mot-de-passe-oublie", data={"email": make_user("apprentice").email}, follow_redirects=True)
    assert "valable 2 heures" in mailbox()[-1].get_body(("plain",)).get_content()
    assert "valable 2\u00a0heures" in client.get("/mot-de-passe-oublie").get_data(as_text=True)


@pytest.mark.parametrize("seconds, words", [(3600, "une heure"), (7200, "2 heures"), (1800, "30 minutes"),
                                            (60, "une minute"), (5400, "90 minutes")])
def test_durations_in_french_words(seconds, words):
    assert lifetime_fr(seconds) == words


NEAR_HINT = "Indiquez un code postal (par exemple 69003) ou le nom d’une commune."


@pytest.mark.parametrize("near", ["99999", "Zorglubville"])
def test_an_unknown_place_on_the_search_page_says_commune_names_are_accepted(client, near):
    response = client.get("/recherche", query_string={"near": near})
    assert response.status_code == 400
    assert NEAR_HINT in response.get_data(as_text=True).replace("\u00a0", " ")


def test_the_api_refuses_an_unknown_place_with_what_it_accepts(client):
    response = client.get("/api/v1/search", query_string={"near": "99999"})
    error = response.get_json()["error"]
    assert response.status_code == 400 and error["code"] == "invalid_parameter" and error["field"] == "near"
    assert "par exemple 69003" in error["message"] and "code INSEE" in error["message"]


def test_arrondissements_are_written_in_lowercase_and_found_in_either_case(client):
    assert resolve_place("69003")[0].name == "Lyon 3e arrondissement"
    for typed in ("Lyon 3e Arrondissement", "lyon 3e arrondissement (69003)"):
        page = client.get("/recherche", query_string={"near": typed}).get_data(as_text=True)
        assert "km de Lyon 3e arrondissement" in page and "km de Lyon 3e Arrondissement" not in page


def test_a_highlighted_business_and_an_rqth_offer_say_it_in_the_house_words(client, people):
    people.business.highlighted, people.business.highlighted_until = True, today() + timedelta(days=30)
    offer = make_offer(people.business, "published", disability_friendly=True)
    db.session.commit()
    business_page = client.get(f"/entreprises/{people.business.slug}").get_data(as_text=True)
    assert "Entreprise locale et responsable" in business_page and "Entreprise mise en avant" not in business_page
    offer_page = client.get(f"/offres/{offer.id}", follow_redirects=True).get_data(as_text=True)
    assert "personnes en situation de handicap (RQTH)" in offer_page


# One word for one thing: the variants that the house wording replaced.
BANNED = {
    r"offres? d[’']apprentissage": "« offre d’alternance »",
    r"[Ee]ntreprises? mises? en avant\b(?! (comme|par))": "the badge « Entreprise locale et responsable »",
    r"personnes? handicapées?": "« personnes en situation de handicap (RQTH) »",
    r"\b60 minutes\b|valable une heure": "the lifetime_fr filter on the setting",
    r"\b\d+(e|er) Arrondissement": "« 3e arrondissement »",
}
APP = Path(__file__).resolve().parent.parent / "app"
# The journal names the staff action, not the badge.
ALLOWED = {("models/moderation.py", "Entreprise mise en avant")}


@pytest.mark.parametrize("pattern", BANNED)
def test_no_template_mail_or_message_uses_a_replaced_wording(pattern):
    found = []
    for path in sorted(APP.rglob("*")):
        if path.suffix not in (".py", ".html", ".txt", ".js") or "static/vendor" in path.as_posix():
            continue
        for match in re.finditer(pattern, path.read_text(encoding="utf-8")):
            if (path.relative_to(APP).as_posix(), match.group(0)) not in ALLOWED:
                found.append(f"{path.relative_to(APP)}: {match.group(0)}")
    assert found == [], f"use {BANNED[pattern]}"
