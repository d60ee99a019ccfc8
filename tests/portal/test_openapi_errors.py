"""The OpenAPI document describes the API's 404 and 422 answers (issue #11, finding 11).

Every operation that takes parameters can answer 422 and every operation with a path ID can
answer 404; the document lists them with their schemas, and the real answers match them.
"""

import jsonschema_rs
import pytest

pytestmark = pytest.mark.django_db

#: (operation path, a request that makes it answer 422)
INVALID = {
    "/api/v1/products/": "/api/v1/products/?page=0",
    "/api/v1/products/{product_id}/": "/api/v1/products/0/",
    "/api/v1/cases/": "/api/v1/cases/?page=abc",
    "/api/v1/cases/{case_id}/": "/api/v1/cases/0/",
    "/api/v1/editions/{year}/": "/api/v1/editions/0/",
    "/api/v1/search/": "/api/v1/search/?lang=fr&page=x",
    "/api/v1/search/autocomplete": "/api/v1/search/autocomplete?lang=fr",
    "/api/v1/competitions/{slug}/": "/api/v1/competitions/No%20Such%20Slug!/",
    "/api/v1/competitions/{slug}/results/": "/api/v1/competitions/No%20Such%20Slug!/results/",
    "/api/v1/tracks/{track_id}/": "/api/v1/tracks/0/",
    "/api/v1/algorithm-tasks/{task_id}/leaderboard/": "/api/v1/algorithm-tasks/0/leaderboard/",
    "/api/v1/startups/": "/api/v1/startups/?page=0",
    "/api/v1/startups/{slug}/": "/api/v1/startups/Not%20A%20Slug!/",
    "/api/v1/platforms/": "/api/v1/platforms/?page=0",
}
#: (operation path, a request for something that does not exist)
MISSING = {
    "/api/v1/products/{product_id}/": "/api/v1/products/987654321/",
    "/api/v1/cases/{case_id}/": "/api/v1/cases/987654321/",
    "/api/v1/editions/{year}/": "/api/v1/editions/1999/",
    "/api/v1/competitions/{slug}/": "/api/v1/competitions/no-such-competition/",
    "/api/v1/competitions/{slug}/results/": "/api/v1/competitions/no-such-competition/results/",
    "/api/v1/tracks/{track_id}/": "/api/v1/tracks/987654321/",
    "/api/v1/algorithm-tasks/{task_id}/leaderboard/": "/api/v1/algorithm-tasks/987654321/leaderboard/",
    "/api/v1/startups/{slug}/": "/api/v1/startups/no-such-startup/",
}
#: Path parameters that are numeric IDs (the others are slugs).
NUMERIC = [path for path in MISSING if "{slug}" not in path]


@pytest.fixture
def document(client):
    return client.get("/api/v1/openapi.json").json()


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def matches(document, status: str, path: str, body) -> None:
    """Validate ``body`` against the schema the document gives for ``path``'s ``status``."""
    schema = document["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]
    jsonschema_rs.validator_for({**schema, "components": document["components"]}).validate(body)


def test_every_operation_with_parameters_documents_422_and_every_path_id_404(document):
    seen = set()
    for path, method, operation in operations(document):
        parameters = operation.get("parameters", [])
        responses = operation["responses"]
        if parameters:
            seen.add(path)
            assert "422" in responses, f"{method} {path}"
            assert responses["422"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/ValidationErrorOut"
            }
        if any(parameter["in"] == "path" for parameter in parameters):
            assert "404" in responses, f"{method} {path}"
            assert responses["404"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/NotFoundOut"
            }
    assert seen == set(INVALID)


def test_path_ids_document_their_bounds(document):
    for path in NUMERIC:
        (parameter,) = document["paths"][path]["get"]["parameters"]
        assert parameter["schema"]["minimum"] == 1
        assert parameter["schema"]["maximum"] == 2**63 - 1


def test_path_slugs_document_their_alphabet(document):
    (parameter,) = document["paths"]["/api/v1/competitions/{slug}/"]["get"]["parameters"]
    assert parameter["schema"]["pattern"] == "^[-a-z0-9_]+$"


@pytest.mark.parametrize(("path", "url"), INVALID.items())
def test_real_422_answers_match_the_document(client, document, path, url):
    response = client.get(url)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    matches(document, "422", path, response.json())


@pytest.mark.parametrize(("path", "url"), MISSING.items())
def test_real_404_answers_match_the_document(client, document, path, url):
    response = client.get(url)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    matches(document, "404", path, response.json())


def test_a_body_that_is_not_the_documented_error_does_not_match(document):
    with pytest.raises(jsonschema_rs.ValidationError):
        matches(document, "422", "/api/v1/cases/", {"detail": "Not Found"})


@pytest.mark.parametrize("path", MISSING.values())
def test_a_404_says_not_found_with_debug_on_too(client, settings, path):
    settings.DEBUG = True
    response = client.get(path)
    assert response.status_code == 404 and response.json() == {"detail": "未找到"}
