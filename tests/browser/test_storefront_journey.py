"""Browser journey of #18: an artisan completes the storefront on a phone and declares a label with its proof; the
chamber verifies it; the public page shows it verified with the date; the poster's QR code leads to the page; the
directory finds the business « ouvert maintenant » near its postcode and on the map, reached with the keyboard.
Every page is checked with axe-core, on a phone (390×844, no sideways scroll) and on a desktop screen."""
from __future__ import annotations

import io
import re

import pytest

try:
    from playwright.sync_api import expect
except ImportError:  # conftest's session fixture skips every journey and says why
    expect = None

from tests.browser.helpers import PASSWORD, assert_no_sideways_scroll, mails_to, minimal_pdf
from tests.factories import make_siret

pytestmark = pytest.mark.browser

BUSINESS = "Fournil de la Visitation"
ARTISAN = "jeanne.visitation@exemple.fr"
STAFF = "conseiller.storefront@cma-bretagne.exemple.fr"
ALWAYS = "0h-24h"  # open at any hour of the test run, so that « ouvert maintenant » holds


@pytest.fixture(scope="module")
def story():
    """What the earlier steps left for the later ones."""
    return {}


def needs(story: dict, *keys: str) -> None:
    """Skip a step whose earlier step did not finish (that step's own failure is reported)."""
    missing = [key for key in keys if key not in story]
    if missing:
        pytest.skip(f"an earlier step did not finish (missing: {', '.join(missing)})")


def _prepare() -> str:
    """An artisan with a bakery in Rennes, and a Breton chamber adviser; returns the business's page path."""
    from app.extensions import db
    from app.services.accounts.users import create_account
    from app.services.businesses.profiles import create_business

    artisan = create_account(email=ARTISAN, password=PASSWORD, role="artisan", display_name="Jeanne Morvan",
                             confirmed=True)
    create_account(email=STAFF, password=PASSWORD, role="staff", chamber_code="BRE", display_name="Yann Le Bihan",
                   confirmed=True)
    business = create_business(artisan, siret=make_siret(18018), name=BUSINESS, postcode="35000", commune="Rennes",
                               trades=["boulanger"], description="Pain au levain cuit au feu de bois, place Sainte-Anne.")
    db.session.commit()
    return f"/entreprises/{business.slug}"


def _photo() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (176, 98, 42)).save(buffer, "JPEG")
    return buffer.getvalue()


def log_in(actors, who: str, email: str, phone: bool = False):
    """Sign in through /connexion."""
    page = actors.page(who, phone=phone)
    page.goto("/connexion")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("button", name="Se déconnecter")).to_be_visible()
    return page


def test_a_artisan_completes_the_storefront_on_a_phone(actors, live_server, story):
    """Dashboard checklist → storefront: hours, phone, offerings, a photo with its description, on a 390 px screen."""
    story_path = live_server.run(_prepare)
    page = log_in(actors, "artisan", ARTISAN, phone=True)
    page.goto("/espace-artisan")
    page.get_by_text("Mes bases numériques").click()
    expect(page.get_by_text("Horaires d’ouverture").first).to_be_visible()
    assert_no_sideways_scroll(page)
    actors.check("artisan")
    page.get_by_role("link", name="Compléter la vitrine").click()
    expect(page.get_by_role("heading", level=1, name=f"Vitrine de {BUSINESS}")).to_be_visible()
    for day in ("Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"):
        page.get_by_label(day, exact=True).fill(ALWAYS)
    page.get_by_label("Téléphone affiché sur la page").fill("02 99 12 34 56")
    page.get_by_label("Produits et services proposés (un par ligne)").fill("Pain au levain\nKouign-amann")
    page.get_by_role("button", name="Enregistrer la vitrine").click()
    expect(page.get_by_text("Vitrine mise à jour.")).to_be_visible()
    assert_no_sideways_scroll(page)
    actors.check("artisan")
    page.get_by_label("Photo (JPEG, PNG ou WebP)").set_input_files(
        files=[{"name": "fournil.jpg", "mimeType": "image/jpeg", "buffer": _photo()}])
    page.get_by_role("button", name="Ajouter la photo").click()
    expect(page.locator(".error-message").first).to_contain_text("Décrivez la photo")  # the alt text is required
    actors.check("artisan")
    page.get_by_label("Photo (JPEG, PNG ou WebP)").set_input_files(
        files=[{"name": "fournil.jpg", "mimeType": "image/jpeg", "buffer": _photo()}])
    page.get_by_label("Ce que montre la photo (pour les personnes qui ne la voient pas)").fill("Le four à bois")
    page.get_by_role("button", name="Ajouter la photo").click()
    expect(page.get_by_role("img", name="Le four à bois")).to_be_visible()
    assert_no_sideways_scroll(page)
    story["path"] = story_path


