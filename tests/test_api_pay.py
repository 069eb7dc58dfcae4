"""GET /api/v1/apprentice-pay as CONTRACT.md says: amounts by date, Mayotte, defaults and 400 answers."""
from datetime import date

import pytest

from app.reference import law


def test_done_when_amounts(client):
    answer = client.get("/api/v1/apprentice-pay?age=17&year=2&on=2026-12-01").get_json()
    assert answer["on"] == "2026-12-01" and (answer["age"], answer["year"]) == (17, 2)
    assert answer["percent"] == 39 and answer["monthly_gross"] == 728.14
    assert answer["smic"]["hourly"] == 12.31 and answer["smic"]["monthly"] == 1867.02
    assert answer["smic"]["in_force_since"] == "2026-06-01" and "22 mai 2026" in answer["smic"]["source"]
    assert answer["conventional_minimum_may_apply"] is False
    assert client.get("/api/v1/apprentice-pay?age=17&year=2&on=2026-03-01").get_json()["monthly_gross"] == 710.98


def test_boundaries_mayotte_and_the_21_plus_note(client):
    may = client.get("/api/v1/apprentice-pay?age=21&year=3&on=2026-05-31").get_json()
    assert may["smic"]["in_force_since"] == "2026-01-01" and may["percent"] == 78
    assert may["monthly_gross"] == 1421.96 and may["conventional_minimum_may_apply"] is True
    mayotte = client.get("/api/v1/apprentice-pay?age=18&year=1&on=2026-06-01&departement=976").get_json()
    assert mayotte["smic"]["monthly"] == 1449.93 and mayotte["monthly_gross"] == 623.47
    assert mayotte["smic"]["zone"] == "Mayotte"
    national = client.get("/api/v1/apprentice-pay?age=18&year=1&on=2026-06-01&departement=69&").get_json()
    assert national["smic"]["monthly"] == 1867.02 and national["smic"]["zone"] == "national"


def test_default_date_is_today_and_empty_optional_values_are_ignored(client, monkeypatch):
    monkeypatch.setattr(law, "today", lambda: date(2026, 3, 1))
    monkeypatch.setattr("app.web.api.law_routes.today", lambda: date(2026, 3, 1))
    answer = client.get("/api/v1/apprentice-pay?age=17&year=2&on=&departement=").get_json()
    assert answer["on"] == "2026-03-01" and answer["monthly_gross"] == 710.98


@pytest.mark.parametrize("query, field", [
    ("year=1", "age"), ("age=14&year=1", "age"), ("age=100&year=1", "age"), ("age=abc&year=1", "age"),
    ("age=+17&year=1", "age"), ("age=17", "year"), ("age=17&year=0", "year"), ("age=17&year=4", "year"),
    ("age=17&year=1.5", "year"), ("age=17&year=1&on=2026-13-01", "on"), ("age=17&year=1&on=20261201", "on"),
    ("age=17&year=1&on=1er décembre", "on"), ("age=17&year=1&on=2018-12-31", "on"),
    ("age=17&year=1&on=2024-01-01&departement=976", "on"), ("age=17&year=1&departement=999", "departement"),
])
def test_bad_parameters_answer_400_with_the_error_shape(client, query, field):
    response = client.get(f"/api/v1/apprentice-pay?{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_parameter" and error["field"] == field and error["message"]


def test_the_openapi_description_documents_the_endpoint(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/apprentice-pay"]["get"]
    names = {parameter["name"]: parameter for parameter in operation["parameters"]}
    assert set(names) == {"age", "year", "on", "departement"}
    assert names["age"]["required"] and names["age"]["schema"]["minimum"] == 15
    assert names["age"]["schema"]["maximum"] == 99 and names["year"]["schema"]["maximum"] == 3
    assert set(operation["responses"]) >= {"200", "400"}
