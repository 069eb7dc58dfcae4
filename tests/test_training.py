"""Training businesses, spontaneous applications (caps included, two requests at once) and favourites, over HTTP."""
import json
import re
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import create_app
from app.core.errors import NotAllowed
from app.core.time import utcnow
from app.extensions import db as _db
from app.models import Listing, Offer
from app.models.application_states import ApplicationStatus, Party
from app.models.conversation import Message, Side, Thread
from app.models.mail import OutgoingMail
from app.models.training import Favourite, SpontaneousApplication, TrainingProfile
from app.services.training import finder, profiles, spontaneous
from config import TestingConfig
from tests.application_factories import PASSWORD, apply_to, make_artisan_offer, make_candidate, sign_in
from tests.conftest import IsolatedClient
from tests.factories import make_business

PROFILE = {"trades": ["patissier"], "diplomas": ["CAP", "BP"], "mentor_first_name": "Claire",
           "mentor_role": "cheffe pâtissière", "places": 2}
UNREAD_ONE = 'badge-new">1<span class="visually-hidden"> message non lu'
MESSAGE = "Bonjour, je veux apprendre la pâtisserie et je suis disponible dès septembre."


def training_business(make_user, postcode="69003", name="Pâtisserie des Canuts", **fields):
    """An artisan and their training business (pâtissier, CAP and BP)."""
    artisan = make_user("artisan")
    business = make_business(artisan, postcode=postcode, name=name)
    profiles.save_profile(business, artisan, **{**PROFILE, **fields})
    return artisan, business


def young(make_user, **fields):
    """Léa, an apprentice who wants to become a pâtissière, with a CV."""
    return make_candidate(make_user, trades=["patissier"], postcode="69007", **fields)


def plain(response) -> str:
    """The page's text with the typography's non-breaking spaces made plain."""
    return response.get_data(as_text=True).replace("\u00a0", " ").replace("\u202f", " ")


def count(model, **where) -> int:
    return _db.session.scalar(select(func.count()).select_from(model).filter_by(**where))


def thread_messages(application) -> list[Message]:
    """The messages of a spontaneous application's shared thread, oldest first."""
    return list(_db.session.scalars(select(Message).join(Thread).where(Thread.spontaneous_id == application.id)
                                    .order_by(Message.id)))


def send_http(client, business, **data):
    form = {"trade": "patissier", "diploma": "CAP", "start_from": "", "message": MESSAGE, **data}
    slug = business if isinstance(business, str) else business.slug
    return client.post(f"/entreprises/{slug}/candidature-spontanee", data=form)


def test_the_artisan_fills_the_training_profile_and_the_page_shows_it(app, make_user):
    artisan = make_user("artisan")
    business = make_business(artisan, postcode="69003", name="Pâtisserie des Canuts")
    client = sign_in(app, artisan)
    url = f"/espace-artisan/entreprises/{business.id}/formation"
    refused = client.post(url, data={"mentor_first_name": "", "places": "0"})
    assert refused.status_code == 422
    assert "Choisissez au moins un métier" in plain(refused) and "nombre de places entre 1 et 20" in plain(refused)
    saved = client.post(url, data={"trades": ["patissier"], "diplomas": ["CAP"], "mentor_first_name": "Claire",
                                   "mentor_role": "gérante", "places": "2", "accepting": "y"})
    assert saved.status_code == 302
    page = plain(app.test_client().get(f"/entreprises/{business.slug}"))
    assert "Entreprise formatrice" in page and "Claire, gérante" in page and "Pâtissier" in page
    assert "Envoyer une candidature spontanée" in page
    assert "accueil-apprentis" in _db.session.get(type(business), business.id).commitments


def test_someone_else_cannot_edit_the_training_profile(app, make_user):
    _, business = training_business(make_user)
    other = sign_in(app, make_user("artisan"))
    assert other.get(f"/espace-artisan/entreprises/{business.id}/formation").status_code == 403
    assert other.get("/espace-artisan/entreprises/999999/formation").status_code == 404


