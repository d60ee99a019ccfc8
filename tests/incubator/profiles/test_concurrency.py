"""Saving a search twice at once (a double click, two tabs), and two digest runs at once (a redelivered
task, a run by hand), on PostgreSQL (``tests.concurrency.race``)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from incubator.models import SavedSearch
from incubator.profiles import services, tasks
from portal.models import OutboxMessage
from tests.concurrency import race
from tests.incubator.meetings.factories import member_of, verified
from tests.incubator.profiles.world import startup_profile

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


def test_two_digest_runs_at_once_send_a_new_startup_once():
    """The second run waits for the first, then finds nothing new: the investor gets one digest."""
    investor = member_of(verified("investor"))
    saved = SavedSearch.objects.create(user=investor, name="康复", query="field=rehabilitation")
    SavedSearch.objects.filter(pk=saved.pk).update(created_at=timezone.now() - timedelta(days=2))
    startup_profile(verified("startup"), tag="new-rehab", with_deck=False)

    first, second = race(tasks.send_saved_search_digests, tasks.send_saved_search_digests)
    assert (first, second) == ({"digests": 1}, {"digests": 0})
    assert OutboxMessage.objects.filter(effect="incubator.saved_search_digest").count() == 1
