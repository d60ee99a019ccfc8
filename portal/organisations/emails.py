"""E-mails about an organisation's verification, to its owners in their own language (``portal.review.notify``)."""

from __future__ import annotations

from django.urls import reverse

from portal.emails import site_url
from portal.review.notify import OWNERS, tell_members


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
