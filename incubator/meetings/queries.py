"""Read paths of the meeting pages: querysets limited to what the user may reach.

A request is reachable by the members of its two organisations only; everything else is left
out, so another organisation's request is a 404 (never a 403 that would confirm it exists).
"""

from __future__ import annotations

from django.db.models import Prefetch

from incubator import boxes
from incubator.meetings import permissions
from incubator.models import MeetingRequest, MeetingSlot
from incubator.vocabulary import MeetingStatus
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
