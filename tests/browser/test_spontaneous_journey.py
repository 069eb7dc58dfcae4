"""Browser journey of #16: a young person finds training businesses for « pâtissier » within 30 km of a Lyon
postcode on a 390×844 phone, applies spontaneously to one, gets an answer in the thread; the artisan turns it into an
offer from the prefilled form; the young person keeps an offer in « Mes favoris » and sees « Déjà postulé ».
Every page is checked with axe-core; the tests run in file order and share one story.
"""
from __future__ import annotations

import re
from datetime import date

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # conftest's session fixture skips every journey and says why
    expect = None

from tests.browser.helpers import PASSWORD, assert_fits_phone, assert_no_sideways_scroll, mails_to

pytestmark = pytest.mark.browser

NEAR = "Pâtisserie de la Saône"
FAR = "Pâtisserie du Canal Saint-Martin"
OFFER_TITLE = "Apprenti pâtissier (H/F) – BP Pâtissier à la Saône"
APPRENTICE = {"email": "ines.morel@exemple.fr", "first_name": "Inès", "last_name": "Morel"}
ARTISAN = {"email": "camille.roux@exemple.fr", "name": "Camille Roux"}
MESSAGE = "Bonjour, je veux préparer le CAP Pâtissier et vos entremets me font rêver. Je suis libre dès juin."
ANSWER = "Bonjour Inès, venez nous voir jeudi à 15 h au laboratoire."


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
    """Outside the browser: two training businesses (Lyon 5e, Paris), their artisans, a published offer, Inès."""
    from app.demo.activity import demo_cv
    from app.services.accounts.users import create_account
    from app.services.responses import candidate_profiles
    from app.services.training import profiles
    from tests.factories import make_business, make_offer, make_siret

    artisan = create_account(email=ARTISAN["email"], password=PASSWORD, role="artisan",
                             display_name=ARTISAN["name"], confirmed=True)
    near = make_business(artisan, postcode="69005", name=NEAR, siret=make_siret(1616001))
    profiles.save_profile(near, artisan, trades=["patissier"], diplomas=["CAP", "BP"], mentor_first_name="Camille",
                          mentor_role="cheffe pâtissière", places=1)
    make_offer(near, "published", title=OFFER_TITLE, trade="patissier", diploma="BP",
               description="Entremets, macarons et viennoiseries au bord de la Saône : vous apprenez tout.")
    paris = create_account(email="paris.16@exemple.fr", password=PASSWORD, role="artisan", confirmed=True)
    far = make_business(paris, postcode="75010", name=FAR, siret=make_siret(1616002))
    profiles.save_profile(far, paris, trades=["patissier"], diplomas=["CAP"], mentor_first_name="Ali", places=1)
    apprentice = create_account(email=APPRENTICE["email"], password=PASSWORD, role="apprentice",
                                display_name="Inès Morel", confirmed=True)
    candidate_profiles.save_profile(apprentice, first_name=APPRENTICE["first_name"],
                                    last_name=APPRENTICE["last_name"], birth_date=date(2009, 4, 12),
                                    postcode="69007", travel_radius_km=30, trades=["patissier"], diploma="CAP",
                                    presentation="Je fais des gâteaux tous les week-ends.",
                                    cv_upload=demo_cv("Inès"))


def _offer_path() -> str:
    from sqlalchemy import select

    from app.extensions import db
    from app.models.listing import Listing

    return db.session.scalar(select(Listing).where(Listing.title == OFFER_TITLE)).public_path


