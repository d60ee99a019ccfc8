"""What the member pages say once a thing has closed, instead of offering it (or answering a bare 404):

* new entries, after the submission deadline: the team page has no "New entry" button but the sentence
  naming when they closed; the entry form shows that sentence instead of the form, and a POST is refused
  with it;
* team registration, once the competition is no longer open or its submission deadline passed: back to
  the member's competition page with the reason, naming when it closed (a draft or unknown competition
  stays a 404);
* the algorithm task, once its submission stage closed: the reason naming the deadline, neither the
  submissions left today nor the upload form, and no "Submit predictions" links on the task page.

Deadlines are shown in Asia/Shanghai as everywhere (``competition.deadlines.display``), in each
language as the site writes them there. The sentences are expected as the catalogue translates them
(``said``): Chinese once the catalogues are compiled, the English msgid until then.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from competition import services
from competition.algorithm import services as algorithm_services
from competition.models import CompetitionPage, Entry, Submission, Team
from competition.teams import services as team_services
from competition.vocabulary import CompetitionStatus
from tests.competition.algorithm.factories import LABELS, enter, make_task, predictions, upload_form
from tests.competition.factories import CompetitionFactory, TeamFactory, running_competition
from tests.factories import UserFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: The submission deadline: 2026-11-20 18:00:00 in Shanghai (the demo's).
CLOSES = datetime(2026, 11, 20, 18, 0, 0, tzinfo=SHANGHAI)
#: The deadline as the pages write it, in each language (``portal.timing.display``).
SHOWN = {
    "en": "2026-11-20 18:00:00 (Asia/Shanghai, UTC+08:00)",
    "zh-hans": "2026-11-20 18:00:00（Asia/Shanghai，UTC+08:00）",
}
LANGUAGES = ("zh-hans", "en")
AFTER = CLOSES + timedelta(seconds=1)
BEFORE = CLOSES - timedelta(days=1)

pytestmark = pytest.mark.django_db


def url(language: str, name: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(f"competition:{name}", kwargs=kwargs)


def said(language: str, msgid: str, **values) -> str:
    """The sentence ``msgid`` as a page in ``language`` writes it, the deadline in that language's form."""
    with translation.override(language):
        return gettext(msgid) % {"deadline": SHOWN[language], **values}


ENTRIES_CLOSED = "New entries closed at %(deadline)s."
REGISTRATION_CLOSED = "Registration for %(competition)s closed at %(deadline)s."


@pytest.fixture
def team():
    with time_machine.travel(BEFORE, tick=False):
        return TeamFactory(competition=running_competition(submission_closes=CLOSES))


# --- 1. new entries after the submission deadline ---------------------------------------------------


