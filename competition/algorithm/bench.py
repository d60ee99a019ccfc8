"""``make bench`` for the algorithm track (issue #14): the scorer on 100,000 trials against the same
metrics written directly in numpy on the same arrays, and the public leaderboard of a task with
500 teams × 20 scored submissions (``BenchPage``: its ratio to the bare view and its queries).

Seeded by ``seed`` (listed in ``bench.pages.SEEDS``) on the bench competition of
``competition.bench`` (its algorithm track), after ``load_demo``.
"""

from __future__ import annotations

import numpy as np
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from bench.timing import best_of
from competition import bench as competition_bench
from competition.algorithm import scoring
from competition.algorithm.vocabulary import SubmissionStatus
from competition.models import AlgorithmTask, Competition, Submission, Team, Track
from competition.vocabulary import TrackKind

TEAMS, PER_TEAM, TRIALS, CLASSES, RUNS = 500, 20, 100_000, 4, 7
TASK_SLUG_TITLE = "基准运动想象解码"


def _labels_csv(count: int, seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    rows = "\n".join(f"T{n:04d},{label}" for n, label in enumerate(rng.integers(1, CLASSES + 1, count), 1))
    return f"trial_id,label\n{rows}\n".encode()


def seed() -> dict:
    """A 4-class task on the bench competition's algorithm track with 500 teams × 20 scored submissions."""
    competition = Competition.objects.get(slug=competition_bench.SLUG)
    if AlgorithmTask.objects.filter(title_zh=TASK_SLUG_TITLE).exists():
        return {"teams": TEAMS, "created": 0}
    track, _created = Track.objects.get_or_create(
        competition=competition, kind=TrackKind.ALGORITHM, defaults={"slug": "algorithm", "name_zh": "算法赛道"}
    )
    task = AlgorithmTask(
        track=track, title_zh=TASK_SLUG_TITLE, title_en="Bench motor imagery", n_classes=CLASSES, trial_seconds=4
    )
    data = _labels_csv(288, seed=3)
    task.hidden_labels.save("labels.csv", ContentFile(data), save=False)
    task.load_answer_key(ContentFile(data))
    task.save()
    teams = Team.objects.bulk_create(Team(competition=competition, name=f"算法队{n:03d}") for n in range(TEAMS))
    rng = np.random.default_rng(5)
    Submission.objects.bulk_create(
        Submission(
            team=team,
            task=task,
            file="competition/algorithm/submissions/bench.csv",
            status=SubmissionStatus.SCORED,
            public_metrics={name: float(rng.random()) for name in scoring.METRICS},
            private_metrics={name: float(rng.random()) for name in scoring.METRICS},
        )
        for team in teams
        for _ in range(PER_TEAM)
    )
    return {"teams": TEAMS, "submissions": TEAMS * PER_TEAM, "created": 1}


def leaderboard(language: str = "zh-hans"):
    """Resolver: the public leaderboard (task page) of the bench task."""

    def resolve() -> str:
        task = AlgorithmTask.objects.get(title_zh=TASK_SLUG_TITLE)
        with translation.override(language):
            return reverse("competition:algorithm_task", kwargs={"task_pk": task.pk})

    resolve.description = f"the bench task's leaderboard, {TEAMS} teams x {PER_TEAM} submissions"
    return resolve


def _bare(truth, predicted, public) -> list:
    """Accuracy and Cohen's kappa per subset, straight numpy: the yardstick."""
    out = []
    for mask in (public, ~public):
        t, p = truth[mask] - 1, predicted[mask] - 1
        confusion = np.bincount(t * CLASSES + p, minlength=CLASSES * CLASSES).reshape(CLASSES, CLASSES)
        n = confusion.sum()
        observed, expected = np.trace(confusion) / n, (confusion.sum(0) @ confusion.sum(1)) / n**2
        out.append(((observed - expected) / (1 - expected), observed))
    return out


def scoring_job() -> dict:
    """The scorer (accuracy, kappa, macro-F1, ITR on both subsets) vs accuracy and kappa in bare numpy."""
    rng = np.random.default_rng(1)
    truth = rng.integers(1, CLASSES + 1, TRIALS)
    predicted = np.where(rng.random(TRIALS) < 0.7, truth, rng.integers(1, CLASSES + 1, TRIALS))
    public = scoring.split(TRIALS, seed=1, public_fraction=0.5)
    ours, _scores = best_of(
        scoring.score, truth, predicted, n_classes=CLASSES, trial_seconds=4, public=public, runs=RUNS
    )
    bare, _bare_scores = best_of(_bare, truth, predicted, public, runs=RUNS)
    return {"trials": TRIALS, "scorer_ms": round(ours * 1000, 2), "bare_numpy_ms": round(bare * 1000, 2),
            "ratio": round(ours / bare, 2)}  # fmt: skip
