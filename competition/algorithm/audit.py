"""The algorithm track's log actions (``portal.review.audit``), in the competition's audit trail.

Submissions and re-scores are written on the ``Submission``; a change of a task's limits or
leaderboard rule on the ``AlgorithmTask``. Results publication is the competition's own
(``competition.results.audit.PUBLISHED``), which also reveals the private leaderboards.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.review import audit
from portal.review.audit import LogAction

SUBMITTED = "competition.algorithm.submitted"
RESCORED = "competition.algorithm.rescored"
FINALS_CHOSEN = "competition.algorithm.finals_chosen"
TASK_CHANGED = "competition.algorithm.task_changed"

ACTIONS = (
    LogAction(SUBMITTED, _("Submit predictions"), _("Predictions submitted")),
    LogAction(RESCORED, _("Re-score a submission"), _("Submission queued for re-scoring")),
    LogAction(FINALS_CHOSEN, _("Choose final submissions"), _("Final submissions chosen")),
    LogAction(TASK_CHANGED, _("Change an algorithm task"), _("Algorithm task limits changed")),
)

audit.register(*ACTIONS)

record = audit.record
