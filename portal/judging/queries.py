"""Reads the judging pages share: a panel's results, a judge's assignments, a scorecard's context.

``results`` costs a constant number of queries whatever the number of items (criteria, items,
scores, and one per subject model for the labels); the maths is ``portal.judging.scoring``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from portal.converters import MAX_ID
from portal.judging import scoring, subjects
from portal.judging.models import Assignment, ConflictDeclaration, CriterionScore, Item, Panel
from portal.judging.permissions import assignments_for, can_see_scores_of_others
from portal.judging.vocabulary import PanelStatus, RankMethod, ScorecardStatus


@dataclass
class ItemResult:
    """One item's standing in its panel (see ``portal.judging.scoring`` for the definitions)."""

    item: Item
    label: str
    aggregate: scoring.Aggregate
    rank: int | None
    #: The judges who count on the item (live assignments): ``count`` of them have submitted.
    expected: int = 0

    @property
    def incomplete(self) -> bool:
        """Some judge assigned to the item has not submitted yet: its means may still move."""
        return self.aggregate.count < self.expected

    def __getattr__(self, name):
        # raw_mean, normalised_mean, spread, disagreement, rank_raw, rank_normalised, totals, count
        return getattr(self.__dict__["aggregate"], name)


def criteria_specs(panel: Panel) -> list[scoring.CriterionSpec]:
    return [
        scoring.CriterionSpec(pk, float(weight), float(low), float(high))
        for pk, weight, low, high in panel.rubric.criteria.values_list("pk", "weight", "min_score", "max_score")
    ]


def submitted_cards(panel: Panel) -> dict[tuple[int, int], dict]:
    """``{(item_id, judge_id): {criterion_id: score}}`` of the panel's submitted scorecards (live assignments)."""
    rows = CriterionScore.objects.filter(
        scorecard__status=ScorecardStatus.SUBMITTED,
        scorecard__assignment__in=Assignment.objects.live().filter(item__panel=panel),
    ).values_list("scorecard__assignment__item_id", "scorecard__assignment__judge_id", "criterion_id", "value")
    cards: dict[tuple[int, int], dict] = {}
    for item_id, judge_id, criterion_id, value in rows:
        cards.setdefault((item_id, judge_id), {})[criterion_id] = float(value)
    return cards


def results(panel: Panel, *, method: str = RankMethod.RAW) -> list[ItemResult]:
    """Every item of ``panel`` with its raw and normalised means and ranks, best first by ``method``.

    Items without a submitted scorecard come last; withdrawn items are not ranked. Staff only:
    check ``permissions.can_see_results``.
    """
    items = list(Item.objects.in_round().filter(panel=panel).order_by("pk"))
    found = subjects.subjects_of(items)
    return ranked(
        panel,
        items,
        method=method,
        label=lambda item: subjects.label(found[item.pk], blind=False) if item.pk in found else str(item),
    )


def ranked(panel: Panel, items: list[Item], *, method: str, label) -> list[ItemResult]:
    """``items`` (the panel's, in its round) as result rows labelled ``label(item)``, best first by
    ``method``: the engine's maths, order and tie-break, and how many judges count on each."""
    aggregates = scoring.aggregate(submitted_cards(panel), criteria_specs(panel), [item.pk for item in items])
    expected = assigned_per_item(panel)
    attribute = "rank_normalised" if method == RankMethod.NORMALISED else "rank_raw"
    rows = [
        ItemResult(
            item, label(item), aggregates[item.pk], getattr(aggregates[item.pk], attribute), expected.get(item.pk, 0)
        )
        for item in items
    ]
    rows.sort(key=lambda row: (row.rank is None, row.rank or 0, row.item.pk))
    return rows


def assigned_per_item(panel: Panel) -> dict[int, int]:
    """How many judges count on each item of ``panel`` (live assignments), by item id."""
    live = Assignment.objects.live().filter(item__panel=panel).order_by()
    return dict(live.values_list("item_id").annotate(judges=Count("pk")))


# --- a judge's assignments ------------------------------------------------------------------------


@dataclass(frozen=True)
class AssignmentRow:
    """One line of the judge's dashboard: the assignment, its subject as the judge may see it, its state."""

    assignment_id: int
    url: str  # its scorecard page
    label: str
    status: str  # "todo", or the scorecard's status (draft, submitted)


def _row_status(card_status: str | None, card_version: int | None) -> str:
    """A row's state: to do until its scorecard is saved once (a draft at version 0 never was), then the scorecard's."""
    if card_status is None or (card_status != ScorecardStatus.SUBMITTED and not card_version):
        return "todo"
    return card_status


@dataclass
class PanelProgress:
    panel: Panel
    rows: list[AssignmentRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.rows)

    @cached_property
    def submitted(self) -> int:
        return sum(1 for row in self.rows if row.status == ScorecardStatus.SUBMITTED)

    @property
    def percent(self) -> int:
        return round(100 * self.submitted / self.total) if self.total else 0

    @cached_property
    def is_open(self) -> bool:
        return self.panel.scoring_is_open()

    @property
    def due(self) -> int:
        """Scorecards still to submit while scoring is open."""
        return self.total - self.submitted if self.is_open else 0

    @cached_property
    def is_closed(self) -> bool:
        return self.panel.is_closed()

    @property
    def missed(self) -> int:
        """Scorecards not submitted before scoring closed (they do not count)."""
        return self.total - self.submitted if self.is_closed else 0


def _scorecard_url():
    """An assignment's scorecard URL from its id: one ``reverse`` a page instead of one a row (110
    reverses cost about 3 ms); the id goes where a placeholder's was."""
    placeholder = str(MAX_ID)
    before, _, after = reverse("judging:scorecard", kwargs={"assignment_id": placeholder}).partition(placeholder)
    return lambda pk: f"{before}{pk}{after}"


