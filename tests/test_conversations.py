"""Conversations through HTTP: both sides write and read one thread per application or proposal."""
import re
from datetime import timedelta

from app.core.time import utcnow
from app.models.conversation import Message, Side
from app.services.accounts import privacy
from app.services.conversations import threads
from app.services.conversations.threads import MESSAGE_MAX
from app.services.responses import applications, interests
from tests.application_factories import (
    PASSWORD,
    apply_to,
    make_artisan_offer,
    make_artisan_project,
    make_candidate,
    sign_in,
)


def _text(response) -> str:
    """The page as a user reads it (the typography filter's non-breaking spaces as spaces)."""
    return response.get_data(as_text=True).replace("\xa0", " ").replace("\u202f", " ")


def _read_aloud(response) -> str:
    """The page's text without its tags, as a screen reader reads it (visually hidden words included)."""
    return re.sub(r"<[^>]+>", "", _text(response))


def _application(make_user):
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user)
    return artisan, candidate, apply_to(offer, candidate)


def test_candidate_writes_in_the_thread(app, db, make_user):
    _artisan, candidate, application = _application(make_user)
    client = sign_in(app, candidate)
    page = client.get(f"/candidatures/{application.id}")
    assert page.status_code == 200
    html = _text(page)
    assert "Échanges" in html and "Votre message" in html and "Envoyer" in html
    response = client.post(f"/candidatures/{application.id}", data={"body": "Bonjour,\nje suis disponible."})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/candidatures/{application.id}#echanges")
    page = _text(client.get(response.headers["Location"]))
    assert "Message envoyé." in page
    assert "Bonjour,\nje suis disponible." in page
    assert db.session.query(Message).count() == 1


def test_both_sides_write_and_the_nav_counts_unread(app, db, make_user):
    artisan, candidate, application = _application(make_user)
    candidate_client, artisan_client = sign_in(app, candidate), sign_in(app, artisan)
    candidate_client.post(f"/candidatures/{application.id}", data={"body": "Quand puis-je passer ?"})
    home = _text(artisan_client.get("/"))
    assert "1 message non lu" in re.sub(r"<[^>]+>", "", home)
    page = _text(artisan_client.get(f"/espace-artisan/candidatures/{application.id}"))
    assert "Quand puis-je passer ?" in page and "message non lu" in page  # marked on this visit
    assert "message non lu" not in _text(artisan_client.get("/"))  # read now
    response = artisan_client.post(f"/espace-artisan/candidatures/{application.id}",
                                   data={"body": "Mardi à 10 h, à l’atelier."})
    assert response.status_code == 302 and response.headers["Location"].endswith("#echanges")
    assert " message non lu" in _text(candidate_client.get("/candidatures"))
    page = _text(candidate_client.get(f"/candidatures/{application.id}"))
    assert page.index("Quand puis-je passer ?") < page.index("Mardi à 10 h")
    assert "Envoyée" in page or "Reçue" in page or application.status.label in page  # status line in the timeline


def test_the_partner_and_the_artisan_talk_on_a_proposal(app, db, make_user):
    artisan, project = make_artisan_project(make_user)
    partner = make_user("partner", display_name="Studio Frêne")
    interest = interests.express_interest(project, partner, message="Je travaille le frêne.", contributions=["design"])
    partner_client, artisan_client = sign_in(app, partner), sign_in(app, artisan)
    assert partner_client.post(f"/propositions/{interest.id}", data={"body": "Des nouvelles ?"}).status_code == 302
    page = _text(artisan_client.get(f"/espace-artisan/propositions/{interest.id}"))
    assert "Des nouvelles ?" in page and "Studio Frêne" in page
    assert artisan_client.post(f"/espace-artisan/propositions/{interest.id}",
                               data={"body": "Oui, lundi."}).status_code == 302
    page = _text(partner_client.get(f"/propositions/{interest.id}"))
    assert "Oui, lundi." in page and "message non lu" in page


def test_status_changes_appear_in_the_timeline(app, db, make_user):
    artisan, candidate, application = _application(make_user)
    artisan_client = sign_in(app, artisan)
    artisan_client.get(f"/espace-artisan/candidatures/{application.id}")  # « Consultée »
    artisan_client.post(f"/espace-artisan/candidatures/{application.id}", data={"body": "Merci pour votre CV."})
    page = _text(sign_in(app, candidate).get(f"/candidatures/{application.id}"))
    thread = page[page.index("Échanges"):]
    assert "Consultée" in thread and "Merci pour votre CV." in thread
    assert thread.index("Consultée") < thread.index("Merci pour votre CV.")


