"""The API answers as its OpenAPI description says: schemathesis, with all its checks, against the WSGI app.

The engine runs every phase the CLI runs (coverage, fuzzing, stateful when links exist) on the demo data, with a
small number of examples per operation so that the suite stays quick; a fixed seed makes a finding reproducible.
"""
import pytest
import schemathesis
from schemathesis import engine as schemathesis_engine
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import events

OPENAPI_PATH = "/api/v1/openapi.json"
MAX_EXAMPLES = 25
ENGINE_CONFIG = {
    "seed": 20261202,
    "generation": {"max-examples": MAX_EXAMPLES, "database": "none"},
    "operations": [{
        # A well-formed postcode, trade or département that does not exist is a 400 by the contract (CONTRACT.md),
        # which no schema can tell from the data: schema-valid searches may be refused with 400, never anything else.
        "include-path": "/search",
        "checks": {"positive_data_acceptance": {"expected-statuses": ["2XX", "400"]}},
    }, {
        # A well-formed date that does not exist (2026-02-30) or precedes every known aid rule, and a share over
        # 100 %, are 400 as the description says, which its patterns cannot express.
        "include-path": "/hiring-aid",
        "checks": {"positive_data_acceptance": {"expected-statuses": ["2XX", "400"]}},
    }, {
        # A well-formed date that does not exist or precedes the SMIC data (2019; Mayotte: 1 November 2024), and an
        # unknown département, are 400 as the description says, which no schema can express.
        "include-path": "/apprentice-pay",
        "checks": {"positive_data_acceptance": {"expected-statuses": ["2XX", "400"]}},
    }],
}


@pytest.fixture
def demo_api(app, runner):
    """The demo data, indexed, with an API budget no test run exhausts."""
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert runner.invoke(args=["search", "reindex"]).exit_code == 0
    app.config["RATELIMIT_API"] = "100000 per minute"
    return app


def _schema(app, config: dict | None = None):
    return schemathesis.openapi.from_wsgi(OPENAPI_PATH, app, config=SchemathesisConfig.from_dict(config or {}))


def _findings(app) -> list[str]:
    """Every failed check and every error of a full schemathesis run, one line each."""
    findings = set()
    for event in schemathesis_engine.from_schema(_schema(app, ENGINE_CONFIG)).execute():
        if isinstance(event, (events.ScenarioFinished, events.FuzzScenarioFinished)):
            for checks in event.recorder.checks.values():
                for check in checks:
                    if check.failure_info:
                        failure = check.failure_info.failure
                        findings.add(f"{event.recorder.label}: {check.name}: {failure.title}: {failure.message} "
                                     f"({check.failure_info.code_sample})")
        elif isinstance(event, events.NonFatalError):
            findings.add(f"{event.label}: error: {event.value!r}")
        elif isinstance(event, events.FatalError):
            findings.add(f"fatal error: {event.exception!r}")
    return sorted(findings)


def test_schemathesis_with_all_its_checks_finds_nothing(demo_api):
    findings = _findings(demo_api)
    assert not findings, f"{len(findings)} finding(s):\n" + "\n".join(findings)


def test_every_published_listing_matches_its_documented_shape(demo_api):
    schema = _schema(demo_api)
    operations = {"offer": schema["/offers/{id}"]["GET"], "project": schema["/projects/{id}"]["GET"]}
    results = demo_api.test_client().get("/api/v1/search?per_page=100").get_json()["results"]
    assert {result["type"] for result in results} == {"offer", "project"}
    for result in results:
        case = operations[result["type"]].Case(path_parameters={"id": result["id"]})
        response = case.call_and_validate()
        assert response.status_code == 200
        assert "distance_km" not in response.json() and "snippet" not in response.json()


def test_search_answers_match_the_schema_with_every_filter(demo_api):
    operation = _schema(demo_api)["/search"]["GET"]
    for query in ({"q": "boulanger", "near": "75011", "sort": "distance"}, {"q": "x" * 2000},
                  {"type": "project", "trade": ["ebeniste", "Céramiste"], "departement": ["35", "29"]},
                  {"page": 10_000}):
        response = operation.Case(query=query).call_and_validate()
        assert response.status_code == 200, query


def test_page_beyond_the_documented_maximum_is_refused(demo_api):
    document = demo_api.test_client().get(OPENAPI_PATH).get_json()
    page = next(p for p in document["paths"]["/search"]["get"]["parameters"] if p["name"] == "page")
    maximum = page["schema"]["maximum"]
    client = demo_api.test_client()
    assert client.get(f"/api/v1/search?page={maximum}").status_code == 200
    response = client.get(f"/api/v1/search?page={maximum + 1}")
    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == "page"


@pytest.mark.parametrize("path", ["/search", "/offers/{id}", "/projects/{id}", "/openapi.json"])
def test_rate_limited_answers_are_documented(app, path):
    app.config["RATELIMIT_API"] = "1 per minute"
    operation = _schema(app)[path]["GET"]
    assert "429" in operation.definition.raw["responses"]
    client = app.test_client()
    url = "/api/v1" + path.replace("{id}", "1")
    client.get(url)
    response = client.get(url)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    operation.Case(path_parameters={"id": 1} if "{id}" in path else {}).validate_response(response)


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch", "trace"])
def test_wrong_method_answers_405_with_allow(client, method):
    for url in ("/api/v1/search", "/api/v1/offers/1", "/api/v1/openapi.json"):
        response = client.open(url, method=method.upper())
        assert response.status_code == 405, url
        assert set(response.headers["Allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "OPTIONS"}
        assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_wrong_method_on_a_page_answers_405_with_allow(client):
    response = client.post("/mentions-legales")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert "Méthode non autorisée" in response.get_data(as_text=True)
