"""Agreement and wording: counts agree, a refusal does not speak of changes, one word for one thing."""
from app.extensions import db
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
