"""The map and the directory's new filters (issue 18 items 3 and 5): points placed from the communes' coordinates
inside their département, keyboard-reachable links with the list as text alternative, « ouvert maintenant »,
verified labels only, the feed of new businesses, and the chamber dashboard's map of départements."""
import re
from datetime import datetime, timedelta, timezone
from xml.etree import ElementTree as ET

from app.core.time import today
from app.extensions import db
from app.geo import get_commune
from app.geo.svgmap import map_data, project
from app.models.label import BusinessLabel, LabelStatus
from app.services.businesses import directory
from tests.factories import make_business
from tests.moderation_fixtures import people, signed_in  # noqa: F401


def _inside(point, path: str) -> bool:
    """Ray casting on the département's outline (relative moves, as the package writes them)."""
    import importlib.util
    import sys
    from pathlib import Path
    script = Path(__file__).resolve().parent.parent / "scripts" / "build_departement_map.py"
    spec = importlib.util.spec_from_file_location("build_departement_map", script)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_departement_map", module)
    spec.loader.exec_module(module)
    x, y = point
    inside = False
    for ring in module.polygons(path):
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
                inside = not inside
    return inside


def test_big_cities_fall_inside_their_departement():
    data = map_data()
    assert len(data["departements"]) == 96 and "CC BY 4.0" in data["source"]
    for insee, departement in (("35238", "35"), ("69123", "69"), ("13055", "13"), ("67482", "67"),
                               ("29019", "29"), ("2A004", "2A"), ("59350", "59")):
        commune = get_commune(insee)
        assert _inside(project(commune.lat, commune.lon), data["departements"][departement]["d"]), commune.name


def test_the_directory_shows_its_businesses_on_a_map_with_links(people, client, make_user):
    reunion = make_business(make_user("artisan"), postcode="97400", name="Atelier de Saint-Denis")
    db.session.commit()
    page = client.get("/entreprises").get_data(as_text=True)
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert f'href="/entreprises/{people.business.slug}"' in svg and 'aria-label="Boulangerie du Thabor, Rennes"' in svg
    assert reunion.slug not in svg and "hors de la carte (outre-mer)" in page and "Atelier de Saint-Denis" in page
    assert "CC BY 4.0" in page


def test_open_now_and_verified_label_filters(people, client, make_user):
    people.business.opening_hours = {str(i): [["00:00", "24:00"]] for i in range(7)}
    closed = make_business(make_user("artisan"), postcode="35000", name="Atelier fermé")
    closed.opening_hours = {}
    db.session.add(BusinessLabel(business=people.business, code="maitre-artisan", status=LabelStatus.VERIFIED,
                                 expires_on=today() + timedelta(days=10)))
    db.session.add(BusinessLabel(business=closed, code="maitre-artisan", status=LabelStatus.DECLARED))
    db.session.commit()
    page = client.get("/entreprises", query_string={"ouvert": "y", "lieu": "35000"}).get_data(as_text=True)
    assert "Boulangerie du Thabor" in page and "Atelier fermé" not in page
    labelled = client.get("/entreprises", query_string={"label": "maitre-artisan"}).get_data(as_text=True)
    assert "Boulangerie du Thabor" in labelled and "Atelier fermé" not in labelled
    night = datetime(2026, 12, 8, 3, 0, tzinfo=timezone.utc)
    people.business.opening_hours = {"1": [["09:00", "18:00"]]}
    db.session.commit()
    assert directory.search(open_at=night).total == 0


def test_the_feed_lists_new_businesses_newest_first(people, client, make_user):
    make_business(make_user("artisan"), postcode="69003", name="Tout nouvel atelier")
    db.session.commit()
    response = client.get("/entreprises/nouvelles.atom")
    assert response.mimetype == "application/atom+xml"
    titles = [e.text for e in ET.fromstring(response.data).iter("{http://www.w3.org/2005/Atom}title")]
    assert titles[1] == "Tout nouvel atelier" and "Boulangerie du Thabor" in titles


def test_the_chamber_dashboard_has_a_map_of_its_departements(people, signed_in):
    page = signed_in(people.staff).get("/moderation/tableau-de-bord").get_data(as_text=True)
    assert "Entreprises par département" in page and re.search(r"Ille-et-Vilaine \(35\)</th><td[^>]*>1<", page)
    assert 'class="shade-4"' in page  # Ille-et-Vilaine has the territory's most businesses
