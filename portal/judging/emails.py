"""The judges' e-mails and their outbox effects, each in the judge's language.

Staff unlocking a submitted scorecard (``scorecards.unlock_scorecard``) tell its judge: either the
scorecard is theirs to change and submit again until scoring closes, or, when the judge has since
declared a tie with what it judges, that they were taken off it. The effect reads the scorecard
again and sends nothing once the judge has submitted it again, or when the judge is no longer on it
(``unlocked``) or is back on it (``taken_off``). ``portal/judging/tasks.py`` imports this module so
that Celery's workers know the effect.
"""

from __future__ import annotations

from django.urls import reverse

from portal import outbox, timing
from portal.emails import language_for, send_templated_email, site_url
from portal.judging import subjects
from portal.judging.models import Scorecard
from portal.judging.vocabulary import AssignmentStatus

UNLOCKED_EFFECT = "judging.scorecard_unlocked_email"
#: What the judge is told (templates judging/email/scorecard_<event>*.txt), by the assignment's status.
EVENTS = {AssignmentStatus.ACTIVE: "unlocked", AssignmentStatus.RECUSED: "taken_off"}


def schedule_unlocked(scorecard: Scorecard, *, reason: str) -> None:
    """In the unlocking transaction: the judge's e-mail, after the commit."""
    event = EVENTS.get(scorecard.assignment.status)
    if event is not None:
        outbox.schedule(UNLOCKED_EFFECT, {"scorecard_id": scorecard.pk, "event": event, "reason": reason})


def _still_true(scorecard: Scorecard | None, event: str) -> bool:
    if scorecard is None or scorecard.is_submitted:
        return False
    return EVENTS.get(scorecard.assignment.status) == event


@outbox.effect(UNLOCKED_EFFECT)
def unlocked_email(*, scorecard_id: int, event: str, reason: str) -> None:
    scorecard = (
        Scorecard.objects.select_related("assignment__judge", "assignment__item__panel").filter(pk=scorecard_id).first()
    )
    if not _still_true(scorecard, event):
        return
    assignment = scorecard.assignment
    item, panel, judge = assignment.item, assignment.item.panel, assignment.judge
    row = (item.pk, item.subject_type_id, item.subject_id, panel.blind)
    target = "judging:scorecard" if event == "unlocked" else "judging:dashboard"
    kwargs = {"assignment_id": assignment.pk} if event == "unlocked" else {}
    send_templated_email(
        template=f"judging/email/scorecard_{event}",
        to=[judge.email],
        language=language_for(judge),
        context={
            "judge": judge,
            "panel": panel,
            "reason": reason,
            "label": lambda: subjects.labels_of([row]).get(item.pk, str(item)),
            "closes": lambda: timing.display(panel.scoring_closes_at),
            "url": lambda: site_url(reverse(target, kwargs=kwargs)),
        },
    )
