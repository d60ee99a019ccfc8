"""The pipeline's objects in the matrix world (``tests.matrix.World``).

``add_incubator_pipeline(world)``: delta-neuro (``org_startup``) in screening with a note, an open
task and a support record; epsilon-bci (``org_other_startup``) discovered. ``extra``:
``pipeline_card`` (delta-neuro's), ``pipeline_card_other`` (epsilon-bci's), ``pipeline_task``.
Admin objects only: no member page names a card, so nothing is recorded with ``world.own``.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from incubator.models import PipelineCard, PipelineNote, PipelineTask, StageChange, SupportRecord
from incubator.vocabulary import PipelineSource, PipelineStage, SupportKind
from tests.matrix import PROJECT_MANAGER, STAFF, World, _once


def add_incubator_pipeline(world: World) -> World:
    if not _once(world, "incubator_pipeline"):
        return world
    manager, staff = world.user(PROJECT_MANAGER), world.user(STAFF)
    now = timezone.now()
    card = PipelineCard.objects.create(
        startup=world.extra["org_startup"],
        stage=PipelineStage.SCREENING,
        source=PipelineSource.REFERRAL,
        source_note="矩阵推荐",
        project_manager=manager,
        stage_changed_at=now - datetime.timedelta(days=3),
        version=2,
    )
    StageChange.objects.create(card=card, from_stage="", to_stage=PipelineStage.DISCOVERED, by=staff)
    StageChange.objects.create(
        card=card, from_stage=PipelineStage.DISCOVERED, to_stage=PipelineStage.SCREENING, by=manager
    )
    PipelineNote.objects.create(card=card, text="矩阵备注", author=manager)
    world.extra["pipeline_task"] = PipelineTask.objects.create(
        card=card, title="矩阵任务", due_on=timezone.localdate() + datetime.timedelta(days=7), assignee=manager
    )
    SupportRecord.objects.create(
        card=card, kind=SupportKind.PROOF_OF_CONCEPT, description_zh="概念验证", on=timezone.localdate()
    )
    world.extra["pipeline_card"] = card
    world.extra["pipeline_card_other"] = PipelineCard.objects.create(
        startup=world.extra["org_other_startup"],
        stage=PipelineStage.DISCOVERED,
        source=PipelineSource.SEARCH,
        stage_changed_at=now,
    )
    return world
