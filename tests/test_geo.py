"""Tests of app.geo: data completeness, lookups, chambers, distances and autocomplete."""
import math

import pytest

from app.geo import (
    CHAMBERS,
    DEPARTEMENTS,
    REGIONS,
    Commune,
    all_communes,
    all_postcodes,
    bounding_box,
    chamber_for_commune,
    communes_for_postcode,
    departement_of_postcode,
    distance_km,
    find_commune,
    get_commune,
    get_departement,
    get_region,
    normalize_name,
    resolve_place,
    search_communes,
)

# Centres known independently of the data (town halls / city centres, rounded).
KNOWN_PLACES = [
    ("75056", "Paris", 48.8566, 2.3522),
    ("75111", "Paris 11e arrondissement", 48.8590, 2.3800),
    ("69123", "Lyon", 45.7640, 4.8357),
    ("69383", "Lyon 3e arrondissement", 45.7597, 4.8590),
    ("13055", "Marseille", 43.2965, 5.3698),
    ("67482", "Strasbourg", 48.5734, 7.7521),
    ("57463", "Metz", 49.1193, 6.1757),
    ("2A004", "Ajaccio", 41.9192, 8.7386),
    ("2B033", "Bastia", 42.6977, 9.4508),
    ("29019", "Brest", 48.3904, -4.4861),
    ("97120", "Pointe-à-Pitre", 16.2411, -61.5331),
    ("97209", "Fort-de-France", 14.6161, -61.0588),
    ("97302", "Cayenne", 4.9224, -52.3135),
    ("97411", "Saint-Denis", -20.8789, 55.4481),
    ("97611", "Mamoudzou", -12.7806, 45.2279),
    ("84050", "Gordes", 43.9117, 5.2003),
    ("05157", "Saint-Véran", 44.7014, 6.8683),
]

# Generous boxes per zone: (min_lat, max_lat, min_lon, max_lon).
ZONES = {
    "971": (15.8, 16.6, -61.9, -61.0), "972": (14.3, 14.95, -61.3, -60.75), "973": (2.0, 5.9, -54.7, -51.5),
    "974": (-21.45, -20.8, 55.2, 55.9), "976": (-13.1, -12.6, 44.95, 45.35),
}
METRO = (41.3, 51.2, -5.3, 9.6)


@pytest.fixture(scope="module")
def communes() -> list[Commune]:
    """Every commune of the data."""
    return list(all_communes())


def test_counts_of_regions_and_departements():
    """101 départements (975 Saint-Pierre-et-Miquelon is left out) in 18 régions."""
    assert len(DEPARTEMENTS) == 101
    assert len(REGIONS) == 18
    assert "975" not in DEPARTEMENTS and get_departement("975") is None
    assert {"2A", "2B", "971", "972", "973", "974", "976"} <= DEPARTEMENTS.keys()
    assert get_departement("2a").name == "Corse-du-Sud"
    assert get_departement(" 1 ").name == "Ain"
    assert get_region("11").name == "Île-de-France"
    assert get_region("1").name == "Guadeloupe"


def test_every_departement_belongs_to_a_region_and_a_chamber():
    """Départements, régions and the 20 chambers agree with each other."""
    for dep in DEPARTEMENTS.values():
        assert dep.region_code in REGIONS
        assert dep.chamber is not None, dep
        assert dep.chamber.region_code == dep.region_code
    covered = {code for chamber in CHAMBERS.values() for code in chamber.departements}
    assert covered == set(DEPARTEMENTS)


def test_every_commune_resolves(communes):
    """Each commune is found by INSEE code, by each postcode and by its name, and lies in its zone."""
    assert len(communes) > 34_800
    for commune in communes:
        assert get_commune(commune.insee) is commune
        assert commune in resolve_place(commune.insee)
        assert commune.postcodes, commune
        assert commune.departement in DEPARTEMENTS
        assert DEPARTEMENTS[commune.departement].region_code == commune.region
        assert chamber_for_commune(commune) is not None
        for postcode in commune.postcodes:
            assert commune in communes_for_postcode(postcode)
            assert find_commune(postcode, commune.name) is commune, (postcode, commune)
        min_lat, max_lat, min_lon, max_lon = ZONES.get(commune.departement, METRO)
        assert min_lat <= commune.lat <= max_lat and min_lon <= commune.lon <= max_lon, commune


