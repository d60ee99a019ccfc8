"""Every write of the pipeline: keyword-only, one transaction, the permission checked inside,
refusals as ``PipelineError`` with a translated message, each change in Wagtail's log.

* ``discover``: a startup organisation enters the pipeline (one card per startup; discovering it
  again returns its card unchanged).
* ``move``: to one of the stages ``STAGE_MOVES`` allows from the card's stage, on the ``version``
  the form was rendered with: two project managers moving the same startup at once, the second is
  refused with a clear message and nothing changes. Writes a ``StageChange`` and the log entry.
* ``assign_manager``, ``add_note``, ``add_task`` / ``complete_task``, ``record_support``.

Double submits (no creation token: the models keep none): a note or task identical to the one the
same person wrote on the same card in the last ``REPEAT_SECONDS`` is that one; a support record
identical in every field (kind, description, date, platform, amount) to one the same person recorded
is that one (the record keeps no creation time).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from incubator.models import PipelineCard, PipelineNote, PipelineTask, StageChange, SupportRecord
from incubator.pipeline import permissions
from incubator.vocabulary import STAGE_MOVES, PipelineSource, PipelineStage, SupportKind
from portal.organisations.models import Organisation, OrganisationKind
from portal.review import audit
from portal.review.errors import ServiceError

DISCOVERED = audit.action(
    "incubator.pipeline.discovered", gettext_lazy("Discover a startup"), gettext_lazy("Startup discovered")
)
MOVED = audit.action(
    "incubator.pipeline.moved", gettext_lazy("Move in the pipeline"), gettext_lazy("Moved to another stage")
)
MANAGER_ASSIGNED = audit.action(
    "incubator.pipeline.manager_assigned",
    gettext_lazy("Assign a project manager"),
    gettext_lazy("Project manager assigned"),
)
NOTE_ADDED = audit.action(
    "incubator.pipeline.note_added", gettext_lazy("Add a pipeline note"), gettext_lazy("Note added")
)
TASK_ADDED = audit.action(
    "incubator.pipeline.task_added", gettext_lazy("Add a pipeline task"), gettext_lazy("Task added")
)
TASK_DONE = audit.action(
    "incubator.pipeline.task_done", gettext_lazy("Complete a pipeline task"), gettext_lazy("Task completed")
)
SUPPORT_RECORDED = audit.action(
    "incubator.pipeline.support_recorded", gettext_lazy("Record support"), gettext_lazy("Support recorded")
)

#: A second identical note, task or support record by the same person within this time is a double submit.
REPEAT_SECONDS = 30


class PipelineError(ServiceError):
    """A pipeline rule refused the action; ``str(exc)`` is a translated message."""


def _clean(text, *, field: str, required: bool = True, limit: int | None = None) -> str:
    text = (text or "").strip()
    if required and not text:
        raise PipelineError(_("This field is required."), field=field)
    if limit is not None and len(text) > limit:
        raise PipelineError(
            _("Ensure this value has at most %(limit)d characters (it has %(count)d).")
            % {"limit": limit, "count": len(text)},
            field=field,
        )
    return text


def _locked(card: PipelineCard) -> PipelineCard:
    return PipelineCard.objects.select_for_update(of=("self",)).select_related("startup").get(pk=card.pk)


def _team_member(user, *, field: str):
    if user is not None and not permissions.is_team_member(user):
        raise PipelineError(_("Choose a project manager or a member of the alliance staff."), field=field)
    return user


@transaction.atomic
def discover(*, actor, startup: Organisation, source: str, note: str = "", project_manager=None) -> PipelineCard:
    """The startup's card in the pipeline (created in the discovered stage, or the one it already has)."""
    permissions.require_can_run_pipeline(actor)
    if startup.kind != OrganisationKind.STARTUP:
        raise PipelineError(_("Only startups enter the pipeline."), field="startup")
    if source not in PipelineSource.values:
        raise PipelineError(_("Choose where the startup came from."), field="source")
    note = _clean(note, field="note", required=False, limit=300)
    _team_member(project_manager, field="project_manager")
    return _open_card(startup=startup, source=source, note=note, project_manager=project_manager, by=actor)


