import pytest


@pytest.mark.django_db
def test_healthz_reports_every_dependency(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert set(body["checks"]) == {"database", "cache", "broker", "search"}
    assert body["checks"]["database"]["status"] == "ok"
