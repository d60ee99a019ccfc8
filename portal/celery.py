"""The Celery application: configured from Django settings (``CELERY_*``), tasks autodiscovered
from every installed app's ``tasks.py``."""

import os

from celery import Celery
from celery.signals import after_setup_logger, after_setup_task_logger, worker_ready

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_ready.connect
def _drain_outbox_on_start(sender, **kwargs):
    """A worker that starts (after a crash, a deploy or a broker outage) runs what the outbox holds."""
    sender.app.send_task("portal.outbox.drain")


@after_setup_logger.connect
@after_setup_task_logger.connect
def _redact_worker_logs(logger=None, **kwargs):
    """The worker installs its own log handlers: they get the portal's redacting filter too (portal/logging.py)."""
    from portal.logging import redact_celery_handlers  # this module loads with the package, before settings

    redact_celery_handlers(logger=logger)
