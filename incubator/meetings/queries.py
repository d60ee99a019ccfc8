"""Read paths of the meeting pages: querysets limited to what the user may reach.

A request is reachable by the members of its two organisations only; everything else is left
out, so another organisation's request is a 404 (never a 403 that would confirm it exists).
"""

from __future__ import annotations

from django.db.models import Prefetch, Q

from incubator import boxes
from incubator.meetings import permissions
from incubator.models import MeetingRequest, MeetingSlot
from incubator.vocabulary import MeetingStatus
from portal.models import Membership, Organisation

RECEIVED, SENT = "received", "sent"
BOXES = (RECEIVED, SENT)


def _organisations_of(user):
    return Membership.objects.filter(user=user).values("organisation_id")


def meetings_for(user):
    """Every request to or from one of ``user``'s organisations, with both organisations and the chosen time."""
    if not getattr(user, "is_authenticated", False):
        return MeetingRequest.objects.none()
    mine = _organisations_of(user)
    return MeetingRequest.objects.filter(Q(sender__in=mine) | Q(recipient__in=mine)).select_related(
        "sender", "recipient", "chosen_slot", "sent_by", "responded_by"
    )


def meeting_detail(user):
    """``meetings_for`` with the proposed times (the detail page and the calendar file)."""
    return meetings_for(user).prefetch_related(Prefetch("slots", queryset=MeetingSlot.objects.order_by("starts_at")))


def mailbox(user, *, box: str, status: str | None = None):
    """The requests ``user``'s organisations received (``box="received"``) or sent, newest first."""
    mine = _organisations_of(user)
    found = meetings_for(user).filter(**{"recipient__in" if box == RECEIVED else "sender__in": mine})
    if status:
        found = found.filter(status=status)
    return found.order_by("-created_at", "-pk")


def mailbox_counts(user) -> dict[str, dict[str, int]]:
    """``{box: {status: n, "all": n}}`` for both boxes, in one query."""
    if not getattr(user, "is_authenticated", False):
        return {box: {"all": 0, **dict.fromkeys(MeetingStatus.values, 0)} for box in BOXES}
    mine = _organisations_of(user)
    sides = {RECEIVED: Q(recipient__in=mine), SENT: Q(sender__in=mine)}
    return boxes.count_by_status(meetings_for(user), sides, MeetingStatus.values)


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
        for organisation in candidates.order_by("name_zh")
        if permissions.pair_allowed(organisation.kind, recipient.kind)
    ]
