"""Background work of the cases app. Thin: load the submission, call ``cases.emails``.

The e-mail is an outbox effect (``portal.outbox``) scheduled by ``cases.services`` in its
own transaction and run once after the commit.
"""

from cases import emails
from cases.models import CaseSubmission
from portal import outbox


@outbox.effect("cases.submission_email")
def send_submission_email(*, submission_id: int, event: str) -> None:
    submission = CaseSubmission.objects.select_related("organisation", "case_page").filter(pk=submission_id).first()
    if submission is None:
        return
    emails.send_submission_event(submission, event=event)
