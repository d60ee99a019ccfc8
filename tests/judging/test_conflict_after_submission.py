"""A conflict that arises once a judge is assigned (declared by the judge, or recorded by staff in the
admin) takes the judge off what it concerns at once (the scorecard's page is then a 404), except a
scorecard already submitted, which counts until staff unlock it: unlocking it then takes the judge off
the item (they may not change and submit it again), says so before and after, and the ranking leaves
it out. The panel's page says who is conflicted and what is still to submit, in Chinese punctuation."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry

from portal.judging import audit, queries, services
from portal.judging.models import Assignment, ConflictDeclaration, Scorecard
from portal.judging.subjects import Parties
from portal.judging.vocabulary import AssignmentStatus
from portal.organisations.models import Organisation
from tests.factories import OrganisationFactory
from tests.judging.factories import PanelFactory, items, judges, open_scorecard, rubric_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(adapter, staff):
    """Two judges on two items behind one organisation (the tie to come); the first judge submitted
    the first item's scorecard and left the second untouched."""
    panel = PanelFactory(judges_per_item=2, rubric=rubric_with(1, 1), title_zh="终审", title_en="Final round")
    first, second = judges(panel, 2)
    scored, untouched = items(panel, 2)
    organisation = OrganisationFactory(name_zh="前雇主科技有限公司", name_en="Former Employer Ltd.")
    for item in (scored, untouched):
        adapter.parties_by_pk[item.subject_id] = Parties(organisation_ids={organisation.pk})
    services.assign_automatically(panel, actor=staff)
    mine = Assignment.objects.get(item=scored, judge=first)
    scores = {criterion.pk: (8, "") for criterion in panel.rubric.criteria.all()}
    services.submit_scorecard(judge=first, assignment=mine, version=0, scores=scores)
    theirs = Assignment.objects.get(item=scored, judge=second)
    services.submit_scorecard(judge=second, assignment=theirs, version=0, scores=dict.fromkeys(scores, (6, "")))
    return panel, first, organisation, mine, Assignment.objects.get(item=untouched, judge=first)


def _unlock_url(assignment):
    return reverse("judging_admin:unlock", args=[Scorecard.objects.get(assignment=assignment).pk])


def test_unlocking_a_conflicted_judges_scorecard_takes_them_off_the_item(client, setting, staff):
    panel, judge, organisation, scored, untouched = setting
    services.declare_conflict(actor=judge, judge=judge, organisation=organisation, note="")
    assert Assignment.objects.get(pk=untouched.pk).status == AssignmentStatus.RECUSED
    assert Assignment.objects.get(pk=scored.pk).status == AssignmentStatus.ACTIVE  # submitted: it counts
    assert open_scorecard(client, judge, scored).status_code == 200
    assert queries.results(panel)[0].count == 2

    with translation.override("zh-hans"):
        card = services.unlock_scorecard(
            staff=staff, scorecard=Scorecard.objects.get(assignment=scored), reason="评委申报了利益冲突"
        )
    assert card.assignment.status == AssignmentStatus.RECUSED
    assignment = Assignment.objects.get(pk=scored.pk)
    assert assignment.status == AssignmentStatus.RECUSED
    assert assignment.recusal_reason == "该评委已申报与前雇主科技有限公司存在关联。"
    entry = ModelLogEntry.objects.filter(action=audit.RECUSED, object_id=str(scored.pk)).get()
    assert entry.user_id == staff.pk and entry.data["before"]["status"] == "active"
    assert open_scorecard(client, judge, scored).status_code == 404  # not theirs to change and submit again
    scored_row = next(row for row in queries.results(panel) if row.item.pk == scored.item_id)
    assert scored_row.count == 1  # the other judge's scorecard alone


def test_unlocking_a_judge_without_a_conflict_leaves_them_on_the_item(setting, staff):
    _panel, _judge, _organisation, scored, _untouched = setting
    card = services.unlock_scorecard(staff=staff, scorecard=Scorecard.objects.get(assignment=scored), reason="录入错误")
    assert card.assignment.status == AssignmentStatus.ACTIVE
    assert Assignment.objects.get(pk=scored.pk).status == AssignmentStatus.ACTIVE


def test_staff_read_who_is_conflicted_and_unlock_it_in_the_admin(client, setting, staff):
    panel, judge, organisation, scored, _untouched = setting
    services.declare_conflict(actor=judge, judge=judge, organisation=organisation, note="曾任顾问")
    client.force_login(staff)  # the admin in the staff member's language: Chinese
    html = client.get(reverse("judging_admin:panel", args=[panel.pk])).content.decode()
    assert f"{judge.email} · 自动 · 已回避（曾任顾问）" in html  # full-width brackets, no gap
    assert "提交评分表后申报了利益冲突：解锁评分表后，该评委将退出此评审对象" in html
    assert f"<strong>{judge.email}</strong>：该评委已申报与前雇主科技有限公司存在关联。" in html
    assert "1 张评分表尚未提交。" in html  # the second judge's, on the untouched item
    assert re.search(r"· 未开始\s", html)

    unlock = _unlock_url(scored)
    page = client.get(unlock).content.decode()
    label = str(Organisation.objects.get(pk=scored.item.subject_id).name)  # the subject, not "机构 #12"
    assert f"{judge.email} 对 {label} 的评分表将恢复为草稿，不再计入结果。该评委与其存在利益冲突" in page
    assert "<strong>利益冲突：</strong>该评委已申报与前雇主科技有限公司存在关联。" in page
    done = client.post(unlock, {"reason": "评委申报了利益冲突"}, follow=True)
    assert [str(m) for m in done.context["messages"]] == [
        "评分表已解锁。该评委与此评审对象存在利益冲突，已不再评审该对象，其评分表不计入结果；如评委人数不足，请另行分配评委。正在通知该评委。"
    ]
    assert Assignment.objects.get(pk=scored.pk).status == AssignmentStatus.RECUSED
    assert "已回避（该评委已申报与前雇主科技有限公司存在关联。）" in done.content.decode()
    assert open_scorecard(client, judge, scored).status_code == 404
    with translation.override("zh-hans"):
        dashboard = client.get(reverse("judging:dashboard")).content.decode()
    assert reverse("judging:scorecard", args=[scored.pk]) not in dashboard


