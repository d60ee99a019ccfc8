"""A Redis outage slows the portal down, it never takes it down (issue #11, finding 2).

The caches are production's (``portal.cache.ResilientRedisCache``, a default alias that
falls back to process memory and a public-page alias that fails open) pointed at a port
where nothing listens, which is what clients see while Redis is down; sessions are in the
database, as in production. Every page and the sign-in answer normally, rate limits keep
counting, and what could not reach Redis (an invalidation, a delete) is replayed from the
outbox once it answers.
"""

from __future__ import annotations

import contextlib
import time

import pytest
import redis
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from django_redis.pool import ConnectionFactory
from redis.exceptions import ConnectionError as RedisConnectionError

from portal import cache as cache_module
from portal import outbox, public_cache
from portal.cache import CacheUnavailable, ResilientRedisCache
from portal.models import OutboxMessage
from tests.accounts.conftest import gettext_in, sign_in
from tests.accounts.conftest import staff_with_totp as staff_with_totp
from tests.cases.factories import build_case_site, make_case
from tests.catalog.factories import PublishedProductFactory

pytestmark = pytest.mark.django_db

DEAD = "redis://127.0.0.1:1/0"  # connection refused


def _caches(location: str, prefix: str = "outage-test") -> dict:
    base = {
        "BACKEND": "portal.cache.ResilientRedisCache",
        "LOCATION": location,
        "KEY_PREFIX": prefix,
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 1},
        "RETRY_AFTER": 5,
    }
    return {
        "default": {**base, "ALIAS": "default", "FALLBACK": "local"},
        "public": {**base, "ALIAS": "public", "FALLBACK": "raise"},
    }


@pytest.fixture(autouse=True)
def _fresh_breaker():
    """Each test starts and ends with a process that has not seen Redis down."""
    cache_module._down_until.clear()
    cache_module._replay_due = False
    yield
    cache_module._down_until.clear()
    cache_module._replay_due = False


@pytest.fixture
def redis_down():
    with override_settings(
        CACHES=_caches(DEAD),
        PORTAL_PUBLIC_CACHE_ALIAS="public",
        SESSION_ENGINE="django.contrib.sessions.backends.db",
    ):
        yield


@pytest.fixture
def redis_up(redis_service, settings):
    return _caches(settings.REDIS_URL, prefix="outage-test-live")


@contextlib.contextmanager
def held_before_the_outage():
    """Write what Redis held before the outage: without the replay every new connection runs first."""
    token = cache_module._replaying.set(True)
    try:
        yield
    finally:
        cache_module._replaying.reset(token)


# --- The backend ---------------------------------------------------------------------------------


def test_the_default_cache_falls_back_to_process_memory(redis_down):
    cache = caches["default"]
    assert isinstance(cache, ResilientRedisCache)
    assert cache.get("missing", "default") == "default"
    assert cache.add("lock", True, timeout=10)
    assert not cache.add("lock", True, timeout=10)  # allauth's rate-limit lock still works
    cache.set("k", "v", timeout=3600)
    assert cache.get("k") == "v"
    assert cache.get_many(["k", "missing"]) == {"k": "v"}


def test_process_memory_entries_are_short_lived(redis_down):
    cache = caches["default"]
    cache.set("k", "v", timeout=3600)
    assert cache._local.get("k") == "v"
    assert cache._capped(3600) == 30 and cache._capped(None) == 30 and cache._capped(5) == 5


def test_after_one_failure_redis_is_left_alone_for_a_while(redis_down, monkeypatch):
    cache = caches["default"]
    cache.get("a")  # trips the breaker
    calls = []
    original = cache.client.get
    monkeypatch.setattr(cache.client, "get", lambda *a, **k: calls.append(a) or original(*a, **k))
    started = time.monotonic()
    for _ in range(100):
        cache.get("a")
    assert calls == []
    assert time.monotonic() - started < 0.5


def test_the_public_alias_raises_at_once_for_its_caller_to_fail_open(redis_down):
    with pytest.raises(CacheUnavailable):
        caches["public"].get("x")


def test_a_delete_that_missed_redis_is_replayed_when_it_answers(redis_down, redis_up):
    caches["default"].delete("wagtail_site_root_paths")
    message = OutboxMessage.objects.get(effect="portal.delete_cache_keys")
    assert message.payload == {"alias": "default", "keys": ["wagtail_site_root_paths"]}
    with override_settings(CACHES=redis_up):
        live = caches["default"]
        with held_before_the_outage():
            live.set("wagtail_site_root_paths", "stale")
        assert outbox.deliver(message.pk) == "done"
        assert live.get("wagtail_site_root_paths") is None