def test_a_third_party_and_staff_never_read_a_thread(app, db, make_user):
    artisan, candidate, application = _application(make_user)
    sign_in(app, candidate).post(f"/candidatures/{application.id}", data={"body": "Privé"})
    stranger = make_candidate(make_user)
    other_artisan = make_user("artisan")
    staff = make_user("staff", chamber_code="IDF")
    admin = make_user("admin")
    for user in (stranger, other_artisan, staff, admin):
        client = sign_in(app, user)
        for url in (f"/candidatures/{application.id}", f"/espace-artisan/candidatures/{application.id}"):
            response = client.get(url)
            assert response.status_code in (403, 404), (user.role, url)
            assert "Privé" not in response.get_data(as_text=True)
            assert client.post(url, data={"body": "Intrus"}).status_code in (403, 404)
    for user in (stranger, staff, admin):
        assert sign_in(app, user).get(f"/candidatures/{application.id}").status_code == 404
    assert sign_in(app, staff).get(f"/espace-artisan/candidatures/{application.id}").status_code in (403, 404)
    assert db.session.query(Message).filter_by(body="Intrus").count() == 0


def test_the_other_party_is_refused_the_wrong_side(app, db, make_user):
    artisan, candidate, application = _application(make_user)
    assert sign_in(app, artisan).post(f"/candidatures/{application.id}", data={"body": "x"}).status_code == 403
    assert sign_in(app, candidate).post(f"/espace-artisan/candidatures/{application.id}",
                                        data={"body": "x"}).status_code in (403, 404)
    assert db.session.query(Message).count() == 0


def test_bad_bodies_are_refused_and_the_text_is_kept(app, db, make_user):
    _artisan, candidate, application = _application(make_user)
    client = sign_in(app, candidate)
    url = f"/candidatures/{application.id}"
    empty = client.post(url, data={"body": "   "})
    assert empty.status_code == 422 and "Le message est vide." in _text(empty)
    too_long = "a" * (MESSAGE_MAX + 1)
    response = client.post(url, data={"body": too_long})
    assert response.status_code == 422 and too_long in _text(response) and "caractères au maximum" in _text(response)
    control = "Bonjour\x07 là"
    response = client.post(url, data={"body": control})
    assert response.status_code == 422 and "Bonjour" in _text(response)
    assert db.session.query(Message).count() == 0


def test_messages_are_escaped_with_line_breaks_kept(app, db, make_user):
    artisan, candidate, application = _application(make_user)
    sign_in(app, candidate).post(f"/candidatures/{application.id}",
                                 data={"body": "<script>alert(1)</script>\nligne 2"})
    html = sign_in(app, artisan).get(f"/espace-artisan/candidatures/{application.id}").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;\nligne 2" in html


def test_messages_are_rate_limited_per_account(app, db, make_user):
    app.config["RATELIMIT_MESSAGE"] = "2 per minute"
    _artisan, candidate, application = _application(make_user)
    client = sign_in(app, candidate)
    codes = [client.post(f"/candidatures/{application.id}", data={"body": f"n{n}"}).status_code for n in range(3)]
    assert codes == [302, 302, 429]
    assert client.get(f"/candidatures/{application.id}").status_code == 200  # reading is never limited


