"""Browser journeys in Debian's Chromium: the main paths of the site, as people use them, in French.

The tests of this module form one story and run in file order: an artisan publishes an offer, staff of the chamber
publish it, an apprentice finds it and applies, the artisan answers, a partner offers help on a project; then the
main pages once more on a phone. Elements are found by their label or role, which checks that they have one; every
page visited is checked with axe-core (no serious or critical WCAG 2 A/AA violation) under the site's real CSP.
"""
from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # conftest's session fixture skips every journey and says why
    expect = None

from tests.browser.helpers import PASSWORD, assert_fits_phone, assert_no_sideways_scroll, link_in, mails_to, minimal_pdf

pytestmark = pytest.mark.browser

SIRET = "73282932000074"
BUSINESS = "Pâtisserie Les Gones"
OFFER_TITLE = "Apprentie pâtissière (H/F) – CAP Pâtissier"
PROJECT_TITLE = "Un four à pain solaire pour la pâtisserie"
ARTISAN = {"name": "Camille Gones", "email": "camille.gones@exemple.fr"}
APPRENTICE = {"name": "Léa Martin", "email": "lea.martin@exemple.fr"}
PARTNER = {"name": "Atelier Lumen Design", "email": "contact@lumen-design.exemple.fr"}
STAFF = {"email": "relecture.ara@exemple.fr"}


def exactly(text: str) -> re.Pattern:
    """Match a label exactly, with or without the required-field asterisk (aria-hidden, but in its text)."""
    return re.compile(rf"^{re.escape(text)}(\s*\*)?$")


@pytest.fixture(scope="module")
def story():
    """What the earlier journeys of the module left for the later ones (URLs, ids)."""
    return {}


def needs(story: dict, *keys: str) -> None:
    """Skip a journey whose earlier step did not finish (that step's own failure is reported)."""
    missing = [key for key in keys if key not in story]
    if missing:
        pytest.skip(f"an earlier journey did not finish (missing: {', '.join(missing)})")


def sign_up(actors, who: str, role_label: str, person: dict, live_server):
    """Create an account through /inscription, then confirm the address through the e-mailed link."""
    page = actors.page(who)
    page.goto("/")
    actors.check(who)
    page.get_by_role("link", name="Créer un compte").click()
    expect(page.get_by_role("heading", level=1, name="Créer un compte")).to_be_visible()
    actors.check(who)
    page.get_by_role("group", name="Vous êtes").get_by_label(role_label, exact=True).check()
    page.get_by_label("Nom affiché").fill(person["name"])
    page.get_by_label("Adresse électronique").fill(person["email"])
    page.get_by_label(exactly("Mot de passe")).fill(PASSWORD)
    page.get_by_label("Confirmez le mot de passe").fill(PASSWORD)
    page.get_by_label("J’accepte les conditions").check()
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1, name="Vérifiez votre boîte de réception")).to_be_visible()
    actors.check(who)

    mails = mails_to(live_server.mail_dir, person["email"])
    assert mails, f"no confirmation e-mail for {person['email']} in {live_server.mail_dir}"
    page.goto(link_in(mails[-1], "/confirmer/"))
    expect(page.get_by_role("status")).to_contain_text("votre adresse électronique est confirmée")
    page = log_in(actors, who, person["email"])
    expect(page.get_by_role("link", name="Adresse à confirmer")).to_have_count(0)
    return page


def log_in(actors, who: str, email: str, password: str = PASSWORD, phone: bool = False):
    """Sign in through /connexion."""
    page = actors.page(who, phone=phone)
    page.goto("/connexion")
    actors.check(who)
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    # Each role lands on its own page (artisan space, applications, queue…): signed in is what counts here.
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    return page


