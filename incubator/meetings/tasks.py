"""Background work of the meetings. Thin: load the request, call ``emails`` or ``services``.

* ``incubator.meeting_email`` (outbox effect, scheduled by the services in their transaction):
  the other side hears of a new, accepted, declined, withdrawn or expired request;
* ``expire_meetings`` (Celery beat): requests past their ``expires_at`` become expired.

Celery and the outbox find effects and tasks in each app's ``tasks.py``: ``incubator.tasks``
imports this module.
"""

from __future__ import annotations

from celery import shared_task

from incubator.meetings import emails
from incubator.models import MeetingRequest
from incubator.vocabulary import MeetingStatus
from portal import outbox

#: The state a request must still be in for the e-mail about ``event`` to go out.
STATUS_OF_EVENT = {
    "requested": MeetingStatus.PENDING,
    "accepted": MeetingStatus.ACCEPTED,
    "declined": MeetingStatus.DECLINED,
    "withdrawn": MeetingStatus.CANCELLED,
    "expired": MeetingStatus.EXPIRED,
}


@outbox.effect("incubator.meeting_email")
def send_meeting_email(*, meeting_id: int, event: str) -> None:
    meeting = (
        MeetingRequest.objects.select_related("sender", "recipient", "chosen_slot", "sent_by", "responded_by")
        .filter(pk=meeting_id)
        .first()
    )
    # A request answered or withdrawn before its e-mail went out: the e-mail would be news of the past.
    if meeting is None or STATUS_OF_EVENT.get(event) != meeting.status:
        return
    emails.send_meeting_event(meeting, event=event)


@shared_task(name="incubator.meetings.tasks.expire_meetings")
def expire_meetings() -> int:
    """Expire the requests nobody answered in time (beat: every 15 minutes)."""
    from incubator.meetings import services  # services import this module (they schedule its effect)

    return services.expire_due()
