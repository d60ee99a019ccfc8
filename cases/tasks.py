"""Celery tasks of the cases app. Thin: load the submission, call ``cases.emails``.

Enqueued by ``cases.services`` with ``transaction.on_commit``. Acknowledged late, so a task
may run twice after a worker crash: a second e-mail about the same step is the worst case.
"""

from celery import shared_task

from cases import emails
from portal.tasks import MAIL_RETRY


@shared_task(**MAIL_RETRY)
def send_submission_email(submission_id: int, event: str) -> None:
    from cases.models import CaseSubmission

    submission = CaseSubmission.objects.select_related("organisation", "case_page").filter(pk=submission_id).first()
    if submission is None:
        return
    emails.send_submission_event(submission, event=event)