def publish_as_staff(actors, title: str) -> None:
    """Staff open the review queue, open the listing and publish it."""
    page = actors.page("staff")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Modération").click()
    expect(page.get_by_role("heading", level=1, name="Annonces à relire")).to_be_visible()
    actors.check("staff")
    page.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    actors.check("staff")
    publish = page.locator("form.decision").filter(has=page.get_by_role("heading", name="Publier", exact=True))
    publish.get_by_label("Message").fill("Merci, l’annonce est claire et complète.")
    publish.get_by_role("button", name="Publier l’annonce").click()
    expect(page.get_by_role("status")).to_contain_text(f"« {title} » est publiée")
    actors.check("staff")


def listing_status(title: str) -> str:
    """The status the database holds for the listing with this title (run inside the live server's app)."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models.listing import Listing

    return db.session.scalar(select(Listing.status).where(Listing.title == title)).value


def listing_id(title: str) -> int:
    """The id of the listing with this title."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models.listing import Listing

    return db.session.scalar(select(Listing.id).where(Listing.title == title))


def answers_to(title: str) -> int:
    """How many applications or partner proposals the listing with this title has received."""
    from sqlalchemy import func, select

    from app.extensions import db
    from app.models.application import Application
    from app.models.interest import Interest
    from app.models.listing import Listing

    listing_id = db.session.scalar(select(Listing.id).where(Listing.title == title))
    return sum(db.session.scalar(select(func.count()).where(column == listing_id))
               for column in (Application.offer_id, Interest.project_id))


def test_a_artisan_signs_up_creates_a_business_and_submits_an_offer(actors, live_server, story):
    """An artisan signs up, registers the business in Lyon 3e and sends an offer for review."""
    page = sign_up(actors, "artisan", "Artisan", ARTISAN, live_server)

    page.get_by_role("link", name="Mon espace artisan").click()
    expect(page.get_by_role("heading", level=1, name="Mon espace artisan")).to_be_visible()
    actors.check("artisan")
    page.get_by_role("link", name="Ajouter une entreprise").click()
    expect(page.get_by_role("heading", level=1, name="Ajouter une entreprise")).to_be_visible()
    actors.check("artisan")
    page.get_by_label("Numéro SIRET").fill(SIRET)
    page.get_by_label("Nom de l’entreprise").fill(BUSINESS)
    page.get_by_role("group", name="Métiers").get_by_label("Pâtissier", exact=True).check()
    page.get_by_label(exactly("Adresse")).fill("12 rue Paul Bert")
    page.get_by_label("Code postal").fill("69003")
    commune = page.get_by_label("Commune")
    expect(commune.locator("option", has_text="Lyon 3e")).to_have_count(1)  # filled by communes.js
    commune.select_option(label=commune.locator("option", has_text="Lyon 3e").inner_text())
    page.get_by_label("Présentation de l’entreprise").fill(
        "Pâtisserie artisanale du quartier de la Part-Dieu : entremets, viennoiseries et chocolats maison.")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_role("status")).to_contain_text(f"L’entreprise « {BUSINESS} » est enregistrée")
    expect(page.get_by_role("heading", name=BUSINESS)).to_be_visible()
    expect(page.get_by_text("69003 Lyon 3e")).to_be_visible()
    actors.check("artisan")

    page.get_by_role("link", name="Déposer une offre d’alternance").click()
    expect(page.get_by_role("heading", level=1, name="Nouvelle offre d’alternance")).to_be_visible()
    actors.check("artisan")
    page.get_by_label("Titre de l’annonce").fill(OFFER_TITLE)
    page.get_by_label("Métier").select_option(label="Pâtissier")
    page.get_by_label("Description").fill(
        "Vous apprendrez les pâtes, les crèmes et les entremets aux côtés d’un chef pâtissier, dans un "
        "laboratoire neuf. Ambiance familiale, horaires de jour.")
    page.get_by_label("Diplôme préparé").select_option("CAP")
    page.get_by_label("Dès que possible").check()
    page.get_by_label("Durée du contrat (mois)").fill("24")
    page.get_by_label("Heures par semaine").fill("35")
    page.get_by_label("Rythme école / entreprise").fill("2 semaines en entreprise, 1 semaine au CFA")
    page.get_by_label("Question 1").fill("Avez-vous déjà fait un stage en pâtisserie ?")
    page.get_by_role("button", name="Enregistrer et envoyer en relecture").click()
    expect(page.get_by_role("status")).to_contain_text("Annonce envoyée en relecture")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=OFFER_TITLE))
    expect(row).to_contain_text("En attente de relecture")
    actors.check("artisan")
    assert live_server.run(listing_status, OFFER_TITLE) == "submitted"
    story["offer_title"] = OFFER_TITLE


