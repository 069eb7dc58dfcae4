"""What the HTML checker asks of the pages, checked without it: unique ids, machine dates, no forbidden characters."""
import re
from collections import Counter
from datetime import datetime, timedelta, timezone

from markupsafe import Markup
from sqlalchemy import select

from app.core.formatting import iso_datetime, without_forbidden_characters
from app.demo.accounts import ACCOUNTS
from app.models.business import Business

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def _sign_in(client, email):
    password = next(account.password for account in ACCOUNTS if account.email == email)
    page = client.get("/connexion").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    assert client.post("/connexion", data={"email": email, "password": password, "csrf_token": token}).status_code == 302


def test_time_datetime_is_utc_to_the_second():
    moment = datetime(2026, 12, 2, 1, 48, 1, 19164, tzinfo=timezone(timedelta(hours=1)))
    assert iso_datetime(moment) == "2026-12-02T00:48:01+00:00"
    assert iso_datetime(datetime(2026, 12, 2, 1, 48, 1, 500)) == "2026-12-02T01:48:01+00:00"  # naive: UTC
    assert iso_datetime(None) == ""


def test_printed_values_lose_forbidden_characters_and_keep_their_markup():
    assert without_forbidden_characters("a\x01b\x7fc\u0085d\ufffe\n\tz") == "a b c d \n\tz"
    cleaned = without_forbidden_characters(Markup("<b>\x0b</b>"))
    assert isinstance(cleaned, Markup) and cleaned == Markup("<b> </b>")
    assert without_forbidden_characters(42) == 42
    # One at a time, with no line break beside it: each is caught on its own.
    for forbidden in ("\x01", "\x7f", "\u0085", "\ufdd0", "\ufffe", "\U0001ffff", "\U0010fffe", "\ud800"):
        assert without_forbidden_characters(f"a{forbidden}b") == "a b", repr(forbidden)
    assert without_forbidden_characters("Déjà « prêt » : 12 h 30 !") == "Déjà « prêt » : 12 h 30 !"


def test_search_page_echoes_a_typed_query_without_forbidden_characters(client):
    for url in ("/recherche?q=%01caf%C3%A9%0B%7F%C2%85%EF%BF%BE", "/recherche?page=0&near=%01%7F"):
        html = client.get(url).get_data(as_text=True)
        assert not FORBIDDEN.search(html), url
    assert re.search(r"<title>«\s+café\s»", client.get("/recherche?q=%01caf%C3%A9").get_data(as_text=True))


def test_moderation_page_of_a_highlighted_business_has_unique_ids(app, client, runner, db):
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    app.config["WTF_CSRF_ENABLED"] = True  # the hidden token fields render, as in production
    _sign_in(client, "admin@passerelle-demo.fr")
    business = next(b for b in db.session.scalars(select(Business)) if b.is_highlighted())
    html = client.get(f"/moderation/entreprises/{business.id}").get_data(as_text=True)
    # Verify, highlight, end-highlight and transfer forms (and the sign-out button's): one token each, two notes.
    assert html.count('name="csrf_token"') == 5 and html.count('name="message"') == 2
    duplicates = [id_ for id_, n in Counter(re.findall(r'\sid="([^"]+)"', html)).items() if n > 1]
    assert duplicates == []
    for label_target in re.findall(r'<label for="([^"]+)"', html):
        assert f'id="{label_target}"' in html


def test_address_fields_use_an_autocomplete_token_allowed_on_an_input(client, make_user, login):
    artisan = make_user("artisan")
    login(artisan.email)
    html = client.get("/espace-artisan/entreprises/nouvelle").get_data(as_text=True)
    assert re.search(r'<input autocomplete="address-line1"[^>]*name="address_line"', html)
    assert "street-address" not in html