@transaction.atomic
def discover_on_behalf(*, startup: Organisation, source: str, note: str = "") -> PipelineCard:
    """The startup's card, opened by the portal itself: a decision someone was allowed to take
    elsewhere brought the startup in (a platform accepted its programme application). The card is
    the alliance's, its history names nobody; a startup that has one keeps it as it is."""
    if startup.kind != OrganisationKind.STARTUP or source not in PipelineSource.values:
        raise ValueError(f"{startup.kind}/{source}: not a startup's pipeline source")
    return _open_card(startup=startup, source=source, note=(note or "").strip()[:300], project_manager=None, by=None)


def _open_card(*, startup: Organisation, source: str, note: str, project_manager, by) -> PipelineCard:
    # The organisation's row is the lock: two discoveries of one startup make one card.
    Organisation.objects.select_for_update().filter(pk=startup.pk).first()
    existing = PipelineCard.objects.filter(startup=startup).first()
    if existing is not None:
        return existing
    now = timezone.now()
    card = PipelineCard.objects.create(
        startup=startup,
        stage=PipelineStage.DISCOVERED,
        source=source,
        source_note=note,
        project_manager=project_manager,
        stage_changed_at=now,
        created_by=by if getattr(by, "pk", None) else None,
    )
    StageChange.objects.create(
        card=card, from_stage="", to_stage=PipelineStage.DISCOVERED, note=note, by=card.created_by
    )
    audit.record(
        actor=card.created_by,
        target=card,
        action=DISCOVERED,
        before={},
        after={"startup": startup.pk, "source": source, "stage": card.stage},
        note=note,
    )
    return card


def allowed_moves(card: PipelineCard) -> list[str]:
    """The stages the card may move to, in the vocabulary's order."""
    allowed = STAGE_MOVES.get(PipelineStage(card.stage), set())
    return [stage for stage in PipelineStage.values if stage in allowed]


@transaction.atomic
def move(*, actor, card: PipelineCard, to_stage: str, version: int, note: str = "") -> PipelineCard:
    """Move ``card`` to ``to_stage`` if allowed from its stage and nobody moved it since ``version``; dropping
    it takes a reason (``note``, kept in the stage history and the log like every move's note)."""
    permissions.require_can_run_pipeline(actor)
    note = _clean(note, field="note", required=False, limit=2000)
    card = _locked(card)
    if int(version) != card.version:
        raise PipelineError(
            _(
                "Someone changed this startup's stage while you were looking (it is now “%(stage)s”). "
                "Nothing was changed: check the new stage and move it again if you still want to."
            )
            % {"stage": card.get_stage_display()},
            field="to_stage",
        )
    if to_stage not in allowed_moves(card):
        raise PipelineError(
            _("A startup in “%(stage)s” cannot move to “%(target)s”.")
            % {"stage": card.get_stage_display(), "target": _label(to_stage)},
            field="to_stage",
        )
    if to_stage == PipelineStage.DROPPED and not note:
        raise PipelineError(_("Say why the startup is dropped: the stage history keeps the reason."), field="note")
    before = {"stage": card.stage, "version": card.version}
    StageChange.objects.create(card=card, from_stage=card.stage, to_stage=to_stage, note=note, by=actor)
    card.stage = to_stage
    card.version += 1
    card.stage_changed_at = timezone.now()
    card.save(update_fields=["stage", "version", "stage_changed_at"])
    audit.record(
        actor=actor,
        target=card,
        action=MOVED,
        before=before,
        after={"stage": card.stage, "version": card.version},
        note=note,
    )
    return card


def _label(stage: str) -> str:
    return str(PipelineStage(stage).label) if stage in PipelineStage.values else str(stage)


@transaction.atomic
def assign_manager(*, actor, card: PipelineCard, project_manager) -> PipelineCard:
    """Give the card to ``project_manager`` (a project manager or staff), or to nobody (``None``)."""
    permissions.require_can_run_pipeline(actor)
    _team_member(project_manager, field="project_manager")
    card = _locked(card)
    before = {"project_manager": card.project_manager_id}
    if card.project_manager_id == getattr(project_manager, "pk", None):
        return card
    card.project_manager = project_manager
    card.save(update_fields=["project_manager"])
    audit.record(
        actor=actor,
        target=card,
        action=MANAGER_ASSIGNED,
        before=before,
        after={"project_manager": card.project_manager_id},
    )
    return card


