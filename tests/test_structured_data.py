"""JSON-LD of the public pages, checked strictly: JobPosting (what is required before, direct application, the legal
minimum as baseSalary, an HTML description), the schema.org type of each trade, the storefront's hours, telephone and
images, /robots.txt and /sitemap.xml."""
import json
import re
from datetime import date
from xml.etree import ElementTree as ET

import pytest

from app.extensions import db
from app.models.storefront import BusinessClosure, BusinessPhoto
from app.reference.law import minimum_monthly_pay
from app.reference.trades import TRADES
from app.services.listings.lifecycle import transition
from app.web.listings.jsonld import business_type
from tests.factories import make_business, make_offer, make_project

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# The schema.org LocalBusiness subtypes a trade may name (https://schema.org/LocalBusiness, « More specific Types »).
LOCAL_BUSINESS_TYPES = {
    "LocalBusiness", "Store", "Bakery", "IceCreamShop", "FoodEstablishment", "HairSalon", "BeautySalon", "Florist",
    "Plumber", "Electrician", "GeneralContractor", "RoofingContractor", "HousePainter", "Locksmith", "AutoRepair",
    "AutoBodyShop", "MotorcycleRepair", "FurnitureStore", "JewelryStore", "MusicStore",
}


def jsonld_of(response) -> dict:
    """The single JSON-LD block of a page, parsed."""
    assert response.status_code == 200
    blocks = JSONLD.findall(response.text)
    assert len(blocks) == 1
    return json.loads(blocks[0])


@pytest.fixture
def owner(make_user):
    return make_user("artisan")


def published(listing, make_user):
    """Publish a submitted listing as the chamber's staff."""
    return transition(listing, "publish", make_user("staff", chamber_code="IDF"))


def test_job_posting_types_salary_and_direct_application(client, make_user, owner):
    offer = published(make_offer(make_business(owner), "submitted", weekly_hours=35), make_user)
    data = jsonld_of(client.get(offer.public_path))
    assert data["@context"] == "https://schema.org" and data["@type"] == "JobPosting"
    assert data["directApply"] is True
    salary = data["baseSalary"]
    assert salary == {"@type": "MonetaryAmount", "currency": "EUR",
                      "value": {"@type": "QuantitativeValue", "value": salary["value"]["value"],
                                "unitText": "MONTH"}}
    # The youngest apprentice (16, band « moins de 18 ans ») in the first year: 27 % of the SMIC in force.
    assert salary["value"]["value"] == float(minimum_monthly_pay(16, 1, "apprentissage"))
    assert isinstance(salary["value"]["value"], float) and salary["value"]["value"] > 400
    assert data["hiringOrganization"]["@type"] == "Organization"
    assert data["jobLocation"]["@type"] == "Place" and data["jobLocation"]["address"]["@type"] == "PostalAddress"
    assert data["occupationalCategory"] == "D1102 Boulanger"
    assert data["employmentType"] == "FULL_TIME"


def test_salary_in_mayotte_uses_its_own_smic(client, make_user, owner):
    business = make_business(owner, postcode="97600")
    assert business.departement == "976"
    offer = transition(make_offer(business, "submitted"), "publish", make_user("admin"))
    value = jsonld_of(client.get(offer.public_path))["baseSalary"]["value"]["value"]
    assert value == float(minimum_monthly_pay(16, 1, "apprentissage", departement="976"))
    assert value < float(minimum_monthly_pay(16, 1, "apprentissage"))


def test_professionnalisation_salary_uses_its_own_grid(client, make_user, owner):
    offer = published(make_offer(make_business(owner), "submitted", contract="professionnalisation",
                                 duration_months=12), make_user)
    value = jsonld_of(client.get(offer.public_path))["baseSalary"]["value"]["value"]
    assert value == float(minimum_monthly_pay(16, 1, "professionnalisation"))
    assert value > float(minimum_monthly_pay(16, 1, "apprentissage"))


