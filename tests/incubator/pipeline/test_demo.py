"""The demo pipeline (``incubator.demo.pipeline``): every stage, history, notes, overdue tasks, support,
the screening rubric and a panel the demo project manager scored in; idempotent; nothing without startups."""

from __future__ import annotations

import pytest
from django.utils import timezone

from incubator.demo import pipeline as demo
from incubator.models import PipelineCard, PipelineTask, SupportRecord
from incubator.pipeline import judging, queries
from incubator.vocabulary import PipelineStage
from portal import permissions
from portal.demo import users
from portal.demo.registry import DemoContext
from portal.judging.models import Scorecard
from portal.organisations.models import MemberRole, OrganisationKind
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def context(db):
    context = DemoContext(password=None, write=lambda message: None)
    for spec in users.DEMO_USERS:
        if spec.key in ("pm", "staff"):
            users.ensure_account(context, spec)
    with permissions.run_by_operator():  # as load_demo runs it: the demo staff have no authenticator app
        yield context


def test_nothing_without_startups(context):
    demo.load(context)
    assert not PipelineCard.objects.exists()


def test_every_stage_with_history_tasks_support_and_screening_scores(context):
    for n in range(16):
        startup = OrganisationFactory(kind=OrganisationKind.STARTUP, slug=f"demo-startup-{n:02}")
        # Half of them have a founder at the demo domain, like the demo project manager: not scorable by them.
        email = f"founder{n}@demo.bci-alliance.example" if n % 2 == 0 else f"founder{n}@startup{n}.example"
        MembershipFactory(organisation=startup, role=MemberRole.OWNER, user=UserFactory(email=email))
    OrganisationFactory(kind=OrganisationKind.INCUBATOR, slug="demo-incubator")

    demo.load(context)

    counts = {stage: count for stage, _label, count in queries.stage_counts()}
    assert all(counts[stage] > 0 for stage in PipelineStage.values), counts
    assert PipelineCard.objects.count() == len(demo.PLAN)
    graduated = PipelineCard.objects.filter(stage=PipelineStage.GRADUATED).first()
    assert list(graduated.history.order_by("at").values_list("to_stage", flat=True)) == [
        "discovered",
        "screening",
        "cultivating",
        "graduated",
    ]
    overdue = PipelineTask.objects.filter(done_at=None, due_on__lt=timezone.localdate())
    assert overdue.exists()
    assert SupportRecord.objects.filter(platform__slug="demo-incubator").exists()
    [panel] = judging.screening_panels()
    assert panel.rubric == judging.screening_rubric()
    pm = context.user("pm")
    assert Scorecard.objects.filter(assignment__judge=pm, status="submitted").count() == 2
    scored = [found for card in PipelineCard.objects.filter(stage="screening") for found in queries.screening(card)]
    assert any(found.result.count == 2 for found in scored)  # two project managers on one startup

    context.counts.clear()
    demo.load(context)
    assert context.created_total == 0
    assert PipelineCard.objects.count() == len(demo.PLAN)