NEW_ENTRY = {"en": "New entry", "zh-hans": "新建作品"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_team_page_offers_a_new_entry_until_the_deadline_second(client, team, language):
    client.force_login(team.created_by)
    create = url(language, "entry_create", team_pk=team.pk)
    with time_machine.travel(CLOSES, tick=False):
        page = client.get(url(language, "team_detail", pk=team.pk)).content.decode()
    assert f'href="{create}">{NEW_ENTRY[language]}</a>' in page
    assert said(language, ENTRIES_CLOSED) not in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_after_the_deadline_the_team_page_says_when_new_entries_closed(client, team, language):
    client.force_login(team.created_by)
    with time_machine.travel(AFTER, tick=False):
        response = client.get(url(language, "team_detail", pk=team.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert url(language, "entry_create", team_pk=team.pk) not in page
    assert f">{NEW_ENTRY[language]}</a>" not in page
    assert f'<p class="competition-closed">{said(language, ENTRIES_CLOSED)}</p>' in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_after_the_deadline_the_entry_form_is_replaced_by_the_explanation(client, team, language):
    client.force_login(team.created_by)
    with time_machine.travel(AFTER, tick=False):
        response = client.get(url(language, "entry_create", team_pk=team.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "<form" not in page.split('class="container page-body"', 1)[1]
    assert 'name="title"' not in page and 'name="track"' not in page
    assert said(language, ENTRIES_CLOSED) in page
    assert "can no longer be changed" not in page and "不能再修改" not in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_new_entry_posted_after_the_deadline_is_refused_with_when_entries_closed(client, team, language):
    client.force_login(team.created_by)
    create = url(language, "entry_create", team_pk=team.pk)
    with time_machine.travel(CLOSES - timedelta(minutes=5), tick=False):
        form = client.get(create).context["form"]  # opened before the deadline, sent after it
    data = {
        "track": team.competition.tracks.first().pk,
        "title": "脑控外骨骼",
        "creation_token": form.fields["creation_token"].prepare_value(form["creation_token"].value()),
    }
    with time_machine.travel(AFTER, tick=False):
        response = client.post(create, data)
    page = response.content.decode()
    assert response.status_code == 400
    assert not Entry.objects.filter(team=team).exists()
    assert said(language, ENTRIES_CLOSED) in page and 'name="title"' not in page
    assert "can no longer be changed" not in page and "不能再修改" not in page


def test_the_service_refuses_a_new_entry_after_the_deadline_naming_it(team):
    track = team.competition.tracks.first()
    with translation.override("en"), time_machine.travel(AFTER, tick=False):
        assert services.new_entries_closed(team.competition) == f"New entries closed at {SHOWN['en']}."
        with pytest.raises(services.DeadlinePassed) as refused:
            services.create_entry(actor=team.created_by, team=team, track=track, title="迟到的作品")
    assert str(refused.value) == f"New entries closed at {SHOWN['en']}."
    with time_machine.travel(CLOSES, tick=False):  # the deadline's own second is still on time
        assert services.new_entries_closed(team.competition) == ""
        services.create_entry(actor=team.created_by, team=team, track=track, title="准时的作品")
    assert Entry.objects.filter(team=team).count() == 1


# --- 2. team registration when the competition is not open ---------------------------------------


def _registration(client, language, slug, method="get"):
    user = UserFactory()
    client.force_login(user)
    target = url(language, "team_create", slug=slug)
    data = {"name": "迟到的队伍"} if method == "post" else None
    return getattr(client, method)(target, data, follow=True)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_registration_closed_leads_to_my_competition_saying_when(client, language, method):
    with time_machine.travel(BEFORE, tick=False):
        competition = running_competition(submission_closes=CLOSES, status=CompetitionStatus.JUDGING)
    with time_machine.travel(CLOSES + timedelta(days=3), tick=False):
        response = _registration(client, language, competition.slug, method)
    assert response.redirect_chain == [(url(language, "my_competition"), 302)]
    name = competition.name_en if language == "en" else competition.name_zh
    assert response.status_code == 200
    assert said(language, REGISTRATION_CLOSED, competition=name) in response.content.decode()
    assert not Team.objects.filter(competition=competition).exists()


def test_an_open_competition_closes_registration_at_its_submission_deadline(client):
    with time_machine.travel(BEFORE, tick=False):
        competition = running_competition(submission_closes=CLOSES)
    client.force_login(UserFactory())
    new_team = url("en", "team_create", slug=competition.slug)
    with time_machine.travel(CLOSES, tick=False):
        assert client.get(new_team).status_code == 200
        assert new_team in client.get(url("en", "my_competition")).content.decode()
    with time_machine.travel(AFTER, tick=False):
        response = client.get(new_team, follow=True)
        listed = client.get(url("en", "my_competition")).content.decode()
    assert response.redirect_chain == [(url("en", "my_competition"), 302)]
    assert f"Registration for {competition.name_en} closed at {SHOWN['en']}." in response.content.decode()
    assert new_team not in listed  # no "New team for …" button any more


def test_without_a_call_open_a_member_in_no_team_is_not_told_to_create_one(client):
    """The empty list offers a team only while a competition takes new teams; else it says none does."""
    with time_machine.travel(BEFORE, tick=False):
        running_competition(submission_closes=CLOSES)
    client.force_login(UserFactory())
    with time_machine.travel(BEFORE, tick=False):
        open_call = client.get(url("en", "my_competition")).content.decode()
    with time_machine.travel(AFTER, tick=False):
        closed = client.get(url("en", "my_competition")).content.decode()
    assert "Create one, or ask a captain to invite you." in open_call
    assert "Create one" not in closed
    assert "No competition takes new teams at the moment" in closed


def test_registration_of_a_competition_without_a_submission_stage_says_it_is_closed(client):
    competition = CompetitionFactory(year=2030, status=CompetitionStatus.FINISHED)
    with translation.override("en"):
        assert team_services.registration_closed(competition) == f"Registration for {competition.name_en} is closed."
    response = _registration(client, "en", competition.slug)
    assert response.redirect_chain == [(url("en", "my_competition"), 302)]
    assert f"Registration for {competition.name_en} is closed." in response.content.decode()


@pytest.mark.parametrize("slug", ["bci-2031", "no-such-competition"])
def test_a_draft_or_unknown_competition_is_still_a_404(client, slug):
    CompetitionFactory(year=2031, status=CompetitionStatus.DRAFT)
    client.force_login(UserFactory())
    for language in LANGUAGES:
        assert client.get(url(language, "team_create", slug=slug)).status_code == 404
        assert client.post(url(language, "team_create", slug=slug), {"name": "队"}).status_code == 404


def test_the_service_refuses_a_team_once_registration_closed():
    with time_machine.travel(BEFORE, tick=False):
        competition = running_competition(submission_closes=CLOSES)
    with time_machine.travel(AFTER, tick=False), pytest.raises(team_services.TeamError):
        team_services.create_team(actor=UserFactory(), competition=competition, name="迟到的队伍")
    assert not Team.objects.filter(competition=competition).exists()


# --- 3. the algorithm task after its submission stage closed ---------------------------------------


@pytest.fixture
def task(team):
    with time_machine.travel(BEFORE, tick=False):
        enter(team)  # a team with an entry on the algorithm track takes part in its task
        return make_task(team.competition, daily_limit=5, max_finals=1)


#: ``competition.algorithm.services``' refusal, translated in both catalogues already.
TASK_CLOSED = {
    "en": f"Submissions to this task closed at {SHOWN['en']}.",
    "zh-hans": f"本赛题已于 {SHOWN['zh-hans']}截止提交。",
}
LEFT_TODAY = {"en": "submissions left today", "zh-hans": "今天还可提交"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_team_task_page_offers_uploads_while_open(client, team, task, language):
    client.force_login(team.created_by)
    with time_machine.travel(CLOSES, tick=False):
        page = client.get(url(language, "algorithm_team_task", team_pk=team.pk, task_pk=task.pk)).content.decode()
    assert LEFT_TODAY[language] in page and 'type="file"' in page
    assert TASK_CLOSED[language] not in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_after_the_close_the_team_task_page_says_so_without_count_or_form(client, team, task, language):
    client.force_login(team.created_by)
    with time_machine.travel(BEFORE, tick=False):
        algorithm_services.submit_predictions(actor=team.created_by, team=team, task=task, upload=predictions(LABELS))
    team_task = url(language, "algorithm_team_task", team_pk=team.pk, task_pk=task.pk)
    with time_machine.travel(AFTER, tick=False):
        page = client.get(team_task).content.decode()
        posted = client.post(team_task, upload_form(predictions(LABELS)))
    assert TASK_CLOSED[language] in page
    assert LEFT_TODAY[language] not in page and 'type="file"' not in page
    assert posted.status_code == 400 and TASK_CLOSED[language] in posted.content.decode()
    assert LEFT_TODAY[language] not in posted.content.decode()
    assert Submission.objects.filter(team=team).count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_public_task_page_links_to_submit_only_while_open(client, team, task, language):
    client.force_login(team.created_by)
    task_page = url(language, "algorithm_task", task_pk=task.pk)
    team_task = url(language, "algorithm_team_task", team_pk=team.pk, task_pk=task.pk)
    # On the English page the Chinese team name is marked as Chinese (portal.i18n.written).
    submit_for = {
        "en": f'Submit predictions for <span lang="zh-Hans">{team.name}</span>',
        "zh-hans": f"为 {team.name} 提交预测",
    }[language]
    with time_machine.travel(CLOSES, tick=False):
        open_page = client.get(task_page).content.decode()
    with time_machine.travel(AFTER, tick=False):
        closed_page = client.get(task_page).content.decode()
    assert submit_for in open_page and TASK_CLOSED[language] not in open_page
    assert submit_for not in closed_page and TASK_CLOSED[language] in closed_page
    assert f'href="{team_task}"' in closed_page  # the team's submissions and scores stay one click away


def test_the_call_page_offers_to_enter_until_the_submission_deadline(rf):
    """The call's "Enter the competition" button led to the closed-registration message after the deadline."""
    with time_machine.travel(BEFORE, tick=False):
        competition = running_competition(submission_closes=CLOSES)
    page = CompetitionPage(title="大赛", competition=competition)
    with time_machine.travel(CLOSES, tick=False):
        assert page.get_context(rf.get("/"))["taking_teams"] is True
    with time_machine.travel(AFTER, tick=False):
        assert page.get_context(rf.get("/"))["taking_teams"] is False
