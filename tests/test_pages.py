"""Public pages and error pages: French, accessible landmarks, the right status codes."""
import pytest
from flask import abort

from app.extensions import db


def test_home_page_is_french_and_speaks_to_each_visitor(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    assert "Aller au contenu" in html
    for audience in ("Vous êtes artisan", "Vous cherchez un apprentissage", "Vous êtes partenaire",
                     "Vous êtes conseiller de chambre"):
        assert audience in html


@pytest.mark.parametrize("path, heading", [
    ("/mentions-legales", "Mentions légales"),
    ("/confidentialite", "Vos données personnelles"),
    ("/accessibilite", "Déclaration d’accessibilité"),
])
def test_legal_pages_are_linked_from_the_footer(client, path, heading):
    home = client.get("/").get_data(as_text=True)
    assert f'href="{path}"' in home
    response = client.get(path)
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in response.get_data(as_text=True)


def test_unknown_page_gets_a_french_404(client):
    response = client.get("/cette-page-n-existe-pas")
    assert response.status_code == 404
    assert "Page introuvable" in response.get_data(as_text=True)


def test_wrong_method_gets_a_french_405(client):
    response = client.post("/mentions-legales")
    assert response.status_code == 405
    assert "Méthode non autorisée" in response.get_data(as_text=True)


def test_api_errors_are_json(client):
    response = client.get("/api/v1/rien")
    assert response.status_code == 404
    assert response.is_json
    assert response.get_json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("status, title", [(400, "Requête incorrecte"), (403, "Accès refusé"),
                                           (413, "Fichier trop volumineux"), (429, "Trop de tentatives")])
def test_error_pages_are_french(app, client, status, title):
    app.add_url_rule(f"/boom-{status}", f"boom_{status}", lambda: abort(status))
    response = client.get(f"/boom-{status}")
    assert response.status_code == status
    assert title in response.get_data(as_text=True)


def test_server_error_rolls_back_and_shows_french_page(app):
    from app.models import User

    app.config["PROPAGATE_EXCEPTIONS"] = False

    def failing_view():
        db.session.add(User(email="fantome@exemple.fr", password_hash="x", role="apprentice"))
        db.session.flush()
        raise RuntimeError("boom")

    app.add_url_rule("/boom-500", "boom_500", failing_view)
    response = app.test_client().get("/boom-500")
    assert response.status_code == 500
    assert "Erreur du serveur" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(User).filter_by(email="fantome@exemple.fr")) is None


def test_french_formatting_filters(app):
    from datetime import date, datetime, timezone

    from app.core.formatting import date_fr, datetime_fr, euros, number_fr

    assert date_fr(date(2027, 9, 1)) == "1er septembre 2027"
    assert datetime_fr(datetime(2026, 7, 14, 8, 30, tzinfo=timezone.utc)) == "14 juillet 2026 à 10\xa0h\xa030"
    assert number_fr(1234.5, 1) == "1\u202f234,5"
    assert euros(1823.03) == "1\u202f823,03\xa0€"
