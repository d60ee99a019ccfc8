"""The algorithm track's log actions (``portal.review.audit``), in the competition's audit trail.

Submissions and re-scores are written on the ``Submission``; a change of a task's limits or
leaderboard rule on the ``AlgorithmTask``. Results publication is the competition's own
(``competition.results.audit.PUBLISHED``), which also reveals the private leaderboards.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.review import audit

SUBMITTED = audit.action("competition.algorithm.submitted", _("Submit predictions"), _("Predictions submitted"))
RESCORED = audit.action(
    "competition.algorithm.rescored", _("Re-score a submission"), _("Submission queued for re-scoring")
)
FINALS_CHOSEN = audit.action(
    "competition.algorithm.finals_chosen", _("Choose final submissions"), _("Final submissions chosen")
)
TASK_CHANGED = audit.action(
    "competition.algorithm.task_changed", _("Change an algorithm task"), _("Algorithm task limits changed")
)

record = audit.record
