"""Saving a search twice at once (a double click, two tabs), on PostgreSQL (``tests.concurrency.race``)."""

from __future__ import annotations

import pytest

from incubator.models import SavedSearch
from incubator.profiles import services
from tests.concurrency import race
from tests.incubator.meetings.factories import member_of, verified

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only(postgres_service):
    """Row locks need PostgreSQL (SQLite serialises whole transactions): skipped locally, failed in CI."""


@pytest.mark.parametrize("earlier", [0, 1], ids=["first-saved-search", "with-one-saved-before"])
def test_the_same_search_saved_twice_at_once_is_kept_once(earlier):
    investor = member_of(verified("investor"))
    for number in range(earlier):
        services.save_search(actor=investor, name=f"之前 {number}", query="stage=prototype")

    def save():
        return services.save_search(actor=investor, name="康复 · 原型", query="field=rehabilitation&stage=prototype")

    first, second = race(save, save)
    assert isinstance(first, SavedSearch) and isinstance(second, SavedSearch)
    assert first.pk == second.pk
    assert SavedSearch.objects.filter(user=investor).count() == earlier + 1
