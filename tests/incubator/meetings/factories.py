"""Meeting requests for the tests, made directly (the services' rules are what the tests try)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from incubator.models import MeetingRequest, MeetingSlot
from incubator.vocabulary import MeetingStatus
from tests import factories


def verified(kind: str, **kwargs):
    return factories.OrganisationFactory(kind=kind, **kwargs)


def member_of(organisation, **kwargs):
    return factories.MembershipFactory(organisation=organisation, role="owner", **kwargs).user


def make_meeting(
    *,
    sender,
    recipient,
    status: str = MeetingStatus.PENDING,
    subject: str = "种子轮融资交流 · Seed-round introduction",
    message: str = "希望介绍我们的柔性电极平台。\nWe would like to present our flexible-electrode platform.",
    days_ahead: tuple[int, ...] = (3, 4),
    duration: int = 60,
    location: str = "",
    expires_in: timedelta = timedelta(days=14),
    sent_by=None,
    created_ago: timedelta | None = None,
) -> MeetingRequest:
    """A request with one slot per ``days_ahead`` (at 10:00 UTC); accepted ones chose the first."""
    now = timezone.now()
    meeting = MeetingRequest.objects.create(
        sender=sender,
        recipient=recipient,
        sent_by=sent_by,
        subject=subject,
        message=message,
        duration_minutes=duration,
        location=location,
        status=status,
        expires_at=now + expires_in,
        decline_reason="时间冲突。Not a fit for our current fund." if status == MeetingStatus.DECLINED else "",
    )
    base = now.replace(hour=10, minute=0, second=0, microsecond=0)
    slots = [MeetingSlot.objects.create(request=meeting, starts_at=base + timedelta(days=d)) for d in days_ahead]
    if status == MeetingStatus.ACCEPTED:
        meeting.chosen_slot = slots[0]
        meeting.responded_at = now
        meeting.save(update_fields=["chosen_slot", "responded_at"])
    if created_ago is not None:
        MeetingRequest.objects.filter(pk=meeting.pk).update(created_at=now - created_ago)
        meeting.refresh_from_db()
    return meeting
