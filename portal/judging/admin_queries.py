"""Reads of the judging admin: a panel's overview with conflicts per pair, results, history.

Each costs a constant number of queries whatever the panel's size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wagtail.models import ModelLogEntry

from portal.judging import queries, subjects
from portal.judging.conflicts import ConflictIndex
from portal.judging.models import Assignment, Item, JudgeProfile, Panel
from portal.judging.vocabulary import AssignmentStatus


@dataclass
class JudgeRow:
    user: object
    load: int = 0
    expertise: list = field(default_factory=list)


@dataclass
class ItemRow:
    item: Item
    label: str
    assignments: list = field(default_factory=list)
    #: ``[(judge, [reasons])]``: the panel's judges who may not judge it, and why.
    conflicts: list = field(default_factory=list)

    @property
    def withdrawn(self) -> bool:
        return self.item.withdrawn_at is not None

    @property
    def active(self) -> int:
        """Its judges who count (none while it is withdrawn from the round)."""
        if self.withdrawn:
            return 0
        return sum(1 for a in self.assignments if a.status == AssignmentStatus.ACTIVE)

    @property
    def unsubmitted(self) -> int:
        """Its judges who count and have not submitted their scorecard (yet, or before scoring closed)."""
        if self.withdrawn:
            return 0
        return sum(1 for a in self.assignments if a.status == AssignmentStatus.ACTIVE and not _submitted(a))


def _submitted(assignment) -> bool:
    card = getattr(assignment, "scorecard", None)  # a reverse one-to-one: missing until a scorecard is saved
    return card is not None and card.is_submitted


def panel_overview(panel: Panel) -> dict:
    """Judges with their loads, items with their judges and conflicts (reasons per pair)."""
    judges = {pj.user_id: JudgeRow(pj.user) for pj in panel.judges.select_related("user").order_by("user__email")}
    for user_id, expertise in JudgeProfile.objects.filter(user_id__in=judges).values_list("user_id", "expertise"):
        judges[user_id].expertise = expertise
    items = list(Item.objects.filter(panel=panel).order_by("pk"))
    found = subjects.subjects_of(items)
    rows = {
        item.pk: ItemRow(item, subjects.label(found[item.pk], blind=False) if item.pk in found else str(item))
        for item in items
    }
    assignments = Assignment.objects.filter(item__panel=panel).select_related("judge", "scorecard").order_by("pk")
    for assignment in assignments:
        row = rows[assignment.item_id]
        row.assignments.append(assignment)
        if not row.withdrawn and assignment.status == AssignmentStatus.ACTIVE and assignment.judge_id in judges:
            judges[assignment.judge_id].load += 1
    index = ConflictIndex(list(judges), items)
    conflicted = index.conflicted_pairs()
    for judge_id, item_id in sorted(conflicted):
        rows[item_id].conflicts.append((judges[judge_id].user, index.reasons(judge_id, item_id)))
    for row in rows.values():
        for assignment in row.assignments:
            assignment.conflicted = (assignment.judge_id, row.item.pk) in conflicted
    return {
        "panel": panel,
        "judges": list(judges.values()),
        "items": list(rows.values()),
        "conflict_count": len(conflicted),
        "uncovered": sum(1 for row in rows.values() if not row.withdrawn and row.active < panel.judges_per_item),
        "unsubmitted": sum(row.unsubmitted for row in rows.values()),
    }


def results(panel: Panel, *, method: str):
    return queries.results(panel, method=method)


def history(panel: Panel, limit: int = 500):
    """The panel's log entries (its own, its assignments' and scorecards'), newest first."""
    return list(
        ModelLogEntry.objects.filter(action__startswith="judging.", data__panel=panel.pk)
        .select_related("user", "content_type")
        .order_by("-timestamp", "-pk")[:limit]
    )