def _apply_to_offer() -> None:
    """Inès applies to the published offer (the application pages have their own journeys)."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models.listing import Listing
    from app.models.user import User
    from app.services.responses import applications

    offer = db.session.scalar(select(Listing).where(Listing.title == OFFER_TITLE))
    user = db.session.scalar(select(User).where(User.email == APPRENTICE["email"]))
    applications.apply(offer, user, message="Je serais ravie de préparer le BP chez vous après mon CAP.")


def log_in(actors, who: str, email: str, phone: bool = False):
    """Sign in through /connexion."""
    page = actors.page(who, phone=phone)
    page.goto("/connexion")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    return page


def test_a_the_apprentice_finds_training_businesses_near_lyon_and_applies(actors, live_server, story):
    """On a phone: « Pour vous » shows the Lyon business; the finder lists it and not the Paris one; she applies."""
    live_server.run(_prepare)
    page = log_in(actors, "apprentice", APPRENTICE["email"], phone=True)
    page.goto("/")
    expect(page.get_by_role("heading", name="Pour vous")).to_be_visible()
    expect(page.get_by_text("Pourquoi : Forme en Pâtissier, CAP").first).to_be_visible()
    actors.check("apprentice")
    assert_no_sideways_scroll(page)

    page.goto("/entreprises-formatrices")
    page.get_by_label("Métier").select_option(label="Pâtissier")
    page.get_by_label("Autour de").fill("69007")
    page.get_by_label("Distance").select_option(label="30 km")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"à moins de 30\skm"))
    expect(page.get_by_role("heading", name=NEAR)).to_be_visible()
    expect(page.get_by_role("heading", name=FAR)).to_have_count(0)
    actors.check("apprentice")
    assert_no_sideways_scroll(page)

    page.get_by_role("link", name=f"Candidature spontanée à {NEAR}").click()
    expect(page.get_by_role("heading", level=1, name=f"Candidature spontanée : {NEAR}")).to_be_visible()
    actors.check("apprentice")
    assert_fits_phone(page, page.get_by_role("button", name="Envoyer ma candidature"))
    page.get_by_label("Votre message à l’artisan").fill(MESSAGE)
    page.get_by_role("button", name="Envoyer ma candidature").click()
    expect(page.get_by_role("status").first).to_contain_text("candidature spontanée est envoyée")
    expect(page.get_by_text("Reçue").first).to_be_visible()
    actors.check("apprentice")
    assert_no_sideways_scroll(page)
    story["thread_url"] = page.url


def test_b_the_artisan_answers_and_turns_it_into_an_offer(actors, live_server, story):
    """The artisan reads it in « Candidatures spontanées », answers, and saves the prefilled offer as a draft."""
    needs(story, "thread_url")
    page = log_in(actors, "artisan", ARTISAN["email"])
    page.goto("/espace-artisan/candidatures-spontanees")
    actors.check("artisan")
    page.get_by_role("link", name=re.compile("Pâtissier · CAP")).click()
    expect(page.get_by_role("heading", level=1, name=re.compile("Inès Morel"))).to_be_visible()
    expect(page.get_by_text(MESSAGE)).to_be_visible()
    actors.check("artisan")
    page.get_by_label("Votre message").fill(ANSWER)
    page.get_by_role("button", name="Envoyer", exact=True).click()
    expect(page.get_by_role("status").first).to_contain_text("Message envoyé")
    assert any("a répondu à votre candidature spontanée" in mail.get_body(preferencelist=("plain",)).get_content()
               for mail in mails_to(live_server.mail_dir, APPRENTICE["email"])), "the young person was not mailed"

    page.get_by_role("link", name="Transformer en offre").click()
    expect(page.get_by_label("Titre de l’annonce")).to_have_value(re.compile("Apprenti pâtissier"))
    expect(page.get_by_label("Métier")).to_have_value("patissier")
    actors.check("artisan")
    page.get_by_label("Description").fill("Laboratoire au bord de la Saône : entremets, tartes et chocolat de "
                                          "saison, avec une cheffe qui aime transmettre.")
    page.get_by_label("Durée du contrat (mois)").fill("24")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_text("a préparé une offre à partir de votre candidature")).to_be_visible()
    actors.check("artisan")
    story["answered"] = True


def test_c_the_apprentice_reads_the_answer_keeps_an_offer_and_sees_already_applied(actors, live_server, story):
    """Back on the phone: the answer and the offer in the thread; a star on the offer; « Mes favoris »."""
    needs(story, "answered")
    page = actors.page("apprentice", phone=True)
    page.goto(story["thread_url"])
    expect(page.get_by_text(ANSWER)).to_be_visible()
    expect(page.get_by_text("a préparé une offre à partir de votre candidature")).to_be_visible()
    expect(page.get_by_text("Consultée").first).to_be_visible()
    actors.check("apprentice")

    page.goto(live_server.run(_offer_path))
    page.get_by_role("button", name=re.compile("Garder en favori")).click()
    expect(page.get_by_role("status").first).to_contain_text("ajoutée à vos favoris")
    expect(page.get_by_role("button", name=re.compile("Retirer des favoris"))).to_be_visible()
    actors.check("apprentice")
    assert_no_sideways_scroll(page)

    live_server.run(_apply_to_offer)
    page.reload()
    expect(page.get_by_text("Déjà postulé · Reçue")).to_be_visible()
    actors.check("apprentice")

    page.goto("/favoris")
    expect(page.get_by_role("heading", level=1, name="Mes favoris")).to_be_visible()
    expect(page.get_by_role("link", name=OFFER_TITLE)).to_be_visible()
    expect(page.get_by_text("Déjà postulé · Reçue")).to_be_visible()
    actors.check("apprentice")
    assert_no_sideways_scroll(page)
