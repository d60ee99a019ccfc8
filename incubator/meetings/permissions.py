"""Who may do what with meeting requests. Every check of the meetings is here.

A meeting request is between two organisations: the members (owners and editors) of either
side see it; the sender's members withdraw it, the recipient's members answer it. Anyone else,
staff included (they look at meetings in the Wagtail admin), never reaches it from the member
pages: the querysets of ``incubator.meetings.queries`` leave it out, so its ID is a 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from portal.organisations.models import OrganisationKind
from portal.permissions import member_organisation_ids

STARTUP = OrganisationKind.STARTUP
INVESTOR = OrganisationKind.INVESTOR
PLATFORM_KINDS = (OrganisationKind.SERVICE_PLATFORM, OrganisationKind.INCUBATOR)

#: Who may ask whom for a meeting (sender kind, recipient kind): the plan's matchmaking pairs.
ALLOWED_PAIRS = frozenset(
    {
        (INVESTOR, STARTUP),
        (STARTUP, INVESTOR),
        *((STARTUP, kind) for kind in PLATFORM_KINDS),
        *((kind, STARTUP) for kind in PLATFORM_KINDS),
    }
)

#: The organisation kinds that take part in meetings at all (the dashboard shows them the link).
MEETING_KINDS = frozenset(kind for pair in ALLOWED_PAIRS for kind in pair)


def pair_allowed(sender_kind: str, recipient_kind: str) -> bool:
    return (sender_kind, recipient_kind) in ALLOWED_PAIRS


def takes_part_in_meetings(organisation) -> bool:
    """For the dashboard's section: organisations of the kinds that meet."""
    return organisation.kind in MEETING_KINDS


def is_member(user, organisation) -> bool:
    return organisation.pk in member_organisation_ids(user)


def can_send_from(user, sender) -> bool:
    """Members of a verified organisation send in its name."""
    return sender.is_verified and is_member(user, sender)


def can_send(user, sender, recipient) -> bool:
    return can_send_from(user, sender) and recipient.is_verified and pair_allowed(sender.kind, recipient.kind)


def can_view(user, meeting) -> bool:
    ids = member_organisation_ids(user)
    return meeting.sender_id in ids or meeting.recipient_id in ids


def can_answer(user, meeting) -> bool:
    """The recipient's members accept or decline."""
    return meeting.recipient_id in member_organisation_ids(user)


def can_withdraw(user, meeting) -> bool:
    """The sender's members withdraw their request."""
    return meeting.sender_id in member_organisation_ids(user)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied
