"""Reads of the pipeline: the board, a card's page, the counts per stage, the export's rows.

The board costs a fixed number of queries however many cards (the startup, project manager and
open tasks come with the cards); a card's page a few more per screening panel it is in.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from incubator.models import PipelineCard, PipelineTask, StageChange
from incubator.pipeline import judging
from incubator.vocabulary import PipelineStage
from portal.judging import queries as judging_queries
from portal.judging.models import Assignment, Item
from portal.judging.vocabulary import AssignmentStatus


def cards():
    """Every card with what the board shows (the startup, its project manager, open and overdue tasks)."""
    today = timezone.localdate()
    return PipelineCard.objects.select_related("startup", "project_manager").annotate(
        open_tasks=Count("tasks", filter=Q(tasks__done_at__isnull=True)),
        overdue_tasks=Count("tasks", filter=Q(tasks__done_at__isnull=True, tasks__due_on__lt=today)),
    )


@dataclass
class Column:
    stage: str
    label: str
    cards: list


def board(*, user=None, mine: bool = False, stage: str | None = None) -> list[Column]:
    """A column per stage, in the vocabulary's order; ``mine``: only the cards ``user`` manages. One query."""
    found = cards().order_by("-stage_changed_at", "pk")
    if mine and user is not None:
        found = found.filter(project_manager=user)
    now = timezone.now()
    columns = {value: Column(value, str(label), []) for value, label in PipelineStage.choices}
    for card in found:
        card.days_in_stage = max(0, (now - card.stage_changed_at).days)
        columns[card.stage].cards.append(card)
    return [column for column in columns.values() if stage in (None, "", column.stage)]


def stage_counts() -> list[tuple[str, str, int]]:
    """``[(stage, label, count)]`` for every stage (zero included), in the vocabulary's order. One query."""
    counted = dict(PipelineCard.objects.values_list("stage").annotate(n=Count("pk")).values_list("stage", "n"))
    return [(value, str(label), counted.get(value, 0)) for value, label in PipelineStage.choices]


def card(pk: int) -> PipelineCard:
    """The card with its history, notes, tasks and support records (raises ``DoesNotExist``)."""
    return (
        PipelineCard.objects.select_related("startup", "startup__startup_profile", "project_manager", "created_by")
        .prefetch_related(
            Prefetch("history", queryset=StageChange.objects.select_related("by")),
            "notes__author",
            Prefetch("tasks", queryset=PipelineTask.objects.select_related("assignee")),
            "support__platform",
        )
        .get(pk=pk)
    )


@dataclass
class Screening:
    panel: object
    result: object  # portal.judging.queries.ItemResult (raw and normalised means, each judge's total)
    items: int


def screening(card: PipelineCard) -> list[Screening]:
    """The card's aggregate in each screening panel it is in (staff and project managers only)."""
    found = []
    items = Item.objects.filter(panel__in=judging.screening_panels(), subject_id=card.pk).filter(
        subject_type=judging.owner()
    )
    for item in items.select_related("panel__rubric").order_by("panel_id"):
        results = judging_queries.results(item.panel)
        mine = next((row for row in results if row.item.pk == item.pk), None)
        found.append(Screening(item.panel, mine, len(results)))
    return found


def panel_size(panel) -> dict:
    """A screening panel's ``judges`` and ``created`` (its assignments), as its opening message names them."""
    return {
        "judges": panel.judges.count(),
        "created": Assignment.objects.filter(item__panel=panel, status=AssignmentStatus.ACTIVE).count(),
    }
