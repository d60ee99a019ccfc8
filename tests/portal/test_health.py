"""/healthz against the real services: PostgreSQL, Redis (cache and broker) and an Elasticsearch-API server.

The Elasticsearch-API server in tests is the ``noida-db`` stand-in started by ``.ci/run``;
production points ELASTICSEARCH_URL at a real Elasticsearch 8/9 cluster.
"""

import time

import pytest
from django.core.cache import caches
from django.test import override_settings

from portal import health
from portal.celery import app as celery_app
from tests.conftest import require_service

pytestmark = pytest.mark.django_db


def test_healthz_all_ok_on_embedded_default(client):
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["checks"]["broker"] == {"status": "skipped", "mode": "eager"}
    assert body["checks"]["search"]["engine"] == "database"


def test_healthz_is_never_cached(client):
    response = client.get("/healthz")
    assert "no-cache" in response.headers["Cache-Control"]
    assert "X-Public-Cache" not in response.headers


@pytest.mark.services
def test_database_check_on_postgresql(postgres_service, client):
    assert client.get("/healthz").json()["checks"]["database"] == {"status": "ok", "vendor": "postgresql"}


@pytest.mark.services
def test_broker_and_cache_checks_on_real_redis(redis_service, client, settings):
    redis_cache = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": settings.REDIS_URL,
        "KEY_PREFIX": "healthz-test",
    }
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CACHES={"default": redis_cache}):
        body = client.get("/healthz").json()
        caches["default"].close()
    assert body["checks"]["broker"]["status"] == "ok"
    assert body["checks"]["cache"] == {"status": "ok", "backend": "RedisCache"}


def test_unreachable_broker_reports_degraded_not_500(client):
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL="redis://127.0.0.1:1/0"):
        from portal.celery import app

        app.conf.broker_url = "redis://127.0.0.1:1/0"
        try:
            response = client.get("/healthz")
        finally:
            app.conf.broker_url = None
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["status"] == "error"


@pytest.mark.services
def test_search_check_against_elasticsearch_api_server(settings):
    require_service("Elasticsearch-API server (noida-db)", "127.0.0.1", 9200)
    settings.PORTAL_SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = settings.ELASTICSEARCH_TEST_URL
    result = health.check_search(settings)
    assert result["status"] == "ok"
    assert result["cluster"] in ("green", "yellow")


def test_search_check_reports_unreachable_elasticsearch(settings):
    settings.PORTAL_SEARCH_ENGINE = "elasticsearch"
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:1"
    assert health.check_search(settings)["status"] == "error"


def test_remote_callers_see_only_the_status(client):
    response = client.get("/healthz", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_requests_relayed_by_a_proxy_see_only_the_status(client):
    body = client.get("/healthz", headers={"X-Forwarded-For": "203.0.113.7"}).json()
    assert body == {"status": "ok"}


@pytest.mark.parametrize("header", [{"X-Forwarded-Proto": "https"}, {"Forwarded": "for=203.0.113.7;proto=https"}])
def test_requests_relayed_by_a_proxy_that_adds_no_x_forwarded_for_see_only_the_status(client, header):
    """The production proxy runs on the same host (gunicorn on 127.0.0.1) and must send X-Forwarded-Proto,
    but X-Forwarded-For only when the login limits trust it: every visitor then came from loopback."""
    assert client.get("/healthz", headers=header).json() == {"status": "ok"}


def test_a_degraded_status_code_reaches_remote_callers_without_details(client):
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL="redis://127.0.0.1:1/0"):
        from portal.celery import app

        app.conf.broker_url = "redis://127.0.0.1:1/0"
        try:
            response = client.get("/healthz", REMOTE_ADDR="203.0.113.7")
        finally:
            app.conf.broker_url = None
    assert response.status_code == 503
    assert response.json() == {"status": "degraded"}


@pytest.mark.parametrize(
    ("sent", "sees_details"),
    [("s3cret-token", True), ("wrong", False), (None, False)],
)
def test_with_a_token_configured_only_the_token_shows_details(client, settings, sent, sees_details):
    settings.PORTAL_HEALTH_TOKEN = "s3cret-token"
    headers = {"X-Health-Token": sent} if sent else {}
    body = client.get("/healthz", headers=headers, REMOTE_ADDR="203.0.113.7").json()
    assert ("checks" in body) is sees_details
    # With a token configured, loopback alone is not enough either.
    assert "checks" not in client.get("/healthz").json()


def test_favicon_ico_leads_to_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("img/favicon.svg")
    assert "max-age=86400" in response["Cache-Control"]


# --- The memo: checks run at most once per PORTAL_HEALTH_MEMO_SECONDS per process ----------------


@pytest.fixture
def runs(monkeypatch):
    """How many times the checks ran (counted on the database check, the first of them)."""
    counted = []
    check = health.check_database
    monkeypatch.setattr(health, "check_database", lambda connection: counted.append(1) or check(connection))
    return counted


def test_polls_within_the_window_share_one_run(client, settings, runs):
    settings.PORTAL_HEALTH_MEMO_SECONDS = 60
    for _ in range(3):
        assert client.get("/healthz", REMOTE_ADDR="203.0.113.7").json() == {"status": "ok"}
    assert len(runs) == 1


def test_after_the_window_the_checks_run_again(client, settings, runs):
    settings.PORTAL_HEALTH_MEMO_SECONDS = 0.2
    client.get("/healthz", REMOTE_ADDR="203.0.113.7")
    time.sleep(0.3)
    client.get("/healthz", REMOTE_ADDR="203.0.113.7")
    assert len(runs) == 2


def test_a_remembered_degraded_status_is_still_a_503(client, settings, runs):
    settings.PORTAL_HEALTH_MEMO_SECONDS = 60
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL="redis://127.0.0.1:1/0"):
        celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
        try:
            first = client.get("/healthz", REMOTE_ADDR="203.0.113.7")
        finally:
            celery_app.conf.broker_url = None
    second = client.get("/healthz", REMOTE_ADDR="203.0.113.8")
    assert (first.status_code, second.status_code) == (503, 503)
    assert second.json() == {"status": "degraded"} and len(runs) == 1


def test_operators_read_the_memo_with_its_age_and_may_ask_for_a_fresh_run(client, settings, runs):
    settings.PORTAL_HEALTH_MEMO_SECONDS = 60
    settings.PORTAL_HEALTH_TOKEN = "s3cret-token"
    operator = {"X-Health-Token": "s3cret-token"}
    client.get("/healthz", REMOTE_ADDR="203.0.113.7")
    body = client.get("/healthz", headers=operator, REMOTE_ADDR="203.0.113.7").json()
    assert body["checks"]["database"]["status"] == "ok" and body["age_s"] >= 0 and len(runs) == 1
    client.get("/healthz?fresh=1", REMOTE_ADDR="203.0.113.7")  # not an operator: the memo
    assert len(runs) == 1
    assert client.get("/healthz?fresh=1", headers=operator, REMOTE_ADDR="203.0.113.7").json()["age_s"] < 1
    assert len(runs) == 2
