"""E-mails about edition applications, to the applying organisation's members in their own language."""

from __future__ import annotations

from django.urls import reverse

from catalog.editions.models import ApplicationStatus, EditionStatus
from portal import emails

#: outcome → the application status (and, for "published", the edition status) that must still hold.
OUTCOMES = ("accepted", "rejected", "published")


def still_true(application, outcome: str) -> bool:
    if outcome == "accepted":
        return application.status == ApplicationStatus.ACCEPTED
    if outcome == "rejected":
        return application.status == ApplicationStatus.REJECTED
    if outcome == "published":
        return (
            application.status == ApplicationStatus.ACCEPTED and application.edition.status == EditionStatus.PUBLISHED
        )
    return False


def send_outcome(application, *, outcome: str) -> None:
    if outcome not in OUTCOMES:
        raise ValueError(outcome)
    edition = application.edition
    memberships = application.organisation.memberships.select_related("user").filter(user__is_active=True)
    for membership in memberships:
        user = membership.user
        emails.send_templated_email(
            template=f"catalog/email/edition_{outcome}",
            to=[user.email],
            language=emails.language_for(user),
            context={
                "application": application,
                "edition": edition,
                "product": application.product,
                "organisation": application.organisation,
                "recipient": user,
                "category": application.get_category_display,
                "applications_url": lambda: emails.site_url(reverse("catalog:my_edition_applications")),
                "edition_url": lambda: emails.site_url(edition.get_absolute_url()),
            },
        )
