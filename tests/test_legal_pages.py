"""Legal pages from the configuration: mentions légales, privacy, accessibility statement, CGU; production needs them."""
import re

import pytest

from app import create_app
from app.web.main.legal import conformity
from config import LEGAL_SETTINGS
from tests.test_production_config import LEGAL, production

PUBLIC_PAGES = ["/", "/mentions-legales", "/confidentialite", "/accessibilite", "/conditions-d-utilisation",
                "/inscription", "/connexion", "/recherche", "/entreprises", "/page-inconnue"]


def text(response) -> str:
    """The page's HTML with its whitespace (non-breaking spaces too) collapsed to single spaces."""
    return " ".join(response.get_data(as_text=True).replace("\u00a0", " ").split())


@pytest.fixture
def configured(app):
    """The app with real-looking legal settings."""
    app.config.update(LEGAL)
    return app


def test_mentions_legales_show_publisher_director_host_and_contact(configured, client):
    html = text(client.get("/mentions-legales"))
    for value in ("CMA France", "12 avenue Marceau, 75008 Paris", "Jeanne Directrice", "Hébergeur SAS",
                  "1 rue de l’Hébergement, 59100 Roubaix", "03 20 00 00 00"):
        assert value in html
    for heading in ("Éditeur", "Directeur de la publication", "Hébergeur", "Contact"):
        assert f">{heading}</h2>" in html
    assert 'href="mailto:contact@cma-france.fr"' in html and 'href="mailto:dpo@cma-france.fr"' in html
    assert 'href="/conditions-d-utilisation"' in html


def test_privacy_and_accessibility_pages_use_the_configured_addresses(configured, client):
    privacy = text(client.get("/confidentialite"))
    assert privacy.count('href="mailto:dpo@cma-france.fr"') == 2 and "édité par CMA France" in privacy
    assert 'href="/conditions-d-utilisation"' in privacy
    accessibility = text(client.get("/accessibilite"))
    assert 'href="mailto:accessibilite@cma-france.fr"' in accessibility


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_no_undeliverable_passerelle_local_address_on_any_page(client, path):
    assert "passerelle.local" not in client.get(path).get_data(as_text=True)


def test_development_defaults_are_plainly_the_demo_s(client):
    html = text(client.get("/mentions-legales"))
    assert "Éditeur de démonstration (à configurer)" in html and "contact@demo.passerelle.example" in html


def test_without_an_audit_the_site_is_non_conforme_with_the_statement_date(app, client):
    app.config.update(ACCESSIBILITY_STATEMENT_DATE="2026-12-01", ACCESSIBILITY_AUDIT_DATE="", ACCESSIBILITY_AUDIT_RATE=80)
    html = text(client.get("/accessibilite"))
    assert "<strong>non conforme</strong>" in html and "aucun audit de conformité n’a encore été réalisé" in html
    assert "établie le 1er décembre 2026" in html
    assert "partiellement conforme" not in html and "Accessibilité : non conforme</a>" in html
    assert "Accessibilité : non conforme</a>" in text(client.get("/"))


def test_the_statement_names_the_defenseur_des_droits(client):
    html = text(client.get("/accessibilite"))
    assert "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07" in html
    assert 'href="https://formulaire.defenseurdesdroits.fr/"' in html and "formulaire en ligne" in html


def test_a_configured_audit_result_gives_partiellement_conforme(app, client):
    app.config.update(ACCESSIBILITY_AUDIT_DATE="2027-03-15", ACCESSIBILITY_AUDIT_RATE=84.6)
    html = text(client.get("/accessibilite"))
    assert "<strong>partiellement conforme</strong>" in html
    assert "selon l’audit du 15 mars 2027, 84,6 % des critères sont respectés" in html
    assert "Accessibilité : partiellement conforme</a>" in text(client.get("/"))


@pytest.mark.parametrize("audit_date, rate, label", [
    ("", 100, "non conforme"), ("2027-03-15", 100, "totalement conforme"), ("2027-03-15", 50, "partiellement conforme"),
    ("2027-03-15", 49.9, "non conforme"),
])
def test_conformity_follows_the_rgaa_levels(audit_date, rate, label):
    assert conformity(audit_date, rate) == label


def test_the_cgu_page_covers_each_subject(configured, client):
    response = client.get("/conditions-d-utilisation")
    assert response.status_code == 200
    html = text(response)
    for heading in ("Objet du service", "Comptes et rôles", "Annonces et modération par les chambres",
                    "Candidatures et messages", "Règles de conduite et signalements", "Responsabilité",
                    "Données personnelles", "Modification des conditions", "Droit applicable"):
        assert re.search(rf"<h2[^>]*>\d\. {heading}</h2>", html), heading
    assert 'href="/confidentialite"' in html and "édité par CMA France" in html and "droit français" in html


def test_every_page_s_footer_links_the_cgu(client):
    assert 'href="/conditions-d-utilisation">Conditions d’utilisation</a>' in text(client.get("/"))


def test_signup_checkbox_label_links_the_cgu_and_the_privacy_page(client):
    html = text(client.get("/inscription"))
    label = re.search(r'<label for="accept_terms">(.*?)</label>', html).group(1)
    assert 'href="/conditions-d-utilisation">conditions d’utilisation</a>' in label
    assert 'href="/confidentialite">politique de confidentialité</a>' in label


def test_signup_refuses_without_accepting_the_conditions(client):
    html = text(client.post("/inscription", data={"role": "apprentice", "display_name": "Jeanne",
                                                   "email": "jeanne@exemple.fr",
                                                   "password": "correct horse battery staple",
                                                   "password_confirm": "correct horse battery staple"}))
    assert "Vous devez accepter les conditions pour créer un compte." in html
    assert 'aria-describedby="accept_terms-erreur"' in html


@pytest.mark.parametrize("name", LEGAL_SETTINGS)
def test_production_refuses_to_start_without_each_legal_setting(tmp_path, monkeypatch, name):
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-for-the-test")
    with pytest.raises(RuntimeError, match=f"{name} must be set"):
        create_app(production(tmp_path, **{name: ""}))


@pytest.mark.parametrize("value", ["contact@passerelle.local", "contact@demo.passerelle.example", "pas-une-adresse"])
def test_production_refuses_an_undeliverable_contact_address(tmp_path, monkeypatch, value):
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-for-the-test")
    with pytest.raises(RuntimeError, match="CONTACT_EMAIL must be a deliverable e-mail address"):
        create_app(production(tmp_path, CONTACT_EMAIL=value))


def test_production_refuses_the_demo_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-real-secret-for-the-test")
    with pytest.raises(RuntimeError, match="LEGAL_PUBLISHER_NAME must be set"):
        create_app(production(tmp_path, LEGAL_PUBLISHER_NAME="Éditeur de démonstration (à configurer)"))
