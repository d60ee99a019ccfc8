"""Reads of the algorithm track: tasks, a team's submissions, and the leaderboards.

Leaderboards read every scored submission of the task with its team in one query and rank in
Python (a team's best by the task's metric; ties to the earliest submission, then the lower id),
so a page costs the same number of queries for 5 teams or 500.

* Public: each team's best **public** score over its scored submissions.
* Private (only once staff published the competition's results): each team's counted submissions
  (its finals, or, without finals, its best public submission), the best **private** score of those.
"""

from __future__ import annotations

from dataclasses import dataclass

from competition.algorithm import scoring
from competition.algorithm.vocabulary import SubmissionStatus
from competition.models import AlgorithmTask, ResultsPublication, Submission
from competition.vocabulary import CompetitionStatus


@dataclass(frozen=True)
class Standing:
    rank: int
    team_id: int
    team_name: str
    submission_id: int
    submitted_at: object
    score: float
    metrics: dict
    submissions: int

    @property
    def metric_values(self) -> list:
        """The metrics in ``scoring.METRICS`` order (the table's columns)."""
        return [self.metrics.get(name) for name in scoring.METRICS]


def tasks():
    """Tasks the public may know of (their competition is not a draft)."""
    return AlgorithmTask.objects.exclude(track__competition__status=CompetitionStatus.DRAFT).select_related(
        "track__competition"
    )


def files(task):
    return task.files.order_by("sort_order", "pk")


def submissions_for(user):
    """Submissions of the user's teams: the only ones member pages may look up (others 404)."""
    if not user.is_authenticated:
        return Submission.objects.none()
    return Submission.objects.filter(team__memberships__user=user).select_related("team", "task__track")


def team_submissions(team, task):
    return Submission.objects.filter(team=team, task=task).order_by("created_at", "pk")


def results_published(task) -> bool:
    return ResultsPublication.objects.filter(competition_id=task.track.competition_id).exists()


def _scored(task):
    return (
        Submission.objects.filter(task=task, status=SubmissionStatus.SCORED)
        .select_related("team")
        .only("pk", "team__id", "team__name", "created_at", "public_metrics", "private_metrics", "is_final")
        .order_by("created_at", "pk")
    )


def _better(candidate, current, value) -> bool:
    """Whether ``candidate`` beats ``current`` (submissions come oldest first: a tie keeps the earlier)."""
    return current is None or value(candidate) > value(current)


def _rank(best: dict, counts: dict, value, metrics) -> list[Standing]:
    ordered = sorted(best.values(), key=lambda s: (-value(s), s.created_at, s.pk))
    return [
        Standing(
            rank=index,
            team_id=s.team.pk,
            team_name=s.team.name,
            submission_id=s.pk,
            submitted_at=s.created_at,
            score=value(s),
            metrics=metrics(s),
            submissions=counts[s.team.pk],
        )
        for index, s in enumerate(ordered, start=1)
    ]


def public_leaderboard(task) -> list[Standing]:
    metric = task.metric

    def value(s):
        return float(s.public_metrics.get(metric, 0.0))

    best, counts = {}, {}
    for s in _scored(task):
        counts[s.team.pk] = counts.get(s.team.pk, 0) + 1
        if _better(s, best.get(s.team.pk), value):
            best[s.team.pk] = s
    return _rank(best, counts, value, lambda s: s.public_metrics)


def private_leaderboard(task) -> list[Standing]:
    metric = task.metric

    def public(s):
        return float(s.public_metrics.get(metric, 0.0))

    def private(s):
        return float(s.private_metrics.get(metric, 0.0))

    finals, best_public, counts = {}, {}, {}
    for s in _scored(task):
        counts[s.team.pk] = counts.get(s.team.pk, 0) + 1
        if s.is_final:
            finals.setdefault(s.team.pk, []).append(s)
        if _better(s, best_public.get(s.team.pk), public):
            best_public[s.team.pk] = s
    best = {}
    for team_id, fallback in best_public.items():
        for s in finals.get(team_id, [fallback]):
            if _better(s, best.get(team_id), private):
                best[team_id] = s
    return _rank(best, counts, private, lambda s: s.private_metrics)
