"""Diplomas: the certificat de spécialisation replaces the mention complémentaire (MC accepted, stored as CS), the
craft diplomas BTMS, BMA and CTM, the titre professionnel from level 3 to 6, and the migration of MC offers."""
import json

import pytest
from flask_migrate import downgrade, stamp, upgrade
from sqlalchemy import func, select, text

from app.extensions import db
from app.models import Offer
from app.models.search_outbox import SearchOutboxEntry
from app.reference.trades import DIPLOMA_LEVELS, Diploma, default_level
from tests.factories import make_business, make_offer
from tests.search_fixtures import sync

BEFORE, MIGRATION = "d67f5dc827c4", "e4c1a7b9d2f3"  # MC becomes CS: only this data migration runs here
OFFER = {"type": "offer", "external_id": "cma-idf-mc-1", "title": "Apprenti pâtissier – desserts de restaurant",
         "description": "Desserts à l’assiette pour notre salon de thé : pour un titulaire du CAP pâtissier.",
         "trade": "Pâtissier", "diploma": "MC", "contract": "apprentissage", "duration_months": 12,
         "status": "published",
         "business": {"siret": "73282932000074", "name": "Pâtisserie Morel", "postcode": "75011", "commune": "Paris"}}


def test_levels_follow_the_national_framework():
    assert DIPLOMA_LEVELS[Diploma.CS] == (3, 4)
    assert DIPLOMA_LEVELS[Diploma.TITRE_PRO] == (3, 4, 5, 6)  # no titre professionnel of level 7
    assert (default_level("BTMS"), default_level("BMA"), default_level("CTM")) == (5, 4, 3)
    assert Diploma.CS.label == "CS – Certificat de spécialisation"
    assert Diploma.BTMS.label == "BTMS – Brevet technique des métiers supérieur"
    assert Diploma.BMA.label == "BMA – Brevet des métiers d’art"
    assert Diploma.CTM.label == "CTM – Certificat technique des métiers"
    assert "MC" not in {d.value for d in Diploma}


@pytest.mark.parametrize("typed", ["MC", "mc", "Mention complémentaire", "mention complementaire", "CS",
                                   "certificat de specialisation"])
def test_the_former_name_finds_the_certificat_de_specialisation(typed):
    assert Diploma.lookup(typed) is Diploma.CS


def test_unknown_diplomas_stay_unknown():
    assert Diploma.lookup("MCX") is None and Diploma.lookup("") is None


def test_import_accepts_mc_and_stores_cs(runner, tmp_path):
    path = tmp_path / "annonces.jsonl"
    lines = [OFFER, {**OFFER, "external_id": "cma-idf-btms-1", "diploma": "BTMS", "trade": "Pâtissier"},
             {**OFFER, "external_id": "cma-idf-tp7", "diploma": "Titre professionnel", "level": 7}]
    path.write_text("\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    result = runner.invoke(args=["listings", "import", str(path)])
    assert "imported 2, updated 0, rejected 1" in result.output, result.output
    offer = db.session.scalar(select(Offer).filter_by(external_id="cma-idf-mc-1"))
    assert (offer.diploma, offer.level) == (Diploma.CS, 3)
    stored = db.session.execute(text("SELECT diploma FROM listings WHERE id = :id"), {"id": offer.id}).scalar()
    assert stored == "CS"
    btms = db.session.scalar(select(Offer).filter_by(external_id="cma-idf-btms-1"))
    assert (btms.diploma, btms.level) == (Diploma.BTMS, 5)


def test_search_api_takes_mc_for_cs_and_counts_cs(client, make_user):
    offer = make_offer(make_business(make_user("artisan")), "published", diploma="CS", duration_months=12)
    make_offer(offer.business, "published", title="Apprenti boulanger au fournil (H/F)")
    sync()
    for value in ("CS", "MC"):
        response = client.get("/api/v1/search", query_string={"diploma": value})
        assert response.status_code == 200
        body = response.get_json()
        assert [item["id"] for item in body["results"]] == [offer.id]
        assert body["results"][0]["diploma"] == "CS"
    facets = client.get("/api/v1/search").get_json()["facets"]["diploma"]
    assert facets == {"CS": 1, "CAP": 1}


def test_migration_maps_mc_offers_to_cs_and_tells_the_search(client, make_user):
    offer = make_offer(make_business(make_user("artisan")), "published", diploma="CS", duration_months=12)
    offer_id = offer.id
    other = make_offer(offer.business, "published", title="Apprenti boulanger au fournil (H/F)")
    other_id = other.id
    # The database as it was before the migration: an offer of the former mention complémentaire.
    db.session.execute(text("UPDATE listings SET diploma = 'MC' WHERE id = :id"), {"id": offer_id})
    db.session.commit()
    db.session.expunge_all()
    outbox_before = db.session.scalar(select(func.count()).select_from(SearchOutboxEntry))
    stamp(revision=BEFORE)

    upgrade(revision=MIGRATION)

    def stored(table, column, key):
        return db.session.execute(text(f"SELECT diploma FROM {table} WHERE {column} = :key"), {"key": key}).scalar()

    assert stored("listings", "id", offer_id) == "CS"
    assert stored("listings", "id", other_id) == "CAP"  # untouched
    added = db.session.scalars(select(SearchOutboxEntry).order_by(SearchOutboxEntry.id)).all()[outbox_before:]
    assert [(entry.listing_id, entry.kind) for entry in added] == [(offer_id, "offer")]
    # The index follows at the next drain: the migrated offer is found under CS.
    sync()
    assert [item["id"] for item in client.get("/api/v1/search", query_string={"diploma": "CS"})
            .get_json()["results"]] == [offer_id]
    assert db.session.get(Offer, offer_id).diploma is Diploma.CS

    downgrade(revision=BEFORE)
    assert stored("listings", "id", offer_id) == "MC"
    db.session.execute(text("UPDATE listings SET diploma = 'CS' WHERE id = :id"), {"id": offer_id})
    db.session.commit()
