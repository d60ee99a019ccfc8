"""JSON API of the algorithm track: a task's public leaderboard (``/api/v1/algorithm-tasks/{task_id}/leaderboard/``).

Public, as the task page: the public subset's scores only (never the hidden labels, never a private
score). Mounted through ``competition.api.ROUTERS``.
"""

from __future__ import annotations

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from competition.algorithm import queries
from portal.api_errors import responses
from portal.converters import ApiId

router = Router(tags=["competition"])


class StandingOut(Schema):
    rank: int
    team: str
    submission_id: int
    submitted_at: datetime
    score: float
    accuracy: float
    kappa: float
    macro_f1: float
    itr_bits_per_trial: float
    itr_bits_per_minute: float
    submissions: int


class LeaderboardOut(Schema):
    task_id: int
    competition: str
    track: str
    title_zh: str
    title_en: str
    metric: str
    n_classes: int
    trial_seconds: float
    standings: list[StandingOut]


@router.get(
    "/{task_id}/leaderboard/",
    response=responses(LeaderboardOut, not_found=True),
    summary="An algorithm task's public leaderboard (scores on the public subset)",
)
def get_leaderboard(request, task_id: ApiId):
    task = get_object_or_404(queries.tasks(), pk=task_id)
    return {
        "task_id": task.pk,
        "competition": task.track.competition.slug,
        "track": task.track.slug,
        "title_zh": task.title_zh,
        "title_en": task.title_en,
        "metric": task.metric,
        "n_classes": task.n_classes,
        "trial_seconds": float(task.trial_seconds),
        "standings": [
            {
                "rank": row.rank,
                "team": row.team_name,
                "submission_id": row.submission_id,
                "submitted_at": row.submitted_at,
                "score": row.score,
                "submissions": row.submissions,
                **{name: float(row.metrics.get(name, 0.0)) for name in queries.scoring.METRICS},
            }
            for row in queries.cached_public_leaderboard(task)
        ],
    }


ROUTERS = {"/algorithm-tasks/": router}