def test_every_postcode_resolves():
    """Each postcode gives its communes, most populous first, and its département."""
    postcodes = all_postcodes()
    assert len(postcodes) > 6000
    for postcode in postcodes:
        found = communes_for_postcode(postcode)
        assert found, postcode
        assert [c.population for c in found] == sorted((c.population for c in found), reverse=True)
        assert set(resolve_place(f" {postcode} ")[: len(found)]) == set(found)
        assert find_commune(postcode) is found[0]
        assert departement_of_postcode(postcode) == found[0].departement


@pytest.mark.parametrize(("insee", "name", "lat", "lon"), KNOWN_PLACES)
def test_known_places_are_within_10_km(insee, name, lat, lon):
    """Known centres are within 10 km of the data's point."""
    commune = get_commune(insee)
    assert commune is not None and commune.name == name
    assert distance_km(commune.lat, commune.lon, lat, lon) < 10


def test_postcode_of_paris_and_lyon_arrondissements():
    """75011 gives Paris, then its 11th arrondissement; each one can be chosen by name."""
    found = communes_for_postcode("75011")
    assert [c.insee for c in found[:2]] == ["75056", "75111"]
    assert find_commune("75011", "PARIS").insee == "75056"
    assert find_commune("75011", "Paris 11e").insee == "75111"
    assert find_commune("69003", "Lyon 03").insee == "69383"
    assert [c.insee for c in resolve_place("69003")[:2]] == ["69383", "69123"]  # near=69003: the arrondissement
    assert resolve_place("75011")[0].name == "Paris 11e arrondissement"
    assert resolve_place("13008")[0].name == "Marseille 8e arrondissement"
    assert resolve_place("69123")[0].name == "Lyon"


def test_postcode_with_several_communes_is_sorted_by_population():
    """01400 serves several villages; Châtillon-sur-Chalaronne is the largest."""
    found = communes_for_postcode("01400")
    assert len(found) > 5
    assert found[0].name == "Châtillon-sur-Chalaronne"
    assert [c.population for c in found] == sorted((c.population for c in found), reverse=True)
    assert find_commune("01400").name == "Châtillon-sur-Chalaronne"
    assert find_commune("01400", "l'abergement clemenciat").insee == "01001"


def test_find_commune_ignores_case_accents_hyphens_and_saint():
    """Spelling variants of one name meet."""
    for spelling in ("Saint-Étienne", "ST ETIENNE", "st-étienne", "saint etienne"):
        assert find_commune("42000", spelling).insee == "42218"
    assert find_commune("13001", "marseille").insee == "13055"
    assert find_commune("97400", "Saint Denis").insee == "97411"
    assert find_commune("75011", "Lyon") is None
    # A delegated commune's name gives the commune nouvelle.
    assert find_commune("50100", "Cherbourg-Octeville").name == "Cherbourg-en-Cotentin"


def test_corsican_and_overseas_codes():
    """2A/2B INSEE codes, Corsican and overseas postcodes."""
    assert [c.name for c in resolve_place(" 2a004 ")] == ["Ajaccio"]
    assert [c.name for c in resolve_place("2B033")] == ["Bastia"]
    assert departement_of_postcode("20000") == "2A"
    assert departement_of_postcode("20200") == "2B"
    assert resolve_place("97110")[0].name == "Pointe-à-Pitre"
    assert departement_of_postcode("97600") == "976"
    assert resolve_place("97500") == []  # Saint-Pierre-et-Miquelon is out of scope


@pytest.mark.parametrize(("postcode", "name", "chamber"), [
    ("67000", "Strasbourg", "ALS"), ("57000", "Metz", "MOS"), ("51100", "Reims", "GES"),
    ("75011", "Paris", "IDF"), ("35000", "Rennes", "BRE"), ("20000", "Ajaccio", "COR"),
    ("97600", "Mamoudzou", "MAY"),
])
def test_departement_region_chamber_chain(postcode, name, chamber):
    """Commune → département → région → chamber."""
    commune = find_commune(postcode, name)
    dep = DEPARTEMENTS[commune.departement]
    assert dep.region.code == commune.region
    assert chamber_for_commune(commune).code == chamber == commune.chamber.code
    assert CHAMBERS[chamber].region_code == commune.region


