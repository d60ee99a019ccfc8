"""Reads of the results pages: the staff ranking of a round, the public results, the audit trail.

The ranking is the judging engine's (``portal.judging.queries.results``: weighted raw mean and
per-judge z-score normalised mean, both ranks, the documented tie-break, the disagreement flag)
with the entries, the round's progress and each judge's score distribution; a constant number
of queries whatever the number of entries. The staff page shows it ``RANKING_PER_PAGE`` entries a
page and reads only those entries (a 2,000-entry round was one 1.2 MB page that reloads itself).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page
from django.db.models import Prefetch, Q
from wagtail.admin.paginator import WagtailPaginator
from wagtail.models import ModelLogEntry

from competition.models import (
    Advancement,
    Award,
    Competition,
    Entry,
    JudgingRound,
    ResultsPublication,
    Stage,
    Track,
)
from competition.vocabulary import CompetitionStatus
from portal.judging import queries as judging_queries
from portal.judging.models import Assignment, Item, Panel, Scorecard
from portal.judging.vocabulary import ScorecardStatus

#: Entries a page of the staff ranking shows.
RANKING_PER_PAGE = 100


@dataclass
class RankingRow:
    result: judging_queries.ItemResult
    entry: Entry | None
    advanced: bool = False

    def __getattr__(self, name):
        return getattr(self.__dict__["result"], name)

    @property
    def label(self) -> str:
        entry = self.entry
        return f"{entry.title} · {entry.team.name}" if entry is not None else self.result.label


@dataclass
class JudgeDistribution:
    judge: object
    totals: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.totals)

    @property
    def mean(self) -> float | None:
        return sum(self.totals) / len(self.totals) if self.totals else None

    @property
    def low(self) -> float | None:
        return min(self.totals) if self.totals else None

    @property
    def high(self) -> float | None:
        return max(self.totals) if self.totals else None


def rounds(competition=None):
    queryset = JudgingRound.objects.select_related("stage__competition", "track").prefetch_related("panels")
    return queryset.filter(stage__competition=competition) if competition is not None else queryset


def progress(panel) -> tuple[int, int]:
    """``(submitted, assigned)`` scorecards of the panel's live assignments."""
    live = Assignment.objects.live().filter(item__panel=panel)
    assigned = live.count()
    submitted = Scorecard.objects.filter(assignment__in=live, status=ScorecardStatus.SUBMITTED).count()
    return submitted, assigned


def distributions(panel, results) -> list[JudgeDistribution]:
    """Each judge's totals (0–100) over the panel's submitted scorecards, by judge name."""
    judges = {pj.user_id: JudgeDistribution(pj.user) for pj in panel.judges.select_related("user")}
    for row in results:
        for judge_id, total, _z in row.totals:
            if judge_id in judges:
                judges[judge_id].totals.append(round(total, 2))
    return sorted(judges.values(), key=lambda d: str(d.judge))


def chart_data(found: list[JudgeDistribution]) -> dict:
    """What ``static/portal/charts.js`` (judge-scatter) draws (a ``json_script``): one column of points per judge."""
    return {
        "judges": [str(d.judge) for d in found],
        "points": [[index, total] for index, d in enumerate(found) for total in d.totals],
        "means": [round(d.mean, 2) if d.mean is not None else None for d in found],
    }


def round_results(panel, *, method: str) -> list[judging_queries.ItemResult]:
    """The engine's results of a round's panel (``judging_queries.results``: the same maths, order and
    tie-break; an entry withdrawn from the round is not ranked) without reading the entries: a row's
    label is its item's. ``ranking`` names the entries it shows, in one query."""
    items = list(Item.objects.in_round().filter(panel=panel).order_by("pk"))
    return judging_queries.ranked(panel, items, method=method, label=str)


def ranking(judging_round: JudgingRound, *, method: str, page: str | int | None = None) -> dict:
    """The round's entries ranked by ``method``, raw and normalised side by side, with progress and distributions.

    With ``page`` (a page number, as the request gives it) only that page's rows, and ``page_obj``;
    without, every row (the exports).
    """
    panel = judging_round.panel
    if panel is None:
        return {"rows": [], "submitted": 0, "assigned": 0, "percent": 0, "distributions": [], "chart": chart_data([])}
    results = round_results(panel, method=method)
    shown: list | Page = results
    if page is not None:
        shown = WagtailPaginator(results, RANKING_PER_PAGE).get_page(page)
    entries = (
        Entry.objects.select_related("team").only("title", "team__name").in_bulk([row.item.subject_id for row in shown])
    )
    advanced = set(
        Advancement.objects.filter(from_stage=judging_round.stage, entry__in=entries).values_list("entry_id", flat=True)
    )
    rows = [RankingRow(row, entries.get(row.item.subject_id), row.item.subject_id in advanced) for row in shown]
    submitted, assigned = progress(panel)
    found = distributions(panel, results)
    paging = {} if page is None else {"page_obj": shown}
    return {
        "rows": rows,
        "submitted": submitted,
        "assigned": assigned,
        "percent": round(100 * submitted / assigned) if assigned else 0,
        "distributions": found,
        "chart": chart_data(found),
        **paging,
    }


