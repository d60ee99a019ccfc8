"""The algorithm track's fairness rules at their edges: the day and the deadline of the storing (not of
the request's start), refused files that tell nothing of the answer key, a scoring rule fixed once
teams have submitted, the track's actions in the competition's audit trail, a late award e-mailed."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from competition.algorithm import audit, services
from competition.models import AlgorithmTask
from competition.results import queries as results_queries
from competition.results import services as results_services
from competition.vocabulary import EntryStatus
from portal.models.outbox import OutboxMessage
from tests.competition.algorithm.factories import (
    IDS,
    LABELS,
    csv_bytes,
    entered_team,
    make_task,
    predictions,
    team_and_task,
    upload,
    upload_form,
)
from tests.competition.factories import EntryFactory, TeamFactory, close_submissions, running_competition
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def setup():
    return team_and_task(daily_limit=1, max_finals=1)


def _slow_validation(monkeypatch, clock, seconds: int) -> None:
    """Validating takes ``seconds`` (a large file): the clock moves while the request runs."""
    original = services.validate_predictions

    def slow(**kwargs):
        result = original(**kwargs)
        clock.shift(timedelta(seconds=seconds))
        return result

    monkeypatch.setattr(services, "validate_predictions", slow)


def test_uploads_begun_before_shanghai_midnight_count_for_the_day_they_are_stored_in(setup, monkeypatch):
    _competition, captain, team, task = setup
    yesterday = timezone.localtime(timezone.now(), SHANGHAI).date() - timedelta(days=1)
    before_midnight = datetime.combine(yesterday, time(23, 59, 59), tzinfo=SHANGHAI)
    with time_machine.travel(before_midnight, tick=False) as clock:
        _slow_validation(monkeypatch, clock, 2)
        services.submit_predictions(actor=captain, team=team, task=task, upload=predictions(LABELS))
        for _ in range(2):  # two more, each begun at 23:59:59 and stored after midnight
            clock.move_to(before_midnight)
            with pytest.raises(services.LimitReached):
                services.submit_predictions(actor=captain, team=team, task=task, upload=predictions(LABELS))
        assert services.used_today(team=team, task=task) == 1


def test_an_upload_begun_in_the_closing_second_and_stored_after_it_is_refused(setup, monkeypatch):
    competition, captain, team, task = setup
    stage = competition.stage("submission")
    stage.closes_at = stage.closes_at.replace(microsecond=0)
    stage.save()
    with time_machine.travel(stage.closes_at, tick=False) as clock:
        _slow_validation(monkeypatch, clock, 30)
        with pytest.raises(services.SubmissionClosed):
            services.submit_predictions(actor=captain, team=team, task=task, upload=predictions(LABELS))
    assert not task.submissions.exists()


def test_a_refused_file_names_missing_trials_by_id_not_in_the_answer_keys_order(setup):
    competition = setup[0]
    captain = UserFactory()
    team = entered_team(competition=competition, created_by=captain)
    AlgorithmTask.objects.all().delete()
    by_class = sorted(zip(IDS, LABELS, strict=True), key=lambda pair: pair[1])  # labels file sorted by class
    task = make_task(competition, ids=[i for i, _ in by_class], labels=[label for _, label in by_class])
    with translation.override("en"), pytest.raises(services.InvalidPredictions) as caught:
        services.submit_predictions(actor=captain, team=team, task=task, upload=upload(csv_bytes([("T008", 2)])))
    assert "T001, T002, T003, T004, T005" in str(caught.value)  # by ID: the class order is not told


@pytest.mark.parametrize(
    ("field", "value"), [("split_seed", 8), ("public_fraction", "0.3"), ("n_classes", 3), ("trial_seconds", "2.5")]
)
def test_what_scores_are_computed_from_is_fixed_once_a_team_has_submitted(setup, field, value):
    _competition, captain, team, task = setup
    setattr(task, field, value)
    task.full_clean()  # no submission yet: staff may still change it
    task.refresh_from_db()
    services.submit_predictions(actor=captain, team=team, task=task, upload=predictions(LABELS))
    setattr(task, field, value)
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            task.full_clean()
        assert "Teams have submitted" in caught.value.message_dict[field][0]
    task.refresh_from_db()
    task.daily_limit = 5  # the limits may still change
    task.full_clean()


def test_new_hidden_labels_are_refused_once_a_team_has_submitted(setup):
    _competition, captain, team, task = setup
    services.submit_predictions(actor=captain, team=team, task=task, upload=predictions(LABELS))
    task.hidden_labels = upload(csv_bytes(zip(IDS, reversed(LABELS), strict=True)), name="labels.csv")
    with pytest.raises(ValidationError) as caught:
        task.full_clean()
    assert "hidden_labels" in caught.value.message_dict


def test_the_trial_duration_and_the_answer_key_are_in_the_task_audit_state(setup):
    task = setup[3]
    before = services.task_state(task)
    task.trial_seconds = 1
    task.answer_key = {"ids": ["X1", "X2"], "labels": [1, 1]}
    after = services.task_state(task)
    assert {name for name in after if after[name] != before[name]} == {"trial_seconds", "answer_key"}
    assert "X1" not in after["answer_key"]  # a digest, never the labels


def test_the_algorithm_tracks_actions_are_in_the_competitions_audit_trail(setup):
    competition, captain, team, task = setup
    submission = services.submit_predictions(actor=captain, team=team, task=task, upload=predictions(LABELS))
    services.run_scoring(submission_id=submission.pk)
    services.choose_finals(actor=captain, team=team, task=task, submission_ids=[submission.pk])
    trail = {entry.action for entry in results_queries.competition_trail(competition)}
    assert {audit.SUBMITTED, audit.FINALS_CHOSEN} <= trail
    other = running_competition(year=2027)
    assert not {entry.action for entry in results_queries.competition_trail(other)} & trail


def test_an_award_recorded_after_publishing_is_e_mailed_once():
    staff = StaffFactory()
    competition = running_competition()
    first, late = (EntryFactory(team=TeamFactory(competition=competition), status=EntryStatus.ELIGIBLE) for _ in "ab")
    results_services.record_award(actor=staff, entry=first, prize_zh="一等奖")
    assert not OutboxMessage.objects.filter(key__startswith="competition.award:").exists()  # hidden until published
    close_submissions(competition)
    results_services.publish_results(actor=staff, competition=competition)
    results_services.record_award(actor=staff, entry=late, prize_zh="二等奖")
    results_services.record_award(actor=staff, entry=late, prize_zh="二等奖")  # the same prize again: one award
    assert OutboxMessage.objects.filter(key__startswith="competition.award:").count() == 2


def test_finals_refused_at_the_deadline_say_why(setup, client):
    competition, captain, team, task = setup
    submission = services.submit_predictions(actor=captain, team=team, task=task, upload=predictions(LABELS))
    services.run_scoring(submission_id=submission.pk)
    stage = competition.stage("submission")
    client.force_login(captain)
    url = reverse("competition:algorithm_team_finals", kwargs={"team_pk": team.pk, "task_pk": task.pk})
    with time_machine.travel(stage.closes_at + timedelta(seconds=2), tick=False):
        response = client.post(url, {"submissions": [submission.pk]}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        reason = translation.gettext("Final submissions can no longer be changed: the deadline has passed.")
    assert reason in response.content.decode()


def test_the_same_upload_form_sent_twice_is_one_submission(setup, client):
    _competition, captain, team, task = setup
    task.daily_limit = 3
    task.save()
    client.force_login(captain)
    url = reverse("competition:algorithm_team_task", kwargs={"team_pk": team.pk, "task_pk": task.pk})
    form = upload_form(predictions(LABELS))
    assert client.post(url, form).status_code == 302
    form["file"] = predictions(LABELS)  # a double click: the same page's form, its file sent again
    assert client.post(url, form).status_code == 302
    assert task.submissions.count() == 1 and services.left_today(team=team, task=task) == 2
    assert client.post(url, upload_form(predictions(LABELS))).status_code == 302  # a new form: a new submission
    assert task.submissions.count() == 2


@pytest.mark.parametrize("broken", ["gone", "invalid"])
def test_why_scoring_failed_is_told_in_the_readers_language(setup, client, broken):
    _competition, captain, team, task = setup
    submission = services.submit_predictions(actor=captain, team=team, task=task, upload=predictions(LABELS))
    if broken == "gone":
        submission.file.delete(save=False)
    else:  # the stored file no longer what was validated (a label out of range on line 2)
        with submission.file.open("wb") as handle:
            handle.write(csv_bytes([("T001", 9), *zip(IDS[1:], LABELS[1:], strict=True)]))
    translation.deactivate()  # as in a worker: no reader, no language
    services.run_scoring(submission_id=submission.pk)
    submission.refresh_from_db()
    assert submission.failure_reason_zh and submission.failure_reason_en
    assert submission.failure_reason_zh != submission.failure_reason_en
    client.force_login(captain)
    for language in ("en", "zh-hans"):
        with translation.override(language):
            page = client.get(submission.get_absolute_url()).content.decode()
            reason = submission.failure_reason
        assert reason in page
    with translation.override("en"):
        assert submission.failure_reason.startswith("Line 2" if broken == "invalid" else "The file could not be read")