def test_b_chamber_staff_publish_the_offer(actors, live_server, story):
    """Staff of CMA Auvergne-Rhône-Alpes see the offer in their queue and publish it."""
    needs(story, "offer_title")
    from app.services.accounts.users import create_account

    live_server.run(create_account, STAFF["email"], PASSWORD, "staff", chamber_code="ARA",
                    display_name="Relecture CMA AURA", confirmed=True)
    page = log_in(actors, "staff", STAFF["email"])
    actors.check("staff")
    publish_as_staff(actors, OFFER_TITLE)
    expect(page.get_by_role("link", name=OFFER_TITLE)).to_have_count(0)
    assert live_server.run(listing_status, OFFER_TITLE) == "published"
    story["offer_published"] = True


def test_c_apprentice_finds_the_offer_without_accents_and_applies_with_a_pdf(actors, live_server, story):
    """An apprentice signs up, fills the profile, searches « patissiere » near 69003 and applies with a PDF CV."""
    needs(story, "offer_published")
    page = sign_up(actors, "apprentice", "Jeune / apprenti", APPRENTICE, live_server)

    page.goto("/candidat/profil")
    expect(page.get_by_role("heading", level=1, name="Mon profil de candidat")).to_be_visible()
    actors.check("apprentice")
    page.get_by_label("Prénom").fill("Léa")
    page.get_by_label(exactly("Nom")).fill("Martin")
    page.get_by_label("Date de naissance").fill("2008-03-14")
    page.get_by_label("Code postal").fill("69003")
    page.get_by_label("Distance que vous pouvez parcourir").fill("25")
    page.get_by_role("group", name="Métiers qui vous intéressent").get_by_label("Pâtissier", exact=True).check()
    page.get_by_label("Diplôme visé").select_option("CAP")
    page.get_by_label("Présentez-vous").fill("Passionnée de pâtisserie depuis toujours, je cherche un CAP à Lyon.")
    page.get_by_role("button", name="Enregistrer mon profil").click()
    expect(page.get_by_role("status")).to_contain_text("Votre profil est enregistré")
    actors.check("apprentice")

    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Rechercher").click()
    expect(page.get_by_role("heading", level=1, name="Rechercher une offre ou un projet")).to_be_visible()
    actors.check("apprentice")
    search = page.get_by_role("search", name="Rechercher des offres et des projets")
    search.get_by_label("Quel métier ?").fill("patissiere")
    search.get_by_label("Où ?").fill("69003")
    search.get_by_role("button", name="Rechercher").click()
    expect(page).to_have_url(re.compile(r"/recherche\?.*q=patissiere"))
    results = page.get_by_role("region", name="Résultats")
    expect(results.get_by_role("status")).to_contain_text(re.compile(r"1\s+offre ou projet à moins de 30\s+km de Lyon"))
    result = results.get_by_role("link", name=OFFER_TITLE)
    expect(result).to_be_visible()
    actors.check("apprentice")

    result.click()
    expect(page.get_by_role("heading", level=1, name=OFFER_TITLE)).to_be_visible()
    story["offer_url"] = page.url
    actors.check("apprentice")
    page.get_by_role("link", name="Postuler à cette offre").first.click()
    expect(page.get_by_role("heading", level=1, name=f"Postuler : {OFFER_TITLE}")).to_be_visible()
    story["apply_url"] = page.url
    actors.check("apprentice")
    page.get_by_label("Votre message à l’artisan").fill(
        "Bonjour, votre laboratoire me donne très envie : je serais ravie de préparer mon CAP chez vous.")
    page.get_by_label("Avez-vous déjà fait un stage en pâtisserie ?").fill("Oui, deux semaines en 3e.")
    page.get_by_label("Joindre un autre CV (PDF)").set_input_files(
        files=[{"name": "cv-lea-martin.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf("Lea Martin")}])
    page.get_by_role("button", name="Envoyer ma candidature").click()
    expect(page.get_by_role("status")).to_contain_text(f"Votre candidature à « {OFFER_TITLE} » est envoyée")
    expect(page.get_by_role("link", name="cv-lea-martin.pdf")).to_be_visible()
    story["application_url"] = page.url
    actors.check("apprentice")

    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Mes candidatures").click()
    expect(page.get_by_role("heading", level=1, name="Mes candidatures")).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=OFFER_TITLE))
    expect(row).to_contain_text("Reçue")
    expect(row).to_contain_text(BUSINESS)
    actors.check("apprentice")
    assert live_server.run(answers_to, OFFER_TITLE) == 1
    story["applied"] = True


def test_d_artisan_proposes_an_interview_and_the_apprentice_sees_it(actors, live_server, story):
    """The artisan opens the application, downloads the CV and proposes an interview; the apprentice is told."""
    needs(story, "applied")
    page = actors.page("artisan")
    page.goto("/")
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Candidatures reçues").click()
    expect(page.get_by_role("heading", level=1, name="Candidatures reçues")).to_be_visible()
    actors.check("artisan")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=OFFER_TITLE))
    row.get_by_role("link", name="Léa Martin").click()
    expect(page.get_by_role("heading", level=1, name="Léa Martin")).to_be_visible()
    story["inbox_application_url"] = page.url
    actors.check("artisan")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le CV (PDF)").click()
    cv = download.value
    assert cv.suggested_filename.endswith(".pdf")
    assert open(cv.path(), "rb").read() == minimal_pdf("Lea Martin")

    page.get_by_role("link", name="Proposer un entretien").first.click()
    expect(page.get_by_role("heading", level=1, name="Proposer un entretien")).to_be_visible()
    actors.check("artisan")
    message = "Bonjour Léa, pouvez-vous passer au laboratoire mardi 10 h ? Apportez une tenue de travail."
    tuesday = date.today() + timedelta(days=7 + (1 - date.today().weekday()) % 7)
    page.get_by_label("Créneau 1 : date").fill(tuesday.isoformat())
    page.get_by_label("Créneau 1 : heure").fill("10:00")
    page.get_by_label("Sur place").check()
    page.get_by_label("Adresse, lien de visioconférence ou numéro de téléphone").fill("8 rue de la Charité, Lyon 2e")
    page.get_by_label("Message au candidat (facultatif)").fill(message)
    page.get_by_role("button", name="Envoyer les créneaux").click()
    expect(page.get_by_role("heading", level=1, name="Léa Martin")).to_be_visible()
    expect(page.locator("p.lead")).to_contain_text("Entretien proposé")
    actors.check("artisan")

    apprentice = actors.page("apprentice")
    apprentice.goto("/candidatures")
    row = apprentice.get_by_role("row").filter(has=apprentice.get_by_role("link", name=OFFER_TITLE))
    expect(row).to_contain_text("Entretien proposé")
    actors.check("apprentice")
    row.get_by_role("link", name=OFFER_TITLE).click()
    expect(apprentice.get_by_role("heading", level=1, name=f"Ma candidature : {OFFER_TITLE}")).to_be_visible()
    expect(apprentice.get_by_text("pouvez-vous passer au laboratoire mardi 10 h").first).to_be_visible()
    actors.check("apprentice")

    mails = [mail for mail in mails_to(live_server.mail_dir, APPRENTICE["email"])
             if "mardi 10 h" in mail.get_body(preferencelist=("plain",)).get_content()]
    assert mails, f"no e-mail with the artisan's message for {APPRENTICE['email']} in {live_server.mail_dir}"
    story["answered"] = True