def test_a_tie_staff_record_in_the_admin_takes_the_judge_off_what_it_concerns(client, setting, staff, adapter):
    """Staff record a judge's tie in the admin's list of conflicts of interest (Wagtail's snippet form):
    the judge stayed on what it concerned, and could open and score it, as if nothing was declared."""
    _panel, judge, organisation, scored, untouched = setting
    client.force_login(staff)
    response = client.post(
        reverse("wagtailsnippets_judging_conflictdeclaration:add"),
        {"judge": judge.pk, "organisation": organisation.pk, "person": "", "note": "工作人员核实：曾任顾问"},
    )
    assert response.status_code == 302
    recused = Assignment.objects.get(pk=untouched.pk)
    assert (recused.status, recused.recusal_reason) == (AssignmentStatus.RECUSED, "工作人员核实：曾任顾问")
    assert ModelLogEntry.objects.get(action=audit.RECUSED, object_id=str(untouched.pk)).user_id == staff.pk
    assert Assignment.objects.get(pk=scored.pk).status == AssignmentStatus.ACTIVE  # submitted: staff unlock it
    assert open_scorecard(client, judge, untouched).status_code == 404

    # Changing the record to another tie steps the judge back from what that one concerns.
    other_panel = PanelFactory(judges_per_item=1)
    other_panel.judges.create(user=judge)
    (other_item,) = items(other_panel, 1)
    assignment = services.assign(actor=staff, item=other_item, judge=judge)
    other_organisation = OrganisationFactory()
    adapter.parties_by_pk[other_item.subject_id] = Parties(organisation_ids={other_organisation.pk})
    declaration = ConflictDeclaration.objects.get(judge=judge)
    client.force_login(staff)
    edited = client.post(
        reverse("wagtailsnippets_judging_conflictdeclaration:edit", args=[declaration.pk]),
        {"judge": judge.pk, "organisation": other_organisation.pk, "person": "", "note": ""},
    )
    assert edited.status_code == 302
    assert Assignment.objects.get(pk=assignment.pk).status == AssignmentStatus.RECUSED


def test_the_judge_is_told_by_e_mail_in_their_language(setting, staff, mailoutbox, django_capture_on_commit_callbacks):
    """Staff unlocked a judge's scorecard, or took them off the item, and the judge heard nothing: a
    scorecard reopened near the closing stayed a draft that did not count."""
    panel, judge, organisation, scored, _untouched = setting
    judge.preferred_language = "en"
    judge.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.unlock_scorecard(staff=staff, scorecard=Scorecard.objects.get(assignment=scored), reason="分数录错")
    [unlocked] = mailoutbox
    assert unlocked.to == [judge.email] and unlocked.subject.startswith("Your scorecard for ")
    assert "until scoring closes" in unlocked.body and "分数录错" in unlocked.body
    assert f"/en/judging/assignments/{scored.pk}/" in unlocked.body and panel.title_en in unlocked.body

    services.submit_scorecard(
        judge=judge,
        assignment=scored,
        version=Scorecard.objects.get(assignment=scored).version,
        scores={criterion.pk: (7, "") for criterion in panel.rubric.criteria.all()},
    )
    services.declare_conflict(actor=judge, judge=judge, organisation=organisation, note="")
    judge.preferred_language = "zh-hans"
    judge.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        services.unlock_scorecard(staff=staff, scorecard=Scorecard.objects.get(assignment=scored), reason="利益冲突")
    taken_off = mailoutbox[1]
    assert taken_off.subject.startswith("您不再评审") and "联盟工作人员将另行安排评委" in taken_off.body
    assert "/zh-hans/judging/" in taken_off.body and "利益冲突" in taken_off.body


def test_no_e_mail_once_the_judge_submitted_again(setting, staff, mailoutbox, django_capture_on_commit_callbacks):
    """The effect runs after the commit, perhaps later: a scorecard submitted again meanwhile is not announced."""
    panel, judge, _organisation, scored, _untouched = setting
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.unlock_scorecard(staff=staff, scorecard=Scorecard.objects.get(assignment=scored), reason="分数录错")
    scores = {criterion.pk: (7, "") for criterion in panel.rubric.criteria.all()}
    version = Scorecard.objects.get(assignment=scored).version
    services.submit_scorecard(judge=judge, assignment=scored, version=version, scores=scores)
    with django_capture_on_commit_callbacks(execute=True):  # the effect, and what it would send
        for callback in callbacks:
            callback()
    assert mailoutbox == []
