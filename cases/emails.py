"""E-mails to the organisation that submitted a case, each member in their own language (``portal.review.notify``)."""

from __future__ import annotations

from django.urls import reverse
from wagtail.models import Locale

from cases.vocabulary import EDITABLE_STATUSES, SubmissionStatus
from portal.emails import site_url
from portal.review.notify import StillTrue, tell_members

#: Events the organisation hears about (templates cases/email/submission_<event>*.txt).
EVENTS = ("submitted", "resubmitted", "taken_back", "changes_requested", "rejected", "accepted", "published")

_SENT = tuple(set(SubmissionStatus) - {SubmissionStatus.DRAFT})


def _page_live(submission) -> bool:
    return bool(submission.case_page_id and submission.case_page.live)


#: Whether ``event`` still describes the submission, ``still_true(submission, event)``: the effect
#: may run late (SMTP or a worker down), after the member resubmitted a case sent back for changes
#: (the comment and "submit it again" would be stale) or staff unpublished the case announced.
still_true = StillTrue(
    {
        "submitted": _SENT,
        "resubmitted": _SENT,
        # Not once it was submitted again (its own mail says so) or decided.
        "taken_back": EDITABLE_STATUSES,
        "changes_requested": (SubmissionStatus.CHANGES_REQUESTED,),
        "rejected": (SubmissionStatus.REJECTED,),
        "accepted": (SubmissionStatus.ACCEPTED,),
        "published": (SubmissionStatus.ACCEPTED,),
    },
    also={"published": _page_live},
)


def send_submission_event(submission, *, event: str, actor=None) -> None:
    """``actor``: the member whose action ``event`` was (who took the case back), named by its e-mail."""
    if event not in EVENTS:
        raise ValueError(event)
    tell_members(
        submission.organisation,
        recipient="member",
        template=f"cases/email/submission_{event}",
        context={
            "submission": submission,
            "organisation": submission.organisation,
            "actor": actor,
            "submission_url": lambda: site_url(reverse("cases:submission_detail", kwargs={"pk": submission.pk})),
            "case_url": lambda: _case_url(submission),
        },
    )


def _case_url(submission) -> str:
    """The published case page in the active language (the recipient's), else the Chinese one."""
    if not submission.case_page_id:
        return ""
    page = submission.case_page.get_translation_or_none(Locale.get_active()) or submission.case_page
    return site_url((page if page.live else submission.case_page).url)
