"""Issue #14's "done when", as a new user would try it: staff create a task with hidden labels; two
teams submit, one file fails validation and is not counted; scores appear on the public leaderboard;
a team marks its final submission; results are published and the private leaderboard shows the
right kappa and ITR."""

import numpy as np
import pytest
from django.urls import reverse
from django.utils import translation

from competition.algorithm import queries, scoring
from competition.models import AlgorithmTask, ResultsPublication, Submission, Track
from tests.competition.algorithm.factories import IDS, LABELS, csv_bytes, entered_team, predictions, upload, upload_form
from tests.competition.algorithm.test_admin import form, signed_in
from tests.competition.factories import running_competition
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
SIX_OF_EIGHT = [2, 1, 1, 2, 1, 2, 1, 2]


def test_the_algorithm_track_end_to_end(client, django_capture_on_commit_callbacks):
    competition = running_competition()
    track = Track.objects.get(competition=competition, kind="algorithm")
    signed_in(client, StaffFactory())
    add = reverse("wagtailsnippets_competition_algorithmtask:add")
    assert client.post(add, form(track, csv_bytes(zip(IDS, LABELS, strict=True)), max_finals=1)).status_code == 302
    task = AlgorithmTask.objects.get()
    client.logout()

    alpha, beta = UserFactory(), UserFactory()
    team_a = entered_team(competition=competition, created_by=alpha, name="Alpha")
    team_b = entered_team(competition=competition, created_by=beta, name="Beta")
    with translation.override("en"):
        page_b = reverse("competition:algorithm_team_task", kwargs={"team_pk": team_b.pk, "task_pk": task.pk})
        client.force_login(beta)
        refused = client.post(page_b, upload_form(upload(b"trial_id,label\nT001,1\n")))
        assert refused.status_code == 400 and "have no prediction" in refused.content.decode()
        assert "3 submissions left today" in refused.content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(page_b, upload_form(predictions(SIX_OF_EIGHT))).status_code == 302
        client.force_login(alpha)
        page_a = reverse("competition:algorithm_team_task", kwargs={"team_pk": team_a.pk, "task_pk": task.pk})
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(page_a, upload_form(predictions(LABELS))).status_code == 302
            assert client.post(page_a, upload_form(predictions(SIX_OF_EIGHT))).status_code == 302
        board = client.get(task.get_absolute_url()).content.decode()
        assert "Alpha" in board and "Beta" in board and "revealed when the results are published" in board
        weaker = Submission.objects.filter(team=team_a).order_by("pk").last()
        finals = reverse("competition:algorithm_team_finals", kwargs={"team_pk": team_a.pk, "task_pk": task.pk})
        assert client.post(finals, {"submissions": [weaker.pk]}).status_code == 302
    assert Submission.objects.filter(status="scored").count() == 3

    ResultsPublication.objects.create(competition=competition)
    private = queries.private_leaderboard(task)
    public_mask = scoring.split(8, seed=task.split_seed, public_fraction=task.public_fraction)
    truth, guess = np.array(LABELS)[~public_mask], np.array(SIX_OF_EIGHT)[~public_mask]
    expected_kappa = scoring.cohen_kappa(truth, guess, 2)
    p = scoring.accuracy(truth, guess)
    # Both teams count the six-of-eight predictions privately (Alpha chose it as final): a tie, Beta earlier.
    assert [row.team_name for row in private] == ["Beta", "Alpha"]
    assert private[1].metrics["kappa"] == pytest.approx(expected_kappa)
    assert private[1].metrics["itr_bits_per_minute"] == pytest.approx(scoring.itr_bits_per_trial(p, 2) * 60 / 4)
    with translation.override("en"):
        page = client.get(task.get_absolute_url()).content.decode()
    assert "Scores on the private subset" in page