def test_b_artisan_declares_a_label_with_its_proof(actors, live_server, story):
    """The labels page refuses a fake proof, then takes a PDF."""
    needs(story, "path")
    page = actors.page("artisan")
    page.get_by_role("link", name="Labels et engagements").first.click()
    page.get_by_label("Label ou engagement").select_option(label="Maître artisan")
    page.get_by_label("Justificatif (PDF ou photo)").set_input_files(
        files=[{"name": "attestation.pdf", "mimeType": "application/pdf", "buffer": b"MZ not a pdf at all"}])
    page.get_by_role("button", name="Envoyer à la chambre de métiers").click()
    expect(page.locator(".error-message").first).to_contain_text("PDF ou une image")
    actors.check("artisan")
    page.get_by_label("Label ou engagement").select_option(label="Maître artisan")
    page.get_by_label("Justificatif (PDF ou photo)").set_input_files(
        files=[{"name": "attestation.pdf", "mimeType": "application/pdf", "buffer": minimal_pdf("Maître artisan")}])
    page.get_by_role("button", name="Envoyer à la chambre de métiers").click()
    expect(page.get_by_text("votre chambre de métiers vérifie le justificatif")).to_be_visible()
    assert_no_sideways_scroll(page)
    actors.check("artisan")
    story["declared"] = True


def test_c_staff_verify_the_label_until_a_date(actors, live_server, story):
    """The Breton adviser finds it in « Labels à vérifier », opens the proof link and verifies it."""
    needs(story, "declared")
    page = log_in(actors, "staff", STAFF)
    page.goto("/moderation/tableau-de-bord")
    expect(page.get_by_role("heading", name="Entreprises par département")).to_be_visible()
    actors.check("staff")
    page.get_by_role("link", name="Labels à vérifier").first.click()
    actors.check("staff")
    page.get_by_role("link", name="Maître artisan").click()
    expect(page.get_by_role("link", name="Ouvrir le justificatif")).to_be_visible()
    actors.check("staff")
    page.get_by_role("button", name="Vérifier le label").click()
    expect(page.get_by_text(f"« Maître artisan » est vérifié pour {BUSINESS}.")).to_be_visible()
    assert mails_to(live_server.mail_dir, ARTISAN), "the artisan was not told"
    story["verified"] = True


def test_d_the_public_page_shows_it_verified_and_the_poster_leads_there(actors, live_server, story):
    """A visitor sees the verified mark with its date, « Ouvert maintenant », the photo; the poster's QR is the page."""
    needs(story, "verified")
    import segno

    page = actors.page("visitor", phone=True)
    page.goto(story["path"])
    expect(page.get_by_role("heading", level=1, name=BUSINESS)).to_be_visible()
    expect(page.get_by_text("Ouvert maintenant").first).to_be_visible()
    verified = page.locator("section", has=page.get_by_role("heading", name="Vérifiés par la chambre de métiers"))
    expect(verified).to_contain_text(re.compile(r"Maître artisan\s+vérifié le\s+\d{1,2}(er)?\s+\S+\s+\d{4}"))
    expect(page.get_by_role("img", name="Le four à bois")).to_be_visible()
    assert_no_sideways_scroll(page)
    actors.check("visitor")
    page.get_by_role("link", name="Affiche avec code QR").click()
    expect(page.get_by_role("heading", level=1, name=BUSINESS)).to_be_visible()
    actors.check("visitor")
    page_url = live_server.url + story["path"]
    drawn = page.locator(".qr svg path.qrline").get_attribute("d")
    svg = segno.make(page_url, error="m").svg_inline(scale=8, dark="#000", light="#fff", omitsize=True)
    expected = re.search(r'<path[^>]*qrline[^>]*\sd="([^"]+)"', svg).group(1)
    assert drawn == expected, "the poster's QR code does not encode the page's address"
    page.goto(page_url)  # where a phone scanning the poster lands
    expect(page.get_by_role("heading", level=1, name=BUSINESS)).to_be_visible()
    story["poster"] = True


def test_e_the_directory_finds_it_open_now_near_the_postcode_and_on_the_map(actors, live_server, story):
    """On a desktop: « Ouvert maintenant » near 35000 lists it; Tab reaches its point on the map, Enter opens it."""
    needs(story, "poster")
    page = actors.page("desktop")
    page.goto("/entreprises")
    page.get_by_label("Lieu").fill("35000")
    page.get_by_label("Ouvert maintenant").check()
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator(".directory-list").get_by_role("link", name=BUSINESS)).to_be_visible()
    actors.check("desktop")
    point = page.locator(f'svg a[aria-label^="{BUSINESS}"]')
    expect(point).to_have_count(1)
    page.locator(".filters button").focus()
    for _ in range(40):  # keyboard only: Tab until the map's point has the focus
        page.keyboard.press("Tab")
        if point.evaluate("element => element === document.activeElement"):
            break
    else:
        pytest.fail("the map's point cannot be reached with Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name=BUSINESS)).to_be_visible()
    phone = actors.page("visitor")
    phone.goto("/entreprises?lieu=35000&ouvert=y")
    expect(phone.locator(".map svg")).to_be_visible()
    assert_no_sideways_scroll(phone)
    actors.check("visitor")
