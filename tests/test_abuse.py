"""Abuse and trust (issue #12): throw-away accounts and one network cannot hide a listing by reports (item 1);
nothing of an owned business is public before its owner confirmed their e-mail address (item 2)."""
import re
from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import select

from app.core.time import utcnow
from app.extensions import db
from app.models.business import Business
from app.models.listing_states import ListingStatus
from app.models.user import User
from app.search import SearchRequest
from app.search.fallback import sql_search
from app.services.moderation import reports
from tests.factories import make_business, make_offer, make_siret
from tests.moderation_fixtures import PASSWORD, people, signed_in  # noqa: F401
from tests.search_fixtures import sync
from tests.test_artisan_pages import business_data
from tests.test_reports import veterans

S = ListingStatus


def _client(app, ip: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = ip
    return client


def _throw_away_account(app, n: int, ip: str):
    """An account signed up through the form from `ip` and never confirmed, signed in from there."""
    client = _client(app, ip)
    email = f"jetable{n}@exemple.fr"
    assert client.post("/inscription", data={
        "role": "apprentice", "display_name": f"Jetable {n}", "email": email, "password": PASSWORD,
        "password_confirm": PASSWORD, "accept_terms": "y"}).status_code == 302
    assert client.post("/connexion", data={"email": email, "password": PASSWORD}).status_code == 302
    assert not db.session.scalar(select(User).filter_by(email=email)).email_confirmed
    return client


def _report(client, listing):
    return client.post(f"/annonces/{listing.id}/signaler", data={"reason": "scam", "comment": "Arnaque."})


def _staff_mails(mailbox, people):
    return [mail["Subject"] for mail in mailbox() if mail["To"] == people.staff.email]


def test_three_unconfirmed_accounts_from_one_address_neither_hide_nor_raise_a_listing(app, people, signed_in,
                                                                                      mailbox):
    offer = make_offer(people.business, "published", title="Offre visée")
    for n in range(3):
        assert _report(_throw_away_account(app, n, "203.0.113.7"), offer).status_code == 302
    db.session.refresh(offer)
    assert offer.status == S.PUBLISHED and app.test_client().get(offer.public_path).status_code == 200
    assert reports.open_reporters(offer) == 1 and reports.trusted_reporters(offer) == 0
    queue = signed_in(people.staff).get("/moderation/signalements").get_data(as_text=True)
    assert "Offre visée" in queue and "Prioritaire" not in queue
    assert _staff_mails(mailbox, people) == []


def test_throw_away_accounts_from_three_networks_put_the_listing_first_and_tell_staff_once(app, people, signed_in,
                                                                                          mailbox):
    older = make_offer(people.business, "published", title="Signalée il y a longtemps")
    reports.create_report(older, None, "198.51.100.1", "inaccurate", now=utcnow() - timedelta(days=3))
    offer = make_offer(people.business, "published", title="Signalée de partout")
    for n, ip in enumerate(("203.0.113.7", "198.51.100.9", "192.0.2.44")):
        _report(_throw_away_account(app, n, ip), offer)
    db.session.refresh(offer)
    assert offer.status == S.PUBLISHED  # still online: no established account reported it
    queue = signed_in(people.staff).get("/moderation/signalements").get_data(as_text=True)
    assert queue.index("Signalée de partout") < queue.index("Signalée il y a longtemps")
    assert queue.count("Prioritaire") == 1 and queue.index("Prioritaire") < queue.index("Signalée il y a longtemps")
    assert _staff_mails(mailbox, people) == ["Annonce signalée à examiner en priorité : Signalée de partout"]
    _report(_client(app, "100.64.9.9"), offer)  # a fourth network: staff already know
    assert len(_staff_mails(mailbox, people)) == 1
    mail = next(m for m in mailbox() if m["To"] == people.staff.email)
    assert f"/moderation/annonces/{offer.id}" in mail.get_content() and "en tête de votre liste" in mail.get_content()


def test_established_accounts_from_one_network_count_once(app, people, make_user):
    offer = make_offer(people.business, "published")
    for n, reporter in enumerate(veterans(make_user, 3)):
        reports.create_report(offer, reporter, f"203.0.113.{n + 1}", "scam")
    assert offer.status == S.PUBLISHED and reports.trusted_reporters(offer) == 1


def test_confirmed_but_young_accounts_do_not_hide(app, people, make_user):
    offer = make_offer(people.business, "published")
    for n in range(3):
        reports.create_report(offer, make_user("apprentice"), f"10.{n}.0.1", "scam")
    assert offer.status == S.PUBLISHED and reports.trusted_reporters(offer) == 0 and reports.open_reporters(offer) == 3
    assert reports.trusted_reporters(offer, now=utcnow() + timedelta(days=8)) == 3


def test_the_minimum_age_and_the_threshold_are_settings(app, people, make_user):
    app.config["REPORTS_MIN_ACCOUNT_AGE_DAYS"] = 0
    app.config["REPORTS_HIDE_THRESHOLD"] = 2
    offer = make_offer(people.business, "published")
    reports.create_report(offer, make_user("apprentice"), "10.0.0.1", "scam")
    reports.create_report(offer, make_user("apprentice"), "10.1.0.1", "scam")
    assert offer.status == S.SUSPENDED


def test_network_keys_group_an_ipv4_slash_24_and_an_ipv6_slash_64(app):
    key = reports.network_key
    assert key("192.0.2.1") == key("192.0.2.254") != key("192.0.3.1")
    assert key("2001:db8:1:2::1") == key("2001:db8:1:2:ffff::9") != key("2001:db8:1:3::1")
    assert key("::ffff:192.0.2.9") == key("192.0.2.1")
    assert key(None) == key("pas une adresse") and key("192.0.2.1").startswith("net:")
    assert "192.0.2" not in key("192.0.2.1")


# --- item 2: nothing public of an owned business before its owner confirmed their address -----------------------

def _visible_everywhere(visitor, business, offer) -> dict[str, bool]:
    """Where a visitor sees the business or its published offer."""
    found = visitor.get("/api/v1/search?q=boulanger").get_json()["results"]
    return {
        "page": visitor.get(f"/entreprises/{business.slug}").status_code == 200,
        "directory": business.name in visitor.get("/entreprises").get_data(as_text=True),
        "home": business.name in visitor.get("/").get_data(as_text=True),
        "offer": visitor.get(offer.public_path).status_code == 200,
        "api": visitor.get(f"/api/v1/offers/{offer.id}").status_code == 200,
        "search": f'href="{offer.public_path}"' in visitor.get("/recherche?q=boulanger").get_data(as_text=True),
        "api_search": any(hit["id"] == offer.id for hit in found),
        "sql_search": any(hit.listing.id == offer.id for hit in sql_search(SearchRequest(q="boulanger")).items),
        "report": visitor.get(f"/annonces/{offer.id}/signaler").status_code == 200,
    }


def test_an_unconfirmed_artisan_has_nothing_public_until_the_address_is_confirmed(app, client, mailbox):
    client.post("/inscription", data={"role": "artisan", "display_name": "Usurpateur", "email": "faux@exemple.fr",
                                      "password": PASSWORD, "password_confirm": PASSWORD, "accept_terms": "y"})
    [confirmation] = mailbox()
    client.post("/connexion", data={"email": "faux@exemple.fr", "password": PASSWORD})
    response = client.post("/espace-artisan/entreprises/nouvelle",
                           data=business_data(name="Boulangerie Usurpée", siret=make_siret()))
    assert response.status_code == 302
    business = db.session.scalar(select(Business).filter_by(name="Boulangerie Usurpée"))
    business.highlighted = True
    db.session.commit()
    offer = make_offer(business, "published", title="Apprenti boulanger chez l’usurpateur")
    sync()
    visitor = app.test_client()
    hidden = _visible_everywhere(visitor, business, offer)
    assert not any(hidden.values()), hidden
    assert client.get(f"/entreprises/{business.slug}").status_code == 200  # the owner sees their own page
    assert client.get(offer.public_path).status_code == 200
    path = urlsplit(re.search(r"https?://\S+/confirmer/\S+", confirmation.get_content()).group(0)).path
    assert client.get(path).status_code == 302
    shown = _visible_everywhere(visitor, business, offer)
    assert all(shown.values()), shown


def test_the_staff_of_the_territory_see_an_unconfirmed_owners_business(app, make_user, signed_in):
    owner = make_user("artisan", confirmed=False)
    business = make_business(owner, postcode="35000", commune="Rennes", name="Atelier pas confirmé")
    staff, other = make_user("staff", chamber_code="BRE"), make_user("staff", chamber_code="IDF")
    assert signed_in(staff).get(f"/entreprises/{business.slug}").status_code == 200
    assert signed_in(other).get(f"/entreprises/{business.slug}").status_code == 404
    assert app.test_client().get(f"/entreprises/{business.slug}").status_code == 404


def test_an_imported_business_without_owner_stays_public(app):
    business = make_business(None, postcode="35000", commune="Rennes", name="Atelier importé")
    assert app.test_client().get(f"/entreprises/{business.slug}").status_code == 200
    assert "Atelier importé" in app.test_client().get("/entreprises").get_data(as_text=True)


def test_the_search_index_holds_an_unconfirmed_owners_listing_only_once_confirmed(app, client, mailbox, make_user):
    owner = make_user("artisan", email="pas-encore@exemple.fr", confirmed=False)
    offer = make_offer(make_business(owner, postcode="35000", commune="Rennes"), "published",
                       title="Apprenti boulanger à Rennes")
    sync()
    answer = client.get("/api/v1/search?q=boulanger").get_json()
    assert answer["total"] == 0 and answer["results"] == [] and not answer["facets"].get("type")
    client.post("/connexion", data={"email": owner.email, "password": PASSWORD})
    client.post("/confirmer/renvoyer")
    path = urlsplit(re.search(r"https?://\S+/confirmer/\S+", mailbox()[-1].get_content()).group(0)).path
    client.get(path)
    sync()
    answer = client.get("/api/v1/search?q=boulanger").get_json()
    assert answer["total"] == 1 and [hit["id"] for hit in answer["results"]] == [offer.id]