def test_education_requirements_say_what_is_required_before(client, make_user, owner):
    business = make_business(owner)
    cap = published(make_offer(business, "submitted"), make_user)
    assert "educationRequirements" not in jsonld_of(client.get(cap.public_path))  # a CAP needs no diploma before
    bp = published(make_offer(business, "submitted", diploma="BP", title="Apprenti boulanger en BP (H/F)"),
                   make_user)
    data = jsonld_of(client.get(bp.public_path))
    required = data["educationRequirements"]
    assert required["@type"] == "EducationalOccupationalCredential"
    assert required["credentialCategory"] == "professional certificate"
    assert "CAP" in required["name"] and required["educationalLevel"] == "Niveau 3 (CAP)"
    # The diploma prepared is told in the description, not as a requirement.
    assert "BP – Brevet professionnel" not in json.dumps(required, ensure_ascii=False)
    assert "Diplôme préparé en alternance : BP – Brevet professionnel (niveau 4).</p>" in data["description"]
    bts = published(make_offer(business, "submitted", diploma="BTS", title="Apprenti pâtissier en BTS (H/F)"),
                    make_user)
    required = jsonld_of(client.get(bts.public_path))["educationRequirements"]
    assert required["credentialCategory"] == "high school" and required["educationalLevel"] == "Niveau 4 (bac)"
    cs = published(make_offer(business, "submitted", diploma="CS", level=4, duration_months=12,
                              title="Apprenti pâtissier en CS (H/F)"), make_user)
    assert jsonld_of(client.get(cs.public_path))["educationRequirements"]["educationalLevel"] == "Niveau 4 (bac)"


def test_description_is_escaped_html_with_paragraphs_and_line_breaks(client, make_user, owner):
    text = "Fournil au levain <b>bio</b> & viennoiseries.\nHoraires : 6 h – 13 h.\n\nVous apprenez le métier."
    offer = published(make_offer(make_business(owner), "submitted", description=text), make_user)
    response = client.get(offer.public_path)
    assert "<b>bio</b>" not in response.text
    description = jsonld_of(response)["description"]
    assert description.startswith("<p>Fournil au levain &lt;b&gt;bio&lt;/b&gt; &amp; viennoiseries.<br>"
                                  "Horaires : 6 h – 13 h.</p><p>Vous apprenez le métier.</p>")


@pytest.mark.parametrize("trades, expected", [
    (["boulanger"], "Bakery"), (["coiffeur"], "HairSalon"), (["plombier-chauffagiste"], "Plumber"),
    (["electricien"], "Electrician"), (["estheticien"], "BeautySalon"), (["fleuriste"], "Florist"),
    (["mecanicien-automobile"], "AutoRepair"), (["peintre-en-batiment"], "HousePainter"),
    (["couvreur"], "RoofingContractor"), (["serrurier-metallier"], "Locksmith"), (["macon"], "GeneralContractor"),
    (["relieur"], "LocalBusiness"), ([], "LocalBusiness"),
])
def test_business_page_has_the_schema_type_of_its_trade(client, owner, trades, expected):
    business = make_business(owner, trades=trades)
    data = jsonld_of(client.get(f"/entreprises/{business.slug}"))
    assert data["@type"] == expected and data["@context"] == "https://schema.org"
    assert data["address"]["@type"] == "PostalAddress"


def test_every_trade_names_a_local_business_type():
    assert {trade.schema_type for trade in TRADES} <= LOCAL_BUSINESS_TYPES


def test_business_type_takes_the_first_known_trade():
    class Business:
        trades = ["inconnu", "fleuriste", "boulanger"]

    assert business_type(Business()) == "Florist"


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    lines = response.text.splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /espace-artisan" in lines and "Disallow: /moderation" in lines
    assert not any(line.startswith("Disallow: /offres") or line.startswith("Disallow: /entreprises")
                   for line in lines)
    assert any(re.fullmatch(r"Sitemap: https?://\S+/sitemap\.xml", line) for line in lines)


def test_sitemap_lists_every_public_listing_and_business_page_only(client, make_user, owner):
    business = make_business(owner, name="Boulangerie Dupont")
    offer = published(make_offer(business, "submitted"), make_user)
    project = published(make_project(business, "submitted"), make_user)
    draft = make_offer(business, "draft", title="Brouillon caché du fournil (H/F)")
    imported = make_business(None, name="Atelier importé", postcode="35250")
    unconfirmed = make_user("artisan", confirmed=False)
    hidden_business = make_business(unconfirmed, name="Atelier pas encore confirmé")
    hidden_offer = make_offer(hidden_business, "published", title="Offre d’un compte non confirmé (H/F)")

    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{SITEMAP}urlset"
    urls = [url.findtext(f"{SITEMAP}loc") for url in root.findall(f"{SITEMAP}url")]
    paths = {re.sub(r"^https?://[^/]+", "", url) for url in urls}
    assert {"/", offer.public_path, project.public_path, f"/entreprises/{business.slug}",
            f"/entreprises/{imported.slug}"} == paths
    assert draft.public_path not in paths and hidden_offer.public_path not in paths
    assert f"/entreprises/{hidden_business.slug}" not in paths
    for url in root.findall(f"{SITEMAP}url")[1:]:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", url.findtext(f"{SITEMAP}lastmod"))
    for path in paths:  # every page listed answers
        assert client.get(path).status_code == 200


