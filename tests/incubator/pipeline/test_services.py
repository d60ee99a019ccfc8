"""The pipeline's services: discovering, moving (allowed, refused, concurrent), managers, notes, tasks, support."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from incubator.models import PipelineCard, PipelineNote, PipelineTask, StageChange, SupportRecord
from incubator.pipeline import services
from incubator.pipeline.services import PipelineError
from incubator.vocabulary import PipelineSource, PipelineStage, SupportKind
from portal.organisations.models import OrganisationKind
from tests.factories import OrganisationFactory


def test_discover_makes_one_card_in_the_discovered_stage(card, pm, startup):
    assert card.stage == PipelineStage.DISCOVERED
    assert card.source == PipelineSource.REFERRAL
    assert card.source_note == "院士推荐"
    assert card.version == 1
    assert list(card.history.values_list("from_stage", "to_stage")) == [("", "discovered")]
    assert ModelLogEntry.objects.for_instance(card).filter(action=services.DISCOVERED).count() == 1

    again = services.discover(actor=pm, startup=startup, source=PipelineSource.SEARCH, note="又一次")
    assert again.pk == card.pk
    again.refresh_from_db()
    assert again.source == PipelineSource.REFERRAL  # the first discovery stands
    assert PipelineCard.objects.count() == 1
    assert StageChange.objects.count() == 1


def test_discover_refuses_what_is_not_a_startup_and_people_outside_the_alliance(pm, member, startup):
    enterprise = OrganisationFactory(kind=OrganisationKind.ENTERPRISE)
    with pytest.raises(PipelineError) as refused:
        services.discover(actor=pm, startup=enterprise, source=PipelineSource.SEARCH)
    assert refused.value.field == "startup"
    with pytest.raises(PipelineError):
        services.discover(actor=pm, startup=startup, source="rumour")
    with pytest.raises(PermissionDenied):
        services.discover(actor=member, startup=startup, source=PipelineSource.SEARCH)
    assert not PipelineCard.objects.exists()


def test_allowed_moves_follow_the_vocabulary(card):
    assert services.allowed_moves(card) == ["screening", "dropped"]
    card.stage = PipelineStage.EXITED
    assert services.allowed_moves(card) == []


def test_move_writes_the_history_the_log_and_raises_the_version(card, pm):
    moved = services.move(actor=pm, card=card, to_stage=PipelineStage.SCREENING, version=1, note="值得深看")
    assert (moved.stage, moved.version) == ("screening", 2)
    change = StageChange.objects.filter(card=card).first()  # newest first
    assert (change.from_stage, change.to_stage, change.note, change.by) == ("discovered", "screening", "值得深看", pm)
    entry = ModelLogEntry.objects.for_instance(card).get(action=services.MOVED)
    assert entry.data["before"] == {"stage": "discovered", "version": 1}
    assert entry.data["after"] == {"stage": "screening", "version": 2}
    assert entry.user == pm

    services.move(actor=pm, card=moved, to_stage=PipelineStage.CULTIVATING, version=2)
    card.refresh_from_db()
    assert (card.stage, card.version) == ("cultivating", 3)
    assert card.history.count() == 3


def test_a_move_the_vocabulary_does_not_allow_is_refused_and_changes_nothing(card, pm):
    with pytest.raises(PipelineError) as refused:
        services.move(actor=pm, card=card, to_stage=PipelineStage.GRADUATED, version=1)
    assert refused.value.field == "to_stage"
    with pytest.raises(PipelineError):
        services.move(actor=pm, card=card, to_stage="nowhere", version=1)
    card.refresh_from_db()
    assert (card.stage, card.version, card.history.count()) == ("discovered", 1, 1)


def test_concurrent_moves_the_second_one_made_on_the_old_version_is_refused(card, pm, pm2):
    # Both project managers opened the card at version 1.
    services.move(actor=pm, card=card, to_stage=PipelineStage.SCREENING, version=1)
    with translation.override("en"), pytest.raises(PipelineError) as refused:
        services.move(actor=pm2, card=card, to_stage=PipelineStage.DROPPED, version=1)
    assert "Someone changed" in str(refused.value)
    card.refresh_from_db()
    assert (card.stage, card.version) == ("screening", 2)
    assert not StageChange.objects.filter(to_stage=PipelineStage.DROPPED).exists()


def test_dropping_a_startup_takes_a_reason(card, pm):
    with translation.override("en"), pytest.raises(PipelineError) as refused:
        services.move(actor=pm, card=card, to_stage=PipelineStage.DROPPED, version=1, note=" ")
    assert refused.value.field == "note" and "why" in str(refused.value)
    card.refresh_from_db()
    assert card.stage == "discovered"
    services.move(actor=pm, card=card, to_stage=PipelineStage.DROPPED, version=1, note="团队解散")
    assert card.history.get(to_stage="dropped").note == "团队解散"


def test_members_may_not_move(card, member):
    with pytest.raises(PermissionDenied):
        services.move(actor=member, card=card, to_stage=PipelineStage.SCREENING, version=1)


def test_assign_manager_takes_project_managers_and_staff_only(card, pm, pm2, staff_user, member):
    assert services.assign_manager(actor=pm, card=card, project_manager=pm2).project_manager == pm2
    assert services.assign_manager(actor=pm, card=card, project_manager=staff_user).project_manager == staff_user
    with pytest.raises(PipelineError):
        services.assign_manager(actor=pm, card=card, project_manager=member)
    assert services.assign_manager(actor=pm, card=card, project_manager=None).project_manager is None


def test_notes_a_double_submit_is_one_note(card, pm):
    first = services.add_note(actor=pm, card=card, text="  约了下周面谈 ")
    second = services.add_note(actor=pm, card=card, text="约了下周面谈")
    assert first.pk == second.pk and first.text == "约了下周面谈"
    with pytest.raises(PipelineError):
        services.add_note(actor=pm, card=card, text="   ")
    assert PipelineNote.objects.count() == 1


def test_tasks_with_due_date_and_assignee_then_done_once(card, pm, pm2, member):
    due = timezone.localdate() + datetime.timedelta(days=5)
    task = services.add_task(actor=pm, card=card, title="尽调材料清单", due_on=due, assignee=pm2)
    assert (task.due_on, task.assignee, task.done_at) == (due, pm2, None)
    with pytest.raises(PipelineError) as refused:
        services.add_task(actor=pm, card=card, title="别人的任务", assignee=member)
    assert refused.value.field == "assignee"
    done = services.complete_task(actor=pm2, task=task)
    assert done.done_at is not None
    again = services.complete_task(actor=pm, task=task)
    assert again.done_at == done.done_at
    assert PipelineTask.objects.count() == 1
    assert ModelLogEntry.objects.for_instance(card).filter(action=services.TASK_DONE).count() == 1


def test_support_records_a_platform_is_optional_and_must_be_a_platform(card, pm, platform, other_startup):
    poc = services.record_support(
        actor=pm,
        card=card,
        kind=SupportKind.PROOF_OF_CONCEPT,
        description_zh="概念验证资助",
        amount_cny=500_000,
        on=datetime.date(2026, 3, 1),
    )
    assert (poc.platform, poc.amount_cny) == (None, 500_000)
    booking = services.record_support(
        actor=pm, card=card, kind=SupportKind.PLATFORM_BOOKING, description_zh="流片预约", platform=platform
    )
    assert booking.platform == platform and booking.on == timezone.localdate()
    with pytest.raises(PipelineError) as refused:
        services.record_support(
            actor=pm, card=card, kind=SupportKind.INCUBATION, description_zh="入驻", platform=other_startup
        )
    assert refused.value.field == "platform"
    with pytest.raises(PipelineError):
        services.record_support(actor=pm, card=card, kind="gift", description_zh="礼物")
    # The same record sent twice is one record.
    services.record_support(
        actor=pm,
        card=card,
        kind=SupportKind.PROOF_OF_CONCEPT,
        description_zh="概念验证资助",
        amount_cny=500_000,
        on=datetime.date(2026, 3, 1),
    )
    assert SupportRecord.objects.count() == 2
