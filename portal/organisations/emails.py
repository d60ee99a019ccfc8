"""E-mails about an organisation's verification, to its owners in their own language (``portal.review.notify``)."""

from __future__ import annotations

from django.urls import reverse

from portal.emails import site_url
from portal.organisations.models import VerificationStatus
from portal.review.notify import OWNERS, StillTrue, tell_members

_DECIDED = (VerificationStatus.VERIFIED, VerificationStatus.REJECTED, VerificationStatus.SUSPENDED)

#: Whether the decision ``status`` still describes the organisation when its e-mail's effect runs,
#: ``still_true(organisation, status, decided_at=…)``: its status, and no decision taken since.
still_true = StillTrue({status: (status,) for status in _DECIDED}, field="verification_status")


def send_verification_decision(organisation, *, status: str, note: str) -> None:
    """Tell each owner of ``organisation``, in their own language, what staff decided."""
    tell_members(
        organisation,
        roles=OWNERS,
        recipient="owner",
        template=f"portal/email/organisation_{status}",
        context={
            "organisation": organisation,
            "note": note,
            "dashboard_url": lambda: site_url(reverse("portal:dashboard")),
            "public_url": lambda: site_url(organisation.get_absolute_url()),
        },
    )