def test_finder_lists_patissiers_within_30_km_of_lyon_nearest_first(app, make_user):
    training_business(make_user, postcode="69003", name="Pâtisserie des Canuts")
    training_business(make_user, postcode="69100", name="Douceurs de Villeurbanne")
    training_business(make_user, postcode="75011", name="Pâtisserie parisienne")
    training_business(make_user, postcode="69002", name="Boulangerie Bellecour", trades=["boulanger"])
    page = app.test_client().get("/entreprises-formatrices?metier=patissier&lieu=69003&rayon=30")
    assert page.status_code == 200
    text = plain(page)
    assert "Pâtisserie des Canuts" in text and "Douceurs de Villeurbanne" in text
    assert "Pâtisserie parisienne" not in text and "Boulangerie Bellecour" not in text
    assert text.index("Pâtisserie des Canuts") < text.index("Douceurs de Villeurbanne")
    assert "à moins de 30 km" in text
    bad = app.test_client().get("/entreprises-formatrices?lieu=00000")
    assert bad.status_code == 200 and "Aucun lieu ne correspond" in plain(bad)


def test_finder_hides_paused_businesses(app, make_user):
    training_business(make_user, accepting=False)
    assert finder.find(trade="patissier") == []


def test_a_spontaneous_application_is_answered_then_turned_into_an_offer(app, make_user):
    artisan, business = training_business(make_user)
    candidate = young(make_user)
    client = sign_in(app, candidate)
    assert client.get(f"/entreprises/{business.slug}/candidature-spontanee").status_code == 200
    sent = send_http(client, business)
    assert sent.status_code == 302
    application = _db.session.scalars(select(SpontaneousApplication)).one()
    assert application.status == ApplicationStatus.RECEIVED and application.cv is not None

    owner = sign_in(app, artisan)
    cv = owner.get(f"/espace-artisan/candidatures-spontanees/{application.id}/cv")
    assert cv.status_code == 200 and cv.data.startswith(b"%PDF")
    assert client.get(f"/espace-artisan/candidatures-spontanees/{application.id}/cv").status_code == 403
    inbox = plain(owner.get("/espace-artisan/candidatures-spontanees"))
    assert "Pâtissier" in inbox and "Reçue" in inbox
    thread_url = f"/espace-artisan/candidatures-spontanees/{application.id}"
    answer = owner.post(thread_url, data={"body": "Bonjour Léa, passez nous voir mardi à 10 h."},
                        follow_redirects=True)
    assert "Message envoyé" in plain(answer)
    mine = plain(client.get(f"/candidatures-spontanees/{application.id}"))
    assert "passez nous voir mardi" in mine and "Consultée" in mine

    form = owner.get(f"{thread_url}/offre")
    assert form.status_code == 200 and '<option selected value="patissier">' in plain(form)
    token = re.search(r'name="form_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="form_token"', plain(form))
    token = token.group(1) or token.group(2)
    created = owner.post(f"{thread_url}/offre", data={
        "form_token": token, "title": "Apprenti pâtissier (H/F) – CAP Pâtissier",
        "description": "Laboratoire artisanal à Lyon : entremets, viennoiseries et chocolat, de saison.",
        "trade": "patissier", "diploma": "CAP", "contract": "apprentissage", "asap": "y",
        "duration_months": "24", "weekly_hours": "35", "positions": "1"})
    assert created.status_code == 302, plain(created)[:2000]
    offer = _db.session.scalars(select(Offer)).one()
    assert offer.business_id == business.id and offer.trade == "patissier"
    assert _db.session.get(SpontaneousApplication, application.id).offer_id == offer.id
    assert "a préparé une offre à partir de votre candidature" in plain(client.get(
        f"/candidatures-spontanees/{application.id}"))


def test_others_cannot_see_a_spontaneous_application(app, make_user):
    artisan, business = training_business(make_user)
    application = spontaneous.send(business, young(make_user), trade="patissier", diploma="CAP", start_from=None,
                                   message=MESSAGE)
    stranger = sign_in(app, young(make_user))
    assert stranger.get(f"/candidatures-spontanees/{application.id}").status_code == 404
    other_artisan = sign_in(app, make_user("artisan"))
    assert other_artisan.get(f"/espace-artisan/candidatures-spontanees/{application.id}").status_code == 404
    assert other_artisan.post(f"/espace-artisan/candidatures-spontanees/{application.id}/statut/declined"
                              ).status_code == 404
    assert other_artisan.get("/espace-artisan/candidatures-spontanees/999999").status_code == 404


