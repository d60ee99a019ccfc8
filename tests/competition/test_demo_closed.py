"""The demo's running edition, its submission stage closed: the demo login ``team-member`` is offered no new
entry, no new team and no upload, and each page says when it closed (in Asia/Shanghai), in both languages."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from competition import deadlines
from competition.models import AlgorithmTask, Competition, Team
from portal.demo.registry import demo_email
from portal.models import User
from tests.portal.test_load_demo import demo  # noqa: F401

LANGUAGES = ("zh-hans", "en")


def _in(language, build):
    with translation.override(language):
        return build()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_demo_team_member_sees_what_closed_and_when(demo, client, language):  # noqa: F811
    competition = Competition.objects.get(year=2026)
    closes = competition.submission_deadline
    member = User.objects.get(email=demo_email("team-member"))
    team = Team.objects.filter(memberships__user=member, competition=competition).order_by("pk").first()
    task = AlgorithmTask.objects.get(track__competition=competition)
    client.force_login(member)

    entries_closed = _in(language, lambda: gettext("New entries closed at %(deadline)s.")) % {
        "deadline": _in(language, lambda: deadlines.display(closes))
    }
    team_page = client.get(_in(language, team.get_absolute_url)).content.decode()
    assert _in(language, lambda: reverse("competition:entry_create", args=[team.pk])) not in team_page
    assert entries_closed in team_page
    entry_form = client.get(_in(language, lambda: reverse("competition:entry_create", args=[team.pk])))
    assert entries_closed in entry_form.content.decode() and 'name="title"' not in entry_form.content.decode()

    registration = client.get(
        _in(language, lambda: reverse("competition:team_create", args=[competition.slug])), follow=True
    )
    assert registration.redirect_chain[-1][1] == 302 and registration.status_code == 200
    assert _in(language, lambda: deadlines.display(closes)) in registration.content.decode()

    task_closed = _in(language, lambda: gettext("Submissions to this task closed at %(deadline)s.")) % {
        "deadline": _in(language, lambda: deadlines.display(closes))
    }
    team_task = client.get(
        _in(language, lambda: reverse("competition:algorithm_team_task", args=[team.pk, task.pk]))
    ).content.decode()
    assert task_closed in team_task and 'type="file"' not in team_task
    assert ("今天还可提交" if language == "zh-hans" else "submissions left today") not in team_task
    task_page = client.get(_in(language, task.get_absolute_url)).content.decode()
    assert task_closed in task_page
    assert ("提交预测" if language == "zh-hans" else "Submit predictions for") not in task_page
