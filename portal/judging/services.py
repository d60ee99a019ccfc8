"""Every write of the judging engine: keyword-only, one transaction, the permission checked inside,
refusals as ``JudgingError`` with a translated message, each change in Wagtail's log.

Panels and judges (this module): ``open_panel``, ``add_judges``, ``add_items``, ``declare_conflict``,
``assign_automatically``, ``assign``, ``unassign``, ``recuse``; conflict detection
(``conflicts``, ``conflict_reasons``, from ``portal.judging.conflicts``). Scorecards
(``save_scorecard``, ``submit_scorecard``, ``unlock_scorecard``) live in
``portal.judging.scorecards``, taking a subject out of its rounds and back
(``withdraw_subject``, ``restore_subject``) in ``portal.judging.withdrawal``; both are
importable from here too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal import idempotency
from portal.i18n import join_sentences
from portal.judging import audit, planning
from portal.judging.conflicts import ConflictIndex, conflict_reasons, conflicts
from portal.judging.errors import JudgingError
from portal.judging.models import (
    Assignment,
    ConflictDeclaration,
    Item,
    JudgeProfile,
    Panel,
    PanelJudge,
    Scorecard,
)
from portal.judging.permissions import can_manage_panel, can_manage_panels, require
from portal.judging.recusal import assignment_state as _state
from portal.judging.recusal import mark_recused as _mark_recused
from portal.judging.scorecards import save_scorecard, submit_scorecard, unlock_scorecard
from portal.judging.validators import normalise_tags
from portal.judging.vocabulary import AssignmentSource, AssignmentStatus
from portal.judging.withdrawal import restore_subject, withdraw_subject

__all__ = [
    "AssignmentReport",
    "JudgingError",
    "add_items",
    "add_judges",
    "assign",
    "assign_automatically",
    "conflict_reasons",
    "conflict_recorded",
    "conflicts",
    "declare_conflict",
    "open_panel",
    "recuse",
    "restore_subject",
    "save_scorecard",
    "submit_scorecard",
    "unassign",
    "unlock_scorecard",
    "update_judge_profile",
    "withdraw_subject",
]


@transaction.atomic
def open_panel(
    *,
    actor,
    owner,
    title_zh: str,
    title_en: str,
    rubric,
    judges=(),
    judges_per_item: int,
    opens_at,
    closes_at,
    blind: bool = False,
    creation_token=None,
) -> Panel:
    """A new panel owned by ``owner`` (the using app's record: a selection, an edition, a round) with its judges.

    The one way a panel opens: the using app checks its own rules (one panel per owner, the
    owner's state) and calls this in the same transaction. ``creation_token`` (``portal.idempotency``):
    the same opening form sent twice returns the panel it opened the first time.
    """
    owner_type = ContentType.objects.get_for_model(owner)
    require(can_manage_panels(actor, owner_type_id=owner_type.pk, owner_id=owner.pk))
    if rubric is None:
        raise JudgingError(_("Choose the rubric the judges score with."), field="rubric")
    if closes_at <= opens_at:
        raise JudgingError(_("Scoring must close after it opens."), field="closes_at")
    panel = Panel(
        owner=owner,
        title_zh=title_zh,
        title_en=title_en,
        rubric=rubric,
        judges_per_item=judges_per_item,
        blind=blind,
        scoring_opens_at=opens_at,
        scoring_closes_at=closes_at,
        creation_token=creation_token,
    )
    panel, created = idempotency.save_once(panel, among=Panel.objects.filter(owner_type=owner_type, owner_id=owner.pk))
    if created:
        add_judges(actor=actor, panel=panel, users=judges)
    return panel


@transaction.atomic
def add_judges(*, actor, panel: Panel, users) -> list[PanelJudge]:
    """Make ``users`` judges of ``panel`` (those already on it stay as they are)."""
    require(can_manage_panel(actor, panel))
    present = set(panel.judges.values_list("user_id", flat=True))
    new = [PanelJudge(panel=panel, user=user) for user in users if user.pk not in present]
    PanelJudge.objects.bulk_create(new)
    return new


@transaction.atomic
def add_items(*, actor, panel: Panel, subjects, tags=None) -> list[Item]:
    """Put ``subjects`` before ``panel`` (each once, in the order given; those already there are kept).

    ``tags``: ``{subject.pk: [tag, …]}`` for expertise matching. A few queries, however many subjects.
    """
    require(can_manage_panel(actor, panel))
    tags = tags or {}
    keys = [(ContentType.objects.get_for_model(subject).pk, subject.pk) for subject in subjects]
    existing = {
        (item.subject_type_id, item.subject_id): item
        for item in Item.objects.filter(panel=panel, subject_id__in=[pk for _type, pk in keys])
    }
    new = {
        key: Item(panel=panel, subject_type_id=key[0], subject_id=key[1], tags=normalise_tags(tags.get(key[1])))
        for key in keys
        if key not in existing
    }
    Item.objects.bulk_create(new.values())
    return [existing.get(key) or new[key] for key in keys]


@transaction.atomic
def declare_conflict(*, actor, judge, organisation=None, person=None, note: str = "") -> ConflictDeclaration:
    """Record a judge's tie with an organisation or a person (the judge, or staff on their behalf).

    The judge steps back at once from what they were assigned and the tie now conflicts with, unless
    they have submitted its scorecard (it counts in the ranking: staff, who see the conflict on the
    panel page, unlock it first, as for any recusal).
    """
    require(actor.pk == judge.pk or can_manage_panels(actor))
    if organisation is None and person is None:
        raise JudgingError(_("Name an organisation or a person."), field="organisation")
    declaration = ConflictDeclaration.objects.create(judge=judge, organisation=organisation, person=person, note=note)
    after = {"judge": judge.pk, "organisation": organisation and organisation.pk, "person": person and person.pk}
    audit.record(actor=actor, target=declaration, action=audit.CONFLICT_DECLARED, before={}, after=after, note=note)
    step_back_from_conflicts(actor=actor, judge=judge, reason=note.strip() or _("Conflict of interest declared."))
    return declaration


def conflict_recorded(*, actor, declaration: ConflictDeclaration) -> None:
    """A tie staff recorded (or changed) for a judge in the admin's list of conflicts of interest: the
    judge steps back as from one they declared (``declare_conflict``; Wagtail logs the record itself)."""
    reason = declaration.note.strip() or _("Conflict of interest declared.")
    step_back_from_conflicts(actor=actor, judge=declaration.judge, reason=reason)


@transaction.atomic
def step_back_from_conflicts(*, actor, judge, reason: str) -> None:
    """Recuse ``judge`` from their live, unsubmitted assignments on items they now conflict with: after
    a declared tie, or a tie made by joining an organisation or a team behind an item (``signals``)."""
    live = list(Assignment.objects.live().select_for_update(of=("self",)).select_related("item").filter(judge=judge))
    if not live:
        return
    index = ConflictIndex([judge.pk], [assignment.item for assignment in live])
    for assignment in live:
        if index.conflicted(judge.pk, assignment.item_id) and not _has_submitted(assignment):
            _mark_recused(actor=actor, assignment=assignment, reason=reason)


# --- assignment -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Uncovered:
    """An item left with fewer judges than the panel wants, and why."""

    item: Item
    assigned: int
    eligible: int
    reason: str


@dataclass
class AssignmentReport:
    panel: Panel
    #: ``[(judge, load)]``, by judge name: active assignments after the run.
    loads: list = field(default_factory=list)
    uncovered: list[Uncovered] = field(default_factory=list)
    created: int = 0
    removed: int = 0

    @property
    def spread(self) -> int:
        values = [load for _judge, load in self.loads]
        return max(values) - min(values) if values else 0


def _why(panel: Panel, assigned: int, eligible: int) -> str:
    if eligible < panel.judges_per_item:
        return ngettext(
            "Only %(count)d judge of the panel has no conflict with it (%(wanted)d wanted).",
            "Only %(count)d judges of the panel have no conflict with it (%(wanted)d wanted).",
            eligible,
        ) % {"count": eligible, "wanted": panel.judges_per_item}
    return _("Its judges without a conflict were needed elsewhere to keep the loads balanced.")


@transaction.atomic
def assign_automatically(panel: Panel, *, actor) -> AssignmentReport:
    """Give every item of ``panel`` its ``judges_per_item`` judges, balanced and without conflicts.

    Manual assignments, assignments with a scorecard and recusals stay; the other automatic
    assignments are planned again (``portal.judging.planning``), so a run after judges or items
    changed rebalances, and a repeated run changes nothing. A constant number of queries.
    """
    require(can_manage_panel(actor, panel))
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    items = list(Item.objects.in_round().filter(panel=panel).order_by("pk"))
    judge_ids = list(panel.judges.order_by("user_id").values_list("user_id", flat=True))
    expertise = dict(JudgeProfile.objects.filter(user_id__in=judge_ids).values_list("user_id", "expertise"))
    existing = list(
        Assignment.objects.filter(item__panel=panel, item__withdrawn_at__isnull=True).select_related("judge", "item")
    )
    with_cards = set(Scorecard.objects.filter(assignment__item__panel=panel).values_list("assignment_id", flat=True))
    replannable = {
        (a.item_id, a.judge_id): a
        for a in existing
        if a.status == AssignmentStatus.ACTIVE and a.source == AssignmentSource.AUTO and a.pk not in with_cards
    }
    kept, excluded = {}, {}
    for a in existing:
        if a.status == AssignmentStatus.RECUSED:
            excluded.setdefault(a.item_id, set()).add(a.judge_id)
        elif (a.item_id, a.judge_id) not in replannable:
            kept.setdefault(a.item_id, set()).add(a.judge_id)
    blocked = ConflictIndex(judge_ids, items).conflicted_pairs()
    result = planning.plan(
        items={item.pk: set(normalise_tags(item.tags)) for item in items},
        judges={pk: set(normalise_tags(expertise.get(pk))) for pk in judge_ids},
        k=panel.judges_per_item,
        conflicted=lambda judge, item: (judge, item) in blocked,
        kept=kept,
        excluded=excluded,
    )
    created, removed = _apply(actor, panel, items, result, replannable)
    return _report(panel, items, result, created, removed)


def _apply(actor, panel, items, result, replannable) -> tuple[int, int]:
    """Write the plan: remove replannable assignments it dropped, create the ones it added; log both."""
    planned = set(result.new)
    users = {pj.user_id: pj.user for pj in panel.judges.select_related("user")}
    by_pk = {item.pk: item for item in items}
    dropped = [a for pair, a in replannable.items() if pair not in planned]
    new = [
        Assignment(item=by_pk[item_id], judge=users[judge_id], source=AssignmentSource.AUTO)
        for item_id, judge_id in result.new
        if (item_id, judge_id) not in replannable
    ]
    audit.record_many(
        actor=actor, action=audit.UNASSIGNED, entries=[(a, _state(a), {}) for a in dropped], panel=panel.pk
    )
    Assignment.objects.filter(pk__in=[a.pk for a in dropped]).delete()
    Assignment.objects.bulk_create(new)
    audit.record_many(actor=actor, action=audit.ASSIGNED, entries=[(a, {}, _state(a)) for a in new], panel=panel.pk)
    audit.record(
        actor=actor,
        target=panel,
        action=audit.AUTO_ASSIGNED,
        before={},
        after={"created": len(new), "removed": len(dropped), "uncovered": sorted(result.uncovered)},
        panel=panel.pk,
    )
    return len(new), len(dropped)


def _report(panel, items, result, created, removed) -> AssignmentReport:
    judges = {pj.user_id: pj.user for pj in panel.judges.select_related("user")}
    by_pk = {item.pk: item for item in items}
    loads = sorted(((judges[pk], load) for pk, load in result.loads.items()), key=lambda pair: str(pair[0]))
    uncovered = [
        Uncovered(by_pk[pk], assigned, eligible, _why(panel, assigned, eligible))
        for pk, (assigned, eligible) in sorted(result.uncovered.items())
    ]
    return AssignmentReport(panel, loads, uncovered, created, removed)


@transaction.atomic
def assign(*, actor, item: Item, judge) -> Assignment:
    """Put ``judge`` on ``item`` by hand; refused when they conflict (with the reasons) or recused."""
    item = Item.objects.select_for_update(of=("self",)).select_related("panel").get(pk=item.pk)
    require(can_manage_panel(actor, item.panel))
    if item.withdrawn_at is not None:
        raise JudgingError(_("This item is withdrawn from the round: it is not judged."), field="item")
    if not item.panel.judges.filter(user=judge).exists():
        raise JudgingError(_("%(judge)s is not a judge of this panel.") % {"judge": judge}, field="judge")
    reasons = conflict_reasons(judge, item)
    if reasons:
        raise JudgingError(
            _("%(judge)s may not judge this: %(reasons)s") % {"judge": judge, "reasons": join_sentences(reasons)},
            field="judge",
        )
    assignment = Assignment.objects.filter(item=item, judge=judge).first()
    if assignment is not None:
        if assignment.status == AssignmentStatus.RECUSED:
            raise JudgingError(_("%(judge)s recused from this.") % {"judge": judge}, field="judge")
        return assignment
    assignment = Assignment.objects.create(item=item, judge=judge, source=AssignmentSource.MANUAL)
    audit.record(
        actor=actor, target=assignment, action=audit.ASSIGNED, before={}, after=_state(assignment), panel=item.panel_id
    )
    return assignment


def _has_submitted(assignment: Assignment) -> bool:
    """The judge submitted a scorecard for it: it counts in the ranking, so it stays (staff unlock first)."""
    return Scorecard.objects.filter(assignment=assignment, submitted_at__isnull=False).exists()


@transaction.atomic
def unassign(*, actor, assignment: Assignment) -> None:
    """Take a judge off an item; refused once they submitted a scorecard for it."""
    assignment = Assignment.objects.select_for_update(of=("self",)).select_related("item__panel").get(pk=assignment.pk)
    require(can_manage_panel(actor, assignment.item.panel))
    if _has_submitted(assignment):
        raise JudgingError(_("This judge has submitted a scorecard for it: it stays."))
    audit.record(
        actor=actor,
        target=assignment,
        action=audit.UNASSIGNED,
        before=_state(assignment),
        after={},
        panel=assignment.item.panel_id,
    )
    assignment.delete()


@transaction.atomic
def recuse(*, judge, assignment: Assignment, reason: str) -> Assignment:
    """The judge steps back from an assignment, with a reason; refused once their scorecard is submitted
    or scoring has closed."""
    assignment = Assignment.objects.select_for_update(of=("self",)).select_related("item__panel").get(pk=assignment.pk)
    require(assignment.judge_id == judge.pk)
    if assignment.status == AssignmentStatus.RECUSED:
        return assignment
    if _has_submitted(assignment):
        # A submitted scorecard counts in the ranking (perhaps already used to advance entries):
        # stepping back would take it out silently. Staff unlock it first (``unlock_scorecard``).
        raise JudgingError(
            _("You have submitted your scorecard for this entry: ask the alliance's staff to unlock it first.")
        )
    if assignment.item.panel.is_closed():
        # Nothing is left to step back from: a scorecard not submitted by now does not count.
        raise JudgingError(_("Scoring on this panel has closed: there is nothing left to recuse yourself from."))
    if not (reason or "").strip():
        raise JudgingError(_("Say why you recuse yourself."), field="reason")
    _mark_recused(actor=judge, assignment=assignment, reason=reason.strip())
    return assignment


@transaction.atomic
def update_judge_profile(*, user, expertise, public_bio: str = "") -> JudgeProfile:
    """A judge's expertise tags (for matching) and public biography."""
    require(user.is_authenticated and PanelJudge.objects.filter(user=user).exists())
    profile, _created = JudgeProfile.objects.get_or_create(user=user)
    profile.expertise = normalise_tags(expertise)
    profile.public_bio = public_bio or ""
    try:
        profile.full_clean()
    except ValidationError as exc:
        raise JudgingError(" ".join(exc.messages), field="expertise") from exc
    profile.save()
    return profile
