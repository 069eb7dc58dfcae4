"""Staff read names, not numbers: the journal names listings and businesses, the sign-in history names devices."""
import pytest

from app.core.devices import device_fr
from app.services.listings.lifecycle import transition
from app.services.moderation import audit
from app.services.training import profiles
from tests.factories import make_offer
from tests.moderation_fixtures import people, signed_in  # noqa: F401


def test_the_journal_names_the_listing_it_is_about(people, signed_in):
    offer = make_offer(people.business, "submitted", title="Apprenti ébéniste en atelier")
    transition(offer, "request_changes", people.staff, message="Ajoutez la durée du contrat.")
    journal = signed_in(people.staff).get("/moderation/journal").get_data(as_text=True)
    assert "Apprenti ébéniste en atelier</a>" in journal and "Annonce n°" not in journal


@pytest.mark.parametrize("user_agent, label", [
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile "
     "Safari/537.36", "Chrome sur Android"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.5 Mobile/15E148 Safari/604.1", "Safari sur iOS"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox sur Windows"),
    ("", "Appareil inconnu"), (None, "Appareil inconnu"), ("Werkzeug/3.0", "Appareil inconnu"),
])
def test_a_user_agent_reads_as_a_browser_and_a_system(user_agent, label):
    assert device_fr(user_agent) == label


def test_the_sign_in_history_shows_the_device_not_the_raw_header(client, make_user, login):
    user = make_user("apprentice")
    client.environ_base["HTTP_USER_AGENT"] = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, "
                                              "like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36")
    login(user.email)
    page = client.get("/compte/donnees").get_data(as_text=True)
    assert "Chrome sur Android" in page and "AppleWebKit" not in page


def test_the_journal_reads_each_decision_in_french_and_an_unlabelled_action_is_refused(people, signed_in):
    profiles.save_profile(people.business, people.owner, trades=["boulanger"], diplomas=["CAP"],
                          mentor_first_name="Paul", mentor_role="chef boulanger", places=1)
    profiles.verify(profiles.profile_of(people.business), people.staff)
    journal = signed_in(people.staff).get("/moderation/journal").get_data(as_text=True)
    assert "Entreprise formatrice vérifiée" in journal and "training.verify" not in journal
    with pytest.raises(ValueError):
        audit.record("training.unknown", people.staff, "business", people.business.id)
