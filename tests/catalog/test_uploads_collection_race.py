"""The first two product uploads at once on a new database make one uploads collection (PostgreSQL,
``tests.concurrency.race``): without the lock each would find no collection and make one (the second
failing on the page tree's path, or a second "Product uploads"); with it, the second waits and finds it."""

import pytest
from wagtail.models import Collection, CollectionViewRestriction

from catalog.media import storage
from catalog.models import UploadsCollection
from tests.concurrency import race

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only(postgres_service):
    """Locks need PostgreSQL (SQLite serialises whole transactions): skipped locally, failed in CI."""


def test_two_first_uploads_at_once_make_one_collection():
    if Collection.get_first_root_node() is None:  # emptied by an earlier transactional test's flush
        Collection.add_root(name="Root")
    assert not UploadsCollection.objects.exists()
    first, second = race(storage.uploads_collection, storage.uploads_collection)
    assert isinstance(first, Collection) and isinstance(second, Collection), (first, second)
    assert first.pk == second.pk == UploadsCollection.objects.get().collection_id
    assert Collection.objects.filter(depth=2).count() == 1
    assert CollectionViewRestriction.objects.filter(collection=first).count() == 1
