"""The Atom feed answers with ETag and Last-Modified, and 304 to a reader whose copy is current."""
from app.models.listing_states import ListingStatus
from tests.search_fixtures import artisan, place, sync  # noqa: F401


def test_an_unchanged_feed_answers_304(client, place):
    place("69003", title="Apprenti boulanger", days_ago=3)
    sync()
    first = client.get("/recherche.atom?q=boulanger")
    assert first.status_code == 200 and first.headers["ETag"] and first.headers["Last-Modified"]
    again = client.get("/recherche.atom?q=boulanger", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    since = client.get("/recherche.atom?q=boulanger", headers={"If-Modified-Since": first.headers["Last-Modified"]})
    assert since.status_code == 304


def test_a_new_listing_changes_the_feed(client, place):
    place("69003", title="Apprenti boulanger", days_ago=3)
    sync()
    first = client.get("/recherche.atom?q=boulanger")
    place("69003", title="Boulanger confirmé", days_ago=1)
    sync()
    changed = client.get("/recherche.atom?q=boulanger", headers={"If-None-Match": first.headers["ETag"],
                                                                 "If-Modified-Since": first.headers["Last-Modified"]})
    assert changed.status_code == 200 and "Boulanger confirmé" in changed.get_data(as_text=True)
    assert changed.headers["ETag"] != first.headers["ETag"]


def test_the_last_modified_date_is_the_newest_entry(client, place):
    listing = place("69003", title="Apprenti boulanger", days_ago=3)
    newest = max(listing.published_at, listing.updated_at).replace(microsecond=0)
    place("69003", status=ListingStatus.DRAFT, title="Boulanger brouillon")  # later, but not in the feed
    sync()
    assert client.get("/recherche.atom").last_modified == newest
