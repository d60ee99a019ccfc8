"""The algorithm track's pages, API and staff export: what a team sees, what nobody else sees."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from competition.algorithm import exports, services
from competition.algorithm.vocabulary import SubmissionStatus
from competition.models import ResultsPublication, Submission
from tests.competition.algorithm.factories import (
    IDS,
    LABELS,
    csv_bytes,
    predictions,
    team_and_task,
    upload,
    upload_form,
)
from tests.competition.factories import TeamFactory
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    return team_and_task(team_name='=HYPERLINK("http://x")', daily_limit=3, max_finals=1)


def team_url(team, task):
    return reverse("competition:algorithm_team_task", kwargs={"team_pk": team.pk, "task_pk": task.pk})


def test_upload_scores_and_shows_submissions_left_and_the_chart(client, setup, django_capture_on_commit_callbacks):
    _competition, captain, team, task = setup
    client.force_login(captain)
    with translation.override("en"):
        url = team_url(team, task)
        assert "3 submissions left today" in client.get(url).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, upload_form(predictions(LABELS)))
        assert response.status_code == 302
        page = client.get(url).content.decode()
    assert "2 submissions left today" in page
    assert Submission.objects.get().status == SubmissionStatus.SCORED
    assert 'id="algorithm-scores-data"' in page and "portal/charts.js" in page and 'data-chart="score-line"' in page
    # No inline script: only the json_script data block and external files.
    inline = [s for s in re.findall(r"<script([^>]*)>", page) if "src=" not in s and "application/json" not in s]
    assert not inline


def test_an_invalid_upload_is_a_400_with_the_reason_and_does_not_count(client, setup):
    _competition, captain, team, task = setup
    client.force_login(captain)
    bad_files = [
        upload(b"\x00\x01\x02binary"),
        upload(b"trial_id,label\n" + b"T001,1\n" * 200_000),  # too many lines for the trial IDs: duplicate
        upload(csv_bytes([(IDS[0], 9)])),
        upload("trial_id,label\nT001,1\n".encode("utf-16")),
    ]
    with translation.override("en"):
        for bad in bad_files:
            response = client.post(team_url(team, task), upload_form(bad))
            assert response.status_code == 400
            assert "3 submissions left today" in response.content.decode()
    assert not Submission.objects.exists()


def test_after_refused_finals_the_upload_form_still_posts_to_the_upload(client, setup):
    """The page shown again with the finals' error (at .../finals/) posted its upload form there too: a
    file sent from it was not uploaded, and the team's final choice was emptied with "saved"."""
    _competition, captain, team, task = setup
    submissions = []
    for _ in range(2):
        submission = services.submit_predictions(actor=captain, team=team, task=task, upload=predictions(LABELS))
        services.run_scoring(submission_id=submission.pk)
        submissions.append(submission)
    client.force_login(captain)
    finals = reverse("competition:algorithm_team_finals", kwargs={"team_pk": team.pk, "task_pk": task.pk})
    response = client.post(finals, {"submissions": [s.pk for s in submissions]})  # over max_finals=1
    assert response.status_code == 400
    actions = re.findall(r'<form method="post" action="([^"]+)"', response.content.decode())
    assert actions == [team_url(team, task), finals]


def test_another_teams_pages_and_submissions_are_404(client, setup):
    competition, captain, team, task = setup
    submission = services.submit_predictions(actor=captain, team=team, task=task, upload=predictions(LABELS))
    rival = UserFactory()
    TeamFactory(competition=competition, created_by=rival)
    client.force_login(rival)
    assert client.get(team_url(team, task)).status_code == 404
    assert client.get(submission.get_absolute_url()).status_code == 404
    assert client.post(team_url(team, task), upload_form(predictions(LABELS))).status_code == 404


def test_private_scores_and_hidden_labels_stay_hidden_until_publication(client, setup):
    competition, captain, team, task = setup
    submission = services.submit_predictions(actor=captain, team=team, task=task, upload=predictions(LABELS))
    services.run_scoring(submission_id=submission.pk)
    with translation.override("en"):
        task_url = task.get_absolute_url()
        page = client.get(task_url).content.decode()
        assert "revealed when the results are published" in page
        client.force_login(captain)
        detail = client.get(submission.get_absolute_url()).content.decode()
        assert "Public subset" in detail and "Private subset" not in detail
        labels = reverse("competition_algorithm:labels", args=[task.pk])
        assert client.get(labels).status_code in (302, 403)
        ResultsPublication.objects.create(competition=competition)
        assert "Private leaderboard" in client.get(task_url).content.decode()
        assert "Private subset" in client.get(submission.get_absolute_url()).content.decode()
    api = client.get(f"/api/v1/algorithm-tasks/{task.pk}/leaderboard/").json()
    assert api["standings"][0]["kappa"] == 1.0
    assert "labels" not in str(api).lower() and "private" not in str(api).lower()
    staff = StaffFactory()
    client.force_login(staff)
    assert b"".join(client.get(labels).streaming_content).startswith(b"trial_id,label")


