"""Celery tasks of the search index: thin, idempotent (see search/indexing.py)."""

import logging

from celery import shared_task

from search import indexing
from search.models import IndexOutbox

logger = logging.getLogger(__name__)


@shared_task(bind=True, max_retries=8, default_retry_delay=30)
def apply_outbox(self, ids):
    """Apply these outbox rows; while an engine is down, retry with a growing delay."""
    failed = indexing.apply(IndexOutbox.objects.filter(pk__in=ids).order_by("pk"))
    if failed and not self.request.is_eager:
        # Eager (``make run``, tests): no synchronous retry loop inside the request;
        # the rows stay in the outbox for ``reconcile``.
        raise self.retry(countdown=min(30 * 2**self.request.retries, 3600))


@shared_task
def reconcile():
    """Drain the outbox and repair drift between the data and both indexes (Celery beat)."""
    pending = indexing.drain()
    repaired = indexing.reconcile_database()
    repaired_es = indexing.reconcile_elasticsearch() if indexing.elasticsearch_enabled() and not pending else 0
    logger.info(
        "search reconcile: %s pending, %s database and %s Elasticsearch repairs", pending, repaired, repaired_es
    )
    return {"pending": pending, "database": repaired, "elasticsearch": repaired_es}
