"""Browser journey of #17: the relaunch diagnostic from the artisan's phone to the chamber's dashboard.

An artisan answers the six parts of the self-assessment on a 390×844 screen, reads the plan and downloads its PDF,
then asks for a personal diagnostic; the advisor of that chamber takes it, writes to the artisan and closes it with
an outcome; the artisan reads the message and answers the satisfaction question; the chamber's dashboard counts it.
Every page is checked with axe-core; the tests run in file order and share one story.
"""
from __future__ import annotations

import re

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # conftest's session fixture skips every journey and says why
    expect = None

from tests.browser.helpers import PASSWORD, assert_no_sideways_scroll, mails_to

pytestmark = pytest.mark.browser

ARTISAN = "elise.moreau@atelier-moreau.exemple.fr"
ADVISOR = "conseillere.diagnostic@cma-idf.exemple.fr"
BUSINESS = "Atelier Moreau Céramique"
NEED = "Trésorerie tendue depuis l’été et envie de vendre en ligne."
MESSAGE = "Bonjour Madame Moreau, je vous appelle jeudi à 9 h pour préparer le rendez-vous."


@pytest.fixture(scope="module")
def story():
    """What the earlier steps left for the later ones."""
    return {}


def needs(story: dict, *keys: str) -> None:
    """Skip a step whose earlier step did not finish (that step's own failure is reported)."""
    missing = [key for key in keys if key not in story]
    if missing:
        pytest.skip(f"an earlier step did not finish (missing: {', '.join(missing)})")


def _prepare() -> None:
    """Outside the browser: a confirmed artisan with a business in Paris, and an advisor of the Île-de-France CMA."""
    from app.services.accounts.users import create_account
    from app.services.businesses.profiles import create_business

    artisan = create_account(email=ARTISAN, password=PASSWORD, role="artisan", display_name="Élise Moreau",
                             confirmed=True)
    create_business(artisan, siret="44306184100005", name=BUSINESS, postcode="75011", commune="Paris 11e",
                    trades=["ceramiste"])
    create_account(email=ADVISOR, password=PASSWORD, role="staff", chamber_code="IDF",
                   display_name="Nadia Cherif", confirmed=True)
    from app.extensions import db
    db.session.commit()


def log_in(actors, who: str, email: str, phone: bool = False):
    """Sign in through /connexion."""
    page = actors.page(who, phone=phone)
    page.goto("/connexion")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    return page


def test_a_artisan_completes_the_assessment_on_a_phone_and_downloads_the_plan(actors, live_server, story):
    """Six parts, one per screen, the first saved for later and resumed; the plan explains the scores; the PDF."""
    live_server.run(_prepare)
    page = log_in(actors, "artisan", ARTISAN, phone=True)
    page.goto("/espace-artisan")
    page.get_by_role("link", name="Faire le point sur mon entreprise").click()
    expect(page.get_by_role("heading", level=1, name="Où en est mon entreprise ?")).to_be_visible()
    actors.check("artisan")
    page.get_by_role("button", name="Commencer l’autodiagnostic").click()
    for number in range(1, 7):
        expect(page.get_by_text(f"partie {number} sur 6")).to_be_visible()
        if number == 1:
            page.get_by_role("button", name="Enregistrer et continuer").click()  # nothing chosen: refused
            expect(page.get_by_text("Choisissez une réponse.").first).to_be_visible()
        actors.check("artisan")
        assert_no_sideways_scroll(page)
        for group in page.locator("fieldset.question").all():
            group.get_by_role("radio").nth(1).check()
        if number == 1:
            page.get_by_role("button", name="Enregistrer et reprendre plus tard").click()
            expect(page.get_by_role("status")).to_contain_text("Vos réponses sont enregistrées")
            page.get_by_role("button", name="Reprendre l’autodiagnostic").click()
            continue
        last = number == 6
        page.get_by_role("button", name="Enregistrer et voir mon plan" if last else "Enregistrer et continuer").click()
    expect(page.get_by_role("heading", level=1, name="Mon plan d’action")).to_be_visible()
    page.get_by_text("Comment le niveau est calculé").click()
    expect(page.get_by_text("Chaque réponse vaut de 0 à 3 points")).to_be_visible()
    actors.check("artisan")
    assert_no_sideways_scroll(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le plan (PDF)").click()
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"
    story["plan"] = page.url


def test_b_artisan_requests_a_personal_diagnostic(actors, live_server, story):
    """The request form refuses a bad phone number with the input kept, then sends; the chamber is mailed."""
    needs(story, "plan")
    page = actors.page("artisan")
    page.get_by_role("link", name="Demander un diagnostic personnalisé").first.click()
    expect(page.get_by_role("heading", level=1, name="Demander un diagnostic personnalisé")).to_be_visible()
    page.get_by_label("Votre besoin en quelques mots").fill(NEED)
    page.get_by_label("Téléphone").fill("abc")
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.get_by_text("Ce numéro de téléphone n’est pas valide").first).to_be_visible()
    expect(page.get_by_label("Votre besoin en quelques mots")).to_have_value(NEED)
    actors.check("artisan")
    page.get_by_label("Téléphone").fill("06 12 34 56 78")
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.get_by_role("heading", level=1, name="Ma demande de diagnostic")).to_be_visible()
    actors.check("artisan")
    assert_no_sideways_scroll(page)
    assert mails_to(live_server.mail_dir, ADVISOR), "the chamber's advisor was not mailed"
    story["request"] = page.url


