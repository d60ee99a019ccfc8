"""Background work of the algorithm track: scoring a submission (an outbox effect, run by Celery after
the commit that queued it). Thin: ``services.run_scoring`` does the work.

Imported from ``competition.tasks`` so that Celery's workers (which look for effects in the apps'
``tasks.py``) know the effect.
"""

from __future__ import annotations

from competition.algorithm import services
from portal import outbox


@outbox.effect(services.SCORE_EFFECT)
def score_submission(*, submission_id: int) -> None:
    services.run_scoring(submission_id=submission_id)
