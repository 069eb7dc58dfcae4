"""Paris, Lyon and Marseille postcodes resolve to their arrondissement: distances start there and the page says so."""
from tests.search_fixtures import artisan, place, sync  # noqa: F401


def test_near_a_paris_postcode_measures_from_its_arrondissement(client, place):
    bakery = place("75011", commune="Paris 11e arrondissement", title="Apprenti boulanger (H/F)")
    sync()
    answer = client.get("/api/v1/search", query_string={"near": "75011"}).get_json()
    assert [item["id"] for item in answer["results"]] == [bakery.id]
    assert answer["results"][0]["distance_km"] < 0.5
    page = client.get("/recherche", query_string={"near": "75011"}).get_data(as_text=True)
    assert "km de Paris 11e arrondissement" in page