def test_e_partner_offers_help_on_a_published_project(actors, live_server, story):
    """The artisan submits a project, staff publish it, a partner finds it and offers help."""
    needs(story, "offer_title", "offer_published")
    page = actors.page("artisan")
    page.goto("/espace-artisan")
    page.get_by_role("link", name="Déposer un projet d’innovation").click()
    expect(page.get_by_role("heading", level=1, name="Nouveau projet d’innovation")).to_be_visible()
    actors.check("artisan")
    page.get_by_label("Titre de l’annonce").fill(PROJECT_TITLE)
    page.get_by_label("Résumé en une phrase").fill("Cuire nos viennoiseries au soleil de la Presqu’île.")
    page.get_by_label("Description").fill(
        "Nous voulons concevoir un four solaire d’appoint pour la cuisson lente des meringues et des pains, "
        "et cherchons un designer et un laboratoire pour le prototype.")
    page.get_by_label("Catégorie").select_option("eco-conception")
    page.get_by_label("Stade du projet").select_option("idee")
    page.get_by_role("group", name="Partenaires recherchés").get_by_label("Designer").check()
    page.get_by_role("button", name="Enregistrer et envoyer en relecture").click()
    expect(page.get_by_role("status")).to_contain_text("envoyé")
    actors.check("artisan")

    staff = actors.page("staff")
    staff.goto("/")
    publish_as_staff(actors, PROJECT_TITLE)

    partner = sign_up(actors, "partner", "Partenaire", PARTNER, live_server)
    partner.goto("/recherche")
    search = partner.get_by_role("search", name="Rechercher des offres et des projets")
    search.get_by_label("Quel métier ?").fill("four solaire")
    search.get_by_role("button", name="Rechercher").click()
    results = partner.get_by_role("region", name="Résultats")
    results.get_by_role("link", name=PROJECT_TITLE).click()
    expect(partner.get_by_role("heading", level=1, name=PROJECT_TITLE)).to_be_visible()
    story["project_url"] = partner.url
    actors.check("partner")
    partner.get_by_role("link", name="Proposer mon aide").click()
    expect(partner.get_by_role("heading", level=1, name=f"Proposer mon aide : {PROJECT_TITLE}")).to_be_visible()
    actors.check("partner")
    partner.get_by_label("Votre message à l’artisan").fill(
        "Notre studio dessine des objets solaires : nous pouvons concevoir le prototype avec vous.")
    partner.get_by_role("group", name="Ce que vous apportez").get_by_label("Design et création").check()
    partner.get_by_label("Précisez votre apport").fill("Deux designers pendant trois mois, atelier à Villeurbanne.")
    partner.get_by_role("button", name="Envoyer ma proposition").click()
    expect(partner.get_by_role("status")).to_contain_text("proposition")
    actors.check("partner")
    partner.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Mes propositions").click()
    expect(partner.get_by_role("link", name=PROJECT_TITLE)).to_be_visible()
    actors.check("partner")

    page.goto("/espace-artisan/propositions")
    expect(page.get_by_role("link", name=PROJECT_TITLE).first).to_be_visible()
    actors.check("artisan")
    assert live_server.run(answers_to, PROJECT_TITLE) == 1
    story["interest_sent"] = True


