"""`flask listings import FILE`: the JSON Lines format, messages and exit codes of CONTRACT.md."""
import json
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from app.core.time import utcnow
from app.extensions import db
from app.models import Business, Listing, Offer, Project
from app.models.listing_states import ListingStatus
from app.services.listings.lifecycle import transition

BUSINESS = {"siret": "73282932000074", "name": "Boulangerie Dupont", "postcode": "75011", "commune": "Paris",
            "highlighted": True, "labels": ["circuit-court"]}
OFFER = {"type": "offer", "external_id": "cma-idf-000123", "title": "Apprenti boulanger (H/F) – CAP Boulanger",
         "description": "Fournil au levain dans le 11e : vous apprendrez le pain, les viennoiseries et le snacking.",
         "trade": "Boulanger", "diploma": "CAP", "contract": "apprentissage", "start_date": "2027-09-01",
         "duration_months": 24, "positions": 1, "status": "published",
         "published_at": "2026-11-20T09:00:00+01:00", "business": BUSINESS}
PROJECT = {"type": "project", "external_id": "cma-idf-p-0042", "title": "Buffet en chêne et céramique",
           "description": "Un buffet en chêne de nos forêts avec des poignées en céramique : cherchons designer.",
           "trade": "Ébéniste", "partner_types": ["designer", "laboratoire"], "status": "published",
           "business": {**BUSINESS, "siret": "40000777907777", "name": "Atelier Bois", "postcode": "35250",
                        "commune": None, "highlighted": False, "labels": []}}


@pytest.fixture
def run_import(runner, tmp_path):
    """Write lines (dicts are dumped as JSON) to a file and run the command on it."""

    def _run(*lines):
        path = tmp_path / "annonces.jsonl"
        path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)
                                  for line in lines) + "\n", encoding="utf-8")
        return runner.invoke(args=["listings", "import", str(path)])

    return _run


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_good_lines_are_imported(run_import):
    result = run_import(OFFER, PROJECT)
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "imported 2, updated 0, rejected 0"

    offer = db.session.scalar(select(Offer).filter_by(external_id="cma-idf-000123"))
    assert (offer.trade, offer.diploma, offer.level, offer.contract) == ("boulanger", "CAP", 3, "apprentissage")
    assert offer.start_date.isoformat() == "2027-09-01" and offer.duration_months == 24
    assert offer.status == ListingStatus.PUBLISHED
    assert offer.published_at == datetime(2026, 11, 20, 8, 0, tzinfo=timezone.utc)
    assert offer.expires_at > utcnow() + timedelta(days=59)
    assert offer.departement == "75"

    business = offer.business
    assert business.owner is None  # unclaimed until an artisan is attached
    assert (business.commune_name, business.highlighted, business.commitments) == ("Paris", True, ["circuit-court"])

    project = db.session.scalar(select(Project).filter_by(external_id="cma-idf-p-0042"))
    assert project.trade == "ebeniste" and project.partner_types == ["designer", "laboratoire"]
    assert project.business.commune_name == "Saint-Aubin-d'Aubigné"  # most populous commune of 35250
    assert project.published_at is not None


def test_reimporting_updates_instead_of_duplicating(run_import):
    run_import(OFFER, PROJECT)
    changed = {**OFFER, "title": "Apprentie ou apprenti boulanger", "trade": "BOULANGER",
               "business": {**BUSINESS, "name": "Boulangerie Dupont & fils"}}
    result = run_import(changed, PROJECT)
    assert result.exit_code == 0
    assert result.output.strip().splitlines()[-1] == "imported 0, updated 2, rejected 0"
    assert _count(Listing) == 2 and _count(Business) == 2
    offer = db.session.scalar(select(Offer).filter_by(external_id="cma-idf-000123"))
    assert offer.title == "Apprentie ou apprenti boulanger" and offer.business.name == "Boulangerie Dupont & fils"


def test_defaults_status_and_trade_matching(run_import):
    line = {**OFFER, "trade": "ebeniste", "external_id": "x-1", "diploma": "bac pro", "start_date": None}
    del line["status"], line["published_at"], line["contract"]
    assert run_import(line).exit_code == 0
    offer = db.session.scalar(select(Offer).filter_by(external_id="x-1"))
    assert (offer.trade, offer.diploma, offer.level) == ("ebeniste", "Bac pro", 4)
    assert offer.status == ListingStatus.SUBMITTED and offer.submitted_at is not None
    assert offer.start_date is None and offer.contract == "apprentissage"


