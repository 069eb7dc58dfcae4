"""Browser journey of #14: an application to an imported offer whose business has no account reaches a person.

The chamber imports an offer with a contact address; an apprentice applies; the contact address receives it and
answers through its link, proposes an interview; the apprentice replies in the thread and accepts a slot; both get the
.ics; the artisan then claims the business with the code sent to its known address and finds the whole history in
the inbox. Every page is checked with axe-core; the tests run in file order and share one story.
"""
from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # conftest's session fixture skips every journey and says why
    expect = None

from tests.browser.helpers import PASSWORD, assert_no_sideways_scroll, link_in, mails_to, minimal_pdf

pytestmark = pytest.mark.browser

SIRET = "41234567000001"
BUSINESS = "Fournil des Canuts"
CONTACT = "recrutement@fournil-canuts.exemple.fr"
KNOWN_ADDRESS = "gerance@fournil-canuts.exemple.fr"
OFFER_TITLE = "Apprenti boulanger (H/F) – CAP Boulanger au fournil des Canuts"
APPRENTICE = {"email": "noa.girard@exemple.fr", "first_name": "Noa", "last_name": "Girard"}
ARTISAN = {"email": "paul.canut@exemple.fr", "name": "Paul Canut"}
QUESTION = "pouvez-vous nous indiquer vos disponibilités ?"
REPLY = "Bonjour, je suis disponible le matin, sauf le mercredi."


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
    """What happens outside the browser: the chamber's import, and two confirmed accounts."""
    from app.demo.activity import demo_cv
    from app.services.accounts.users import create_account
    from app.services.listings.importer import import_lines
    from app.services.responses import candidate_profiles

    line = {"type": "offer", "external_id": "journey-contact-0001", "title": OFFER_TITLE, "trade": "Boulanger",
            "diploma": "CAP", "status": "published", "contact_email": CONTACT,
            "description": "Pains au levain et viennoiseries pur beurre sur les pentes de la Croix-Rousse.",
            "business": {"siret": SIRET, "name": BUSINESS, "postcode": "69004", "email": KNOWN_ADDRESS}}
    report = import_lines([json.dumps(line, ensure_ascii=False)])
    assert report.imported == 1, report.errors
    apprentice = create_account(email=APPRENTICE["email"], password=PASSWORD, role="apprentice",
                                display_name="Noa Girard", confirmed=True)
    candidate_profiles.save_profile(apprentice, first_name=APPRENTICE["first_name"],
                                    last_name=APPRENTICE["last_name"], birth_date=date(2009, 5, 2), postcode="69004",
                                    travel_radius_km=15, trades=["boulanger"], diploma="CAP",
                                    presentation="Je fais du pain tous les dimanches.", cv_upload=demo_cv("Noa"))
    create_account(email=ARTISAN["email"], password=PASSWORD, role="artisan", display_name=ARTISAN["name"],
                   confirmed=True)


def _offer_path() -> str:
    from sqlalchemy import select

    from app.extensions import db
    from app.models.listing import Listing

    return db.session.scalar(select(Listing).where(Listing.title == OFFER_TITLE)).public_path


def _delivery() -> str | None:
    """Where the journey's application went, as the database recorded it."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models.application import Application

    return db.session.scalar(select(Application.delivery).order_by(Application.id.desc()).limit(1))


def _owner_email() -> str | None:
    from sqlalchemy import select

    from app.extensions import db
    from app.models.business import Business

    business = db.session.scalar(select(Business).where(Business.siret == SIRET))
    return business.owner.email if business.owner else None


def log_in(actors, who: str, email: str, phone: bool = False):
    """Sign in through /connexion."""
    page = actors.page(who, phone=phone)
    page.goto("/connexion")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    return page


def calendar_of(mail) -> str:
    """The text of the mail's .ics attachment ("" when it has none)."""
    for part in mail.iter_attachments():
        if part.get_content_type() == "text/calendar":
            content = part.get_content()
            return content.decode() if isinstance(content, bytes) else content
    return ""


