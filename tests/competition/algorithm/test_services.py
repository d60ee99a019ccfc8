"""Submissions: validation before counting, the daily limit per Asia/Shanghai day (atomic), scoring
through the outbox, re-scoring, final submissions, the leaderboards and the audit trail."""

import threading
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from competition.algorithm import audit, queries, services
from competition.algorithm.vocabulary import SubmissionStatus
from competition.models import AlgorithmTask, ResultsPublication, Submission, Team
from tests.competition.algorithm.factories import (
    IDS,
    LABELS,
    csv_bytes,
    entered_team,
    make_task,
    predictions,
    team_and_task,
    upload,
)
from tests.competition.factories import TeamFactory, running_competition
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
WRONG_TWO = [2, 1, 1, 2, 1, 2, 1, 2]  # 6 of 8 right


@pytest.fixture
def setup():
    return team_and_task(daily_limit=2, max_finals=1)


def submit(captain, team, task, labels=LABELS, **kwargs):
    return services.submit_predictions(actor=captain, team=team, task=task, upload=predictions(labels), **kwargs)


def scored(submission):
    services.run_scoring(submission_id=submission.pk)
    submission.refresh_from_db()
    return submission


def test_a_submission_is_scored_through_the_outbox_after_the_commit(setup, django_capture_on_commit_callbacks):
    _competition, captain, team, task = setup
    with django_capture_on_commit_callbacks(execute=True):
        submission = submit(captain, team, task)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SCORED
    assert submission.public_metrics["accuracy"] == 1.0
    assert submission.private_metrics["kappa"] == 1.0
    assert submission.public_metrics["itr_bits_per_minute"] == pytest.approx(15.0)  # 1 bit per 4 s
    entry = ModelLogEntry.objects.get(action=audit.SUBMITTED)
    assert entry.object_id == str(submission.pk) and entry.data["competition"] == team.competition_id


def test_rescoring_gives_identical_numbers_and_is_audited(setup):
    _competition, captain, team, task = setup
    submission = scored(submit(captain, team, task, WRONG_TWO))
    first = (submission.public_metrics, submission.private_metrics)
    staff = StaffFactory()
    services.rescore(actor=staff, submission=submission)
    again = scored(submission)
    assert (again.public_metrics, again.private_metrics) == first
    assert ModelLogEntry.objects.filter(action=audit.RESCORED, object_id=str(submission.pk)).exists()
    with pytest.raises(PermissionDenied):
        services.rescore(actor=captain, submission=submission)


def test_an_invalid_file_is_refused_and_does_not_count(setup):
    _competition, captain, team, task = setup
    with translation.override("en"):
        with pytest.raises(services.InvalidPredictions) as caught:
            services.submit_predictions(actor=captain, team=team, task=task, upload=upload(b"trial_id,label\nT001,1\n"))
        assert "have no prediction" in str(caught.value) and caught.value.field == "file"
    assert not Submission.objects.exists()
    assert services.left_today(team=team, task=task) == 2


def test_the_daily_limit_counts_failed_runs_out(setup):
    _competition, captain, team, task = setup
    first = submit(captain, team, task)
    submit(captain, team, task)
    with translation.override("en"), pytest.raises(services.LimitReached) as caught:
        submit(captain, team, task)
    assert "today's 2 submissions" in str(caught.value) and "Asia/Shanghai" in str(caught.value)
    # A run that failed on our side gives the place back.
    Submission.objects.filter(pk=first.pk).update(status=SubmissionStatus.FAILED)
    assert services.left_today(team=team, task=task) == 1
    submit(captain, team, task)


def test_the_day_ends_at_shanghai_midnight(setup):
    _competition, captain, team, task = setup
    # Yesterday's last second in Shanghai (15:59:59 UTC), inside the submission stage (open since 50 days).
    yesterday = timezone.localtime(timezone.now(), SHANGHAI).date() - timedelta(days=1)
    last_second = datetime.combine(yesterday, time(23, 59, 59), tzinfo=SHANGHAI)
    with time_machine.travel(last_second, tick=False):
        submit(captain, team, task)
        submit(captain, team, task)
        assert services.left_today(team=team, task=task) == 0
        with pytest.raises(services.LimitReached):
            submit(captain, team, task)
    with time_machine.travel(last_second + timedelta(seconds=1), tick=False):
        assert services.left_today(team=team, task=task) == 2
        submit(captain, team, task)


def test_only_team_members_submit_and_only_while_the_stage_is_open(setup):
    competition, captain, team, task = setup
    with pytest.raises(PermissionDenied):
        submit(UserFactory(), team, task)
    stage = competition.stage("submission")
    stage.closes_at = stage.closes_at.replace(microsecond=0)
    stage.save()
    with (
        time_machine.travel(stage.closes_at + timedelta(seconds=1), tick=False),
        translation.override("en"),
        pytest.raises(services.SubmissionClosed) as caught,
    ):
        submit(captain, team, task)
    assert "closed at" in str(caught.value)
    # The whole closing second is on time.
    with time_machine.travel(stage.closes_at + timedelta(microseconds=999_000), tick=False):
        submit(captain, team, task)


