"""Demo of the algorithm track for ``load_demo``: a synthetic 4-class motor-imagery task on the 2026
edition's algorithm track, generated deterministically (seeded numpy; nothing is downloaded), with a
few teams' submissions (teams with an entry on the track) scored by the real scorer, one team's final chosen.

The data imitate BCI Competition IV 2a's layout (left hand, right hand, feet, tongue; 4 s trials):
288 test trials whose hidden labels only staff see, a training file with labels and a test file
without, each trial eight band-power features (C3, Cz, C4 in mu and beta, plus two noise channels)
whose means depend on the class. Idempotent: nothing is made when the task exists.
"""

from __future__ import annotations

import io
from datetime import timedelta

import numpy as np
from django.core.files.base import ContentFile

from competition.algorithm import services
from competition.algorithm.vocabulary import SubmissionStatus
from competition.models import AlgorithmTask, AlgorithmTaskFile, Competition, Entry, Submission, Team
from competition.vocabulary import ENTERED
from portal.demo import clock
from portal.demo.registry import DemoContext

SEED = 2026
CLASSES = 4
TEST_TRIALS = 288
TRAIN_TRIALS = 288
FEATURES = ("c3_mu", "c3_beta", "cz_mu", "cz_beta", "c4_mu", "c4_beta", "noise_1", "noise_2")
#: How well each demo team's submissions predict (accuracy aimed at, one submission each).
TEAM_ACCURACIES = ((0.62, 0.81), (0.74, 0.70), (0.55,), (0.38, 0.47, 0.52))


def _csv(header: list[str], rows) -> bytes:
    out = io.StringIO()
    out.write(",".join(header) + "\n")
    for row in rows:
        out.write(",".join(str(value) for value in row) + "\n")
    return out.getvalue().encode("utf-8")


def _trials(rng, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Balanced labels 1-4 in random order and class-dependent features (event-related desynchronisation)."""
    labels = rng.permutation(np.tile(np.arange(1, CLASSES + 1), n // CLASSES))
    means = np.array(
        [
            # left hand: mu/beta drop over the right hemisphere (C4); right hand: over C3; feet: Cz;
            # tongue: weak everywhere
            [1.0, 1.0, 1.0, 1.0, 0.4, 0.5, 0, 0],
            [0.4, 0.5, 1.0, 1.0, 1.0, 1.0, 0, 0],
            [1.0, 1.0, 0.4, 0.5, 1.0, 1.0, 0, 0],
            [0.7, 0.7, 0.8, 0.8, 0.7, 0.7, 0, 0],
        ]
    )
    features = means[labels - 1] + rng.normal(0, 0.25, (n, len(FEATURES)))
    return labels, np.round(features, 4)


def _predictions(rng, labels: np.ndarray, accuracy: float) -> np.ndarray:
    wrong = rng.random(labels.size) >= accuracy
    shift = rng.integers(1, CLASSES, labels.size)
    return np.where(wrong, (labels - 1 + shift) % CLASSES + 1, labels)


def load(context: DemoContext) -> None:
    competition = Competition.objects.filter(year=2026).first()
    track = competition and competition.tracks.filter(kind="algorithm").first()
    if track is None or AlgorithmTask.objects.filter(track=track).exists():
        context.record("algorithm task", False)
        return
    rng = np.random.default_rng(SEED)
    train_labels, train_features = _trials(rng, TRAIN_TRIALS)
    test_labels, test_features = _trials(rng, TEST_TRIALS)
    test_ids = [f"E{n:03d}" for n in range(1, TEST_TRIALS + 1)]
    task = AlgorithmTask(
        track=track,
        title_zh="四分类运动想象解码（演示数据）",
        title_en="Four-class motor imagery decoding (demo data)",
        description_zh=(
            "根据每个试次的频带功率特征，预测受试者想象的动作：1 左手、2 右手、3 双脚、4 舌头。每个试次 4 秒。"
        ),
        description_en=(
            "From each trial's band-power features, predict the imagined movement: 1 left hand, 2 right hand, "
            "3 feet, 4 tongue. Each trial lasts 4 seconds."
        ),
        n_classes=CLASSES,
        trial_seconds=4,
        split_seed=SEED,
        public_fraction=0.4,
        daily_limit=5,
        max_finals=2,
    )
    hidden = _csv(["trial_id", "label"], zip(test_ids, test_labels.tolist(), strict=True))
    task.hidden_labels.save("labels.csv", ContentFile(hidden), save=False)
    task.load_answer_key(ContentFile(hidden))
    task.save()
    context.record("algorithm task", True)
    train_ids = [f"T{n:03d}" for n in range(1, TRAIN_TRIALS + 1)]
    files = (
        (
            "训练数据（含标签）",
            "Training data (with labels)",
            "train.csv",
            _csv(
                ["trial_id", *FEATURES, "label"],
                (
                    [i, *f, label]
                    for i, f, label in zip(train_ids, train_features.tolist(), train_labels.tolist(), strict=True)
                ),
            ),
        ),
        (
            "测试数据（无标签）",
            "Test data (without labels)",
            "test.csv",
            _csv(["trial_id", *FEATURES], ([i, *f] for i, f in zip(test_ids, test_features.tolist(), strict=True))),
        ),
    )
    for order, (title_zh, title_en, name, data) in enumerate(files):
        item = AlgorithmTaskFile(task=task, title_zh=title_zh, title_en=title_en, sort_order=order)
        item.file.save(name, ContentFile(data), save=False)
        item.save()
        context.record("algorithm task file", True)
    # Teams with an entry in the competition on the track: only they take part in the task (``services``).
    entered = Entry.objects.filter(track=task.track, status__in=ENTERED).values("team_id")
    teams = Team.objects.filter(competition=competition, pk__in=entered).order_by("pk")[: len(TEAM_ACCURACIES)]
    # Submitted in the days before the submission deadline (not when the demo happens to be loaded).
    closes = services.submission_stage(task).closes_at
    for team, accuracies in zip(teams, TEAM_ACCURACIES, strict=False):
        made = []
        for attempt, accuracy in enumerate(accuracies):
            predicted = _predictions(rng, test_labels, accuracy)
            submission = Submission(team=team, task=task, original_name="predictions.csv", submitted_by=team.created_by)
            content = _csv(["trial_id", "label"], zip(test_ids, predicted.tolist(), strict=True))
            submission.file.save("predictions.csv", ContentFile(content), save=False)
            submission.save()
            made.append(services.run_scoring(submission_id=submission.pk))
            # In working hours (portal.demo.clock), scored a minute later.
            submitted = clock.at_work(closes - timedelta(days=9 - 2 * attempt), f"{team.name}:{attempt}")
            stamped = Submission.objects.filter(pk=submission.pk)
            stamped.update(created_at=submitted)
            stamped.exclude(scored_at=None).update(scored_at=submitted + timedelta(minutes=1))
            context.record("algorithm submission", True)
        if len(made) > 1 and made[0].status == SubmissionStatus.SCORED:
            Submission.objects.filter(pk=made[0].pk).update(is_final=True)
