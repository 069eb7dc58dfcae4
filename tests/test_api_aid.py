"""GET /api/v1/hiring-aid: the shape of CONTRACT.md, the default date and the 400 answers."""
import pytest

from app.core.time import today

URL = "/api/v1/hiring-aid"


def test_done_when_answer_shape(client):
    response = client.get(f"{URL}?level=3&employees=5&signed_on=2026-12-01")
    assert response.status_code == 200
    body = response.get_json()
    assert {k: body[k] for k in ("signed_on", "amount", "currency", "period")} == {
        "signed_on": "2026-12-01", "amount": 5000, "currency": "EUR", "period": "première année du contrat"}
    assert "2026-168" in body["source"]
    assert body["monthly"] == 416.67 and body["provisional"] is False and body["conditions"]


def test_signed_on_defaults_to_today(client):
    assert client.get(f"{URL}?level=3&employees=5").get_json()["signed_on"] == today().isoformat()
    assert client.get(f"{URL}?level=3&employees=5&signed_on=").get_json()["signed_on"] == today().isoformat()


def test_rqth_and_work_study_ratio(client):
    def amount(query):
        return client.get(f"{URL}?{query}").get_json()["amount"]

    assert amount("level=6&employees=300&signed_on=2026-06-01") == 0
    assert amount("level=6&employees=300&signed_on=2026-06-01&alternance_ratio=5") == 750
    assert amount("level=6&employees=300&signed_on=2026-06-01&alternance_ratio=4.99") == 0
    assert amount("level=6&employees=300&signed_on=2026-06-01&rqth=1") == 6000
    assert amount("level=6&employees=3&signed_on=2026-06-01&rqth=0") == 2000
    assert amount("level=5&employees=3&signed_on=2026-03-07") == 0


@pytest.mark.parametrize("query, field", [
    ("employees=5", "level"), ("level=&employees=5", "level"), ("level=2&employees=5", "level"),
    ("level=8&employees=5", "level"), ("level=3.5&employees=5", "level"), ("level=abc&employees=5", "level"),
    ("level=3", "employees"), ("level=3&employees=-1", "employees"), ("level=3&employees=1e3", "employees"),
    ("level=3&employees=10000001", "employees"),
    ("level=3&employees=5&signed_on=2026-02-30", "signed_on"), ("level=3&employees=5&signed_on=20261201", "signed_on"),
    ("level=3&employees=5&signed_on=demain", "signed_on"), ("level=3&employees=5&signed_on=2025-02-23", "signed_on"),
    ("level=3&employees=5&rqth=oui", "rqth"), ("level=3&employees=5&alternance_ratio=101", "alternance_ratio"),
    ("level=3&employees=5&alternance_ratio=-1", "alternance_ratio"),
    ("level=3&employees=5&alternance_ratio=5%25", "alternance_ratio"),
])
def test_bad_parameters_answer_400_with_the_error_shape(client, query, field):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400, query
    error = response.get_json()["error"]
    assert error["code"] == "invalid_parameter" and error["field"] == field and error["message"]


def test_documented_in_openapi(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/hiring-aid"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert names == {"level", "employees", "signed_on", "rqth", "alternance_ratio"}
    assert {"200", "400", "429"} <= set(operation["responses"])