PHONE_PAGES = [
    # (who, path or story key, primary button: role and accessible name)
    ("visitor", "/", ("button", "Rechercher")),
    ("visitor", "/recherche?q=patissiere&near=69003", ("button", "Rechercher")),
    ("visitor", "offer_url", ("link", "Postuler à cette offre")),
    ("visitor", "/inscription", ("button", "Créer mon compte")),
    ("visitor", "/connexion", ("button", "Se connecter")),
    ("apprentice", "/candidat/profil", ("button", "Enregistrer mon profil")),
    ("apprentice", "/candidatures", ("link", "Mon profil de candidat")),
    ("artisan", "/espace-artisan", ("link", "Ajouter une entreprise")),
    ("artisan", "/espace-artisan/candidatures", ("link", "Léa Martin")),
]


def test_f_main_pages_fit_a_phone(actors, live_server, story):
    """On a 390×844 phone: no sideways scrolling, the primary button visible, and axe still happy."""
    needs(story, "offer_url", "applied")
    log_in(actors, "apprentice-phone", APPRENTICE["email"], phone=True)
    log_in(actors, "artisan-phone", ARTISAN["email"], phone=True)
    for who, target, (role, name) in PHONE_PAGES:
        actor = f"{who}-phone"
        page = actors.page(actor, phone=True)
        page.goto(story[target] if target in story else target)
        assert_fits_phone(page, page.get_by_role("main").get_by_role(role, name=name, exact=True).first)
        actors.check(actor)


