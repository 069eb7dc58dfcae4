"""The search service shared by pages, API and feed: parameters, DB re-check, one query per page, SQL fallback."""
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event
from werkzeug.datastructures import MultiDict

from app.core.errors import Refused
from app.core.time import utcnow
from app.extensions import db
from app.models.listing_states import ListingStatus
from app.search import InvalidParameter, SearchRequest, parse_search_args, run_search
from tests.search_fixtures import artisan, place, sync  # noqa: F401

S = ListingStatus


def parse(**params) -> SearchRequest:
    return parse_search_args(MultiDict(params))


def test_defaults():
    request = parse()
    assert request == SearchRequest()
    assert (request.sort, request.page, request.per_page, request.radius_km) == ("relevance", 1, 20, 30.0)
    assert not request.has_filters


def test_trades_are_accepted_by_code_or_label_ignoring_case_and_accents():
    request = parse_search_args(MultiDict([("trade", "pâtissier"), ("trade", "PATISSIER"), ("trade", "Ébéniste"),
                                           ("trade", "tapissier d'ameublement"), ("trade", "")]))
    assert request.trades == ("patissier", "ebeniste", "tapissier-d-ameublement")


def test_diplomas_departements_and_kinds_are_normalised():
    request = parse_search_args(MultiDict([("diploma", "bac pro"), ("diploma", "cap"), ("departement", "1"),
                                           ("departement", "2a"), ("type", "offre")]))
    assert request.diplomas == ("Bac pro", "CAP")
    assert request.departements == ("01", "2A")
    assert request.kinds == ("offer",)


def test_near_takes_a_postcode_or_an_insee_code():
    assert parse(near="69003").near_commune.name == "Lyon 3e arrondissement"  # the arrondissement, not the city
    assert parse(near="69383").near_commune.name == "Lyon 3e arrondissement"
    assert parse(near=" 69100 ", radius_km="12,5").radius_km == 12.5


def test_free_text_is_trimmed_capped_and_cleaned():
    assert parse(q="  pain \x00 au   levain ").q == "pain au levain"
    assert len(parse(q="mot " * 1000).q) <= 500


@pytest.mark.parametrize("params, field", [({"near": "1"}, "near"), ({"radius_km": "nan"}, "radius_km"),
                                           ({"radius_km": "inf"}, "radius_km"), ({"page": "²"}, "page"),
                                           ({"per_page": "1e2"}, "per_page"), ({"sort": "distance"}, "sort")])
def test_invalid_parameters_name_their_field_in_french(params, field):
    with pytest.raises(InvalidParameter) as caught:
        parse(**params)
    assert isinstance(caught.value, Refused)  # the one refusal shape: its field and French message
    assert caught.value.field == field and caught.value.message[0].isupper()
    assert caught.value.errors == {field: caught.value.message}


def test_query_args_give_back_the_same_search():
    original = parse_search_args(MultiDict([("q", "pâtisserie"), ("trade", "Pâtissier"), ("trade", "boulanger"),
                                            ("diploma", "CAP"), ("departement", "69"), ("near", "69003"),
                                            ("radius_km", "20"), ("highlighted", "1"), ("sort", "distance"),
                                            ("page", "2"), ("per_page", "10"), ("type", "offer")]))
    assert parse_search_args(MultiDict(original.query_args())) == original
    assert ("page", "3") in original.query_args(page=3)
    assert parse().query_args() == []


@pytest.fixture
def offers(place):
    made = [place("69003", title=f"Apprenti pâtissier {n}", trade="patissier", days_ago=n) for n in range(12)]
    sync()
    return made


def _count_queries():
    statements = []

    def record(*args, **kwargs):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", record)
    return statements, lambda: event.remove(db.engine, "before_cursor_execute", record)


def test_a_page_loads_its_listings_and_businesses_in_one_query(app, offers):
    db.session.expire_all()
    statements, stop = _count_queries()
    try:
        page = run_search(parse(q="patissier", per_page="10"))
        assert len(page.items) == 10
        for hit in page.items:  # what a result card shows
            _ = (hit.listing.title, hit.listing.business.name, hit.listing.diploma, hit.listing.public_path,
                 hit.listing.business.commune_name, hit.listing.start_date)
    finally:
        stop()
    assert len(statements) == 1, statements


def test_facets_use_the_trade_label_and_the_contract_names(offers):
    page = run_search(parse(q="patissier"))
    assert page.facets == {"type": {"offer": 12}, "trade": {"Pâtissier": 12}, "diploma": {"CAP": 12},
                           "departement": {"69": 12}, "partner_type": {}}
    assert "<mark>" in page.items[0].title_html


def test_a_listing_withdrawn_a_second_ago_is_never_shown(offers):
    newest = offers[0]
    newest.status = S.WITHDRAWN  # committed, its outbox row not applied yet
    db.session.commit()
    page = run_search(parse(sort="date"))
    assert newest.id not in [hit.listing.id for hit in page.items]
    assert page.total == 11 and not page.degraded


def test_an_ended_highlight_is_rechecked(place):
    offer = place("69003", highlighted=True)
    sync()
    assert [hit.listing.id for hit in run_search(parse(highlighted="1")).items] == [offer.id]
    offer.business.highlighted_until = utcnow().date() - timedelta(days=1)
    db.session.commit()
    assert run_search(parse(highlighted="1")).items == []


def test_an_empty_index_answers_normally(app):
    sync()
    page = run_search(parse(q="boulanger", near="69003"))
    assert (page.total, page.items, page.degraded) == (0, [], False)


def test_without_index_sql_answers_with_the_same_filters(app, place):
    near = place("69003", title="Apprenti pâtissier", trade="patissier", days_ago=1)
    far = place("69100", title="Apprenti pâtissier", trade="patissier", days_ago=2)
    place("75011", title="Apprenti pâtissier", trade="patissier")
    place("69003", title="Apprenti boulanger", trade="boulanger")
    place("69003", status=S.WITHDRAWN, title="Apprenti pâtissier", trade="patissier")
    sync()
    (Path(app.config["SEARCH_INDEX_DIR"]) / "CURRENT").write_text("cassé")
    page = run_search(parse(q="pâtissier", near="69003", radius_km="20", sort="distance", trade="Pâtissier"))
    assert page.degraded and page.suggestion is None
    assert [hit.listing.id for hit in page.items] == [near.id, far.id]
    # The businesses are filed under Lyon (the postcode's most populous commune); near=69003 is the 3rd arrondissement.
    assert page.items[0].distance_km <= 2 and 2 <= page.items[1].distance_km <= 6
    assert page.facets == {"type": {}, "trade": {}, "diploma": {}, "departement": {}, "partner_type": {}}
    dated = run_search(parse(trade="patissier", departement="69", sort="date", per_page="1", page="2"))
    assert (dated.total, dated.pages, [hit.listing.id for hit in dated.items]) == (2, 2, [far.id])
    assert run_search(parse(q="100%_\\")).total == 0
