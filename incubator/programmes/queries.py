"""Read paths of the application pages: querysets limited to what the user may reach."""

from __future__ import annotations

from incubator import boxes
from incubator.models import PlatformProfile, ProgrammeApplication
from incubator.programmes import permissions
from incubator.vocabulary import ApplicationStatus
from portal.dashboard import waiting_on
from portal.db import by_name
from portal.models import Organisation
from portal.organisations.models import VerificationStatus

SENT, RECEIVED = boxes.SENT, boxes.RECEIVED
SIDES = boxes.Sides(received="platform", sent="startup", boxes=(SENT, RECEIVED))
BOXES = SIDES.boxes


def applications_for(user):
    """Every application from or to one of ``user``'s organisations, with both organisations."""
    if not getattr(user, "is_authenticated", False):
        return ProgrammeApplication.objects.none()
    return ProgrammeApplication.objects.filter(SIDES.either(user)).select_related(
        "startup", "platform", "decided_by", "submitted_by"
    )


def box(user, *, which: str, status: str | None = None):
    """The applications ``user``'s startups sent (``which="sent"``) or their platforms received, newest first."""
    return SIDES.box(applications_for(user), user, which, status)


def box_counts(user) -> dict[str, dict[str, int]]:
    """``{box: {status: n, "all": n}}`` for both boxes, in one query."""
    return SIDES.counts(applications_for(user), user, ApplicationStatus.values)


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
        .order_by(by_name("name_zh", "name_en"), "pk")
    )


def waiting_applications(applicants, platform) -> list[ProgrammeApplication]:
    """The applications of ``applicants`` (``applicants_for(user)``) to ``platform`` that await review,
    oldest first: the platform's page and the application form say so, with a link, instead of
    offering a form whose message the service refuses (one awaiting review per pair)."""
    if not applicants:
        return []
    return list(_awaiting_review(applicants, platform).select_related("startup").order_by("created_at", "pk"))


def open_application(startup, platform):
    """The startup's application to ``platform`` that still awaits review, if any."""
    return _awaiting_review([startup], platform).first()


def _awaiting_review(startups, platform):
    """The applications of ``startups`` to ``platform`` awaiting review: one per pair at most."""
    return ProgrammeApplication.objects.filter(
        startup__in=startups, platform=platform, status=ApplicationStatus.SUBMITTED
    )


def awaiting_by_platform(organisation_ids) -> dict[int, int]:
    """The applications to each platform of ``organisation_ids`` not decided yet (a dashboard ``awaiting``)."""
    return waiting_on(
        ProgrammeApplication.objects.filter(platform_id__in=organisation_ids, status=ApplicationStatus.SUBMITTED),
        "platform_id",
    )