def test_export_and_deletion_cover_messages(app, db, make_user):
    artisan, candidate, application = _application(make_user)
    threads.post(application, Side.APPLICANT, "Mon message à moi", author=candidate)
    threads.post(application, Side.OWNER, "Réponse de l’atelier", author=artisan)
    exported = privacy.export_data(candidate)["messages"]
    assert [(m["body"], m["written_by_you"]) for m in exported] == [("Mon message à moi", True),
                                                                    ("Réponse de l’atelier", False)]
    artisan_export = privacy.export_data(artisan)["messages"]
    assert [m["body"] for m in artisan_export] == ["Réponse de l’atelier"]  # never what the candidate wrote
    client = sign_in(app, candidate)
    response = client.post("/compte/donnees/supprimer", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    assert db.session.query(Message).filter_by(body="Mon message à moi").count() == 0
    page = _text(sign_in(app, artisan).get(f"/espace-artisan/candidatures/{application.id}"))
    assert "Message effacé" in page and "Réponse de l’atelier" in page


def test_lists_mark_the_threads_with_unread_messages(app, db, make_user):
    artisan, candidate, application = _application(make_user)
    threads.post(application, Side.OWNER, "Bonjour", author=artisan)
    threads.post(application, Side.OWNER, "Vous êtes là ?", author=artisan)
    client = sign_in(app, candidate)
    assert "2 messages non lus" in _read_aloud(client.get("/candidatures"))
    client.get(f"/candidatures/{application.id}")
    assert "non lu" not in _text(client.get("/candidatures"))
    threads.post(application, Side.APPLICANT, "Oui", author=candidate)
    assert re.search(r"Candidatures reçues\s*1 message non lu", _read_aloud(sign_in(app, artisan).get("/")))  # nav
    assert "1 message non lu" in _read_aloud(sign_in(app, artisan).get("/espace-artisan/candidatures"))


def test_the_inbox_points_to_unread_proposals(app, db, make_user):
    artisan, project = make_artisan_project(make_user)
    partner = make_user("partner")
    interest = interests.express_interest(project, partner, message="Je peux aider.", contributions=["design"])
    threads.post(interest, Side.APPLICANT, "Une question", author=partner)
    page = _read_aloud(sign_in(app, artisan).get("/espace-artisan/candidatures"))
    assert re.search(r"Propositions de partenaires\s*1 message non lu", page)


def test_the_retention_purge_erases_what_the_candidate_wrote_in_the_thread(app, db, make_user, runner):
    artisan, candidate, application = _application(make_user)
    threads.post(application, Side.APPLICANT, "Mes coordonnées personnelles", author=candidate)
    threads.post(application, Side.OWNER, "Réponse de l’atelier", author=artisan)
    applications.withdraw(application, candidate)
    later = (utcnow() + timedelta(days=3 * 365)).isoformat()
    assert runner.invoke(args=["purge", "--now", later]).exit_code == 0
    bodies = {m.side: (m.body, m.erased_at is not None) for m in db.session.query(Message)}
    assert bodies[Side.APPLICANT] == ("", True) and bodies[Side.OWNER] == ("Réponse de l’atelier", False)
    page = _text(sign_in(app, artisan).get(f"/espace-artisan/candidatures/{application.id}"))
    assert "Message effacé." in page and "Mes coordonnées" not in page


def test_a_message_sent_twice_is_posted_once(app, db, make_user):
    _artisan, candidate, application = _application(make_user)
    client = sign_in(app, candidate)
    page = client.get(f"/candidatures/{application.id}").get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', page)[1]
    url = f"/candidatures/{application.id}"
    assert client.post(url, data={"body": "Une fois", "form_token": token}).status_code == 302
    again = client.post(url, data={"body": "Une fois", "form_token": token}, follow_redirects=True)
    assert "déjà envoyé" in _text(again)
    assert db.session.query(Message).filter_by(body="Une fois").count() == 1


def test_a_declined_or_withdrawn_application_closes_its_thread(app, db, make_user):
    artisan, candidate, application = _application(make_user)
    candidate_client, artisan_client = sign_in(app, candidate), sign_in(app, artisan)
    applications.change_status(application, artisan, "declined", "Merci, nous avons retenu un autre profil.")
    page = _text(candidate_client.get(f"/candidatures/{application.id}"))
    assert "n’a pas été retenue : la conversation est close" in page and "Votre message" not in page
    response = candidate_client.post(f"/candidatures/{application.id}", data={"body": "Pourquoi ?"})
    assert response.status_code == 409 and "la conversation est close" in _text(response)
    response = artisan_client.post(f"/espace-artisan/candidatures/{application.id}", data={"body": "Bonne chance"})
    assert response.status_code == 409
    assert db.session.query(Message).filter(Message.side != Side.PLATFORM).count() == 0


def test_a_retained_application_keeps_its_thread_open(app, db, make_user):
    artisan, candidate, application = _application(make_user)
    applications.change_status(application, artisan, "interview", "Venez jeudi.")
    applications.change_status(application, artisan, "accepted", "Bienvenue !")
    response = sign_in(app, candidate).post(f"/candidatures/{application.id}", data={"body": "Merci, à lundi !"})
    assert response.status_code == 302
    assert threads.closed_text(application) is None
