"""Storefronts (issue 18): the artisan fills hours, phone, links, photos and closures; the public page shows them with
« ouvert maintenant », the visitor writes without seeing the business's address, vCard, A4 poster with QR code."""
import json
import re
from datetime import date, datetime, timedelta, timezone
from io import BytesIO

import pytest
from PIL import Image
from sqlalchemy import select

from app.core.errors import Refused
from app.core.time import today
from app.extensions import db
from app.models.mail import OutgoingMail
from app.models.storefront import BusinessClosure
from app.services.storefronts import hours
from tests.moderation_fixtures import people, signed_in  # noqa: F401

HOURS = {"hours_0": "9h-12h30, 14h-19h", "hours_1": "9:00-19:00", "hours_5": "8h-13h"}


def text(response) -> str:
    return response.get_data(as_text=True).replace("\u00a0", " ").replace("\u202f", " ")


def png() -> BytesIO:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def jsonld_of(page: str) -> dict:
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))


# --- hours (unit) ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("typed, ranges", [
    ("9h-12h30, 14h-19h", [["09:00", "12:30"], ["14:00", "19:00"]]),
    ("09:00 - 18:00", [["09:00", "18:00"]]),
    ("8h à 13h et 15h-24h", [["08:00", "13:00"], ["15:00", "24:00"]]),
    ("", []), ("fermé", []),
])
def test_hours_are_read_as_an_artisan_writes_them(typed, ranges):
    assert hours.parse_day(typed, "hours_0") == ranges


@pytest.mark.parametrize("typed", ["9h", "19h-9h", "9h-12h, 11h-14h", "25h-26h", "matin", "9h-12h61"])
def test_impossible_hours_are_refused_with_a_french_example(typed):
    with pytest.raises(Refused) as refused:
        hours.parse_day(typed, "hours_2")
    assert "hours_2" in refused.value.errors


def test_open_now_follows_the_territory_clock_and_the_closures(app, people):
    business = people.business
    business.opening_hours = {"0": [["09:00", "12:30"], ["14:00", "19:00"]]}
    monday = date(2026, 12, 7)
    # 10:00 in Paris is 09:00 UTC in winter; 13:00 in Paris is the lunch break.
    assert hours.is_open_at(business, datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc))
    assert not hours.is_open_at(business, datetime(2026, 12, 7, 12, 0, tzinfo=timezone.utc))
    assert not hours.is_open_at(business, datetime(2026, 12, 8, 9, 0, tzinfo=timezone.utc))  # Tuesday
    business.closures.append(BusinessClosure(starts_on=monday, ends_on=monday, reason="Inventaire"))
    assert not hours.is_open_at(business, datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc))
    assert hours.day_text([["09:00", "12:30"]]) == "9 h – 12 h 30"


def test_open_now_in_reunion_uses_reunion_time(app, make_user):
    from tests.factories import make_business
    business = make_business(make_user("artisan"), postcode="97400")
    business.opening_hours = {"0": [["08:00", "12:00"]]}
    # 05:00 UTC is 09:00 at La Réunion (UTC+4) but 06:00 in Paris.
    assert hours.is_open_at(business, datetime(2026, 12, 7, 5, 0, tzinfo=timezone.utc))


# --- editing ---------------------------------------------------------------------------------------------------

def test_the_owner_fills_the_storefront_and_the_page_shows_it(people, signed_in, client):
    owner = signed_in(people.owner)
    url = f"/espace-artisan/entreprises/{people.business.id}/vitrine"
    assert owner.get(url).status_code == 200
    response = owner.post(url, data={**HOURS, "public_phone": "02 99 12 34 56", "offerings": "Pain au levain\nKouign-amann",
                                     "areas_served": "", "booking_url": "https://reservation.exemple.fr/thabor"})
    assert response.status_code == 302
    page = text(client.get(f"/entreprises/{people.business.slug}"))
    assert "9 h – 12 h 30, 14 h – 19 h" in page and "02 99 12 34 56" in page and "Kouign-amann" in page
    assert "Réserver ou prendre rendez-vous" in page
    data = jsonld_of(client.get(f"/entreprises/{people.business.slug}").get_data(as_text=True))
    assert data["telephone"] == "02 99 12 34 56"
    monday = [s for s in data["openingHoursSpecification"] if s.get("dayOfWeek") == "https://schema.org/Monday"]
    assert [(s["opens"], s["closes"]) for s in monday] == [("09:00", "12:30"), ("14:00", "19:00")]


def test_wrong_values_come_back_next_to_their_fields_with_the_input_kept(people, signed_in):
    owner = signed_in(people.owner)
    response = owner.post(f"/espace-artisan/entreprises/{people.business.id}/vitrine",
                          data={"hours_2": "de 9 à midi", "public_phone": "appelez-nous", "shop_url": "javascript:x"})
    page = text(response)
    assert response.status_code == 422
    assert "Écrivez les horaires ainsi" in page and "de 9 à midi" in page
    assert "Indiquez un numéro de téléphone" in page and "commençant par http" in page


