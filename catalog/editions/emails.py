"""E-mails about edition applications, to the applying organisation's members in their own language
(``portal.review.notify``: its owners and editors, active, each address once)."""

from __future__ import annotations

from django.urls import reverse

from catalog.editions.models import ApplicationStatus, EditionStatus
from portal.emails import site_url
from portal.review.notify import StillTrue, tell_members

OUTCOMES = ("accepted", "rejected", "published")

#: outcome → the application status (and, for "published", the edition status) that must still hold
#: when the e-mail's effect runs, ``still_true(application, outcome)``.
still_true = StillTrue(
    {
        "accepted": (ApplicationStatus.ACCEPTED,),
        "rejected": (ApplicationStatus.REJECTED,),
        "published": (ApplicationStatus.ACCEPTED,),
    },
    also={"published": lambda application: application.edition.status == EditionStatus.PUBLISHED},
)


def send_outcome(application, *, outcome: str) -> None:
    if outcome not in OUTCOMES:
        raise ValueError(outcome)
    edition = application.edition
    tell_members(
        application.organisation,
        template=f"catalog/email/edition_{outcome}",
        context={
            "application": application,
            "edition": edition,
            "product": application.product,
            "organisation": application.organisation,
            "category": application.get_category_display,
            "applications_url": lambda: site_url(reverse("catalog:my_edition_applications")),
            "edition_url": lambda: site_url(edition.get_absolute_url()),
        },
    )
