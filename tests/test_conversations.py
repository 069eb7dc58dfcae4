"""Conversations through HTTP: both sides write and read one thread per application or proposal."""
from app.models.conversation import Message
from tests.application_factories import apply_to, make_artisan_offer, make_candidate, sign_in


def _application(make_user):
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user)
    return artisan, candidate, apply_to(offer, candidate)


def test_candidate_writes_in_the_thread(app, db, make_user):
    _artisan, candidate, application = _application(make_user)
    client = sign_in(app, candidate)
    page = client.get(f"/candidatures/{application.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Échanges" in html and "Votre message" in html and "Envoyer" in html
    response = client.post(f"/candidatures/{application.id}", data={"body": "Bonjour,\nje suis disponible."})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/candidatures/{application.id}#echanges")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Message envoyé." in page
    assert "Bonjour,\nje suis disponible." in page
    assert db.session.query(Message).count() == 1
