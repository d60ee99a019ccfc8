"""The demo's algorithm task: generated deterministically, submissions scored, idempotent."""

import pytest

from competition.demo import algorithm
from competition.models import AlgorithmTask, Submission
from tests.competition.algorithm.factories import entered_team
from tests.competition.factories import TeamFactory, running_competition
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


class Context:
    def __init__(self):
        self.records = []

    def record(self, kind, created):
        self.records.append((kind, created))


def test_the_demo_task_is_deterministic_and_scored():
    competition = running_competition()
    for n in range(4):
        entered_team(competition=competition, created_by=UserFactory(), name=f"演示队{n}")
    TeamFactory(competition=competition, name="没有算法赛道作品的队")  # takes no part: no submission
    algorithm.load(Context())
    task = AlgorithmTask.objects.get()
    assert task.n_trials == 288 and task.n_classes == 4
    assert task.files.count() == 2
    submissions = list(Submission.objects.order_by("pk"))
    assert len(submissions) == 8 and all(s.status == "scored" for s in submissions)
    kappas = [s.public_metrics["kappa"] for s in submissions]
    assert max(kappas) > 0.6 and min(kappas) < 0.4
    closes = task.track.competition.stages.get(kind="submission").closes_at
    assert all(s.created_at < closes for s in submissions)  # submitted before the deadline, not at loading
    first_labels = task.answer_key["labels"][:10]
    # Loading again changes nothing; the same seed gives the same labels in a fresh database.
    algorithm.load(Context())
    assert AlgorithmTask.objects.count() == 1 and Submission.objects.count() == 8
    AlgorithmTask.objects.all().delete()
    algorithm.load(Context())
    assert AlgorithmTask.objects.get().answer_key["labels"][:10] == first_labels
