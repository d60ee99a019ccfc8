"""Read paths of the application pages: querysets limited to what the user may reach."""

from __future__ import annotations

from django.db.models import Q

from incubator import boxes
from incubator.models import PlatformProfile, ProgrammeApplication
from incubator.programmes import permissions
from incubator.vocabulary import ApplicationStatus
from portal.models import Membership, Organisation
from portal.organisations.models import VerificationStatus

SENT, RECEIVED = "sent", "received"
BOXES = (SENT, RECEIVED)


def _organisations_of(user):
    return Membership.objects.filter(user=user).values("organisation_id")


def applications_for(user):
    """Every application from or to one of ``user``'s organisations, with both organisations."""
    if not getattr(user, "is_authenticated", False):
        return ProgrammeApplication.objects.none()
    mine = _organisations_of(user)
    return ProgrammeApplication.objects.filter(Q(startup__in=mine) | Q(platform__in=mine)).select_related(
        "startup", "platform", "decided_by", "submitted_by"
    )


def box(user, *, which: str, status: str | None = None):
    """The applications ``user``'s startups sent (``which="sent"``) or their platforms received, newest first."""
    mine = _organisations_of(user)
    found = applications_for(user).filter(**{"startup__in" if which == SENT else "platform__in": mine})
    if status:
        found = found.filter(status=status)
    return found.order_by("-created_at", "-pk")


def box_counts(user) -> dict[str, dict[str, int]]:
    """``{box: {status: n, "all": n}}`` for both boxes, in one query."""
    if not getattr(user, "is_authenticated", False):
        return {name: {"all": 0, **dict.fromkeys(ApplicationStatus.values, 0)} for name in BOXES}
    mine = _organisations_of(user)
    sides = {SENT: Q(startup__in=mine), RECEIVED: Q(platform__in=mine)}
    return boxes.count_by_status(applications_for(user), sides, ApplicationStatus.values)


def receiving_platforms():
    """Platforms and incubators taking applications: verified, with a profile that accepts them."""
    return PlatformProfile.objects.filter(
        accepts_applications=True,
        organisation__kind__in=permissions.PLATFORM_KINDS,
        organisation__verification_status=VerificationStatus.VERIFIED,
    ).select_related("organisation")


def applicants_for(user) -> list[Organisation]:
    """``user``'s verified startups, by name (those that may apply)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(
        Organisation.objects.verified()
        .filter(memberships__user=user, kind__in=permissions.APPLYING_KINDS)
        .distinct()
        .order_by("name_zh")
    )


def open_application(startup, platform):
    """The startup's application to ``platform`` that still awaits review, if any."""
    return ProgrammeApplication.objects.filter(
        startup=startup, platform=platform, status=ApplicationStatus.SUBMITTED
    ).first()
