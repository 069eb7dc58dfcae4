"""Inputs that used to answer 500 or broken output: huge ids and page numbers, control characters, a full disk."""
import errno
import json
import tempfile
from datetime import date
from io import BytesIO
from xml.etree import ElementTree as ET

import pytest
from sqlalchemy import select

from app.core.errors import Refused
from app.core.text import has_control_characters, strip_control_characters
from app.extensions import db
from app.models import Business, Listing
from app.models.application import Application
from app.search import drain
from app.services.accounts.users import AccountError, create_account
from app.services.responses.candidate_profiles import save_profile
from app.web._shared.numbers import MAX_ID, parse_id
from tests.application_factories import make_artisan_offer, make_candidate, pdf_bytes, sign_in
from tests.factories import make_business, make_offer
from tests.test_artisan_pages import OFFER_FORM, business_data

A = "{http://www.w3.org/2005/Atom}"
HUGE_IDS = [str(2**31), str(2**63), "9" * 5000]
HUGE_NUMBERS = ["9" * 30, "9" * 5000]


def _page_text(response) -> str:
    """The response's text with no-break spaces as plain spaces (French typography puts them before « : »)."""
    return response.get_data(as_text=True).replace("\xa0", " ").replace("\u202f", " ")


# --- item 6: ids beyond the database's integer range are 404 -----------------------------------------------------

def _id_routes(app):
    """(method, URL template) of every route with an `int` converter, each argument a {placeholder}."""
    routes = []
    for rule in app.url_map.iter_rules():
        if not any(type(c).__name__ == "IdConverter" for c in rule._converters.values()):
            continue
        template = rule.rule
        for name, converter in rule._converters.items():
            kind = "int" if type(converter).__name__ == "IdConverter" else "str"
            template = template.replace(f"<int:{name}>" if kind == "int" else f"<{name}>",
                                        "{id}" if kind == "int" else "x")
        method = "GET" if "GET" in rule.methods else "POST"
        routes.append((method, template))
    return routes


def test_every_id_route_answers_404_to_ids_beyond_the_integer_range(app, make_user):
    routes = _id_routes(app)
    assert len(routes) >= 21
    admin = sign_in(app, make_user("admin"))
    for method, template in routes:
        for huge in HUGE_IDS:
            url = template.replace("{id}", huge)
            response = admin.open(url, method=method)
            assert response.status_code == 404, (url, response.status_code)
            if url.startswith("/api/"):
                assert response.get_json()["error"]["code"] == "not_found"
            else:
                assert "Page introuvable" in _page_text(response)


def test_ids_in_range_still_reach_their_page(app, client, make_user):
    artisan, offer = make_artisan_offer(make_user)
    assert client.get(f"/offres/{offer.id}", follow_redirects=True).status_code == 200
    assert client.get(f"/api/v1/offers/{offer.id}").status_code == 200
    assert client.get(f"/offres/{MAX_ID}").status_code == 404


def test_parse_id():
    assert parse_id("42") == 42 and parse_id(str(MAX_ID)) == MAX_ID
    for text in ("", "0", "-1", "1.5", "٤٢", str(MAX_ID + 1), "9" * 5000, None):
        assert parse_id(text) is None


# --- item 7: page numbers of thousands of digits are 400 ---------------------------------------------------------

@pytest.mark.parametrize("huge", HUGE_NUMBERS)
def test_search_page_api_and_feed_refuse_huge_page_numbers(client, huge):
    for name in ("page", "per_page"):
        page = client.get("/recherche", query_string={name: huge})
        assert page.status_code == 400 and "nombre entier entre 1 et" in _page_text(page)
        api = client.get("/api/v1/search", query_string={name: huge})
        assert api.status_code == 400
        assert api.get_json()["error"]["field"] == name
        assert client.get("/recherche.atom", query_string={name: huge}).status_code == 400


