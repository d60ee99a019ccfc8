"""Round trips to Redis: lost tag versions made anew, and a request's writes, each in a fixed number.

A page shows half a dozen remembered fragments, each under a few tags. When Redis has lost the
tags' versions, each fragment used to read them again and ``add`` each one in a round trip of its
own; now the versions already read are not read again and the new ones are added in one pipeline
(``portal.cache.PipelinedRedisCache.add_many``).
"""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import override_settings

from portal import cache as cache_module
from portal import cache_writes, public_cache
from portal.cache import CacheUnavailable
from tests.portal import page_factories
from tests.portal.test_cache_outage import DEAD, _caches
from tests.portal.test_public_cache_remember import Computations, CountingCache

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_caches(redis_service, settings):
    with override_settings(
        CACHES=_caches(settings.REDIS_URL, prefix="lost-tags-test"), PORTAL_PUBLIC_CACHE_ALIAS="public"
    ):
        caches["public"].clear()
        yield caches["public"]
        caches["public"].clear()


@pytest.fixture(autouse=True)
def _fresh_breaker():
    cache_module._down_until.clear()
    yield
    cache_module._down_until.clear()


def test_add_many_adds_what_is_absent_and_keeps_what_is_there(redis_caches):
    redis_caches.set("kept", "first", timeout=None)
    added = redis_caches.add_many({"kept": "second", "new": "value"}, timeout=None)
    assert added == ["new"]
    assert redis_caches.get_many(["kept", "new"]) == {"kept": "first", "new": "value"}


def test_add_many_keeps_a_timeout(redis_caches):
    redis_caches.add_many({"brief": 1}, timeout=60)
    ttl = redis_caches.ttl("brief")
    assert 0 < ttl <= 60


def test_add_many_while_redis_is_down_follows_each_alias_fallback():
    with override_settings(CACHES=_caches(DEAD), PORTAL_PUBLIC_CACHE_ALIAS="public"):
        assert caches["default"].add_many({"a": 1, "b": 2}, timeout=None) == ["a", "b"]
        assert caches["default"].add_many({"a": 3}, timeout=None) == []
        assert caches["default"].get("a") == 1  # process memory, while Redis is down
        with pytest.raises(CacheUnavailable):
            caches["public"].add_many({"a": 1}, timeout=None)


def test_lost_tag_versions_are_made_anew_in_three_calls_however_many_tags(redis_caches, monkeypatch):
    tags = ("pages", "cases", "organisations", "catalog")
    compute = Computations()
    counting = CountingCache(redis_caches)
    monkeypatch.setattr(public_cache, "_cache", lambda: counting)
    assert public_cache.remember("k", tags, compute) == "value 1"
    # Read the value and the tags; add the four versions; read them back (another process may have
    # added its own first); keep the value.
    assert counting.calls == ["get_many", "add_many", "get_many", "set"]
    counting.calls.clear()
    assert public_cache.remember("k", tags, compute) == "value 1"
    assert counting.calls == ["get_many"] and compute.calls == 1


def test_a_version_another_process_added_first_is_the_one_kept(redis_caches, monkeypatch):
    """Two processes making the same lost tag's version: both end with the first one's."""
    public_cache.remember("k", ("pages",), Computations())
    first = redis_caches.get(public_cache.TAG_PREFIX + "pages")
    redis_caches.delete(public_cache.TAG_PREFIX + "pages")
    real_add_many = redis_caches.add_many

    def another_process_adds_first(data, **kwargs):
        redis_caches.set(public_cache.TAG_PREFIX + "pages", first, timeout=None)
        return real_add_many(data, **kwargs)

    monkeypatch.setattr(redis_caches, "add_many", another_process_adds_first)
    compute = Computations()
    public_cache.remember("other", ("pages",), compute)
    assert redis_caches.get(public_cache.TAG_PREFIX + "pages") == first
    monkeypatch.undo()
    assert public_cache.remember("other", ("pages",), compute) == "value 1"


# --- A request's writes: one round trip at its end (portal/cache_writes.py) ----------------------


@pytest.fixture
def counted_public_cache(redis_caches, monkeypatch):
    counting = CountingCache(redis_caches)
    monkeypatch.setattr(public_cache, "_cache", lambda: counting)
    return counting


def test_a_cold_page_writes_what_it_remembered_and_itself_in_one_call(client, counted_public_cache):
    site = page_factories.build_site(news_items=1)  # publishing sets the tags' versions
    counted_public_cache.calls.clear()
    response = client.get(site.about.url)
    assert response["X-Public-Cache"] == "miss"
    writes = [call for call in counted_public_cache.calls if call in ("set", "set_many", "add", "add_many")]
    # The route, the site's settings, the chrome, the fragments and the page, in one call.
    assert writes == ["set_many"], counted_public_cache.calls
    assert client.get(site.about.url)["X-Public-Cache"] == "hit"


def test_a_value_remembered_twice_in_one_request_is_computed_once(redis_caches):
    compute = Computations()
    with cache_writes.batched(redis_caches):
        assert public_cache.remember("k", ("pages",), compute) == "value 1"
        assert public_cache.remember("k", ("pages",), compute) == "value 1"
    assert compute.calls == 1
    assert public_cache.remember("k", ("pages",), compute) == "value 1"  # written when the block ended


def test_outside_a_request_a_value_is_written_at_once(counted_public_cache):
    public_cache.remember("k", ("pages",), Computations())
    assert counted_public_cache.calls[-1] == "set"


def test_a_batch_redis_refuses_is_lost_with_a_warning_not_an_error(redis_caches, monkeypatch, caplog):
    def refused(*args, **kwargs):
        raise CacheUnavailable("Redis unavailable")

    monkeypatch.setattr(redis_caches, "set_many", refused)
    compute = Computations()
    with cache_writes.batched(redis_caches):
        public_cache.remember("k", ("pages",), compute)
    assert "values not kept" in caplog.text
    monkeypatch.undo()
    assert public_cache.remember("k", ("pages",), compute) == "value 2"
