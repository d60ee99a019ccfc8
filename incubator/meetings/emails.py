"""E-mails of the meetings, each to every member of one side, in the member's language (``portal.emails``).

A new or withdrawn request goes to the recipient's members; an accepted, declined or expired
one to the sender's. Templates: ``templates/incubator/meetings/email/<event>_subject.txt`` and
``<event>.txt``.
"""

from __future__ import annotations

from django.urls import reverse

from incubator.meetings import timing
from incubator.models import MeetingRequest
from incubator.vocabulary import MeetingStatus
from portal import outbox
from portal.emails import site_url
from portal.review.notify import tell_members

#: Who hears of each event: the side whose members are written to.
AUDIENCE = {
    "requested": "recipient",
    "withdrawn": "recipient",
    "accepted": "sender",
    "declined": "sender",
    "expired": "sender",
}


def send_meeting_event(meeting, *, event: str) -> None:
    if event not in AUDIENCE:
        raise ValueError(event)
    organisation = meeting.recipient if AUDIENCE[event] == "recipient" else meeting.sender
    slots = list(meeting.slots.all())
    context = {
        "meeting": meeting,
        "sender": meeting.sender,
        "recipient": meeting.recipient,
        # Callables run in the member's language (URLs get its prefix, times their words).
        "slots": lambda: [timing.display(slot.starts_at) for slot in slots],
        "chosen": lambda: timing.display(meeting.chosen_slot.starts_at) if meeting.chosen_slot_id else "",
        "expires": lambda: timing.display(meeting.expires_at),
        "meeting_url": lambda: site_url(reverse("incubator:meeting_detail", kwargs={"meeting_id": meeting.pk})),
        "calendar_url": lambda: site_url(reverse("incubator:meeting_ics", kwargs={"meeting_id": meeting.pk})),
    }
    tell_members(organisation, template=f"incubator/meetings/email/{event}", context=context, recipient="member")


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
    send_meeting_event(meeting, event=event)