SHOTS_DIR = os.environ.get("PHONE_SHOTS_DIR")  # set it to keep a full-page PNG of every page of the phone tour


def phone_tour(story: dict) -> list[tuple[str, str]]:
    """(who, path) of every page each role visits on a phone, with what the earlier journeys left."""
    tour = [("visitor", path) for path in ("/", "/recherche", "/recherche?q=patissiere&near=69003", "/connexion",
                                           "/inscription", "/mentions-legales", "/entreprises",
                                           "/combien-coute-un-apprenti?age=17&level=3&start=2026-12-01&months=24"
                                           "&employees=5", "/combien-vais-je-gagner?age=19&level=4&months=36")]
    tour += [("visitor", story[key]) for key in ("offer_url", "project_url") if key in story]
    tour += [("apprentice", path) for path in ("/compte", "/compte/donnees", "/candidat/profil", "/candidatures",
                                               "/notifications", "/alertes")]
    tour += [("apprentice", story[key]) for key in ("application_url", "apply_url") if key in story]
    tour += [("artisan", path) for path in ("/compte", "/compte/donnees", "/espace-artisan",
                                            "/espace-artisan/candidatures", "/espace-artisan/propositions",
                                            "/espace-artisan/entreprises/nouvelle")]
    tour += [("artisan", story[key]) for key in ("inbox_application_url",) if key in story]
    tour += [("staff", path) for path in ("/compte", "/moderation", "/moderation/signalements",
                                          "/moderation/entreprises", "/moderation/tableau-de-bord",
                                          "/moderation/journal", "/moderation/a-transmettre",
                                          "/moderation/revendications", "/moderation/messages-signales")]
    tour += [("staff", story[key]) for key in ("review_url",) if key in story]
    if "interest_sent" in story:
        tour += [("partner", path) for path in ("/compte", "/propositions")]
    return tour


