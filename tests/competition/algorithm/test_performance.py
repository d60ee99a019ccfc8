"""The algorithm track at scale: the scorer on 100,000 trials agrees with the same maths written directly
in numpy, and the leaderboard page's queries do not grow with teams and submissions. How long they
take is measured by ``make bench`` (``competition.algorithm.bench``), not asserted here."""

import numpy as np
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from competition.algorithm import queries as algorithm_queries
from competition.algorithm import scoring
from competition.algorithm.vocabulary import SubmissionStatus
from competition.models import Submission, Team
from tests.competition.algorithm.factories import make_task
from tests.competition.factories import running_competition


def _bare(y_true, y_pred, public):
    """Accuracy and kappa per subset, straight numpy: the yardstick."""
    out = []
    for mask in (public, ~public):
        t, p = y_true[mask] - 1, y_pred[mask] - 1
        c = np.bincount(t * 4 + p, minlength=16).reshape(4, 4)
        n = c.sum()
        po, pe = np.trace(c) / n, (c.sum(0) @ c.sum(1)) / n**2
        out.append(((po - pe) / (1 - pe), po))
    return out


def test_scoring_100000_trials_agrees_with_bare_numpy():
    rng = np.random.default_rng(1)
    truth = rng.integers(1, 5, 100_000)
    predicted = np.where(rng.random(100_000) < 0.7, truth, rng.integers(1, 5, 100_000))
    public = scoring.split(100_000, seed=1, public_fraction=0.5)
    result = scoring.score(truth, predicted, n_classes=4, trial_seconds=4, public=public)
    (kappa, accuracy), _private = _bare(truth, predicted, public)
    assert result["public"]["kappa"] == pytest.approx(kappa) and result["public"]["accuracy"] == pytest.approx(accuracy)
    # How long it takes against bare numpy is measured by ``make bench`` (competition.algorithm.bench), not here.


@pytest.mark.django_db
def test_the_leaderboard_page_costs_constant_queries(client):
    competition = running_competition()
    task = make_task(competition)

    def add(teams: int, per_team: int):
        made = Team.objects.bulk_create(
            Team(competition=competition, name=f"队伍{Team.objects.count() + n}") for n in range(teams)
        )
        rng = np.random.default_rng(teams)
        Submission.objects.bulk_create(
            Submission(
                team=team,
                task=task,
                file="x.csv",
                status=SubmissionStatus.SCORED,
                public_metrics={name: float(rng.random()) for name in scoring.METRICS},
                private_metrics={name: float(rng.random()) for name in scoring.METRICS},
            )
            for team in made
            for _ in range(per_team)
        )

    last = []

    def queries() -> int:
        # The boards are cached until a change; bulk_create sends no signal: measure them computed.
        algorithm_queries.invalidate(task_id=task.pk)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(task.get_absolute_url()).status_code == 200
        last[:] = captured.captured_queries
        return len(captured)

    add(5, 2)
    queries()  # the first request fills the chrome's caches
    few = queries()
    add(500, 20)
    many = queries()
    assert many == few, "\n".join(q["sql"][:150] for q in last)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(task.get_absolute_url()).status_code == 200
    assert len(captured) < many, "the cached boards are read without their queries"