def test_a_apprentice_applies_to_an_imported_offer_and_is_told_who_receives_it(actors, live_server, story):
    """The offer page says the application goes to the business's contact address; the apprentice applies."""
    live_server.run(_prepare)
    page = log_in(actors, "apprentice", APPRENTICE["email"])
    page.goto(live_server.run(_offer_path))
    expect(page.get_by_role("heading", level=1, name=OFFER_TITLE)).to_be_visible()
    expect(page.get_by_text("adresse de contact de l’entreprise").first).to_be_visible()
    actors.check("apprentice")
    page.get_by_role("link", name="Postuler à cette offre").first.click()
    expect(page.get_by_role("heading", level=1, name=f"Postuler : {OFFER_TITLE}")).to_be_visible()
    actors.check("apprentice")
    page.get_by_label("Votre message à l’artisan").fill("Bonjour, j’aimerais préparer mon CAP dans votre fournil.")
    page.get_by_label("Joindre un autre CV (PDF)").set_input_files(
        files=[{"name": "cv-noa-girard.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf("Noa Girard")}])
    page.get_by_role("button", name="Envoyer ma candidature").click()
    expect(page.get_by_role("status")).to_contain_text("adresse de contact")
    story["application_url"] = page.url
    actors.check("apprentice")
    assert live_server.run(_delivery) == "contact"
    assert mails_to(live_server.mail_dir, CONTACT), f"no e-mail for {CONTACT} in {live_server.mail_dir}"


def test_b_the_contact_address_reads_answers_and_proposes_an_interview(actors, live_server, story):
    """The contact address opens its link, downloads the CV, asks a question and proposes two slots."""
    needs(story, "application_url")
    mails = mails_to(live_server.mail_dir, CONTACT)
    assert mails, f"no e-mail for {CONTACT} in {live_server.mail_dir}"
    link = link_in(mails[-1], "/contact/")
    page = actors.page("contact")
    page.goto(link)
    expect(page.get_by_role("heading", level=1, name=re.compile("Noa Girard"))).to_be_visible()
    actors.check("contact")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le CV (PDF)").click()
    assert open(download.value.path(), "rb").read() == minimal_pdf("Noa Girard")

    page.get_by_label("Votre message").fill(f"Bonjour Noa, merci ! {QUESTION}")
    page.get_by_role("button", name="Envoyer", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Message envoyé")
    expect(page.get_by_text(QUESTION)).to_be_visible()
    actors.check("contact")

    page.get_by_role("link", name="Proposer un entretien").first.click()
    expect(page.get_by_role("heading", level=1, name="Proposer un entretien")).to_be_visible()
    actors.check("contact")
    first, second = date.today() + timedelta(days=8), date.today() + timedelta(days=9)
    page.get_by_label("Créneau 1 : date").fill(first.isoformat())
    page.get_by_label("Créneau 1 : heure").fill("15:00")
    page.get_by_label("Créneau 2 : date").fill(second.isoformat())
    page.get_by_label("Créneau 2 : heure").fill("10:30")
    page.get_by_label("Sur place").check()
    page.get_by_label("Adresse, lien de visioconférence ou numéro de téléphone").fill("12 rue d’Austerlitz, Lyon 4e")
    page.get_by_role("button", name="Envoyer les créneaux").click()
    expect(page.get_by_text(re.compile(r"à\s15\sh\b")).first).to_be_visible()
    actors.check("contact")
    story["contact_link"] = link


def test_c_the_apprentice_replies_in_the_thread_and_accepts_a_slot(actors, live_server, story):
    """The apprentice reads the question, replies and confirms the first slot; both sides get the .ics."""
    needs(story, "contact_link")
    page = actors.page("apprentice")
    page.goto(story["application_url"])
    expect(page.get_by_text(QUESTION)).to_be_visible()
    actors.check("apprentice")
    page.get_by_label("Votre message").fill(REPLY)
    page.get_by_role("button", name="Envoyer", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Message envoyé")
    page.get_by_role("group", name="Choisissez un créneau").get_by_role("radio").first.check()
    page.get_by_role("button", name="Confirmer ce créneau").click()
    expect(page.get_by_role("link", name="Ajouter à mon agenda (.ics)")).to_be_visible()
    actors.check("apprentice")

    for address in (APPRENTICE["email"], CONTACT):
        calendars = [text for text in map(calendar_of, mails_to(live_server.mail_dir, address)) if text]
        assert calendars, f"no .ics sent to {address}"
        assert "BEGIN:VEVENT" in calendars[-1] and "TZID=Europe/Paris" in calendars[-1]

    contact = actors.page("contact")
    contact.goto(story["contact_link"])
    expect(contact.get_by_text(REPLY)).to_be_visible()
    actors.check("contact")
    story["accepted"] = True


def test_d_the_artisan_claims_the_business_with_the_code_and_finds_the_history(actors, live_server, story):
    """The artisan finds the business by SIRET, receives a code at its known address, and owns its history."""
    needs(story, "accepted")
    page = log_in(actors, "artisan", ARTISAN["email"])
    page.goto(f"/espace-artisan/revendiquer?siret={SIRET}")
    expect(page.get_by_role("heading", level=1, name="Revendiquer une entreprise")).to_be_visible()
    actors.check("artisan")
    page.get_by_role("link", name="Revendiquer cette entreprise").first.click()
    expect(page.get_by_role("heading", level=1, name=re.compile(BUSINESS))).to_be_visible()
    actors.check("artisan")
    page.get_by_label("Recevoir un code à l’adresse connue de l’entreprise").check()
    page.get_by_role("group", name="Adresse où recevoir le code").get_by_role("radio").first.check()
    page.get_by_role("button", name="Envoyer ma demande").click()
    expect(page.get_by_role("heading", name="Saisir le code")).to_be_visible()
    actors.check("artisan")

    sent = [mail for address in (KNOWN_ADDRESS, CONTACT) for mail in mails_to(live_server.mail_dir, address)
            if "code" in mail["Subject"].lower()]
    assert sent, "no claim code e-mailed to the business's known addresses"
    code = re.search(r"\b(\d{6})\b", sent[-1].get_body(preferencelist=("plain",)).get_content()).group(1)
    page.get_by_label("Code reçu par e-mail (6 chiffres)").fill(code)
    page.get_by_role("button", name="Valider le code").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert live_server.run(_owner_email) == ARTISAN["email"]

    page.goto("/espace-artisan/candidatures")
    expect(page.get_by_role("heading", level=1, name="Candidatures reçues")).to_be_visible()
    actors.check("artisan")
    page.get_by_role("row").filter(has=page.get_by_role("link", name=OFFER_TITLE)) \
        .get_by_role("link", name="Noa Girard").click()
    expect(page.get_by_text(QUESTION)).to_be_visible()
    expect(page.get_by_text(REPLY)).to_be_visible()
    expect(page.get_by_role("heading", name="Entretien")).to_be_visible()
    actors.check("artisan")
    story["inbox_url"] = page.url

    contact = actors.page("contact")
    contact.goto(story["contact_link"])
    expect(contact.get_by_role("heading", level=1, name="L’entreprise a maintenant un compte sur Passerelle")) \
        .to_be_visible()
    actors.check("contact")


def test_e_the_thread_and_the_contact_page_fit_a_phone(actors, live_server, story):
    """On a phone both sides' application pages (thread, interview) scroll only downwards."""
    needs(story, "inbox_url")
    log_in(actors, "apprentice-phone", APPRENTICE["email"], phone=True)
    log_in(actors, "artisan-phone", ARTISAN["email"], phone=True)
    for who, url in (("apprentice-phone", story["application_url"]), ("artisan-phone", story["inbox_url"])):
        page = actors.page(who, phone=True)
        page.goto(url)
        expect(page.get_by_role("heading", name="Échanges")).to_be_visible()
        expect(page.get_by_text(REPLY)).to_be_visible()
        assert_no_sideways_scroll(page)
        actors.check(who)
