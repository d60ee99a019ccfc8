"""Celery's configuration (portal/celery.py, ``CELERY_*`` in portal/settings/base.py)."""

from django.conf import settings

from portal.celery import app


def test_every_task_ends_before_the_broker_hands_it_to_another_worker():
    """With ``acks_late``, Redis hands a task nobody acknowledged within its visibility timeout to
    another worker, while the first may still run it: two runs at once of a beat task (a purge, the
    digests). Every task has a hard time limit below that timeout, its own or the default."""
    app.loader.import_default_modules()  # every app's tasks.py, as a worker loads them
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    ours = {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}
    assert "portal.tasks.purge_expired_invitations" in ours
    limits = {name: task.time_limit or app.conf.task_time_limit for name, task in ours.items()}
    assert [name for name, limit in limits.items() if limit is None or limit >= visibility] == []
