"""E-mails of the programme applications, each to the members of one side, in the member's language.

A new or withdrawn application goes to the platform's members; an accepted or declined one to
the startup's (owners and editors). Templates:
``templates/incubator/programmes/email/<event>_subject.txt`` and ``<event>.txt``.
"""

from __future__ import annotations

from django.urls import reverse

from incubator.models import ProgrammeApplication
from incubator.vocabulary import ApplicationStatus
from portal import outbox
from portal.emails import site_url
from portal.review.notify import StillTrue, tell_members

EFFECT = "incubator.programme_email"

#: event → (the side whose members are written to, the status the application must still have)
EVENTS = {
    "submitted": ("platform", ApplicationStatus.SUBMITTED),
    "withdrawn": ("platform", ApplicationStatus.WITHDRAWN),
    "accepted": ("startup", ApplicationStatus.ACCEPTED),
    "rejected": ("startup", ApplicationStatus.REJECTED),
}
still_true = StillTrue({event: (status,) for event, (_side, status) in EVENTS.items()})


@outbox.effect(EFFECT)
def send_programme_email(*, application_id: int, event: str, decided_at: str | None = None) -> None:
    side = EVENTS[event][0]
    application = ProgrammeApplication.objects.select_related("startup", "platform").filter(pk=application_id).first()
    # Decided or withdrawn before the e-mail went out: it would be news of the past.
    if application is None or not still_true(application, event, decided_at=decided_at):
        return
    tell_members(
        getattr(application, side),
        template=f"incubator/programmes/email/{event}",
        recipient="member",
        context={
            "application": application,
            "startup": application.startup,
            "platform": application.platform,
            # Callables run in the member's language (labels, and the URL's language prefix).
            "services": lambda: application.services_display,
            "application_url": lambda: site_url(
                reverse("incubator:application_detail", kwargs={"application_id": application.pk})
            ),
        },
    )
