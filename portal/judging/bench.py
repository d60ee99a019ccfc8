"""``make bench`` for the judging engine: a scored panel's aggregation against plain Python lists.

* ``seed_scored_panel`` (used by ``competition.bench.seed``) writes, in bulk, a panel's judges,
  items, assignments (item ``i`` gets judges ``(i × per_item + k) mod judges``), submitted
  scorecards and criterion scores (seeded, each judge with a bias: normalisation matters).
* ``aggregation`` (job) — ``queries.results(panel, method="normalised")`` of the 2,000-item panel
  (5 judges × 6 criteria each), best of ``RUNS``, against the same computation (weighted totals
  on the 0–100 scale, per-judge z-scores, raw and normalised means, both ranks) on plain Python
  lists already in memory; and its SQL queries on the 2,000-item and the 200-item panel (the
  count must not grow with the items).
"""

from __future__ import annotations

import random
from math import sqrt

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.utils import timezone

from bench.timing import best_of
from portal.judging import queries, scoring
from portal.judging.models import Assignment, Criterion, CriterionScore, Item, Panel, PanelJudge, Rubric, Scorecard
from portal.judging.vocabulary import AssignmentSource, RankMethod, ScorecardStatus

#: Panel titles (English) the job finds the seeded panels by.
BIG_PANEL = "Bench round: 2,000 entries x 5 judges x 6 criteria"
SMALL_PANEL = "Bench panel: 200 entries x 5 judges x 6 criteria"
CRITERIA = 6
RUNS = 3
BATCH = 5000


def bench_rubric() -> Rubric:
    rubric = Rubric.objects.filter(name_en="Bench rubric (6 criteria)").first()
    if rubric is None:
        rubric = Rubric.objects.create(name_zh="基准评分标准（6 项）", name_en="Bench rubric (6 criteria)")
        Criterion.objects.bulk_create(
            Criterion(
                rubric=rubric,
                order=n,
                name_zh=f"标准{n + 1}",
                name_en=f"Criterion {n + 1}",
                weight=weight,
                max_score=10,
            )
            for n, weight in enumerate((3, 2, 2, 1, 1, 1))
        )
    return rubric


def seed_scored_panel(panel: Panel, subjects: list, judge_ids: list[int], *, per_item: int = 5, seed: int = 13) -> dict:
    """Judges, items, assignments and submitted scorecards of ``panel`` over ``subjects``, in bulk."""
    rng = random.Random(seed)  # noqa: S311 - reproducible benchmark data
    now = timezone.now()
    PanelJudge.objects.bulk_create(PanelJudge(panel=panel, user_id=pk) for pk in judge_ids)
    subject_type = ContentType.objects.get_for_model(type(subjects[0]))
    items = Item.objects.bulk_create(
        Item(panel=panel, subject_type=subject_type, subject_id=subject.pk) for subject in subjects
    )
    assignments = Assignment.objects.bulk_create(
        (
            Assignment(item=item, judge_id=judge_ids[(n * per_item + k) % len(judge_ids)], source=AssignmentSource.AUTO)
            for n, item in enumerate(items)
            for k in range(per_item)
        ),
        batch_size=BATCH,
    )
    cards = Scorecard.objects.bulk_create(
        (Scorecard(assignment=a, status=ScorecardStatus.SUBMITTED, version=1, submitted_at=now) for a in assignments),
        batch_size=BATCH,
    )
    criteria = list(panel.rubric.criteria.all())
    bias = {pk: rng.uniform(-2.5, 2.5) for pk in judge_ids}
    scores = [
        CriterionScore(
            scorecard=card,
            criterion=criterion,
            value=max(criterion.min_score, min(criterion.max_score, round(rng.gauss(6, 2) + bias[a.judge_id]))),
        )
        for a, card in zip(assignments, cards, strict=True)
        for criterion in criteria
    ]
    CriterionScore.objects.bulk_create(scores, batch_size=BATCH)
    return {"items": len(items), "scorecards": len(cards), "scores": len(scores)}


# --- the job --------------------------------------------------------------------------------


