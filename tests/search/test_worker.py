"""With a real Celery worker (Redis broker): a committed save reaches Elasticsearch through the outbox."""

import pytest

from portal.models import OutboxMessage
from search.engines import database
from search.query import SearchQuery
from tests.catalog.factories import PublishedProductFactory
from tests.conftest import wait_for

pytestmark = pytest.mark.services


def test_a_committed_save_is_indexed_by_the_worker(celery_worker, elasticsearch):
    product = PublishedProductFactory(name_zh="闭环深部脑刺激调控器", organisation__slug="worker-org")
    key = ("product", str(product.pk))
    assert key in database.search(SearchQuery(text="深部脑刺激")).keys  # written with the save itself
    assert wait_for(lambda: not OutboxMessage.objects.filter(done_at__isnull=True).exists())
    assert wait_for(lambda: key in elasticsearch.search(SearchQuery(text="深部脑刺激")).keys)