def test_the_export_types_text_cells_as_strings(setup):
    _competition, captain, team, task = setup
    services.run_scoring(
        submission_id=services.submit_predictions(actor=captain, team=team, task=task, upload=predictions(LABELS)).pk
    )
    sheet = load_workbook(io.BytesIO(exports.submissions_xlsx(task))).active
    team_cell = sheet.cell(row=2, column=2)
    assert team_cell.value.startswith("=HYPERLINK") and team_cell.data_type == "s"
    assert sheet.cell(row=2, column=7).value == 1.0  # public accuracy, a number


def test_pages_render_in_chinese_by_default(client, setup):
    _competition, captain, team, task = setup
    client.force_login(captain)
    page = client.get(team_url(team, task)).content.decode()
    assert "今天" in page or "提交" in page


def test_the_task_pages_leaderboard_scrolls_in_a_region_the_keyboard_reaches(client, setup):
    """The leaderboard sat in an unstyled wrapper (``table-scroll``): on a phone the table scrolled by
    itself, out of the keyboard's reach (axe: scrollable-region-focusable)."""
    _competition, captain, team, task = setup
    services.run_scoring(
        submission_id=services.submit_predictions(actor=captain, team=team, task=task, upload=predictions(LABELS)).pk
    )
    with translation.override("en"):
        page = client.get(task.get_absolute_url()).content.decode()
    board = re.search(r'<div class="table-wrap" tabindex="0" role="region" aria-label="([^"]+)">\s*<table', page)
    assert board and board.group(1) == "Scores on the public subset of the test trials"
    assert "table-scroll" not in page


def test_the_task_and_submission_pages_show_facts_and_right_aligned_scores(client, setup):
    """The task's and a submission's facts were bare ``<dl>``s (labels and values stacked, values
    indented) and the leaderboard's numbers were left-aligned."""
    _competition, captain, team, task = setup
    submission = services.submit_predictions(actor=captain, team=team, task=task, upload=predictions(LABELS))
    services.run_scoring(submission_id=submission.pk)
    client.force_login(captain)
    with translation.override("en"):
        page = client.get(task.get_absolute_url()).content.decode()
        detail = client.get(submission.get_absolute_url()).content.decode()
    assert '<h2>The task</h2>\n            <dl class="facts">' in page
    assert '<th scope="col" class="num">Rank</th>' in page and '<td class="num">1.0000</td>' in page
    assert '<dl class="facts">' in detail and "<dl>" not in detail


def test_a_teams_submissions_are_numbered_within_the_team(client, setup, django_capture_on_commit_callbacks):
    """A team's first submission read "#4812", its id among every team's: a team could tell how many
    the others had sent. The team pages number a team's submissions of a task 1, 2, … (the finals
    choice, the chart and the message too); staff's admin still names the id."""
    _competition, captain, team, task = setup
    other = TeamFactory(competition=team.competition)
    Submission.objects.bulk_create(Submission(team=other, task=task, file="x.csv") for _ in range(5))
    client.force_login(captain)
    with translation.override("en"):
        url = team_url(team, task)
        with django_capture_on_commit_callbacks(execute=True):
            answers = [client.post(url, upload_form(predictions(LABELS)), follow=True) for _ in range(2)]
        page = client.get(url)
        detail = client.get(Submission.objects.filter(team=team).order_by("pk")[1].get_absolute_url())
    said = [str(m) for answer in answers for m in answer.context["messages"]]
    assert said == [f"Submission #{n} received; it is being scored." for n in (1, 2)]
    assert [label for _pk, label in page.context["finals_form"].fields["submissions"].choices] == ["#1", "#2"]
    assert page.context["chart"]["labels"] == ["#1", "#2"]
    assert detail.context["submission"].number == 2 and "Submission #2" in detail.content.decode()


@pytest.mark.parametrize(
    ("language", "per_trial", "per_minute"),
    [("en", "ITR (bits/trial)", "ITR (bits/min)"), ("zh-hans", "信息传输率（比特/试次）", "信息传输率（比特/分钟）")],
)
def test_the_leaderboards_name_both_information_transfer_rates_alike(client, setup, language, per_trial, per_minute):
    """The English leaderboard's headers read "ITR (bits/trial)" beside "Information transfer rate (bits/min)":
    one metric (Wolpaw's, ``scoring``) per trial and per minute, named two ways. Both are named alike, in
    the leaderboards, a submission's page and the team's table when the task ranks by the rate per minute."""
    _competition, captain, team, task = setup
    task.metric = "itr_bits_per_minute"
    task.save()
    submission = services.submit_predictions(actor=captain, team=team, task=task, upload=predictions(LABELS))
    services.run_scoring(submission_id=submission.pk)
    client.force_login(captain)
    with translation.override(language):
        pages = [client.get(url).content.decode() for url in (task.get_absolute_url(), submission.get_absolute_url())]
        pages.append(client.get(team_url(team, task)).content.decode())
    headers = [re.findall(r"<th[^>]*>([^<]*)</th>", page) for page in pages]
    assert per_trial in headers[0] and per_minute in headers[0]
    assert per_trial in headers[1] and per_minute in headers[1] and per_minute in headers[2]
    assert not any("Information transfer rate" in header for page in headers for header in page)