def test_someone_else_cannot_edit_the_storefront(people, signed_in, make_user):
    stranger = signed_in(make_user("artisan"))
    assert stranger.get(f"/espace-artisan/entreprises/{people.business.id}/vitrine").status_code in (403, 404)
    assert stranger.post(f"/espace-artisan/entreprises/{people.business.id}/vitrine/photos",
                         data={"alt": "x"}).status_code in (403, 404)
    assert signed_in(people.owner).get("/espace-artisan/entreprises/999999/vitrine").status_code == 404


def test_a_photo_needs_its_description_and_must_be_an_image(people, signed_in, client):
    owner = signed_in(people.owner)
    url = f"/espace-artisan/entreprises/{people.business.id}/vitrine/photos"
    no_alt = owner.post(url, data={"photo": (png(), "four.png"), "alt": ""}, content_type="multipart/form-data")
    assert no_alt.status_code == 422 and "Décrivez la photo" in text(no_alt)
    fake = owner.post(url, data={"photo": (BytesIO(b"<?php echo 1;"), "four.png"), "alt": "Le four"},
                      content_type="multipart/form-data")
    assert fake.status_code == 422 and "n’est pas une image" in text(fake)
    ok = owner.post(url, data={"photo": (png(), "four.png"), "alt": "Le four à bois"},
                    content_type="multipart/form-data")
    assert ok.status_code == 302
    page = client.get(f"/entreprises/{people.business.slug}").get_data(as_text=True)
    assert 'alt="Le four à bois"' in page and re.search(r'/medias/[0-9a-f]{32}\.webp', page)
    assert jsonld_of(page)["image"][0].endswith(".webp")


def test_closures_show_on_the_page_and_close_the_shop(people, signed_in, client):
    owner = signed_in(people.owner)
    url = f"/espace-artisan/entreprises/{people.business.id}/vitrine/fermetures"
    past = owner.post(url, data={"starts_on": (today() - timedelta(days=9)).isoformat(),
                                 "ends_on": (today() - timedelta(days=2)).isoformat()})
    assert past.status_code == 422 and "déjà passée" in text(past)
    assert owner.post(url, data={"starts_on": today().isoformat(), "reason": "Congés"}).status_code == 302
    page = text(client.get(f"/entreprises/{people.business.slug}"))
    assert "Fermeture exceptionnelle" in page and "Congés" in page


# --- visitors --------------------------------------------------------------------------------------------------

def test_a_visitor_writes_to_the_business_without_seeing_its_address(people, client):
    page = text(client.get(f"/entreprises/{people.business.slug}"))
    assert "Écrire à l’entreprise" in page and people.owner.email not in page
    response = client.post(f"/entreprises/{people.business.slug}/message",
                           data={"name": "Claire Dubois", "email": "claire@exemple.fr",
                                 "message": "Bonjour, faites-vous des gâteaux sans gluten sur commande ?"})
    assert response.status_code == 302
    mail = db.session.scalars(select(OutgoingMail).order_by(OutgoingMail.id.desc())).first()
    assert mail.to == people.owner.email and mail.headers["Reply-To"] == "claire@exemple.fr"
    assert "sans gluten" in mail.body_text


@pytest.mark.parametrize("data, message", [
    ({"message": "Voyez mes offres sur https://arnaque.example"}, "Retirez les liens"),
    ({"message": "Allez sur www.arnaque.com vite vite vite"}, "Retirez les liens"),
    ({"email": "pas-une-adresse"}, "adresse électronique valide"),
    ({"message": "Trop court"}, "20 à 3000 caractères"),
])
def test_a_wrong_message_is_refused_and_kept(people, client, data, message):
    form = {"name": "Claire", "email": "claire@exemple.fr", "message": "Bonjour, un message assez long pour passer.",
            **data}
    response = client.post(f"/entreprises/{people.business.slug}/message", data=form)
    assert response.status_code == 422 and message in text(response)
    assert db.session.scalar(select(OutgoingMail).where(OutgoingMail.subject.contains("visiteur"))) is None


def test_messages_are_rate_limited_per_address(app, people):
    app.config["RATELIMIT_ENABLED"] = True
    client = app.test_client()
    statuses = [client.post(f"/entreprises/{people.business.slug}/message", data={"name": "x"}).status_code
                for _ in range(7)]
    assert statuses[-1] == 429


def test_vcard_and_poster_with_a_qr_code_to_the_page(people, client):
    people.business.public_phone = "02 99 12 34 56"
    db.session.commit()
    card = client.get(f"/entreprises/{people.business.slug}.vcf")
    assert card.mimetype == "text/vcard"
    body = card.get_data(as_text=True)
    assert "FN:Boulangerie du Thabor\r\n" in body and "tel:0299123456" in body
    assert f"URL:http://127.0.0.1:5000/entreprises/{people.business.slug}" in body
    poster = text(client.get(f"/entreprises/{people.business.slug}/affiche"))
    assert "<svg" in poster and f"Code QR vers http://127.0.0.1:5000/entreprises/{people.business.slug}" in poster
    assert client.get("/entreprises/inconnue/affiche").status_code == 404