def test_unknown_codes():
    """Unknown or malformed input gives [] or None, never an error."""
    for text in ("00000", "99999", "7501", "750111", "abcde", "", "   ", None):
        assert resolve_place(text) == []
        assert communes_for_postcode(text) == []
        assert get_commune(text) is None
        assert find_commune(text) is None
        assert departement_of_postcode(text) is None
    assert get_departement("99") is None and get_region("99") is None and chamber_for_commune(None) is None


def test_distances():
    """Paris–Lyon ≈ 392 km and Paris–Marseille ≈ 661 km between centres; zero to itself."""
    paris, lyon, marseille = get_commune("75056"), get_commune("69123"), get_commune("13055")
    assert distance_km(paris.lat, paris.lon, lyon.lat, lyon.lon) == pytest.approx(392, abs=5)
    assert distance_km(paris.lat, paris.lon, marseille.lat, marseille.lon) == pytest.approx(661, abs=5)
    assert distance_km(48.8566, 2.3522, 45.7640, 4.8357) == pytest.approx(392, abs=2)
    assert distance_km(paris.lat, paris.lon, paris.lat, paris.lon) == 0


def _destination(lat: float, lon: float, bearing: float, km: float) -> tuple[float, float]:
    """Return the point reached from (lat, lon) along a great circle with this bearing."""
    d, phi, lam, theta = km / 6371.0088, math.radians(lat), math.radians(lon), math.radians(bearing)
    phi2 = math.asin(math.sin(phi) * math.cos(d) + math.cos(phi) * math.sin(d) * math.cos(theta))
    lam2 = lam + math.atan2(math.sin(theta) * math.sin(d) * math.cos(phi), math.cos(d) - math.sin(phi) * math.sin(phi2))
    return math.degrees(phi2), math.degrees(lam2)


@pytest.mark.parametrize(("lat", "lon", "radius"), [(48.8566, 2.3522, 30), (43.3, 5.4, 200), (-20.9, 55.45, 1),
                                                    (64.0, -21.0, 150)])
def test_bounding_box_contains_the_circle(lat, lon, radius):
    """Points at the radius, in every direction, lie inside the box; the box is not much bigger."""
    min_lat, min_lon, max_lat, max_lon = bounding_box(lat, lon, radius)
    for bearing in range(0, 360, 5):
        plat, plon = _destination(lat, lon, bearing, radius * 0.9999)
        assert distance_km(lat, lon, plat, plon) == pytest.approx(radius * 0.9999, rel=1e-6)
        assert min_lat <= plat <= max_lat and min_lon <= plon <= max_lon, bearing
    assert (max_lat - min_lat) * 111.2 == pytest.approx(2 * radius, rel=0.01)


def test_search_communes():
    """Autocomplete by name prefix or postcode prefix, accent-insensitive, most populous first."""
    assert search_communes("saint-étienne")[0].insee == "42218"
    assert search_communes("ST ETIEN")[0].insee == "42218"
    assert search_communes("rochelle")[0].name == "La Rochelle"
    assert search_communes("ajac")[0].name == "Ajaccio"
    assert search_communes("7501")[0].insee == "75056"
    assert {c.insee for c in search_communes("750", limit=50)} >= {"75056", "75111", "75120"}
    results = search_communes("mar", limit=5)
    assert len(results) == 5 and results[0].name == "Marseille"
    assert [c.population for c in results] == sorted((c.population for c in results), reverse=True)
    assert search_communes("") == [] and search_communes("zzzzqq") == []


def test_normalize_name():
    """Case, accents, ligatures and punctuation fold away."""
    assert normalize_name("Saint-Étienne") == "saint etienne"
    assert normalize_name("  L'Haÿ-les-Roses ") == "l hay les roses"
    assert normalize_name("Œuilly") == "oeuilly"
    assert normalize_name(None) == ""


def test_distances_to_many_points_are_the_haversine_of_each():
    import numpy as np

    from app.geo.distance import distances_km
    points = [(45.764, 4.8357), (48.8566, 2.3522), (43.2965, 5.3698), (-21.115, 55.536), (45.764, 4.8357)]
    lats, lons = np.array([p[0] for p in points]), np.array([p[1] for p in points])
    many = distances_km(45.7597, 4.8422, lats, lons)
    assert many.tolist() == pytest.approx([distance_km(45.7597, 4.8422, lat, lon) for lat, lon in points], rel=1e-12)
    assert many[0] == many[-1]  # the same place, the same distance: ties stay ties