class QueryCounter:
    """Counts the queries run on the default connection (no cap, unlike ``connection.queries``)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)


def plain_lists(panel: Panel):
    """The panel's submitted scores and criteria as plain lists (read once, outside the timing)."""
    rows = list(
        CriterionScore.objects.filter(
            scorecard__status=ScorecardStatus.SUBMITTED, scorecard__assignment__item__panel=panel
        ).values_list("scorecard__assignment__item_id", "scorecard__assignment__judge_id", "criterion_id", "value")
    )
    rows = [(item, judge, criterion, float(value)) for item, judge, criterion, value in rows]
    criteria = [
        (pk, float(w), float(lo), float(hi))
        for pk, w, lo, hi in panel.rubric.criteria.values_list("pk", "weight", "min_score", "max_score")
    ]
    item_ids = list(Item.objects.filter(panel=panel).order_by("pk").values_list("pk", flat=True))
    return rows, criteria, item_ids


def baseline(rows, criteria, item_ids) -> list[tuple]:
    """The same computation with nothing but lists, dicts and ``math``: ``[(item, raw, normalised, rank)]``."""
    spec = {pk: (w, lo, hi - lo) for pk, w, lo, hi in criteria}
    weighted, weights = {}, {}
    for item, judge, criterion, value in rows:
        w, lo, width = spec[criterion]
        pair = (item, judge)
        weighted[pair] = weighted.get(pair, 0.0) + w * 100.0 * (value - lo) / width
        weights[pair] = weights.get(pair, 0.0) + w
    by_judge = {}
    for pair, total in weighted.items():
        by_judge.setdefault(pair[1], []).append((pair[0], total / weights[pair]))
    by_item = {}
    for rows_of_judge in by_judge.values():
        values = [t for _i, t in rows_of_judge]
        centre = sum(values) / len(values)
        spread = sqrt(sum((v - centre) ** 2 for v in values) / len(values)) if len(values) > 1 else 0.0
        for item, total in rows_of_judge:
            by_item.setdefault(item, []).append((total, (total - centre) / spread if spread > 0 else 0.0))
    means = [
        (item, sum(t for t, _z in found) / len(found), sum(z for _t, z in found) / len(found), len(found))
        for item in item_ids
        if (found := by_item.get(item))
    ]
    means.sort(key=lambda m: (-m[2], -m[1], -m[3], m[0]))
    return [(item, raw, norm, position) for position, (item, raw, norm, _n) in enumerate(means, 1)]


def _queries_of(panel: Panel) -> int:
    with QueryCounter() as counter:
        queries.results(panel, method=RankMethod.NORMALISED)
    return counter.count


def aggregation() -> dict:
    """The job: engine vs plain lists on the 2,000-item panel; query counts at 2,000 and 200 items."""
    big = Panel.objects.get(title_en=BIG_PANEL)
    small = Panel.objects.get(title_en=SMALL_PANEL)
    engine_s, results = best_of(queries.results, big, method=RankMethod.NORMALISED, runs=RUNS)
    rows, criteria, item_ids = plain_lists(big)
    baseline_s, expected = best_of(baseline, rows, criteria, item_ids, runs=RUNS)
    # The engine's maths alone (its input already in memory), to split the DB reads from the maths.
    cards = queries.submitted_cards(big)
    specs = queries.criteria_specs(big)
    maths_s, _found = best_of(scoring.aggregate, cards, specs, item_ids, runs=RUNS)
    ranked = [(r.item.pk, r.rank) for r in results if r.rank is not None]
    if ranked != [(item, position) for item, _raw, _norm, position in expected]:
        raise RuntimeError("the engine's ranking and the plain-lists baseline disagree")
    return {
        "items": len(item_ids),
        "scores": len(rows),
        "engine_ms": round(engine_s * 1000, 1),
        "plain_python_ms": round(baseline_s * 1000, 1),
        "ratio": round(engine_s / baseline_s, 2),
        "engine_maths_only_ms": round(maths_s * 1000, 1),
        "maths_ratio": round(maths_s / baseline_s, 2),
        "queries_2000_items": _queries_of(big),
        "queries_200_items": _queries_of(small),
    }
