"""A 404 outside the language-prefixed site stays a 404 (no redirect to /<language>/…)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/v1/no-such-endpoint/", "/api/v1/products/999999/"])
def test_api_paths_answer_404_themselves(client, path):
    response = client.get(path, headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert "Location" not in response.headers
    assert "Accept-Language" in response.headers["Vary"]


def test_a_missing_api_object_is_a_json_404(client):
    response = client.get("/api/v1/products/999999/")
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("application/json")


def test_site_pages_still_get_the_language_redirect(client):
    response = client.get("/no-such-page/", headers={"Accept-Language": "en"})
    assert response.status_code == 302
    assert response["Location"] == "/en/no-such-page/"