def test_g_every_role_s_pages_fit_a_phone_and_results_come_first(actors, live_server, story):
    """At 390×844, for each role: no page scrolls sideways, the first search result is on the first screen, the
    offer's « Postuler » stays at hand, and axe-core stays clean."""
    needs(story, "offer_url", "applied")
    for who, email in (("apprentice", APPRENTICE["email"]), ("artisan", ARTISAN["email"]),
                       ("staff", STAFF["email"]), ("partner", PARTNER["email"])):
        if who != "partner" or "interest_sent" in story:
            log_in(actors, f"{who}-tour", email, phone=True)
    visitor = actors.page("visitor-tour", phone=True)
    review_id = live_server.run(listing_id, OFFER_TITLE)
    failures = []
    for who, path in [*phone_tour(story), ("staff", f"/moderation/annonces/{review_id}")]:
        page = actors.page(f"{who}-tour", phone=True)
        page.goto(path)
        if SHOTS_DIR:
            Path(SHOTS_DIR).mkdir(parents=True, exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9]+", "_", f"{who}{path}").strip("_")[:80]
            page.screenshot(path=f"{SHOTS_DIR}/phone-{name}.png", full_page=True)
        try:
            assert_no_sideways_scroll(page)
            actors.check(f"{who}-tour")
        except AssertionError as error:  # every page's problem in one report
            failures.append(f"{who} {path}: {error}")
    assert not failures, "\n".join(failures)

    visitor.goto("/recherche?q=patissiere&near=69003")
    first = visitor.get_by_role("region", name="Résultats").get_by_role("article").first
    box = first.bounding_box()
    assert box and box["y"] < 844, f"the first result starts at {box and box['y']}px, below the 844px screen"
    filters = visitor.locator("details.search-filters")
    expect(filters).not_to_have_attribute("open", "")
    expect(filters.locator("summary")).to_have_text(re.compile(r"^Filtres"))
    filters.locator("summary").click()
    visitor.get_by_role("group", name="Type d’annonce").get_by_label("Offres d’alternance").check()
    visitor.get_by_role("button", name="Appliquer les filtres").click()
    expect(visitor.locator("details.search-filters summary")).to_have_text(re.compile(r"Filtres \(1\)"))
    expect(visitor.locator("details.search-filters")).not_to_have_attribute("open", "")
    assert_no_sideways_scroll(visitor)

    visitor.goto(story["offer_url"])
    visitor.mouse.wheel(0, 4000)
    visitor.wait_for_timeout(200)
    apply_link = visitor.get_by_role("main").get_by_role("link", name="Postuler à cette offre").last
    box = apply_link.bounding_box()
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= 844, f"« Postuler » out of the screen: {box}"
    if SHOTS_DIR:
        visitor.screenshot(path=f"{SHOTS_DIR}/phone-offer-scrolled.png")


def test_h_form_errors_come_in_one_round_take_the_focus_and_back_works(actors, live_server, story):
    """An empty offer form reports every error at once with the focus on the summary; after the fix and the
    redirect, the browser's back button shows the form again without asking to resend it; a 6 MB CV is refused
    next to its field before anything is sent."""
    needs(story, "offer_title", "applied")
    page = actors.page("artisan")
    page.goto("/espace-artisan")
    page.get_by_role("link", name="Déposer une offre d’alternance").first.click()
    expect(page.get_by_role("heading", level=1, name="Nouvelle offre d’alternance")).to_be_visible()
    form_url = page.url
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    summary = page.get_by_role("alert").filter(has_text="Le formulaire contient des erreurs")
    expect(summary).to_be_visible()
    for label in ("Titre de l’annonce", "Métier", "Description", "Diplôme préparé", "Date de début"):
        expect(summary.get_by_role("link", name=re.compile(re.escape(label)))).to_have_count(1)
    assert page.evaluate("document.activeElement.classList.contains('error-summary')"), "focus not on the summary"
    actors.check("artisan")
    page.get_by_label("Titre de l’annonce").fill("Apprenti pâtissier de nuit (H/F)")
    page.get_by_label("Métier").select_option(label="Pâtissier")
    page.get_by_label("Description").fill("Tours, feuilletages et viennoiseries de 4 h à 11 h, dans notre "
                                          "laboratoire de la Part-Dieu.")
    page.get_by_label("Diplôme préparé").select_option("CAP")
    page.get_by_label("Dès que possible").check()
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    expect(page.get_by_role("heading", level=1, name="Mon espace artisan")).to_be_visible()
    page.go_back()
    expect(page).to_have_url(form_url)
    expect(page.get_by_role("heading", level=1, name="Nouvelle offre d’alternance")).to_be_visible()

    apprentice = actors.page("apprentice-tour", phone=True)
    apprentice.goto("/candidat/profil")
    apprentice.get_by_label("CV (PDF)", exact=False).first.set_input_files(
        files=[{"name": "cv-lourd.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf() + b" " * (6 << 20)}])
    expect(apprentice.locator("#cv-taille")).to_contain_text("5 Mo au maximum")
    apprentice.get_by_role("button", name="Enregistrer mon profil").click()
    expect(apprentice.get_by_role("heading", level=1, name="Mon profil de candidat")).to_be_visible()
    expect(apprentice.locator("#cv-taille")).to_be_visible()
    actors.check("apprentice-tour")