# --- the public results ----------------------------------------------------------------------


def published_results():
    """The competitions' published results (their public pages), oldest first."""
    return (
        ResultsPublication.objects.exclude(competition__status=CompetitionStatus.DRAFT)
        .select_related("competition")
        .order_by("published_at", "pk")
    )


def publication(competition) -> ResultsPublication | None:
    return ResultsPublication.objects.filter(competition=competition).first()


def winners_by_track(competition) -> list[tuple[Track, list[Award]]]:
    """Each track of the competition with its awards (best place first); staff or published only: callers check."""
    awards = Award.objects.select_related("entry__team__organisation").order_by("rank", "pk")
    tracks = competition.tracks.order_by("sort_order", "pk").prefetch_related(Prefetch("awards", queryset=awards))
    return [(track, list(track.awards.all())) for track in tracks]


# --- the audit trail ---------------------------------------------------------------------------


def _type(model) -> ContentType:
    return ContentType.objects.get_for_model(model, for_concrete_model=False)


def _judging_filter(items) -> Q:
    """The engine's entries about these items: their own (withdrawn from a round and restored), their
    assignments (removed ones too) and scorecards."""
    item_ids = list(items)
    assignment_ids = [str(pk) for pk in Assignment.objects.filter(item__in=item_ids).values_list("pk", flat=True)]
    scorecard_ids = [
        str(pk) for pk in Scorecard.objects.filter(assignment__item__in=item_ids).values_list("pk", flat=True)
    ]
    return (
        Q(content_type=_type(Item), object_id__in=[str(pk) for pk in item_ids])
        | Q(content_type=_type(Assignment), object_id__in=assignment_ids)
        | Q(action__startswith="judging.", data__before__item__in=item_ids)
        | Q(action__startswith="judging.", data__after__item__in=item_ids)
        | Q(content_type=_type(Scorecard), object_id__in=scorecard_ids)
    )


def _trail(condition: Q, limit: int | None):
    entries = (
        ModelLogEntry.objects.filter(condition).select_related("user", "content_type").order_by("-timestamp", "-pk")
    )
    return list(entries[:limit] if limit else entries)


def entry_trail(entry: Entry, *, limit: int | None = None) -> list[ModelLogEntry]:
    """Every log entry of ``entry``: its own (submitted, screened, extended, advanced, awarded, product)
    and the judging engine's on its items (assignments, recusals, scorecards), newest first."""
    items = Item.objects.filter(subject_type=_type(Entry), subject_id=entry.pk).values_list("pk", flat=True)
    condition = Q(content_type=_type(Entry), object_id=str(entry.pk)) | _judging_filter(items)
    return _trail(condition, limit)


def competition_trail(competition: Competition, *, limit: int | None = None) -> list[ModelLogEntry]:
    """Every log entry of the competition, its entries, stages, tracks, its rounds' panels and its
    algorithm track (submissions, re-scores, finals, task changes: ``competition.algorithm.audit``), newest first."""
    entry_ids = [str(pk) for pk in competition.entries.values_list("pk", flat=True)]
    round_ids = list(JudgingRound.objects.filter(stage__competition=competition).values_list("pk", flat=True))
    panel_ids = list(
        Panel.objects.filter(owner_type=_type(JudgingRound), owner_id__in=round_ids).values_list("pk", flat=True)
    )
    stage_ids = [str(pk) for pk in competition.stages.values_list("pk", flat=True)]
    track_ids = [str(pk) for pk in competition.tracks.values_list("pk", flat=True)]
    condition = (
        Q(content_type=_type(Competition), object_id=str(competition.pk))
        | Q(content_type=_type(JudgingRound), object_id__in=[str(pk) for pk in round_ids])
        | Q(content_type=_type(Entry), object_id__in=entry_ids)
        | Q(content_type=_type(Stage), object_id__in=stage_ids)
        | Q(content_type=_type(Track), object_id__in=track_ids)
        | Q(action__startswith="judging.", data__panel__in=panel_ids)
        | Q(action__startswith="competition.algorithm.", data__competition=competition.pk)
    )
    return _trail(condition, limit)
