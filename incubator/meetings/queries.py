"""Read paths of the meeting pages: querysets limited to what the user may reach.

A request is reachable by the members of its two organisations only; everything else is left
out, so another organisation's request is a 404 (never a 403 that would confirm it exists).
"""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.utils import timezone

from incubator import boxes
from incubator.meetings import permissions
from incubator.models import MeetingRequest, MeetingSlot
from incubator.vocabulary import MeetingStatus
from portal.dashboard import waiting_on
from portal.models import Organisation
from portal.organisations.queries import in_name_order

RECEIVED, SENT = boxes.RECEIVED, boxes.SENT
SIDES = boxes.Sides(received="recipient", sent="sender")
BOXES = SIDES.boxes


def meetings_for(user):
    """Every request to or from one of ``user``'s organisations, with both organisations and the chosen time."""
    if not getattr(user, "is_authenticated", False):
        return MeetingRequest.objects.none()
    return MeetingRequest.objects.filter(SIDES.either(user)).select_related(
        "sender", "recipient", "chosen_slot", "sent_by", "responded_by"
    )


def meeting_detail(user):
    """``meetings_for`` with the proposed times (the detail page and the calendar file)."""
    return meetings_for(user).prefetch_related(Prefetch("slots", queryset=MeetingSlot.objects.order_by("starts_at")))


def mailbox(user, *, box: str, status: str | None = None):
    """The requests ``user``'s organisations received (``box="received"``) or sent, newest first."""
    return SIDES.box(meetings_for(user), user, box, status)


def mailbox_counts(user) -> dict[str, dict[str, int]]:
    """``{box: {status: n, "all": n}}`` for both boxes, in one query."""
    return SIDES.counts(meetings_for(user), user, MeetingStatus.values)


def recipients():
    """Organisations a meeting can be requested with: verified, of a kind that meets."""
    return Organisation.objects.verified().filter(kind__in=permissions.MEETING_KINDS)


def senders_for(user, recipient) -> list:
    """``user``'s organisations that may request a meeting with ``recipient``, by name."""
    if not getattr(user, "is_authenticated", False):
        return []
    candidates = Organisation.objects.verified().filter(memberships__user=user).exclude(pk=recipient.pk)
    return [
        organisation
        for organisation in in_name_order(candidates)
        if permissions.pair_allowed(organisation.kind, recipient.kind)
    ]


def awaiting_answer(organisation_ids, recipient, now=None):
    """The requests awaiting an answer between one of ``organisation_ids`` and ``recipient``, either
    way: the one-pending rule (``services`` refuses another request of such a pair)."""
    between = Q(sender_id__in=organisation_ids, recipient=recipient) | Q(
        sender=recipient, recipient_id__in=organisation_ids
    )
    return MeetingRequest.objects.filter(between, status=MeetingStatus.PENDING, expires_at__gt=now or timezone.now())


def waiting_between(senders, recipient) -> list[MeetingRequest]:
    """Requests awaiting an answer between one of ``senders`` (``senders_for``) and ``recipient``, either
    way, oldest first: the startup's profile and the request form say so, with a link, instead of
    offering a form whose request the service refuses once written (one awaiting an answer per pair)."""
    if not senders:
        return []
    waiting = awaiting_answer([organisation.pk for organisation in senders], recipient)
    return list(waiting.select_related("sender", "recipient").order_by("created_at", "pk"))


def blocked_senders(waiting, recipient) -> set[int]:
    """The ids of the organisations that have a request of ``waiting`` with ``recipient`` (either way)."""
    return {meeting.recipient_id if meeting.sender_id == recipient.pk else meeting.sender_id for meeting in waiting}


def awaiting_by_recipient(organisation_ids) -> dict[int, int]:
    """The requests each of ``organisation_ids`` received and has not answered yet (a dashboard ``awaiting``)."""
    waiting = MeetingRequest.objects.filter(
        recipient_id__in=organisation_ids, status=MeetingStatus.PENDING, expires_at__gt=timezone.now()
    )
    return waiting_on(waiting, "recipient_id")