def test_one_per_business_per_three_months(app, make_user):
    _, business = training_business(make_user)
    candidate = young(make_user)
    client = sign_in(app, candidate)
    assert send_http(client, business).status_code == 302
    again = send_http(client, business)
    assert again.status_code == 422 and "il y a moins de trois mois" in plain(again)
    assert count(SpontaneousApplication) == 1
    later = utcnow() + timedelta(days=92)
    assert spontaneous.send(business, candidate, trade="patissier", diploma="CAP", start_from=None,
                            message=MESSAGE, now=later)
    assert count(SpontaneousApplication) == 2


def test_a_few_per_day(app, make_user):
    app.config["SPONTANEOUS_DAILY_CAP"] = 2
    candidate = young(make_user)
    client = sign_in(app, candidate)
    businesses = [training_business(make_user, postcode="69003", name=f"Atelier {n}")[1] for n in range(3)]
    assert [send_http(client, b).status_code for b in businesses[:2]] == [302, 302]
    third = send_http(client, businesses[2])
    assert third.status_code == 422 and "c’est le maximum" in plain(third)
    tomorrow = utcnow() + timedelta(days=1)
    assert spontaneous.send(businesses[2], candidate, trade="patissier", diploma="CAP", start_from=None,
                            message=MESSAGE, now=tomorrow)


def test_a_paused_business_receives_nothing(app, make_user):
    _, business = training_business(make_user, accepting=False)
    client = sign_in(app, young(make_user))
    page = client.get(f"/entreprises/{business.slug}/candidature-spontanee")
    assert "ne reçoit pas de candidatures spontanées" in plain(page)
    refused = send_http(client, business)
    assert refused.status_code == 422 and count(SpontaneousApplication) == 0


def test_only_apprentices_apply_and_fields_are_checked(app, make_user):
    artisan, business = training_business(make_user)
    assert sign_in(app, make_user("partner")).get(
        f"/entreprises/{business.slug}/candidature-spontanee").status_code == 403
    with pytest.raises(NotAllowed):
        spontaneous.send(business, artisan, trade="patissier", diploma="CAP", start_from=None, message=MESSAGE)
    client = sign_in(app, young(make_user))
    refused = send_http(client, business, trade="", diploma="XX", message="court")
    assert refused.status_code == 422
    assert "Choisissez le métier" in plain(refused) and "20 caractères au moins" in plain(refused)
    assert "court" in plain(refused)  # the input is kept


@pytest.fixture
def threaded_app(tmp_path):
    """An app whose database accepts connections from several threads (a file for SQLite)."""

    class Config(TestingConfig):
        INSTANCE_DIR = tmp_path
        MAIL_FILE_DIR = str(tmp_path / "mail")
        UPLOAD_DIR = str(tmp_path / "uploads")
        SEARCH_INDEX_DIR = str(tmp_path / "search-index")
        if TestingConfig.SQLALCHEMY_DATABASE_URI == "sqlite://":
            SQLALCHEMY_DATABASE_URI = f"sqlite:///{tmp_path / 'threads.db'}"

    app = create_app(Config)
    app.test_client_class = IsolatedClient
    with app.app_context():
        _db.create_all()
        yield app
        _db.session.remove()
        _db.drop_all()


