"""Business verification (SIRET, Répertoire des métiers) and highlighting with an end date; the badge."""
from datetime import date, timedelta

import pytest

from app.core.errors import NotAllowed, Refused
from app.extensions import db
from app.models.moderation import BusinessCheck
from app.services.moderation import review as moderation
from tests.moderation_fixtures import people, signed_in  # noqa: F401

BADGE = "Entreprise locale et responsable</span>"


def _rm(business):
    return f"{business.siret[:3]} {business.siret[3:6]} {business.siret[6:9]} RM 35"


def _verify(client, business, **data):
    return client.post(f"/moderation/entreprises/{business.id}/verification",
                       data={"rm_number": _rm(business), "siret_checked": "y", **data})


def _highlight(client, business, until, commitments=("circuit-court", "savoir-faire")):
    return client.post(f"/moderation/entreprises/{business.id}/mise-en-avant",
                       data={"commitments": list(commitments), "until": until.isoformat() if until else ""})


def test_staff_verify_a_business_of_their_territory(people, signed_in):
    staff = signed_in(people.staff)
    assert _verify(staff, people.business).status_code == 302
    db.session.refresh(people.business)
    assert people.business.is_verified and people.business.verified_by_id == people.staff.id
    check = db.session.get(BusinessCheck, people.business.id)
    assert check.rm_number == _rm(people.business) and check.siret_checked


@pytest.mark.parametrize("data, message", [
    ({"rm_number": ""}, "Indiquez le numéro d’immatriculation"),
    ({"rm_number": "123 456 789 RM 35"}, "reprend le SIREN"),
    ({"siret_checked": ""}, "Confirmez que le SIRET a été vérifié"),
])
def test_verification_needs_the_rm_number_and_the_siret_check(people, signed_in, data, message):
    response = _verify(signed_in(people.staff), people.business, **data)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    db.session.refresh(people.business)
    assert not people.business.is_verified


def test_highlighting_needs_a_verified_business_commitments_and_an_end_date(people, signed_in, mailbox):
    staff, business = signed_in(people.staff), people.business
    in_a_year = date.today() + timedelta(days=365)
    response = _highlight(staff, business, in_a_year)
    assert response.status_code == 422 and "Vérifiez d’abord l’entreprise" in response.get_data(as_text=True)
    _verify(staff, business)
    for until, commitments, message in [
        (None, ("circuit-court",), "Indiquez la date de fin"),
        (date.today(), ("circuit-court",), "dans le futur"),
        (date.today() + timedelta(days=800), ("circuit-court",), "deux ans au plus"),
        (in_a_year, (), "au moins un engagement"),
    ]:
        response = _highlight(staff, business, until, commitments)
        assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert _highlight(staff, business, in_a_year).status_code == 302
    db.session.refresh(business)
    assert business.is_highlighted() and business.highlighted_until == in_a_year
    assert business.highlighted_commitments == ["circuit-court", "savoir-faire"]
    assert "mise en avant" in mailbox()[-1]["Subject"] and mailbox()[-1]["To"] == people.owner.email


def test_other_chamber_staff_cannot_verify_or_highlight(people, signed_in):
    idf = signed_in(people.other_staff)
    assert idf.get(f"/moderation/entreprises/{people.business.id}").status_code == 403
    assert _verify(idf, people.business).status_code == 403
    assert _highlight(idf, people.business, date.today() + timedelta(days=30)).status_code == 403
    assert idf.post(f"/moderation/entreprises/{people.business.id}/fin-mise-en-avant").status_code == 403
    assert idf.get("/moderation/entreprises/999999").status_code == 404
    with pytest.raises(NotAllowed):
        moderation.highlight(people.business, people.other_staff, date.today() + timedelta(days=30),
                             ["circuit-court"])


def test_the_badge_shows_while_the_highlight_lasts(app, people):
    business = people.business
    moderation.verify(business, people.staff, _rm(business), True)
    moderation.highlight(business, people.staff, date.today() + timedelta(days=30), ["circuit-court"])
    visitor = app.test_client()
    assert BADGE in visitor.get("/entreprises").get_data(as_text=True)
    home = visitor.get("/").get_data(as_text=True)
    assert BADGE in home and "Boulangerie du Thabor" in home

    business.highlighted_until = date.today() - timedelta(days=1)  # the end date has passed
    db.session.commit()
    assert not business.is_highlighted()
    assert business.is_highlighted(date.today() - timedelta(days=2))
    assert BADGE not in visitor.get("/entreprises").get_data(as_text=True)
    assert "Boulangerie du Thabor" not in visitor.get("/").get_data(as_text=True)


def test_staff_end_a_highlight(people, signed_in):
    business = people.business
    moderation.verify(business, people.staff, _rm(business), True)
    moderation.highlight(business, people.staff, date.today() + timedelta(days=30), ["circuit-court"])
    assert signed_in(people.staff).post(f"/moderation/entreprises/{business.id}/fin-mise-en-avant",
                                        data={"message": "Engagement non tenu."}).status_code == 302
    db.session.refresh(business)
    assert not business.is_highlighted() and business.highlighted_commitments == []


def test_the_service_refuses_a_highlight_without_end_date(people):
    moderation.verify(people.business, people.staff, _rm(people.business), True)
    with pytest.raises(Refused) as refused:
        moderation.highlight(people.business, people.staff, None, ["circuit-court"])
    assert "until" in refused.value.errors
