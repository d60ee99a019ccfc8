"""Screening through the judging engine: the rubric, the panel, conflicts, two project managers' scores aggregated."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from incubator.pipeline import judging, queries, services
from incubator.pipeline.services import PipelineError
from incubator.vocabulary import PipelineSource, PipelineStage
from portal.judging import services as engine
from portal.judging import subjects
from portal.judging.models import Assignment, Scorecard
from portal.judging.permissions import can_manage_panel
from tests.factories import MembershipFactory, ProjectManagerFactory, UserFactory


def _screening(card, actor):
    return services.move(actor=actor, card=card, to_stage=PipelineStage.SCREENING, version=card.version)


def test_the_screening_rubric_has_the_plans_four_criteria_once(db):
    rubric, created = judging.ensure_screening_rubric()
    assert created
    assert [c.name_en for c in rubric.criteria.order_by("order")] == [
        "Technology",
        "Team",
        "Clinical/market need",
        "Regulatory path",
    ]
    assert judging.ensure_screening_rubric() == (rubric, False)


def test_the_adapter_names_the_startup_and_its_members_as_parties(card, startup):
    adapter = subjects.adapter_for(type(card))
    assert isinstance(adapter, judging.CardAdapter)
    parties = adapter.parties(card)
    assert parties.organisation_ids == {startup.pk}
    assert parties.emails == {"ceo@brainspeak.example"}
    assert adapter.label(card, blind=False) == "脑语科技"


def test_project_managers_open_a_screening_panel_of_startups_in_screening(card, pm, pm2, staff_user, other_startup):
    rubric, _created = judging.ensure_screening_rubric()
    with pytest.raises(PermissionDenied):  # a member, the startup's own included, never
        judging.open_screening(actor=UserFactory(), title_zh="甄别", rubric=rubric)
    with pytest.raises(PipelineError):  # nothing in screening yet
        judging.open_screening(actor=pm, title_zh="甄别", rubric=rubric)
    other = services.discover(actor=pm, startup=other_startup, source=PipelineSource.SEARCH)
    _screening(card, pm)
    with pytest.raises(PipelineError) as refused:
        judging.open_screening(actor=pm, title_zh="甄别", rubric=rubric, cards=[card, other])
    assert "神经桥" in str(refused.value)
    panel, report = judging.open_screening(actor=pm, title_zh="2026 春季甄别", rubric=rubric, judges_per_item=1)
    assert report.uncovered == [] and list(judging.screening_panels()) == [panel]
    engine.assign_automatically(panel, actor=pm2)  # any project manager runs the pipeline's panels


def test_project_managers_run_no_panel_but_the_pipelines(pm, staff_user, startup):
    """The engine lets project managers run the pipeline's screening panels, not a competition's or an edition's."""
    rubric, _created = judging.ensure_screening_rubric()
    now = timezone.now().replace(microsecond=0)
    other = engine.open_panel(
        actor=staff_user,
        owner=startup,  # any record of another app
        title_zh="他人的评审",
        title_en="",
        rubric=rubric,
        judges_per_item=1,
        opens_at=now,
        closes_at=now + timedelta(days=3),
    )
    with pytest.raises(PermissionDenied):
        engine.open_panel(
            actor=pm,
            owner=startup,
            title_zh="他人的评审",
            title_en="",
            rubric=rubric,
            judges_per_item=1,
            opens_at=now,
            closes_at=now + timedelta(days=3),
        )
    for attempt in (
        lambda: engine.add_judges(actor=pm, panel=other, users=[pm]),
        lambda: engine.assign_automatically(other, actor=pm),
    ):
        with pytest.raises(PermissionDenied):
            attempt()


def test_two_project_managers_score_and_the_card_shows_the_aggregate(card, pm, pm2, staff_user, startup):
    # A third project manager belongs to the startup: the engine never assigns them to it.
    insider = ProjectManagerFactory(email="insider@brainspeak.example")
    MembershipFactory(organisation=startup, user=insider)
    _screening(card, pm)
    rubric, _created = judging.ensure_screening_rubric()
    panel, report = judging.open_screening(actor=staff_user, title_zh="2026 春季甄别", rubric=rubric, judges_per_item=2)
    assert set(panel.judges.values_list("user_id", flat=True)) == {pm.pk, pm2.pk, insider.pk}
    assignments = {a.judge_id: a for a in Assignment.objects.filter(item__panel=panel)}
    assert set(assignments) == {pm.pk, pm2.pk}
    assert report.uncovered == []
    assert list(judging.screening_panels()) == [panel]

    criteria = list(rubric.criteria.order_by("order"))
    # pm: 8, 6, 7, 9 → 75 on the 0–100 scale; pm2: 6 everywhere → 60; raw mean 67.5.
    for judge, values in ((pm, (8, 6, 7, 9)), (pm2, (6, 6, 6, 6))):
        scores = {c.pk: (value, "") for c, value in zip(criteria, values, strict=True)}
        engine.submit_scorecard(judge=judge, assignment=assignments[judge.pk], version=0, scores=scores)

    [found] = queries.screening(card)
    assert found.panel == panel
    assert found.result.count == 2
    assert found.result.raw_mean == pytest.approx(67.5)
    assert found.result.rank == 1


def test_a_project_manager_removes_a_judge_and_unlocks_a_scorecard_on_a_screening_panel(client, card, pm, pm2):
    """The admin's "remove judge" and "unlock scorecard" answer them as the panel page offers them."""
    services.move(actor=pm, card=card, to_stage=PipelineStage.SCREENING, version=card.version)
    rubric, _created = judging.ensure_screening_rubric()
    panel, _report = judging.open_screening(actor=pm, title_zh="甄别", rubric=rubric, judges_per_item=2)
    mine = Assignment.objects.get(item__panel=panel, judge=pm)
    theirs = Assignment.objects.get(item__panel=panel, judge=pm2)
    scores = {c.pk: (5, "") for c in rubric.criteria.all()}
    engine.submit_scorecard(judge=pm, assignment=mine, version=0, scores=scores)
    assert can_manage_panel(pm, panel)  # the pipeline's panels are the project managers' to run
    client.force_login(pm)
    unlock = client.post(
        reverse("judging_admin:unlock", args=[Scorecard.objects.get(assignment=mine).pk]), {"reason": "重新评分"}
    )
    assert unlock.status_code == 302
    assert unlock.url == reverse("judging_admin:panel", args=[panel.pk]), unlock.url  # not the admin's "denied"
    assert Scorecard.objects.get(assignment=mine).status == "draft"
    remove = client.post(reverse("judging_admin:unassign", args=[theirs.pk]))
    assert remove.status_code == 302
    assert remove.url == reverse("judging_admin:panel", args=[panel.pk]), remove.url
    assert not Assignment.objects.filter(pk=theirs.pk).exists()
