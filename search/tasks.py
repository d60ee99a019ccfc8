"""Background work of the search index: thin (see search/indexing.py)."""

import logging

from celery import shared_task

from portal import outbox
from search import indexing

logger = logging.getLogger(__name__)


@outbox.effect("search.sync_elasticsearch")
def sync_elasticsearch(*, doc_type: str, object_id: str) -> None:
    """Apply an object's current documents to Elasticsearch; raises (and is retried) while it is down."""
    indexing.sync_elasticsearch(doc_type, object_id)


@shared_task(soft_time_limit=60 * 9, time_limit=60 * 10)
def reconcile():
    """Repair drift between the data and both indexes (Celery beat, every 10 minutes).

    Pending Elasticsearch updates are the outbox's (``portal.outbox.drain``); the
    comparison runs whatever is pending, per document, under the same object lock.
    """
    repaired = indexing.reconcile_database()
    repaired_es = indexing.reconcile_elasticsearch() if indexing.elasticsearch_enabled() else 0
    logger.info("search reconcile: %s database and %s Elasticsearch repairs", repaired, repaired_es)
    return {"database": repaired, "elasticsearch": repaired_es}