@transaction.atomic
def add_note(*, actor, card: PipelineCard, text: str) -> PipelineNote:
    permissions.require_can_run_pipeline(actor)
    text = _clean(text, field="text", limit=5000)
    card = _locked(card)
    since = timezone.now() - timedelta(seconds=REPEAT_SECONDS)
    repeated = card.notes.filter(author=actor, text=text, created_at__gte=since).first()
    if repeated is not None:
        return repeated
    note = PipelineNote.objects.create(card=card, text=text, author=actor)
    audit.record(actor=actor, target=card, action=NOTE_ADDED, before={}, after={"note": note.pk})
    return note


@transaction.atomic
def add_task(*, actor, card: PipelineCard, title: str, due_on=None, assignee=None) -> PipelineTask:
    """A task on the card, due on ``due_on`` (optional), for a project manager or staff (optional)."""
    permissions.require_can_run_pipeline(actor)
    title = _clean(title, field="title", limit=200)
    _team_member(assignee, field="assignee")
    card = _locked(card)
    since = timezone.now() - timedelta(seconds=REPEAT_SECONDS)
    repeated = card.tasks.filter(
        created_by=actor, title=title, due_on=due_on, assignee=assignee, created_at__gte=since
    ).first()
    if repeated is not None:
        return repeated
    task = PipelineTask.objects.create(card=card, title=title, due_on=due_on, assignee=assignee, created_by=actor)
    after = {"task": task.pk, "due_on": due_on, "assignee": getattr(assignee, "pk", None)}
    audit.record(actor=actor, target=card, action=TASK_ADDED, before={}, after=after)
    return task


@transaction.atomic
def complete_task(*, actor, task: PipelineTask) -> PipelineTask:
    """Mark the task done (done twice: still done once, at the first time)."""
    permissions.require_can_run_pipeline(actor)
    task = PipelineTask.objects.select_for_update().get(pk=task.pk)
    if task.done_at is not None:
        return task
    task.done_at = timezone.now()
    task.save(update_fields=["done_at"])
    audit.record(
        actor=actor, target=task.card, action=TASK_DONE, before={"task": task.pk}, after={"done_at": task.done_at}
    )
    return task


@transaction.atomic
def record_support(
    *,
    actor,
    card: PipelineCard,
    kind: str,
    description_zh: str,
    description_en: str = "",
    on=None,
    platform: Organisation | None = None,
    amount_cny: int | None = None,
) -> SupportRecord:
    """What cultivating the startup consisted of: a PoC, incubation, a platform booking, policy, a round."""
    permissions.require_can_run_pipeline(actor)
    if kind not in SupportKind.values:
        raise PipelineError(_("Choose the kind of support."), field="kind")
    description_zh = _clean(description_zh, field="description_zh", limit=300)
    description_en = _clean(description_en, field="description_en", required=False, limit=300)
    if platform is not None and platform.kind not in (OrganisationKind.SERVICE_PLATFORM, OrganisationKind.INCUBATOR):
        raise PipelineError(_("Choose a service platform or an incubator."), field="platform")
    if amount_cny is not None and int(amount_cny) < 0:
        raise PipelineError(_("Enter an amount of zero or more."), field="amount_cny")
    on = on or timezone.localdate()
    card = _locked(card)
    repeated = card.support.filter(
        created_by=actor, kind=kind, description_zh=description_zh, on=on, amount_cny=amount_cny, platform=platform
    ).first()
    if repeated is not None:
        return repeated
    record = SupportRecord.objects.create(
        card=card,
        kind=kind,
        description_zh=description_zh,
        description_en=description_en,
        platform=platform,
        amount_cny=amount_cny,
        on=on,
        created_by=actor,
    )
    after = {"support": record.pk, "kind": kind, "amount_cny": amount_cny, "platform": getattr(platform, "pk", None)}
    audit.record(actor=actor, target=card, action=SUPPORT_RECORDED, before={}, after=after)
    return record
