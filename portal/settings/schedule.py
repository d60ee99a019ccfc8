"""What Celery beat runs periodically (``base.CELERY_BEAT_SCHEDULE``)."""

from celery.schedules import crontab

CELERY_BEAT_SCHEDULE = {
    "drain-outbox": {
        "task": "portal.outbox.drain",
        "schedule": 30,
    },
    "purge-outbox": {
        "task": "portal.outbox.purge",
        "schedule": crontab(hour=3, minute=20),
    },
    "purge-expired-invitations": {
        "task": "portal.tasks.purge_expired_invitations",
        "schedule": 60 * 60 * 6,
    },
    # What staff scheduled in Wagtail goes live or expires; expired sessions (database rows) go.
    "publish-scheduled": {
        "task": "portal.tasks.publish_scheduled",
        "schedule": 60 * 5,
    },
    "clear-sessions": {
        "task": "portal.tasks.clear_sessions",
        "schedule": crontab(hour=4, minute=10),
    },
    "search-reconcile": {
        "task": "search.tasks.reconcile",
        "schedule": 60 * 10,
    },
    # Product uploads nothing needs any more (catalog/media/cleanup.py), daily at night.
    "purge-orphaned-product-uploads": {
        "task": "catalog.tasks.purge_orphaned_product_uploads",
        "schedule": crontab(hour=3, minute=40),
    },
    # The incubator: pending meeting requests past their expiry; investors' saved-search digests.
    "incubator-expire-meetings": {
        "task": "incubator.meetings.tasks.expire_meetings",
        "schedule": 60 * 15,
    },
    "incubator-saved-search-digests": {
        "task": "incubator.profiles.tasks.send_saved_search_digests",
        "schedule": crontab(hour=8, minute=0),
    },
}