def test_c_the_advisor_takes_it_writes_and_closes_it(actors, live_server, story):
    """In moderation, the request is in the queue; the advisor takes it, writes, closes it with an outcome."""
    needs(story, "request")
    page = log_in(actors, "advisor", ADVISOR)
    page.get_by_role("link", name="Diagnostics").first.click()
    actors.check("advisor")
    page.get_by_role("link", name=BUSINESS).click()
    expect(page.get_by_role("heading", level=1, name=re.compile(BUSINESS))).to_be_visible()
    expect(page.get_by_text(NEED)).to_be_visible()
    actors.check("advisor")
    page.get_by_label("Nouveau statut").select_option(label="Prise en charge")
    page.get_by_role("button", name="Changer le statut").click()
    expect(page.get_by_role("status")).to_contain_text("Prise en charge")
    thread = page.locator("section", has=page.get_by_role("heading", name="Échanges"))
    thread.get_by_label("Votre message").fill(MESSAGE)
    thread.get_by_role("button", name="Envoyer").click()
    expect(page.get_by_role("status")).to_contain_text("Message envoyé")
    expect(thread.get_by_text(MESSAGE)).to_be_visible()
    assert any("Nouveau message concernant la demande de diagnostic" in str(mail["Subject"])
               for mail in mails_to(live_server.mail_dir, ARTISAN)), "the artisan was not told of the message"
    page.get_by_label("Nouveau statut").select_option(label="Clôturée")
    page.get_by_role("button", name="Changer le statut").click()
    expect(page.get_by_text("Choisissez l’issue").first).to_be_visible()
    actors.check("advisor")
    page.get_by_label("Nouveau statut").select_option(label="Clôturée")
    page.get_by_label("Issue (pour clôturer)").select_option(label="Accompagnement engagé")
    page.get_by_role("button", name="Changer le statut").click()
    expect(page.get_by_role("status")).to_contain_text("Clôturée")
    actors.check("advisor")
    story["closed"] = True


def test_d_the_artisan_reads_the_message_and_answers_the_satisfaction_question(actors, live_server, story):
    """The closing mail links to the request; the artisan answers once."""
    needs(story, "closed")
    assert any("clôturé" in str(mail["Subject"]) for mail in mails_to(live_server.mail_dir, ARTISAN))
    page = actors.page("artisan")
    page.goto(story["request"])
    expect(page.get_by_text(MESSAGE)).to_be_visible()
    expect(page.get_by_text("1 nouveau message depuis votre dernière visite")).to_be_visible()
    expect(page.get_by_text("Cette demande est clôturée : la conversation est close.")).to_be_visible()
    page.get_by_label("Très utile").check()
    page.get_by_role("button", name="Envoyer mon avis").click()
    expect(page.get_by_role("status")).to_contain_text("Merci pour votre avis")
    actors.check("artisan")
    assert_no_sideways_scroll(page)
    story["answered"] = True


def test_e_the_chamber_dashboard_counts_it(actors, live_server, story):
    """The dashboard's diagnostic figures count the request, its outcome and the answer, with a chart."""
    needs(story, "answered")
    page = actors.page("advisor")
    page.goto("/moderation/tableau-de-bord")
    section = page.locator("section", has=page.get_by_role("heading", name="Diagnostics de relance"))
    expect(section).to_contain_text("satisfaction moyenne sur 4 (1 avis)")
    assert "Accompagnement engagé" in section.inner_text(), "the closed request's outcome is not counted"
    expect(section.get_by_role("img", name=re.compile("Demandes par semaine"))).to_be_visible()
    expect(section.locator("li", has_text="Issue : Accompagnement engagé")).to_contain_text("1")
    actors.check("advisor")


def test_f_the_advisor_pages_fit_a_phone_and_the_artisan_pages_a_desktop(actors, live_server, story):
    """The same pages on the other screen size: no sideways scroll on 390×844, axe-core clean on both."""
    needs(story, "answered")
    phone = log_in(actors, "advisor-phone", ADVISOR, phone=True)
    for path in ("/moderation/diagnostics", "/moderation/tableau-de-bord"):
        phone.goto(path)
        actors.check("advisor-phone")
        assert_no_sideways_scroll(phone)
    phone.get_by_role("link", name="Diagnostics").first.click()
    phone.get_by_role("link", name=BUSINESS).click()
    expect(phone.get_by_text(MESSAGE)).to_be_visible()
    actors.check("advisor-phone")
    assert_no_sideways_scroll(phone)
    desktop = log_in(actors, "artisan-desktop", ARTISAN)
    desktop.goto(story["plan"])
    actors.check("artisan-desktop")
    desktop.goto(story["request"])
    expect(desktop.get_by_text("vous avez répondu « Très utile »")).to_be_visible()
    actors.check("artisan-desktop")