@pytest.mark.parametrize("huge", HUGE_NUMBERS + ["abc", "0", "-2"])
def test_staff_admin_and_directory_pages_refuse_bad_page_numbers(app, client, make_user, huge):
    staff = sign_in(app, make_user("staff", chamber_code="IDF"))
    admin = sign_in(app, make_user("admin"))
    for who, url in ((staff, "/moderation"), (staff, "/moderation/signalements"), (staff, "/moderation/entreprises"),
                     (staff, "/moderation/journal"), (admin, "/admin"), (client, "/entreprises")):
        response = who.get(url, query_string={"page": huge})
        assert response.status_code == 400, (url, response.status_code)
        assert "Le numéro de page doit être un nombre entier entre 1 et 10000." in _page_text(response)
        assert who.get(url, query_string={"page": "1"}).status_code == 200


# --- item 8: control characters ----------------------------------------------------------------------------------

def test_the_text_rule():
    assert not has_control_characters("Apprenti\tboulanger")
    assert has_control_characters("Apprenti\r\nBcc: x@y.fr") and not has_control_characters("a\r\nb", True)
    for bad in ("\x00", "\x08", "\x0b", "\x1f", "\ufffe", "\uffff"):
        assert has_control_characters(f"a{bad}b", True)
    assert not has_control_characters("Pâtissière – « CAP » œuf ’", True)
    assert strip_control_characters("a\x00b\nc\uffff", replacement=" ") == "a b c "
    assert strip_control_characters("a\x0cb\nc", multi_line=True) == "ab\nc"


@pytest.fixture
def artisan(make_user, login):
    user = make_user("artisan")
    login(user.email)
    return user


@pytest.mark.parametrize("title", ["Apprenti boulanger\r\nBcc: spam@exemple.fr", "Apprenti\x0bboulanger",
                                   "Apprenti boulanger\uffff"])
def test_the_offer_form_refuses_control_characters_in_the_title(client, artisan, title):
    business = make_business(artisan)
    response = client.post(f"/espace-artisan/entreprises/{business.id}/offres/nouvelle",
                           data={**OFFER_FORM, "title": title, "action": "draft"})
    assert response.status_code == 422
    assert "Titre : les retours à la ligne et les caractères de contrôle (invisibles) ne sont pas acceptés." \
        in _page_text(response)
    assert db.session.scalar(select(Listing)) is None


def test_the_offer_form_keeps_line_breaks_in_the_description(client, artisan):
    business = make_business(artisan)
    description = OFFER_FORM["description"] + "\r\n\r\nHoraires\t: 6 h – 13 h."
    response = client.post(f"/espace-artisan/entreprises/{business.id}/offres/nouvelle",
                           data={**OFFER_FORM, "description": description, "action": "draft"})
    assert response.status_code == 302
    response = client.post(f"/espace-artisan/entreprises/{business.id}/offres/nouvelle",
                           data={**OFFER_FORM, "description": description + "\x07", "action": "draft"})
    assert response.status_code == 422
    assert "Description : les caractères de contrôle (invisibles) ne sont pas acceptés." in _page_text(response)


def test_the_business_form_refuses_control_characters_in_the_name(client, artisan):
    response = client.post("/espace-artisan/entreprises/nouvelle",
                           data=business_data(name="Boulangerie\x1b[31m du Canal"))
    assert response.status_code == 422
    assert "Nom de l’entreprise : les retours à la ligne" in _page_text(response)
    assert db.session.scalar(select(Business)) is None


def test_the_import_refuses_control_characters(runner, tmp_path):
    business = {"siret": "73282932000074", "name": "Boulangerie Dupont", "postcode": "75011"}
    offer = {"type": "offer", "external_id": "cma-1", "title": "Apprenti boulanger\n(H/F)",
             "description": "Fournil au levain dans le 11e : vous apprendrez le pain et les viennoiseries.",
             "trade": "Boulanger", "diploma": "CAP", "business": business}
    lines = [offer, {**offer, "external_id": "cma-2", "title": "Apprenti boulanger",
                     "business": {**business, "name": "Boulangerie\x00Dupont"}},
             {**offer, "external_id": "cma-\x0c3", "title": "Apprenti boulanger"}]
    path = tmp_path / "annonces.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    result = runner.invoke(args=["listings", "import", str(path)])
    output = result.output.strip().splitlines()
    assert output[0].startswith("line 1: Titre : les retours à la ligne")
    assert output[1].startswith("line 2: business.name : Nom de l’entreprise : les retours à la ligne")
    assert output[2].startswith("line 3: external_id : les retours à la ligne")
    assert output[-1] == "imported 0, updated 0, rejected 3"
    assert db.session.scalar(select(Listing)) is None


