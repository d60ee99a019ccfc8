"""Scorecards: drafts with a version, stale saves refused, submit locks (twice is safe), staff
unlock with a reason, the scoring window to the second, recusal, and the audit trail."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from portal.judging import audit, services
from portal.judging.errors import JudgingError
from portal.judging.forms import ScorecardForm
from portal.judging.models import Assignment, Criterion, CriterionScore
from tests.judging.factories import CLOSES, PanelFactory, items, judges, rubric_with, single_assignment

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(adapter, staff):
    return single_assignment(staff)


def _scores(assignment, *values):
    criteria = assignment.item.panel.rubric.criteria.all()
    return {criterion.pk: (value, "") for criterion, value in zip(criteria, values, strict=False)}


@pytest.fixture
def during():
    with time_machine.travel(CLOSES - datetime.timedelta(hours=1), tick=False):
        yield


@pytest.mark.usefixtures("during")
def test_draft_then_stale_version_refused(assignment):
    card = services.save_scorecard(
        judge=assignment.judge, assignment=assignment, version=0, scores=_scores(assignment, 7)
    )
    assert card.version == 1 and CriterionScore.objects.filter(scorecard=card).count() == 1
    # The same judge's other device still shows version 0.
    with translation.override("en"), pytest.raises(JudgingError) as stale:
        services.save_scorecard(judge=assignment.judge, assignment=assignment, version=0, scores=_scores(assignment, 3))
    assert "saved elsewhere" in str(stale.value)
    assert CriterionScore.objects.get(scorecard=card).value == 7


@pytest.mark.usefixtures("during")
def test_scores_outside_the_range_refused(assignment):
    with pytest.raises(JudgingError) as refused:
        services.save_scorecard(
            judge=assignment.judge, assignment=assignment, version=0, scores=_scores(assignment, 11)
        )
    assert refused.value.field.startswith("score_")
    with pytest.raises(JudgingError):
        services.save_scorecard(
            judge=assignment.judge, assignment=assignment, version=0, scores=_scores(assignment, "7.333")
        )


@pytest.mark.usefixtures("during")
def test_submit_needs_every_criterion_locks_and_twice_is_a_no_op(assignment):
    judge = assignment.judge
    with pytest.raises(JudgingError):
        services.submit_scorecard(judge=judge, assignment=assignment, version=0, scores=_scores(assignment, 7))
    # The refusal rolled back: the scorecard is still at version 0.
    done = services.submit_scorecard(judge=judge, assignment=assignment, version=0, scores=_scores(assignment, 7, 8))
    assert done.scorecard.is_submitted and not done.already
    again = services.submit_scorecard(judge=judge, assignment=assignment, version=1, scores=_scores(assignment, 1, 1))
    assert again.already and again.scorecard.pk == done.scorecard.pk
    assert sorted(CriterionScore.objects.values_list("value", flat=True)) == [7, 8]
    with pytest.raises(JudgingError):
        services.save_scorecard(judge=judge, assignment=assignment, version=again.scorecard.version, scores={})
    assert ModelLogEntry.objects.filter(action=audit.SUBMITTED).count() == 1


@pytest.mark.usefixtures("during")
def test_the_criteria_left_to_score_are_listed_in_the_judges_language(adapter, staff):
    # The Chinese refusal listed them with an English comma (技术创新, 安全性与合规路径).
    panel = PanelFactory(
        judges_per_item=1,
        rubric=rubric_with(1, 1, 1),
        scoring_opens_at=CLOSES - datetime.timedelta(days=7),
        scoring_closes_at=CLOSES,
    )
    assignment = services.assign(actor=staff, item=items(panel, 1)[0], judge=judges(panel, 1)[0])
    _first, second, third = panel.rubric.criteria.all()
    for language, expected in (
        ("zh-hans", f"{second.name_zh}、{third.name_zh}。"),
        ("en", f"{second.name_en}, {third.name_en}."),
    ):
        with translation.override(language), pytest.raises(JudgingError) as refused:
            services.submit_scorecard(
                judge=assignment.judge, assignment=assignment, version=0, scores=_scores(assignment, 7)
            )
        assert str(refused.value).endswith(expected), language


@pytest.mark.usefixtures("during")
def test_staff_unlock_with_a_reason(assignment, staff):
    judge = assignment.judge
    done = services.submit_scorecard(judge=judge, assignment=assignment, version=0, scores=_scores(assignment, 7, 8))
    with pytest.raises(PermissionDenied):
        services.unlock_scorecard(staff=judge, scorecard=done.scorecard, reason="please")
    with pytest.raises(JudgingError):
        services.unlock_scorecard(staff=staff, scorecard=done.scorecard, reason=" ")
    card = services.unlock_scorecard(staff=staff, scorecard=done.scorecard, reason="评委要求更正第二项")
    assert card.status == "draft" and card.submitted_at is None
    entry = ModelLogEntry.objects.get(action=audit.UNLOCKED)
    assert entry.data["before"]["status"] == "submitted" and entry.data["after"]["status"] == "draft"
    assert entry.data["note"] == "评委要求更正第二项" and entry.user_id == staff.pk


def test_window_to_the_second(assignment):
    judge = assignment.judge
    with time_machine.travel(CLOSES + datetime.timedelta(milliseconds=999), tick=False):
        # 18:00:00.999 Asia/Shanghai: the closing second itself is on time.
        card = services.save_scorecard(judge=judge, assignment=assignment, version=0, scores=_scores(assignment, 5))
    with (
        time_machine.travel(CLOSES + datetime.timedelta(seconds=1), tick=False),
        translation.override("en"),
        pytest.raises(JudgingError) as closed,
    ):
        services.save_scorecard(judge=judge, assignment=assignment, version=card.version, scores={})
    assert str(closed.value) == "Scoring closed at 2026-11-20 18:00:00 (Asia/Shanghai, UTC+08:00)."
    opens = assignment.item.panel.scoring_opens_at
    with time_machine.travel(opens - datetime.timedelta(seconds=1), tick=False), pytest.raises(JudgingError):
        services.submit_scorecard(judge=judge, assignment=assignment, version=card.version, scores={})


@pytest.mark.usefixtures("during")
def test_only_the_assigned_judge_scores(assignment, user):
    with pytest.raises(PermissionDenied):
        services.save_scorecard(judge=user, assignment=assignment, version=0, scores={})
    services.recuse(judge=assignment.judge, assignment=assignment, reason="利益冲突")
    with pytest.raises(PermissionDenied):
        services.save_scorecard(judge=assignment.judge, assignment=assignment, version=0, scores={})


@pytest.mark.usefixtures("during")
def test_recusal_needs_a_reason_and_is_logged(assignment, user):
    with pytest.raises(PermissionDenied):
        services.recuse(judge=user, assignment=assignment, reason="not mine")
    with pytest.raises(JudgingError):
        services.recuse(judge=assignment.judge, assignment=assignment, reason="")
    services.recuse(judge=assignment.judge, assignment=assignment, reason="曾为该公司顾问")
    assert Assignment.objects.get(pk=assignment.pk).status == "recused"
    entry = ModelLogEntry.objects.get(action=audit.RECUSED)
    assert entry.data["before"]["status"] == "active" and entry.data["after"]["recusal_reason"] == "曾为该公司顾问"


@pytest.mark.usefixtures("during")
def test_a_judge_who_submitted_cannot_recuse_until_staff_unlock(assignment, staff):
    """A submitted scorecard counts in the ranking: recusing would take it out silently."""
    judge = assignment.judge
    done = services.submit_scorecard(judge=judge, assignment=assignment, version=0, scores=_scores(assignment, 7, 8))
    with translation.override("en"), pytest.raises(JudgingError, match="unlock"):
        services.recuse(judge=judge, assignment=assignment, reason="后来想起曾为该公司顾问")
    assert Assignment.objects.get(pk=assignment.pk).status == "active"
    services.unlock_scorecard(staff=staff, scorecard=done.scorecard, reason="评委申请回避")
    services.recuse(judge=judge, assignment=assignment, reason="后来想起曾为该公司顾问")
    assert Assignment.objects.get(pk=assignment.pk).status == "recused"


def test_once_scoring_has_closed_there_is_nothing_to_recuse_from(assignment, client):
    """After the closing second a draft no longer counts: the page no longer offers recusal, its form is
    gone, and a recusal posted anyway is refused, in the judge's language."""
    judge = assignment.judge
    client.force_login(judge)
    with translation.override("zh-hans"):
        url = reverse("judging:recuse", args=[assignment.pk])
        with time_machine.travel(CLOSES, tick=False):
            assert url in client.get(reverse("judging:scorecard", args=[assignment.pk])).content.decode()
    with time_machine.travel(CLOSES + datetime.timedelta(seconds=1), tick=False):
        with translation.override("zh-hans"):
            assert url not in client.get(reverse("judging:scorecard", args=[assignment.pk])).content.decode()
            page = client.get(url).content.decode()
            assert "评审已截止" in page and 'name="reason"' not in page
            refused = client.post(url, {"reason": "曾为该公司顾问"})
        assert refused.status_code == 400 and "评审已截止" in refused.content.decode()
        with translation.override("en"), pytest.raises(JudgingError, match="Scoring on this panel has closed"):
            services.recuse(judge=judge, assignment=assignment, reason="曾为该公司顾问")
    assert Assignment.objects.get(pk=assignment.pk).status == "active"


