"""E-mails to the organisation that submitted a case, each member in their own language."""

from __future__ import annotations

from django.urls import reverse

from portal.emails import language_for, send_templated_email, site_url

#: Events the organisation hears about (templates cases/email/submission_<event>*.txt).
EVENTS = ("submitted", "resubmitted", "changes_requested", "rejected", "accepted", "published")


def send_submission_event(submission, *, event: str) -> None:
    if event not in EVENTS:
        raise ValueError(event)
    members = [m.user for m in submission.organisation.memberships.select_related("user") if m.user.is_active]
    for member in members:
        send_templated_email(
            template=f"cases/email/submission_{event}",
            to=[member.email],
            language=language_for(member),
            context={
                "submission": submission,
                "member": member,
                "organisation": submission.organisation,
                "submission_url": lambda: site_url(reverse("cases:submission_detail", kwargs={"pk": submission.pk})),
                "case_url": lambda: site_url(submission.case_page.url) if submission.case_page_id else "",
            },
        )