def test_health_reports_degraded_while_redis_is_down(redis_down, client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["status"] == "error"


# --- The public cache fails open -----------------------------------------------------------------


def test_remember_computes_and_keeps_nothing(redis_down):
    calls = []
    for _ in range(2):
        assert public_cache.remember("k", ("pages",), lambda: calls.append(1) or 42) == 42
    assert calls == [1, 1]


def test_an_invalidation_that_missed_the_cache_is_replayed(redis_down, redis_up):
    public_cache.invalidate("catalog")
    message = OutboxMessage.objects.get(effect="portal.invalidate_public_cache")
    assert message.payload == {"tags": ["catalog"]}
    with override_settings(CACHES=redis_up, PORTAL_PUBLIC_CACHE_ALIAS="public"):
        with held_before_the_outage():
            stamp, _ = public_cache.recall("page", ("catalog",))
            public_cache.store("page", stamp, "rendered before the publish")
            assert public_cache.recall("page", ("catalog",))[1] == "rendered before the publish"
        assert outbox.deliver(message.pk) == "done"
        assert public_cache.recall("page", ("catalog",))[1] is public_cache.MISSING


# --- The whole site --------------------------------------------------------------------------------


@pytest.fixture
def site(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case_site = build_case_site()
        make_case(case_site.index, title="言语解码案例", indications=["aphasia"], summary="植入高密度皮层电极。")
        product = PublishedProductFactory(name_zh="康复外骨骼", organisation__slug="acme")
    return {"product": product, "cases": case_site.index.url}


def test_every_public_page_answers_while_redis_is_down(redis_down, client, site):
    product = site["product"]
    paths = [
        "/zh-hans/",
        "/en/",
        "/zh-hans/products/",
        f"/zh-hans/products/{product.pk}/",
        "/zh-hans/products/?function=motor_control",
        f"/zh-hans/products/compare/?p={product.pk}",
        site["cases"],
        "/zh-hans/search/?q=康复",
        "/zh-hans/editions/",
        "/zh-hans/accounts/login/",
        "/zh-hans/accounts/signup/",
        "/api/v1/products/",
        "/api/v1/cases/",
        "/api/v1/search/?q=康复",
    ]
    statuses = {path: client.get(path).status_code for path in paths}
    assert statuses == dict.fromkeys(paths, 200)


def test_signing_in_and_member_pages_work_while_redis_is_down(redis_down, client, user):
    response = sign_in(client, user.email)
    assert response.status_code == 302 and response["Location"] == "/zh-hans/dashboard/"
    assert client.get("/zh-hans/dashboard/").status_code == 200
    assert client.get("/zh-hans/products/").status_code == 200


def test_rate_limits_keep_counting_while_redis_is_down(redis_down, client, user):
    for _attempt in range(5):
        sign_in(client, user.email, "wrong-password-123")
    response = sign_in(client, user.email)
    assert "_auth_user_id" not in client.session
    assert gettext_in("zh-hans", "Too many failed login attempts. Try again later.") in response.content.decode()


@pytest.mark.usefixtures("redis_down")
def test_staff_reach_the_admin_while_redis_is_down(client, staff_with_totp):
    from tests.accounts.conftest import totp_code

    sign_in(client, staff_with_totp.email, next_url="/admin/")
    done = client.post("/zh-hans/accounts/2fa/authenticate/", {"code": totp_code(staff_with_totp.totp_secret)})
    assert done["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_page_cached_before_an_outage_is_not_served_after_an_invalidation_it_missed(redis_up, monkeypatch):
    """The outage drill's finding (tests/drills/test_cache_outage.py): Redis comes back with its data.

    An invalidation that missed Redis waits in the outbox for a worker's retry (30 s and more);
    meanwhile every process read the page stored before it. A process that saw Redis down
    replays the missed writes on its first call after Redis answers, before reading anything.
    """
    with override_settings(CACHES=redis_up, PORTAL_PUBLIC_CACHE_ALIAS="public"):
        cache = caches["public"]
        stamp, _ = public_cache.recall("product-page", ("catalog",))
        public_cache.store("product-page", stamp, "rendered before the unpublish")

        def refused(*args, **kwargs):
            raise RedisConnectionError("Connection refused")

        with monkeypatch.context() as outage:  # Redis down: the unpublish's invalidation misses it
            for name in ("get", "get_many", "set", "set_many", "add"):
                outage.setattr(cache.client, name, refused)
            public_cache.invalidate("catalog")
        assert OutboxMessage.objects.filter(effect="portal.invalidate_public_cache", done_at__isnull=True).exists()

        cache_module._down_until.clear()  # Redis answers again (the breaker's wait is over)
        assert public_cache.recall("product-page", ("catalog",))[1] is public_cache.MISSING
        assert not OutboxMessage.objects.filter(effect="portal.invalidate_public_cache", done_at__isnull=True).exists()


def test_a_process_that_did_not_see_the_outage_replays_before_reading_from_a_restarted_redis(redis_up, settings):
    """The drill's second finding: with two workers, one served the whole outage, the other nothing.

    The idle one never saw Redis down; its pooled connection was closed by the restart and
    the client reconnects without an error, so it read the page cached before the unpublish.
    Every new connection now replays the writes Redis missed before its first command.
    """
    with override_settings(CACHES=redis_up, PORTAL_PUBLIC_CACHE_ALIAS="public"):
        stamp, _ = public_cache.recall("product-page", ("catalog",))
        public_cache.store("product-page", stamp, "rendered before the unpublish")
        # Another process unpublished while Redis was down: its invalidation waits in the outbox.
        outbox.schedule("portal.invalidate_public_cache", {"tags": ["catalog"]})
        assert not cache_module._replay_due  # this process saw nothing

        # Redis restarts with its data: every client connection is closed.
        this_process = caches["public"].client.get_client().client_id()
        redis.Redis.from_url(settings.REDIS_URL).client_kill_filter(_id=this_process)

        assert public_cache.recall("product-page", ("catalog",))[1] is public_cache.MISSING
        assert not OutboxMessage.objects.filter(effect="portal.invalidate_public_cache", done_at__isnull=True).exists()


def test_a_replay_that_fails_keeps_the_cache_unread_until_it_succeeds(redis_up, monkeypatch):
    """A replay that cannot finish must not let the stale page through: the call fails open instead."""
    with override_settings(CACHES=redis_up, PORTAL_PUBLIC_CACHE_ALIAS="public"):
        stamp, _ = public_cache.recall("product-page", ("catalog",))
        public_cache.store("product-page", stamp, "rendered before the unpublish")
        outbox.schedule("portal.invalidate_public_cache", {"tags": ["catalog"]})
        caches["public"].client.get_client().connection_pool.disconnect()
        monkeypatch.setattr(outbox, "deliver", lambda pk, probe=False: "failed")
        with pytest.raises(CacheUnavailable):
            caches["public"].get("anything")
        assert cache_module._replay_due
        monkeypatch.undo()
        cache_module._down_until.clear()
        assert public_cache.recall("product-page", ("catalog",))[1] is public_cache.MISSING
        assert not cache_module._replay_due


def test_a_degradation_outside_a_request_marks_nothing_for_later():
    """A task or a shell that searched while Elasticsearch was down must not stop later values being kept."""
    public_cache.mark_degraded()
    assert not public_cache.is_degraded()
    stamp, _ = public_cache.recall("k", ("pages",))
    public_cache.store("k", stamp, 42)
    assert public_cache.recall("k", ("pages",))[1] == 42


def test_the_replaying_pool_is_used_even_when_a_plain_cache_of_the_same_url_came_first(redis_up, settings, monkeypatch):
    """django-redis keeps one pool per URL for the whole process: a plain cache's pool must not be reused."""
    monkeypatch.setattr(ConnectionFactory, "_pools", {})  # a process where no pool was made yet
    monkeypatch.setattr(cache_module.ReplayingConnectionFactory, "_pools", {})
    plain = {"default": {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": settings.REDIS_URL}}
    with override_settings(CACHES=plain):
        caches["default"].get("anything")
    with override_settings(CACHES=redis_up):
        pool = caches["public"].client.get_client().connection_pool
    assert isinstance(pool, cache_module.ReplayingConnectionPool)


def test_a_replay_another_process_is_running_is_not_waited_for(redis_up, monkeypatch):
    """A request never waits on another process's lock: the call fails open and the next one checks again."""
    with override_settings(CACHES=redis_up, PORTAL_PUBLIC_CACHE_ALIAS="public"):
        with held_before_the_outage():
            stamp, _ = public_cache.recall("product-page", ("catalog",))
            public_cache.store("product-page", stamp, "rendered before the unpublish")
        outbox.schedule("portal.invalidate_public_cache", {"tags": ["catalog"]})
        caches["public"].client.get_client().connection_pool.disconnect()
        monkeypatch.setattr(outbox, "deliver", lambda pk, probe=False: "skipped")  # locked elsewhere
        with pytest.raises(CacheUnavailable):
            caches["public"].get("anything")
        assert cache_module._replay_due


def test_a_connection_whose_replay_failed_is_not_handed_out_again(redis_up, monkeypatch):
    """redis-py sets the socket before the callback: a failed replay closes it, or its next user skips the replay."""
    with override_settings(CACHES=redis_up, PORTAL_PUBLIC_CACHE_ALIAS="public"):
        outbox.schedule("portal.invalidate_public_cache", {"tags": ["catalog"]})
        pool = caches["public"].client.get_client().connection_pool
        pool.disconnect()
        monkeypatch.setattr(outbox, "deliver", lambda pk, probe=False: "failed")
        with pytest.raises(CacheUnavailable):
            caches["public"].get("anything")
        assert all(connection._sock is None for connection in pool._available_connections)


@pytest.mark.parametrize("option", ["CONNECTION_FACTORY", "CONNECTION_POOL_CLASS"])
def test_a_configured_pool_or_factory_is_refused_instead_of_silently_replaced(option):
    with pytest.raises(ImproperlyConfigured, match="ReplayingConnectionPool"):
        ResilientRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {option: "redis.connection.ConnectionPool"}})
