"""The algorithm track's forms sent after the member's session ended (``portal.keep_input``): the choice of
final submissions comes back, not saved, on the team's page of the task (its own URL has no page); an
upload has no text to keep, and the page says to choose the file again."""

import pytest
from django.urls import reverse
from django.utils import translation

from competition.algorithm import services
from competition.models import Submission
from tests.competition.algorithm.factories import LABELS, predictions, team_and_task, upload_form
from tests.keep_input import post_signed_out, session_ends

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    _competition, captain, team, task = team_and_task(daily_limit=3, max_finals=1)
    with translation.override("en"):
        page = reverse("competition:algorithm_team_task", kwargs={"team_pk": team.pk, "task_pk": task.pk})
        finals = reverse("competition:algorithm_team_finals", kwargs={"team_pk": team.pk, "task_pk": task.pk})
    return captain, team, task, page, finals


def _scored(captain, team, task) -> Submission:
    submission = services.submit_predictions(actor=captain, team=team, task=task, upload=predictions(LABELS))
    services.run_scoring(submission_id=submission.pk)
    return submission


def test_the_final_submissions_chosen_come_back_on_the_teams_page(client, setup):
    captain, team, task, page, finals = setup
    first, second = _scored(captain, team, task), _scored(captain, team, task)
    client.force_login(captain)
    session_ends(client, page)
    response = post_signed_out(client, finals, {"submissions": [second.pk]})
    assert response["Location"].endswith(f"?next={page}")  # not the finals' URL, which takes no GET
    client.force_login(captain)
    shown = client.get(page)
    assert shown.status_code == 200 and "It is back in the form: check it and save again." in shown.text
    assert shown.context["finals_form"]["submissions"].value() == [str(second.pk)]
    assert not Submission.objects.filter(pk__in=[first.pk, second.pk], is_final=True).exists()


def test_an_upload_sent_after_the_session_ended_asks_for_the_file_again(client, setup):
    captain, _team, _task, page, _finals = setup
    client.force_login(captain)
    session_ends(client, page)
    post_signed_out(client, page, upload_form(predictions(LABELS)))
    client.force_login(captain)
    shown = client.get(page)
    assert shown.status_code == 200 and "choose them again before saving" in shown.text
    assert not Submission.objects.exists()