def test_audit_trail_of_assignments(adapter, staff):
    panel = PanelFactory(judges_per_item=2)
    judges(panel, 3)
    items(panel, 3)
    services.assign_automatically(panel, actor=staff)
    created = ModelLogEntry.objects.filter(action=audit.ASSIGNED)
    assert created.count() == 6
    assert all(entry.data["before"] == {} and entry.data["after"]["source"] == "auto" for entry in created)
    assert ModelLogEntry.objects.filter(action=audit.AUTO_ASSIGNED, object_id=str(panel.pk)).count() == 1
    assignment = Assignment.objects.first()
    services.unassign(actor=staff, assignment=assignment)
    removed = ModelLogEntry.objects.get(action=audit.UNASSIGNED)
    assert removed.data["before"]["judge"] == assignment.judge_id and removed.data["after"] == {}
    assert ModelLogEntry.objects.filter(action=audit.CONFLICT_DECLARED).count() == 0


def test_a_criterions_descriptor_written_in_the_admin_is_escaped_on_the_scorecard():
    """Django prints a help text as HTML: a rubric's descriptor comes from the database, so it is escaped."""
    criterion = Criterion(name_zh="创新性", descriptor_zh="<b>新颖</b>", max_score=10)
    with translation.override("zh-hans"):
        assert ScorecardForm._score_field(criterion).help_text == "&lt;b&gt;新颖&lt;/b&gt;"
