"""The judge's pages: own assignments only (others 404), no other judge's scores before the
panel closes, save/submit through the page (stale input kept, double submit safe), recusal."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from portal.judging import services
from portal.judging.models import Assignment, Scorecard
from portal.personal_data import personal_data
from tests.judging.factories import PanelFactory, items, judges, rubric_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(adapter, staff):
    panel = PanelFactory(judges_per_item=2, rubric=rubric_with(2, 1))
    judges(panel, 2)
    items(panel, 3)
    services.assign_automatically(panel, actor=staff)
    return panel


def _form(assignment, version=0, **extra):
    data = {"version": version, "recommendation": "recommend", "comment": "整体不错"}
    for n, criterion in enumerate(assignment.item.panel.rubric.criteria.all()):
        data[f"score_{criterion.pk}"] = str(6 + n)
        data[f"comment_{criterion.pk}"] = ""
    return data | extra


def test_dashboard_lists_every_panel_with_the_zone_named(client, panel, staff):
    judge = panel.judges.first().user
    other = PanelFactory(title_en="Typical cases 2026", judges_per_item=1)
    other.judges.create(user=judge)
    services.assign(actor=staff, item=items(other, 1)[0], judge=judge)
    client.force_login(judge)
    response = client.get(reverse("judging:dashboard"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Asia/Shanghai" in content and panel.title_zh in content and other.title_zh in content
    assert content.count('href="/zh-hans/judging/assignments/') == Assignment.objects.filter(judge=judge).count()


def test_a_judge_reaches_only_own_active_assignments(client, panel, user):
    mine = Assignment.objects.filter(item__panel=panel).first()
    theirs = Assignment.objects.filter(item__panel=panel).exclude(judge=mine.judge).first()
    client.force_login(mine.judge)
    assert client.get(reverse("judging:scorecard", args=[mine.pk])).status_code == 200
    assert client.get(reverse("judging:scorecard", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("judging:scorecard", args=[theirs.pk]), _form(theirs)).status_code == 404
    assert client.get(reverse("judging:recuse", args=[theirs.pk])).status_code == 404
    client.force_login(user)
    assert client.get(reverse("judging:scorecard", args=[mine.pk])).status_code == 404


def test_save_submit_and_double_submit_through_the_page(client, panel):
    assignment = Assignment.objects.filter(item__panel=panel).first()
    url = reverse("judging:scorecard", args=[assignment.pk])
    client.force_login(assignment.judge)
    assert client.post(url, _form(assignment, save="1")).status_code == 302
    stale = client.post(url, _form(assignment, version=0, save="1", comment="另一台设备"))
    assert stale.status_code == 409
    assert "另一台设备" in stale.content.decode()  # the judge's input is kept
    assert client.post(url, _form(assignment, version=1, submit="1")).status_code == 302
    again = client.post(url, _form(assignment, version=1, submit="1"), follow=True)
    assert again.status_code == 200
    assert Scorecard.objects.get(assignment=assignment).is_submitted


def test_no_other_judges_scores_before_the_panel_closes(client, panel):
    item = panel.items.first()
    first, second = Assignment.objects.filter(item=item)
    services.submit_scorecard(judge=second.judge, assignment=second, version=0, scores=_scores(second, 9))
    client.force_login(first.judge)
    url = reverse("judging:scorecard", args=[first.pk]).replace("/zh-hans/", "/en/")
    assert "Other judges" not in client.get(url).content.decode()
    with time_machine.travel(panel.scoring_closes_at + datetime.timedelta(seconds=1), tick=False):
        closed = client.get(url).content.decode()
    assert "Other judges" in closed and "9.00" in closed


def _scores(assignment, value):
    return {c.pk: (value, "") for c in assignment.item.panel.rubric.criteria.all()}


def test_recusal_through_the_page(client, panel):
    assignment = Assignment.objects.filter(item__panel=panel).first()
    client.force_login(assignment.judge)
    url = reverse("judging:recuse", args=[assignment.pk])
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "与该团队负责人是同门"}).status_code == 302
    assert client.get(reverse("judging:scorecard", args=[assignment.pk])).status_code == 404


def test_profile_expertise_and_conflicts(client, panel, organisation):
    judge = panel.judges.first().user
    client.force_login(judge)
    assert (
        client.post(reverse("judging:profile"), {"expertise": "EEG， Stroke,eeg", "public_bio": ""}).status_code == 302
    )
    assert judge.judge_profile.expertise == ["eeg", "stroke"]
    response = client.post(reverse("judging:declare_conflict"), {"organisation": organisation.pk, "note": "前雇主"})
    assert response.status_code == 302
    assert judge.conflict_declarations.get().organisation == organisation


def test_a_judges_records_are_in_their_personal_data(panel):
    judge = panel.judges.first().user
    services.update_judge_profile(user=judge, expertise=["EEG"], public_bio="")
    data = personal_data(user=judge)
    assert data["judge_profile"] == [{"expertise": ["eeg"], "public_bio": "", "your_part": ["user"]}]
    assert len(data["judging_assignments"]) == Assignment.objects.filter(judge=judge).count() > 0