def test_a_failed_scoring_run_records_the_reason(setup):
    _competition, captain, team, task = setup
    submission = submit(captain, team, task)
    submission.file.delete(save=False)
    failed = scored(submission)
    assert failed.status == SubmissionStatus.FAILED and failed.failure_reason
    assert failed.public_metrics == {}


def test_finals_up_to_m_scored_and_own_before_the_deadline(setup):
    competition, captain, team, task = setup
    a = scored(submit(captain, team, task))
    b = scored(submit(captain, team, task, WRONG_TWO))
    with pytest.raises(services.AlgorithmError):
        services.choose_finals(actor=captain, team=team, task=task, submission_ids=[a.pk, b.pk])
    services.choose_finals(actor=captain, team=team, task=task, submission_ids=[b.pk])
    assert list(Submission.objects.filter(is_final=True)) == [b]
    other = TeamFactory(competition=competition, created_by=UserFactory())
    with pytest.raises(services.AlgorithmError):
        services.choose_finals(actor=captain, team=team, task=task, submission_ids=[_other_submission(other, task).pk])
    stage = competition.stage("submission")
    with (
        time_machine.travel(stage.closes_at + timedelta(seconds=1), tick=False),
        pytest.raises(services.AlgorithmError),
    ):
        services.choose_finals(actor=captain, team=team, task=task, submission_ids=[a.pk])
    assert ModelLogEntry.objects.filter(action=audit.FINALS_CHOSEN).count() == 1


def _other_submission(team, task):
    return Submission.objects.create(team=team, task=task, status=SubmissionStatus.SCORED, file="x.csv")


def test_leaderboards_public_best_private_by_finals_ties_to_the_earliest(setup):
    competition, captain, team, task = setup
    task.daily_limit = 10
    task.save()
    rival_captain = UserFactory()
    rival = entered_team(competition=competition, created_by=rival_captain, name="Rival")
    perfect = scored(submit(captain, team, task))
    weaker = scored(submit(captain, team, task, WRONG_TWO))
    rival_perfect = scored(submit(rival_captain, rival, task))
    board = queries.public_leaderboard(task)
    # Equal public scores: the earlier submission ranks first.
    assert [(row.rank, row.team_id, row.submission_id) for row in board] == [
        (1, team.pk, perfect.pk),
        (2, rival.pk, rival_perfect.pk),
    ]
    assert board[0].submissions == 2
    # The team's final (the weaker one) is what counts privately.
    services.choose_finals(actor=captain, team=team, task=task, submission_ids=[weaker.pk])
    private = queries.private_leaderboard(task)
    assert [row.team_id for row in private] == [rival.pk, team.pk]
    assert private[1].submission_id == weaker.pk


def test_leaderboard_queries_are_constant(setup, django_assert_max_num_queries):
    competition, task = setup[0], setup[3]
    for n in range(20):
        member = UserFactory()
        other = entered_team(competition=competition, created_by=member, name=f"T{n}")
        Submission.objects.create(
            team=other, task=task, status=SubmissionStatus.SCORED, file="x.csv", public_metrics={"kappa": n / 20}
        )
    with django_assert_max_num_queries(1):
        assert len(queries.public_leaderboard(task)) == 20


def test_a_limit_change_is_audited(setup):
    task = setup[3]
    staff = StaffFactory()
    before = services.task_state(task)
    task.daily_limit = 9
    task.save()
    services.record_task_change(actor=staff, task=task, before=before)
    entry = ModelLogEntry.objects.get(action=audit.TASK_CHANGED)
    assert entry.data["before"] == {"daily_limit": "2"} and entry.data["after"] == {"daily_limit": "9"}


@pytest.mark.django_db(transaction=True)
def test_two_uploads_at_once_cannot_exceed_the_limit():
    competition = running_competition()
    captain = UserFactory()
    team = entered_team(competition=competition, created_by=captain)
    task = make_task(competition, daily_limit=1)
    results, barrier = [], threading.Barrier(2)

    def attempt():
        try:
            barrier.wait()
            submit(captain, Team.objects.get(pk=team.pk), AlgorithmTask.objects.get(pk=task.pk))
            results.append("ok")
        except services.LimitReached:
            results.append("limit")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["limit", "ok"]
    assert Submission.objects.count() == 1


def test_private_scores_wait_for_publication(setup):
    competition, captain, team, task = setup
    scored(submit(captain, team, task))
    assert not queries.results_published(task)
    ResultsPublication.objects.create(competition=competition)
    assert queries.results_published(task)


def test_the_task_parses_hidden_labels_once_when_saved(setup):
    _competition, _captain, _team, task = setup
    assert task.answer_key == {"ids": IDS, "labels": LABELS}
    assert csv_bytes([]).startswith(b"trial_id,label")
