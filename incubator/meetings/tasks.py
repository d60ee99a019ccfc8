"""Background work of the meetings. Thin: load the request, call ``emails`` or ``services``.

* ``incubator.meeting_email`` (outbox effect in ``emails``, scheduled by the services in their
  transaction): the other side hears of a new, accepted, declined, withdrawn or expired request;
* ``expire_meetings`` (Celery beat): requests past their ``expires_at`` become expired.

Celery and the outbox find effects and tasks in each app's ``tasks.py``: ``incubator.tasks``
imports this module.
"""

from __future__ import annotations

from celery import shared_task

from incubator.meetings import services
from incubator.meetings.emails import send_meeting_email  # noqa: F401  (the outbox effect, registered on import)


@shared_task(name="incubator.meetings.tasks.expire_meetings")
def expire_meetings() -> int:
    """Expire the requests nobody answered in time (beat: every 15 minutes)."""
    return services.expire_due()
