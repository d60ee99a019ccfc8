"""Background work of the cases app. Thin: load the submission, call ``cases.emails``.

The e-mail is an outbox effect (``portal.outbox``) scheduled by ``cases.services`` in its
own transaction and run once after the commit, if what it announces still holds
(``cases.emails.still_true``: a decision's mail names it by ``decided_at``, ``portal.review``).
"""

import logging

from django.contrib.auth import get_user_model

from cases import emails
from cases.models import CaseSubmission
from portal import outbox

logger = logging.getLogger(__name__)


@outbox.effect("cases.submission_email")
def send_submission_email(
    *, submission_id: int, event: str, decided_at: str | None = None, actor_id: int | None = None
) -> None:
    """``actor_id``: the member whose action the e-mail announces (who took a case back), when it names them."""
    submission = CaseSubmission.objects.select_related("organisation", "case_page").filter(pk=submission_id).first()
    if submission is None or not emails.still_true(submission, event, decided_at=decided_at):
        logger.info("case submission %s: %s no longer holds; not e-mailed", submission_id, event)
        return
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    emails.send_submission_event(submission, event=event, actor=actor)
