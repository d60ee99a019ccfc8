"""Reads of the algorithm track: tasks, a team's submissions, and the leaderboards.

The database picks each team's counted submission (``ROW_NUMBER()`` over the team's scored
submissions by the task's metric read from the JSON scores, ties to the earliest submission, then the
lower id) and returns one row per team with just the fields shown; Python only sorts those rows.
A board costs one query (the private one two) for 5 teams or 500. The task page and the API read
them through the cache (``cached_*``), invalidated by ``invalidate`` (``competition.algorithm.signals``
and the services that write with ``update()``): a submission scored, re-scored or its finals chosen,
the task's metric changed, a team renamed, results published or withdrawn. The page shows the top
``SHOWN`` rows of each board (its HTML cached per language with the same tags, ``views``) and the
visitor's own teams' rows apart; the API gives them all.

Only teams with an entry in the competition on the task's track (``ENTERED``) are on either board.

* Public: each team's best **public** score over its scored submissions.
* Private (only once staff published the competition's results): each team's counted submissions
  (its finals, or, without finals, its best public submission), the best **private** score of those.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, FloatField, OuterRef, Subquery, Value, Window
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, RowNumber

from competition.algorithm import scoring
from competition.algorithm.vocabulary import SubmissionStatus
from competition.models import AlgorithmTask, Entry, ResultsPublication, Submission
from competition.vocabulary import ENTERED, CompetitionStatus
from portal import public_cache


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


def _numbered_earlier():
    """A submission's ``number``: its place among its team's submissions of the task (1, 2, …). Its id
    counts every team's submissions, and would tell a team how many the others have sent."""
    earlier = Submission.objects.filter(team=OuterRef("team"), task=OuterRef("task"), pk__lte=OuterRef("pk"))
    return Subquery(earlier.order_by().values("team").annotate(n=Count("pk")).values("n"))


def submissions_for(user):
    """Submissions of the user's teams, numbered: the only ones member pages may look up (others 404)."""
    if not user.is_authenticated:
        return Submission.objects.none()
    mine = Submission.objects.filter(team__memberships__user=user).select_related("team", "task__track")
    return mine.annotate(number=_numbered_earlier())


def number_of(submission) -> int:
    """The submission's ``number``, as its team's pages show it (``_numbered_earlier``)."""
    return Submission.objects.filter(pk=submission.pk).values_list(_numbered_earlier(), flat=True).get()


def team_submissions(team, task) -> list:
    """The team's submissions of the task, oldest first, each with its ``number``."""
    submissions = Submission.objects.filter(team=team, task=task).order_by("pk")
    return list(submissions.annotate(number=Window(RowNumber(), order_by=F("pk").asc())))


def entered_team_ids(task):
    """The teams taking part in ``task``: those with an entry in the competition on its track (``ENTERED``),
    as a subquery."""
    return Entry.objects.filter(track_id=task.track_id, status__in=ENTERED).values("team_id")


def has_entered(team, task) -> bool:
    return Entry.objects.filter(team=team, track_id=task.track_id, status__in=ENTERED).exists()


def results_published(task) -> bool:
    return ResultsPublication.objects.filter(competition_id=task.track.competition_id).exists()


#: Rows of each leaderboard shown on the task page (the visitor's own teams are shown besides);
#: the JSON API gives every standing.
SHOWN = 100


def cache_tags(task) -> tuple[str, ...]:
    """What a task's cached leaderboards depend on: the task (its submissions, finals, metric) and its
    competition (team names, results publication)."""
    return (f"algorithm-task-{task.pk}", f"algorithm-competition-{task.track.competition_id}")


def invalidate(*, task_id=None, competition_id=None) -> None:
    """Make the cached leaderboards of a task, or of every task of a competition, stale (now and at commit)."""
    tags = []
    if task_id is not None:
        tags.append(f"algorithm-task-{task_id}")
    if competition_id is not None:
        tags.append(f"algorithm-competition-{competition_id}")
    if tags:
        public_cache.invalidate_on_commit(*tags)


def _score(field: str, metric: str):
    """The submission's ``metric`` in ``field`` (a JSON object) as a number; 0 when missing."""
    return Coalesce(Cast(KT(f"{field}__{metric}"), FloatField()), Value(0.0))


def _best_per_team(task, *, field: str, metrics: str, finals_only: bool = False) -> list[tuple]:
    """Each team's best scored submission by ``field``'s metric (ties: the earliest, then the lower id),
    picked by the database: ``(pk, team_id, team_name, created_at, score, metrics, submissions)``
    with ``metrics`` the JSON object ``metrics`` and ``submissions`` the team's scored submissions."""
    score = _score(field, task.metric)
    rows = Submission.objects.filter(task=task, status=SubmissionStatus.SCORED, team_id__in=entered_team_ids(task))
    if finals_only:
        rows = rows.filter(is_final=True)
    return list(
        rows.annotate(
            score=score,
            place=Window(
                RowNumber(), partition_by=[F("team_id")], order_by=[score.desc(), F("created_at").asc(), F("pk").asc()]
            ),
            scored=Window(Count("pk"), partition_by=[F("team_id")]),
        )
        .filter(place=1)
        .values_list("pk", "team_id", "team__name", "created_at", "score", metrics, "scored")
    )


def _rank(rows) -> list[Standing]:
    ordered = sorted(rows, key=lambda row: (-row[4], row[3], row[0]))
    return [
        Standing(
            rank=index,
            team_id=team_id,
            team_name=team_name,
            submission_id=pk,
            submitted_at=created_at,
            score=score,
            metrics=metrics,
            submissions=submissions,
        )
        for index, (pk, team_id, team_name, created_at, score, metrics, submissions) in enumerate(ordered, start=1)
    ]


def public_leaderboard(task) -> list[Standing]:
    """Each team's best public score over its scored submissions (two teams: two rows, whatever they sent)."""
    return _rank(_best_per_team(task, field="public_metrics", metrics="public_metrics"))


def private_leaderboard(task) -> list[Standing]:
    """Each team's best private score over its counted submissions: its scored finals, or without any,
    its best public submission."""
    fallback = _best_per_team(task, field="public_metrics", metrics="private_metrics")
    finals = {
        row[1]: row
        for row in _best_per_team(task, field="private_metrics", metrics="private_metrics", finals_only=True)
    }
    rows = []
    for pk, team_id, name, created_at, _public, metrics, submissions in fallback:
        final = finals.get(team_id)
        if final is None:
            rows.append((pk, team_id, name, created_at, _private_value(metrics, task.metric), metrics, submissions))
        else:
            rows.append((*final[:6], submissions))
    return _rank(rows)


def _private_value(metrics: dict, metric: str) -> float:
    value = (metrics or {}).get(metric)
    return 0.0 if value is None else float(value)


def cached_public_leaderboard(task) -> list[Standing]:
    """``public_leaderboard``, kept in the cache until a change it depends on (``cache_tags``)."""
    return public_cache.remember(f"algorithm:public:{task.pk}", cache_tags(task), lambda: public_leaderboard(task))


def cached_private_leaderboard(task) -> list[Standing]:
    return public_cache.remember(f"algorithm:private:{task.pk}", cache_tags(task), lambda: private_leaderboard(task))


def rows_of_teams(board: list[Standing], team_ids) -> list[Standing]:
    """The standings of the visitor's teams (marked apart on the page, wherever they rank)."""
    team_ids = set(team_ids)
    return [row for row in board if row.team_id in team_ids] if team_ids else []