BAD_LINES = [
    ('{"type": "offer", ', "JSON invalide"),
    ("[1, 2]", "objet JSON"),
    ({**OFFER, "title": ""}, "champ obligatoire manquant : title"),
    ({k: v for k, v in OFFER.items() if k != "business"}, "champ obligatoire manquant : business"),
    ({k: v for k, v in OFFER.items() if k != "trade"}, "champ obligatoire manquant : trade"),
    ({k: v for k, v in OFFER.items() if k != "external_id"}, "champ obligatoire manquant : external_id"),
    ({**OFFER, "type": "job"}, "type inconnu"),
    ({**OFFER, "trade": "Astronaute"}, "Métier inconnu : « Astronaute »"),
    ({**OFFER, "diploma": "Licence"}, "Diplôme : valeur inconnue « Licence »"),
    ({**OFFER, "contract": "intérim"}, "Contrat : valeur inconnue"),
    ({**OFFER, "status": "archived"}, "statut inconnu : « archived »"),
    ({**OFFER, "start_date": "1er septembre"}, "Date de début"),
    ({**OFFER, "duration_months": 48}, "Durée (mois) : 36 mois au plus ; jusqu’à 48 mois"),
    ({**OFFER, "description": "Trop court."}, "Description : 30 caractères au moins"),
    ({**OFFER, "published_at": "hier"}, "published_at"),
    ({**OFFER, "business": {**BUSINESS, "siret": "73282932000075"}}, "business.siret : Ce numéro SIRET n’est pas"),
    ({**OFFER, "business": {**BUSINESS, "siret": "1234"}}, "business.siret : Le numéro SIRET doit comporter 14"),
    ({**OFFER, "business": {**BUSINESS, "postcode": "99999"}}, "business.postcode : Code postal inconnu : « 99999 »"),
    ({**OFFER, "business": {**BUSINESS, "commune": "Lyon"}},
     "business.commune : La commune « Lyon » ne correspond pas"),
    ({**OFFER, "business": {**BUSINESS, "labels": ["bio-washing"]}},
     "business.labels : label inconnu « bio-washing »"),
    ({**PROJECT, "partner_types": ["astrologue"]}, "Type de partenaire : valeur inconnue"),
]


@pytest.mark.parametrize("line, reason", BAD_LINES)
def test_each_bad_line_is_reported_and_skipped(run_import, line, reason):
    good = {**PROJECT, "external_id": "ok-1"}
    result = run_import(good, "", line)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("line 3: ") and reason in lines[0], lines[0]
    assert lines[-1] == "imported 1, updated 0, rejected 1"
    assert _count(Listing) == 1
    assert _count(Business) == 1  # the bad line left nothing behind


def test_an_external_id_keeps_its_type(run_import):
    run_import(OFFER)
    result = run_import({**PROJECT, "external_id": OFFER["external_id"]})
    assert result.exit_code == 1 and "line 1: external_id" in result.output


def test_a_file_of_several_errors_reports_each_with_its_line_number(run_import):
    result = run_import({**OFFER, "trade": "?"}, OFFER, "pas du json", {**PROJECT, "type": None})
    assert result.output.strip().splitlines() == [
        "line 1: Métier inconnu : « ? »",
        "line 3: JSON invalide (colonne 1)",
        "line 4: champ obligatoire manquant : type",
        "imported 1, updated 0, rejected 3",
    ]
    assert result.exit_code == 1


def test_imported_listings_of_unclaimed_businesses_are_moderated_by_their_chamber(run_import, make_user):
    run_import({**OFFER, "status": "submitted"})
    offer = db.session.scalar(select(Offer).filter_by(external_id="cma-idf-000123"))
    transition(offer, "publish", make_user("staff", chamber_code="IDF"))
    assert offer.status == ListingStatus.PUBLISHED


def test_a_reimport_does_not_undo_a_decision_taken_in_passerelle(run_import, make_user):
    run_import(OFFER)
    offer = db.session.scalar(select(Offer).filter_by(external_id="cma-idf-000123"))
    transition(offer, "suspend", make_user("staff", chamber_code="IDF"), reason="reported")
    run_import({**OFFER, "title": "Apprenti boulanger, nouvelle version"})
    assert offer.status == ListingStatus.SUSPENDED and offer.title == "Apprenti boulanger, nouvelle version"


def test_a_claimed_business_keeps_the_profile_written_by_its_owner(run_import, make_user):
    from tests.factories import make_business

    owner = make_user("artisan")
    business = make_business(owner, siret="73282932000074", name="Ma boulangerie", postcode="75011")
    run_import(OFFER)
    assert business.name == "Ma boulangerie" and business.highlighted is True
    assert business.listings[0].external_id == "cma-idf-000123"
