"""``public_cache.remember``: one cache round trip on a hit, fresh after an invalidation."""

import pytest
from django.core.cache import caches

from portal import public_cache

pytestmark = pytest.mark.django_db


class Computations:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return f"value {self.calls}"


class CountingCache:
    """The real cache, counting the calls that would be round trips to Redis."""

    def __init__(self, cache):
        self.cache, self.calls = cache, []

    def __getattr__(self, name):
        attribute = getattr(self.cache, name)
        if name in ("get", "get_many", "set", "set_many", "add", "add_many"):

            def counted(*args, **kwargs):
                self.calls.append(name)
                return attribute(*args, **kwargs)

            return counted
        return attribute


def test_a_remembered_value_costs_one_cache_call(monkeypatch, settings):
    compute = Computations()
    counting = CountingCache(caches[settings.PORTAL_PUBLIC_CACHE_ALIAS])
    assert public_cache.remember("k", ("pages", "cases"), compute) == "value 1"
    monkeypatch.setattr(public_cache, "_cache", lambda: counting)
    assert public_cache.remember("k", ("pages", "cases"), compute) == "value 1"
    assert counting.calls == ["get_many"] and compute.calls == 1


def test_invalidating_any_tag_recomputes_and_others_keep_theirs():
    compute, other = Computations(), Computations()
    public_cache.remember("k", ("pages", "cases"), compute)
    public_cache.remember("other", ("catalog",), other)
    public_cache.invalidate("cases")
    assert public_cache.remember("k", ("pages", "cases"), compute) == "value 2"
    assert public_cache.remember("k", ("pages", "cases"), compute) == "value 2"
    assert public_cache.remember("other", ("catalog",), other) == "value 1"


def test_a_value_computed_during_an_invalidation_is_not_served_after_it():
    """Computed from rows read before a publish, stored after it: the next read recomputes."""
    calls = []

    def compute_while_a_case_is_published():
        calls.append(1)
        if len(calls) == 1:
            public_cache.invalidate("cases")
        return len(calls)

    assert public_cache.remember("k", ("cases",), compute_while_a_case_is_published) == 1
    assert public_cache.remember("k", ("cases",), compute_while_a_case_is_published) == 2
    assert public_cache.remember("k", ("cases",), compute_while_a_case_is_published) == 2


def test_a_lost_tag_version_is_a_miss(settings):
    compute = Computations()
    public_cache.remember("k", ("pages",), compute)
    caches[settings.PORTAL_PUBLIC_CACHE_ALIAS].delete(public_cache.TAG_PREFIX + "pages")
    assert public_cache.remember("k", ("pages",), compute) == "value 2"
    assert public_cache.remember("k", ("pages",), compute) == "value 2"


def test_none_is_remembered_too():
    calls = []

    def nothing():
        calls.append(1)

    public_cache.remember("k", ("pages",), nothing)
    assert public_cache.remember("k", ("pages",), nothing) is None
    assert len(calls) == 1


def test_values_are_kept_per_key():
    assert public_cache.remember("a", ("pages",), lambda: 1) == 1
    assert public_cache.remember("b", ("pages",), lambda: 2) == 2
    assert public_cache.remember("a", ("pages",), lambda: 3) == 1