#: What the dashboard reads of an assignment (unpacked in this order by ``judge_assignments``).
_DASHBOARD_ROW_COLUMNS = (
    "pk",
    "item_id",
    "item__panel_id",
    "item__subject_type_id",
    "item__subject_id",
    "scorecard__status",
    "scorecard__version",
)
#: What the dashboard shows of a panel (its title in both languages, its state and window).
_DASHBOARD_PANEL_FIELDS = ("title_zh", "title_en", "blind", "status", "scoring_opens_at", "scoring_closes_at")


def judge_assignments(user) -> list[PanelProgress]:
    """``user``'s active assignments across every panel, grouped by panel (closing soonest first).

    Read as values, not instances: the busiest judge has 110 assignments, and building each with
    its item, panel, scorecard and subject cost more than the rest of the page (bench/README.md,
    Judging). Three queries whatever the number: the rows, their panels, one per subject model.
    """
    rows = list(assignments_for(user).order_by("item_id").values_list(*_DASHBOARD_ROW_COLUMNS))
    if not rows:
        return []
    found = Panel.objects.only(*_DASHBOARD_PANEL_FIELDS).in_bulk({row[2] for row in rows})
    labels = subjects.labels_of(
        (item_id, type_id, subject_id, found[panel_id].blind)
        for _pk, item_id, panel_id, type_id, subject_id, _status, _version in rows
        if panel_id in found
    )
    panels = {
        panel.pk: PanelProgress(panel)
        for panel in sorted(found.values(), key=lambda panel: (panel.scoring_closes_at, panel.pk))
    }
    url = _scorecard_url()
    for pk, item_id, panel_id, type_id, subject_id, card_status, card_version in rows:
        if panel_id in panels:  # a panel deleted between the two reads took its assignments with it
            label = labels[item_id] if item_id in labels else Item.name_of(type_id, subject_id)
            panels[panel_id].rows.append(AssignmentRow(pk, url(pk), label, _row_status(card_status, card_version)))
    return list(panels.values())


def neighbours(user, assignment: Assignment) -> tuple[int | None, int | None]:
    """The judge's previous and next active assignment in the same panel (by item), for the scorecard page."""
    ids = list(
        assignments_for(user)
        .filter(item__panel_id=assignment.item.panel_id)
        .order_by("item_id")
        .values_list("pk", flat=True)
    )
    position = ids.index(assignment.pk)
    previous = ids[position - 1] if position > 0 else None
    following = ids[position + 1] if position + 1 < len(ids) else None
    return previous, following


def other_judges_scores(user, assignment: Assignment):
    """Other judges' submitted scorecards on the same item, once the panel has closed (else none)."""
    if not can_see_scores_of_others(user, assignment.item.panel):
        return []
    return list(
        Assignment.objects.live()
        .filter(item_id=assignment.item_id, scorecard__status=ScorecardStatus.SUBMITTED)
        .exclude(judge=user)
        .select_related("scorecard")
        .prefetch_related(
            Prefetch(
                "scorecard__scores",
                queryset=CriterionScore.objects.select_related("criterion").order_by("criterion__order", "criterion"),
            )
        )
    )


def assignment_for_judge(user):
    """The judge's reachable assignments, with what the scorecard page reads (others: 404)."""
    return assignments_for(user).select_related("item__panel__rubric", "item__subject_type")


def scorecard_page(user, assignment: Assignment) -> dict:
    """What the scorecard page shows besides its form: the subject as the judge may see it, the
    panel's window, the neighbouring assignments, and (once the panel has closed) the others' scores."""
    panel = assignment.item.panel
    subject = subjects.subjects_of([assignment.item]).get(assignment.item_id)
    adapter = subjects.adapter_for(type(subject))
    previous, following = neighbours(user, assignment)
    return {
        "assignment": assignment,
        "panel": panel,
        "subject": subject,
        "blind": panel.blind,
        "label": adapter.label(subject, blind=panel.blind) if subject is not None else str(assignment.item),
        "subject_template": adapter.template,
        "subject_context": adapter.context(subject, blind=panel.blind) if subject is not None else {},
        "judge_url": adapter.judge_url(subject) if subject is not None else None,
        "is_open": panel.scoring_is_open(),
        "previous_id": previous,
        "next_id": following,
        "others": other_judges_scores(user, assignment),
    }


def declarations(user):
    """The conflicts of interest ``user`` declared, newest first."""
    return list(ConflictDeclaration.objects.filter(judge=user).select_related("organisation", "person").order_by("-pk"))


def open_duties(user) -> list[Panel]:
    """The panels ``user`` still judges: a live assignment on a panel not closed yet (by staff or its time)."""
    still_open = Q(status=PanelStatus.OPEN, scoring_closes_at__gte=timezone.now())
    mine = Assignment.objects.live().filter(judge=user).values("item__panel")
    return list(Panel.objects.filter(still_open, pk__in=mine).order_by("scoring_closes_at", "pk"))


def scorecards_due(user) -> int:
    """How many of ``user``'s scorecards are still to submit on panels open for scoring now (``PanelProgress.due``
    summed, in one count: the dashboard's "My work" card)."""
    now = timezone.now().replace(microsecond=0)
    open_now = Q(
        item__panel__status=PanelStatus.OPEN,
        item__panel__scoring_opens_at__lte=now,
        item__panel__scoring_closes_at__gte=now,
    )
    return assignments_for(user).filter(open_now).exclude(scorecard__status=ScorecardStatus.SUBMITTED).count()