def _race(threaded_app, monkeypatch, clients, businesses):
    """Post two spontaneous applications at once, both past the early check; return the status codes."""
    barrier = threading.Barrier(2, timeout=10)

    real, calls = spontaneous.recent_application, []

    def both_pass_the_check(business, candidate, now=None):
        if len(calls) >= 2:  # the loser's second look, after the database refused it
            return real(business, candidate, now)
        calls.append(1)
        barrier.wait()
        return None

    monkeypatch.setattr(spontaneous, "recent_application", both_pass_the_check)
    codes = []

    def post(client, business):
        try:
            codes.append(send_http(client, business).status_code)
        except Exception as error:  # anything else would be a 500
            codes.append(repr(error))

    threads = [threading.Thread(target=post, args=(c, b)) for c, b in zip(clients, businesses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return sorted(codes, key=str)


def _accounts(threaded_app, n_businesses):
    from app.services.accounts.users import create_account

    counter = {"n": 0}

    def make_user(role, email=None, **kw):
        counter["n"] += 1
        return create_account(email=email or f"{role}{counter['n']}@exemple.fr",
                              password="correct horse battery staple", role=role, confirmed=True)

    businesses = [training_business(make_user, name=f"Atelier {n}")[1] for n in range(n_businesses)]
    candidate = young(make_user)
    return candidate, businesses


def test_two_requests_at_once_to_the_same_business_make_one_application(threaded_app, monkeypatch):
    candidate, (business,) = _accounts(threaded_app, 1)
    clients = [sign_in(threaded_app, candidate) for _ in range(2)]
    slug = business.slug
    _db.session.remove()
    assert _race(threaded_app, monkeypatch, clients, [slug, slug]) == [302, 422]
    assert count(SpontaneousApplication) == 1


def test_two_requests_at_once_cannot_pass_the_daily_cap(threaded_app, monkeypatch):
    threaded_app.config["SPONTANEOUS_DAILY_CAP"] = 1
    candidate, businesses = _accounts(threaded_app, 2)
    clients = [sign_in(threaded_app, candidate) for _ in range(2)]
    slugs = [business.slug for business in businesses]
    _db.session.remove()
    assert _race(threaded_app, monkeypatch, clients, slugs) == [302, 422]
    assert count(SpontaneousApplication) == 1


def test_chamber_verifies_and_sees_counts_without_names(app, make_user):
    _, business = training_business(make_user)
    spontaneous.send(business, young(make_user, first_name="Léonie"), trade="patissier", diploma="CAP",
                     start_from=None, message=MESSAGE)
    staff = sign_in(app, make_user("staff", chamber_code="ARA"))
    page = staff.get("/moderation/entreprises-formatrices")
    assert page.status_code == 200 and "Pâtissier" in plain(page) and "Léonie" not in plain(page)
    profile = _db.session.scalars(select(TrainingProfile)).one()
    verified = staff.post(f"/moderation/entreprises-formatrices/{profile.id}/verifier", follow_redirects=True)
    assert "vérifiée jusqu’au" in plain(verified)
    profile = _db.session.get(TrainingProfile, profile.id)
    assert profile.verified_until - profile.verified_at == timedelta(days=730)
    assert "Entreprise formatrice vérifiée" in plain(app.test_client().get(f"/entreprises/{business.slug}"))
    elsewhere = sign_in(app, make_user("staff", chamber_code="IDF"))
    assert elsewhere.post(f"/moderation/entreprises-formatrices/{profile.id}/verifier").status_code == 403


def test_marks_expiring_soon_are_listed(app, make_user):
    staff = make_user("staff", chamber_code="ARA")
    _, business = training_business(make_user)
    profile = profiles.profile_of(business)
    profiles.verify(profile, staff, now=utcnow() - timedelta(days=700))
    assert profiles.expiring(staff) == [profile]
    assert "expire" in plain(sign_in(app, staff).get("/moderation/entreprises-formatrices"))


def test_favourites_and_already_applied(app, make_user):
    artisan, offer = make_artisan_offer(make_user)
    candidate = make_candidate(make_user)
    client = sign_in(app, candidate)
    page = plain(client.get(offer.public_path))
    assert "Garder en favori" in page and "Déjà postulé" not in page
    kept = client.post(f"/favoris/{offer.id}", data={"next": offer.public_path}, follow_redirects=True)
    assert "Annonce ajoutée à vos favoris" in plain(kept) and "Retirer des favoris" in plain(kept)
    assert count(Favourite) == 1
    apply_to(offer, candidate)
    page = plain(client.get(offer.public_path))
    assert "Déjà postulé · Reçue" in page and "Postuler à cette offre" not in page
    favourites_page = plain(client.get("/favoris"))
    assert offer.title.split(" (")[0] in favourites_page and "Déjà postulé" in favourites_page
    listing = _db.session.get(Listing, offer.id)
    from app.services.listings.lifecycle import transition
    transition(listing, "fill", artisan)
    assert "Cette offre est pourvue" in plain(client.get("/favoris"))
    dropped = client.post(f"/favoris/{offer.id}", data={}, follow_redirects=True)
    assert "retirée de vos favoris" in plain(dropped) and count(Favourite) == 0


def test_favourites_are_for_young_people_and_partners(app, make_user):
    _, offer = make_artisan_offer(make_user)
    artisan = sign_in(app, make_user("artisan"))
    assert artisan.get("/favoris").status_code == 404
    assert artisan.post(f"/favoris/{offer.id}").status_code == 404
    anonymous = app.test_client().get("/favoris")
    assert anonymous.status_code == 302 and "/connexion" in anonymous.headers["Location"]
    partner = sign_in(app, make_user("partner"))
    assert partner.post("/favoris/999999").status_code == 404
    assert partner.post(f"/favoris/{offer.id}").status_code == 302 and count(Favourite) == 1


def test_the_export_holds_spontaneous_applications_and_favourites(app, make_user):
    _, business = training_business(make_user)
    _, offer = make_artisan_offer(make_user)
    lea = young(make_user)
    application = spontaneous.send(business, lea, trade="patissier", diploma="CAP", start_from=None,
                                   message=MESSAGE)
    client = sign_in(app, lea)
    client.post(f"/favoris/{offer.id}")
    url = f"/candidatures-spontanees/{application.id}"
    token = re.search(r'name="form_token" value="([^"]+)"', client.get(url).get_data(as_text=True))[1]
    assert client.post(url, data={"body": "Je peux venir lundi.", "form_token": token}).status_code == 302
    data = json.loads(client.post("/compte/donnees/telecharger").get_data(as_text=True))
    assert [(m["about"], m["body"]) for m in data["messages"]] == [("spontaneous", "Je peux venir lundi.")]
    assert data["spontaneous_applications"][0]["entreprise"] == "Pâtisserie des Canuts"
    assert data["spontaneous_applications"][0]["message"] == MESSAGE
    assert data["favourites"][0]["annonce"] == offer.title


def test_account_deletion_erases_spontaneous_applications_and_favourites(app, make_user):
    artisan, business = training_business(make_user)
    _, offer = make_artisan_offer(make_user)
    lea = young(make_user)
    application = spontaneous.send(business, lea, trade="patissier", diploma="CAP", start_from=None,
                                   message=MESSAGE)
    client = sign_in(app, lea)
    client.post(f"/favoris/{offer.id}")
    assert client.post("/compte/donnees/supprimer", data={"password": PASSWORD, "confirm": "y"}).status_code == 302
    kept = _db.session.get(SpontaneousApplication, application.id)
    assert kept.message == "" and kept.cv_file_id is None and kept.anonymised_at is not None
    assert all(message.body == "" and message.erased_at is not None for message in thread_messages(kept)
               if message.side == Side.APPLICANT)
    assert count(Favourite) == 0
    owner = sign_in(app, artisan)
    assert owner.get(f"/espace-artisan/candidatures-spontanees/{application.id}").status_code == 404
    assert MESSAGE not in plain(owner.get("/espace-artisan/candidatures-spontanees"))


def test_for_you_shows_matching_offers_and_training_businesses_with_why(app, make_user):
    from tests.search_fixtures import sync
    artisan = make_user("artisan")
    near = make_business(artisan, postcode="69003", name="Pâtisserie Part-Dieu")
    far = make_business(artisan, postcode="75011", name="Pâtisserie Oberkampf")
    from tests.factories import make_offer
    make_offer(near, "published", title="Apprenti pâtissier (H/F) – CAP Pâtissier", trade="patissier")
    make_offer(far, "published", title="Apprenti pâtissier à Paris (H/F)", trade="patissier")
    make_offer(near, "published", title="Apprenti boulanger (H/F) – CAP Boulanger", trade="boulanger")
    sync()
    training_business(make_user, postcode="69100", name="Douceurs de Villeurbanne")
    lea = young(make_user, diploma="CAP", travel_radius_km=30)
    home = plain(sign_in(app, lea).get("/"))
    assert "Pour vous" in home
    assert "Apprenti pâtissier (H/F) – CAP Pâtissier" in home and "à Paris" not in home
    assert "Apprenti boulanger" not in home
    assert "Douceurs de Villeurbanne" in home and "Pourquoi : Forme en Pâtissier, CAP" in home
    assert "Pourquoi : Métier Pâtissier, CAP · à" in home and "vous allez jusqu’à 30 km" in home


def test_for_you_says_what_to_add_to_the_profile(app, make_user):
    no_profile = plain(sign_in(app, make_user("apprentice")).get("/"))
    assert "Pour vous" in no_profile and "(métier, diplôme, code postal et distance)" in no_profile
    no_trade = plain(sign_in(app, make_candidate(make_user, trades=[])).get("/"))
    assert "le métier que vous voulez apprendre" in no_trade
    assert "Pour vous" not in plain(app.test_client().get("/"))


def test_the_directory_filters_and_marks_training_businesses(app, make_user):
    training_business(make_user, name="Pâtisserie des Canuts")
    make_business(make_user("artisan"), postcode="69003", name="Cordonnerie du Rhône")
    everyone = plain(app.test_client().get("/entreprises?lieu=69003"))
    assert "Cordonnerie du Rhône" in everyone and "Entreprise formatrice" in everyone
    training = plain(app.test_client().get("/entreprises?lieu=69003&formatrice=y"))
    assert "Pâtisserie des Canuts" in training and "Cordonnerie du Rhône" not in training


def test_the_artisan_and_the_young_person_are_mailed_without_the_message(app, make_user):
    def mails_to(user):
        return list(_db.session.scalars(select(OutgoingMail).where(OutgoingMail.to == user.email)
                                        .order_by(OutgoingMail.id)))

    artisan, business = training_business(make_user)
    candidate = young(make_user)
    client = sign_in(app, candidate)
    send_http(client, business)
    [received] = mails_to(artisan)
    application = _db.session.scalars(select(SpontaneousApplication)).one()
    assert received.subject == "Candidature spontanée : Pâtissier"
    assert f"/espace-artisan/candidatures-spontanees/{application.id}" in received.body_text
    assert MESSAGE not in received.body_text  # the message stays on the site

    owner = sign_in(app, artisan)
    thread_url = f"/espace-artisan/candidatures-spontanees/{application.id}"
    owner.post(thread_url, data={"body": "Bonjour Léa, passez nous voir mardi."})
    owner.post(thread_url, data={"body": "Et apportez vos photos."})
    [answered] = mails_to(candidate)  # the first answer is mailed, later ones only notified on the site
    assert "Pâtisserie des Canuts a répondu" in answered.body_text and "passez nous voir" not in answered.body_text
    assert f"/candidatures-spontanees/{application.id}" in answered.body_text


def test_the_thread_is_the_shared_one_counted_unread_sent_once_and_closed_when_withdrawn(app, make_user):
    artisan, business = training_business(make_user)
    lea = young(make_user)
    application = spontaneous.send(business, lea, trade="patissier", diploma="CAP", start_from=None,
                                   message=MESSAGE)
    owner = sign_in(app, artisan)
    owner_url = f"/espace-artisan/candidatures-spontanees/{application.id}"
    page = plain(owner.get(owner_url))
    assert MESSAGE in page and "Aucun échange pour l’instant" in page
    token = re.search(r'name="form_token" value="([^"]+)"', page)[1]
    assert owner.post(owner_url, data={"body": "Bonjour Léa, venez mardi.", "form_token": token}).status_code == 302
    twice = owner.post(owner_url, data={"body": "Bonjour Léa, venez mardi.", "form_token": token},
                       follow_redirects=True)
    assert "déjà envoyé" in plain(twice)
    assert [m.body for m in thread_messages(application)] == ["Bonjour Léa, venez mardi."]
    empty = owner.post(owner_url, data={"body": "   "})
    assert empty.status_code == 422 and "Le message est vide" in plain(empty)

    client = sign_in(app, lea)
    mine = plain(client.get("/candidatures-spontanees"))
    assert UNREAD_ONE in mine and 'nav-counter">1<' in mine
    candidate_url = f"/candidatures-spontanees/{application.id}"
    assert "1 nouveau message depuis votre dernière visite" in plain(client.get(candidate_url))
    assert "badge-new" not in plain(client.get("/candidatures-spontanees"))  # read once opened
    assert client.post(candidate_url, data={"body": "Merci, à mardi !"}).status_code == 302
    assert UNREAD_ONE in plain(owner.get("/espace-artisan/candidatures-spontanees"))

    assert client.post(f"{candidate_url}/statut/withdrawn").status_code == 302
    closed = client.post(candidate_url, data={"body": "Encore un mot"})
    assert closed.status_code == 409 and "retirée : la conversation est close" in plain(closed)
    assert "Statut de la candidature : Retirée." in plain(owner.get(owner_url))


def test_message_notices_come_from_flask_messages_notify_and_the_first_answer_is_not_mailed_twice(
        app, runner, make_user, mailbox):
    artisan, business = training_business(make_user)
    lea = young(make_user)
    application = spontaneous.send(business, lea, trade="patissier", diploma="CAP", start_from=None,
                                   message=MESSAGE)
    def notices():
        runner.invoke(args=["messages", "notify"])
        runner.invoke(args=["mail", "send"])
        return [mail for mail in mailbox() if mail["Subject"].startswith("Nouveau message concernant")]

    sign_in(app, artisan).post(f"/espace-artisan/candidatures-spontanees/{application.id}",
                               data={"body": "Bonjour Léa, venez mardi."})
    assert notices() == []  # the first answer has its own e-mail
    to_lea = [mail for mail in mailbox() if mail["To"] == lea.email]
    assert len(to_lea) == 1 and "a répondu" in to_lea[0].get_body(preferencelist=("plain",)).get_content()
    sign_in(app, lea).post(f"/candidatures-spontanees/{application.id}", data={"body": "Une précision sur mes dates."})
    [notice] = notices()
    assert notice["To"] == artisan.email and "candidature spontanée" in notice["Subject"]
    assert "Une précision" not in notice.get_body(preferencelist=("plain",)).get_content()


def test_a_reported_spontaneous_message_reaches_the_chambers_reported_messages(app, make_user):
    artisan, business = training_business(make_user)  # Lyon: the Auvergne-Rhône-Alpes chamber
    lea = young(make_user)
    application = spontaneous.send(business, lea, trade="patissier", diploma="CAP", start_from=None,
                                   message=MESSAGE)
    abuse = spontaneous.post(application, Side.OWNER, "Un message déplacé à signaler.", author=artisan)
    client = sign_in(app, lea)
    assert f"/messages/{abuse.id}/signaler" in plain(client.get(f"/candidatures-spontanees/{application.id}"))
    reported = client.post(f"/messages/{abuse.id}/signaler", data={"comment": "Propos déplacés"})
    assert reported.headers["Location"].endswith(f"/candidatures-spontanees/{application.id}#message-{abuse.id}")
    queue = plain(sign_in(app, make_user("staff", chamber_code="ARA")).get("/moderation/messages-signales"))
    assert "Un message déplacé à signaler." in queue and "Propos déplacés" in queue and MESSAGE not in queue
    elsewhere = plain(sign_in(app, make_user("staff", chamber_code="IDF")).get("/moderation/messages-signales"))
    assert "Un message déplacé à signaler." not in elsewhere


def test_a_business_whose_owner_cannot_sign_in_is_not_sent_anything(app, make_user):
    artisan, business = training_business(make_user)
    artisan.is_active_account = False
    _db.session.commit()
    client = sign_in(app, young(make_user))
    page = plain(client.get(f"/entreprises/{business.slug}/candidature-spontanee"))
    assert "pas encore joignable par Passerelle. Rien n’a été envoyé." in page
    refused = send_http(client, business)
    assert refused.status_code == 422 and "pas encore joignable par Passerelle" in plain(refused)
    assert count(SpontaneousApplication) == 0


def test_the_purge_erases_spontaneous_applications_three_months_after_they_ended(app, runner, make_user):
    artisan, business = training_business(make_user)
    lea = young(make_user)
    declined = spontaneous.send(business, lea, trade="patissier", diploma="CAP", start_from=None, message=MESSAGE)
    spontaneous.post(declined, Side.APPLICANT, "Je reste joignable au 06 12 34 56 78.", author=lea)
    spontaneous.post(declined, Side.OWNER, "Merci, nous avons déjà un apprenti.", author=artisan)
    spontaneous.move(declined, artisan, Party.OWNER, "declined")
    _, other = training_business(make_user, name="Douceurs de Villeurbanne")
    open_one = spontaneous.send(other, lea, trade="patissier", diploma="CAP", start_from=None, message=MESSAGE)
    cv_name = declined.cv.stored_name

    soon = runner.invoke(args=["purge", "--now", (utcnow() + timedelta(days=80)).isoformat()])
    assert "Candidatures spontanées anonymisées : 0" in soon.output
    later = runner.invoke(args=["purge", "--now", (utcnow() + timedelta(days=100)).isoformat()])
    assert "Candidatures spontanées anonymisées : 1" in later.output, later.output
    _db.session.expire_all()
    erased = _db.session.get(SpontaneousApplication, declined.id)
    assert erased.anonymised_at is not None and erased.message == "" and erased.cv is None
    bodies = {m.side: m.body for m in thread_messages(erased) if m.side != Side.PLATFORM}
    assert bodies == {Side.APPLICANT: "", Side.OWNER: "Merci, nous avons déjà un apprenti."}
    kept = _db.session.get(SpontaneousApplication, open_one.id)
    assert kept.anonymised_at is None and kept.message == MESSAGE
    assert kept.cv is not None and kept.cv.stored_name == cv_name  # the profile's CV, still used
