"""Conversations through HTTP: both sides write and read one thread per application or proposal."""
from app.models.conversation import Message
from tests.application_factories import apply_to, make_artisan_offer, make_candidate, sign_in


def _text(response) -> str:
    """The page as a user reads it (the typography filter's non-breaking spaces as spaces)."""
    return response.get_data(as_text=True).replace("\xa0", " ").replace("\u202f", " ")


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
    assert "1 message non lu" in home or "1<span class=\"visually-hidden\"> message non lu" in home
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