def test_control_characters_are_stripped_from_q(client):
    assert client.get("/recherche", query_string={"q": "boulanger\x0b\x1fpain\uffff"}).status_code == 200
    api = client.get("/api/v1/search", query_string={"q": "boulanger\x0b\x1fpain\uffff"})
    assert api.status_code == 200
    feed = client.get("/recherche.atom", query_string={"q": "boulanger\x0b\x1fpain\uffff"})
    assert feed.status_code == 200
    assert ET.fromstring(feed.data).findtext(f"{A}title") == "Passerelle – annonces « boulanger pain »"
    assert "q=boulanger+pain" in ET.fromstring(feed.data).find(f"{A}link").get("href")


def test_the_feed_parses_when_stored_rows_hold_control_characters(app, client, make_user):
    artisan = make_user("artisan")
    offer = make_offer(make_business(artisan), "published")
    # Rows written before the rule: set behind the services' back (PostgreSQL refuses \x00, hence \x0c and \x1f).
    offer.title = "Apprenti\x0c boulanger\x1f"
    offer.description = "Fournil traditionnel\x08, pain au levain et viennoiseries maison : vous apprenez."
    offer.business.name = "Atelier\x1f Dupont"
    db.session.commit()
    drain()
    response = client.get("/recherche.atom")
    assert response.status_code == 200
    entry = ET.fromstring(response.data).find(f"{A}entry")
    assert entry.findtext(f"{A}title") == "Apprenti boulanger"
    assert entry.find(f"{A}author").findtext(f"{A}name") == "Atelier Dupont"
    assert "Fournil traditionnel, pain" in entry.findtext(f"{A}summary")


# --- item 9: a full temporary disk while an upload is received ---------------------------------------------------

class FullDisk:
    """The temporary file the form parser rolls a large upload over to, on a disk with no space left."""

    def __init__(self, *args, **kwargs):
        pass

    def write(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    closed = False

    def close(self):
        pass


def test_a_full_disk_during_an_upload_is_a_french_413(app, make_user, monkeypatch):
    artisan, offer = make_artisan_offer(make_user)
    client = sign_in(app, make_candidate(make_user, with_cv=False))
    # Werkzeug keeps up to 500 KB of an upload in memory, then rolls it over to tempfile.TemporaryFile.
    monkeypatch.setattr(tempfile, "TemporaryFile", FullDisk)
    response = client.post(f"/offres/{offer.id}/candidater", content_type="multipart/form-data",
                           data={"message": "Bonjour, je suis motivée.",
                                 "cv": (BytesIO(pdf_bytes(800 * 1024)), "cv.pdf")})
    monkeypatch.undo()
    html = _page_text(response)
    assert response.status_code == 413
    assert "l’espace de stockage du serveur est momentanément plein" in html
    assert db.session.scalar(select(Application)) is None


def test_other_os_errors_are_still_500(app, monkeypatch):
    @app.get("/_test/os-error")
    def os_error():
        raise OSError(errno.EACCES, "Permission denied")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = app.test_client().get("/_test/os-error")
    assert response.status_code == 500 and "Erreur du serveur" in _page_text(response)


def test_names_of_people_refuse_control_characters(client, make_user, login):
    """A candidate's name and an account's display name follow the same rule as titles (never in a mail header)."""
    with pytest.raises(AccountError) as refused:
        create_account("nom@exemple.fr", "correct horse battery staple", "apprentice", display_name="Léa\r\nBcc: x")
    assert "caractères de contrôle" in refused.value.errors["display_name"]
    user = make_user("apprentice")
    with pytest.raises(Refused) as refused:
        save_profile(user, first_name="Léa\x00", last_name="Martin", birth_date=date(2008, 5, 1), postcode="69003",
                     travel_radius_km=10)
    assert refused.value.errors["first_name"].startswith("Prénom : ")