def test_beyond_the_limit_the_sitemap_becomes_an_index(client, make_user, owner, monkeypatch):
    business = make_business(owner)
    offers = [published(make_offer(business, "submitted", title=f"Apprenti boulanger numéro {n} (H/F)"), make_user)
              for n in range(3)]
    monkeypatch.setattr("app.web.feeds.sitemap.MAX_URLS", 2)  # home + 3 offers + 1 business = 5 addresses
    root = ET.fromstring(client.get("/sitemap.xml").data)
    assert root.tag == f"{SITEMAP}sitemapindex"
    parts = [re.sub(r"^https?://[^/]+", "", loc.text) for loc in root.iter(f"{SITEMAP}loc")]
    assert parts == ["/sitemap-1.xml", "/sitemap-2.xml", "/sitemap-3.xml"]
    found = []
    for part in parts:
        urlset = ET.fromstring(client.get(part).data)
        assert urlset.tag == f"{SITEMAP}urlset" and len(urlset) <= 2
        found += [re.sub(r"^https?://[^/]+", "", loc.text) for loc in urlset.iter(f"{SITEMAP}loc")]
    assert sorted(found) == sorted(["/", f"/entreprises/{business.slug}", *(o.public_path for o in offers)])
    assert client.get("/sitemap-4.xml").status_code == 404
    monkeypatch.setattr("app.web.feeds.sitemap.MAX_URLS", 50_000)
    assert client.get("/sitemap-1.xml").status_code == 404  # no parts when one sitemap is enough


# --- storefront (issue 18): LocalBusiness with hours, telephone and images, checked property by property ------------

SCHEMA_DAYS = {f"https://schema.org/{day}" for day in
               ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")}
HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def test_storefront_local_business_is_valid_schema_org(client, owner):
    business = make_business(owner, trades=["boulanger"], name="Fournil du Marché")
    business.public_phone, business.areas_served = "01 43 55 12 34", "Paris 11e et 12e"
    business.opening_hours = {"0": [["07:00", "13:30"], ["15:30", "20:00"]], "6": [["07:30", "24:00"]]}
    db.session.add(BusinessPhoto(business=business, image_name="a" * 32 + ".webp", alt="Le fournil"))
    db.session.add(BusinessClosure(business=business, starts_on=date(2027, 8, 1), ends_on=date(2027, 8, 21)))
    db.session.commit()
    data = jsonld_of(client.get(f"/entreprises/{business.slug}"))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Bakery"
    assert data["telephone"] == "01 43 55 12 34" and data["areaServed"] == "Paris 11e et 12e"
    assert data["image"] == [f"http://127.0.0.1:5000/medias/{'a' * 32}.webp"]
    specs = data["openingHoursSpecification"]
    weekly = [s for s in specs if "dayOfWeek" in s]
    assert len(weekly) == 3 and all(s["@type"] == "OpeningHoursSpecification" for s in specs)
    assert all(s["dayOfWeek"] in SCHEMA_DAYS and HHMM.match(s["opens"]) and HHMM.match(s["closes"]) for s in weekly)
    assert {"opens": "07:30", "closes": "23:59"}.items() <= weekly[-1].items()  # 24:00 is not an ISO time of day
    closure = next(s for s in specs if "validFrom" in s)
    assert (closure["validFrom"], closure["validThrough"], closure["opens"], closure["closes"]) == \
        ("2027-08-01", "2027-08-21", "00:00", "00:00")  # schema.org's way of saying « closed these days »
    assert set(data) <= {"@context", "@type", "name", "url", "address", "description", "sameAs", "image",
                         "identifier", "telephone", "openingHoursSpecification", "areaServed", "geo"}
