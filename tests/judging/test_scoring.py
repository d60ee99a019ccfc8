"""Aggregation: weighted means, per-judge z-scores on a hand-checked example, tie-break,
disagreement, and results() at a constant number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.judging import queries, scoring, services
from portal.judging.models import Assignment
from tests.judging.factories import PanelFactory, items, judges, rubric_with

# Two criteria on 0–10: A weighs 2, B weighs 1. A judge's total = (2 × 10·A + 1 × 10·B) / 3.
A, B = 1, 2
CRITERIA = [scoring.CriterionSpec(A, 2.0, 0, 10), scoring.CriterionSpec(B, 1.0, 0, 10)]
X, Y, Z = 101, 102, 103
J1, J2, J3 = 1, 2, 3
CARDS = {
    (X, J1): {A: 9, B: 6},  # (180 + 60) / 3 = 80   (unweighted it would be 75)
    (Y, J1): {A: 6, B: 6},  # 60
    (Z, J1): {A: 4, B: 4},  # 40
    (X, J2): {A: 9, B: 9},  # 90
    (Y, J2): {A: 3, B: 3},  # 30
    (X, J3): {A: 5, B: 5},  # 50
}
# J1: totals 80, 60, 40 — mean 60, population s.d. √(800/3) = 16.3299 → z = +1.2247, 0, −1.2247
# J2: totals 90, 30 — mean 60, s.d. 30 → z = +1, −1
# J3: one scorecard → z = 0 (no spread to measure)
# X: raw (80 + 90 + 50) / 3 = 73.3333; normalised (1.2247 + 1 + 0) / 3 = 0.7416; s.d. 16.997
# Y: raw (60 + 30) / 2 = 45; normalised (0 − 1) / 2 = −0.5; s.d. 15
# Z: raw 40; normalised −1.2247


def test_weighted_total():
    assert scoring.judge_total({A: 9, B: 6}, CRITERIA) == pytest.approx(80)
    assert scoring.judge_total({A: 9}, CRITERIA) == pytest.approx(90)  # an unscored criterion is left out
    assert scoring.judge_total({}, CRITERIA) is None
    # Ranges differ: 3 on 1–5 is the middle (50), like 5 on 0–10.
    mixed = [scoring.CriterionSpec(1, 1.0, 1, 5), scoring.CriterionSpec(2, 1.0, 0, 10)]
    assert scoring.judge_total({1: 3, 2: 5}, mixed) == pytest.approx(50)


def test_z_scores_on_a_hand_checked_example():
    results = scoring.aggregate(CARDS, CRITERIA, [X, Y, Z])
    x, y, z = results[X], results[Y], results[Z]
    assert [(j, round(t, 4), round(s, 4)) for j, t, s in x.totals] == [
        (J1, 80, 1.2247),
        (J2, 90, 1.0),
        (J3, 50, 0.0),
    ]
    assert x.raw_mean == pytest.approx(73.3333, abs=1e-4)
    assert x.normalised_mean == pytest.approx(0.7416, abs=1e-4)
    assert x.spread == pytest.approx(16.9967, abs=1e-4)
    assert (y.raw_mean, y.normalised_mean, y.spread) == (pytest.approx(45), pytest.approx(-0.5), pytest.approx(15))
    assert z.raw_mean == pytest.approx(40) and z.normalised_mean == pytest.approx(-1.2247, abs=1e-4)
    assert [r.rank_raw for r in (x, y, z)] == [1, 2, 3]
    assert [r.rank_normalised for r in (x, y, z)] == [1, 2, 3]
    assert not any(r.disagreement for r in (x, y, z))


def test_zero_variance_judge_contributes_zero():
    cards = {(1, 7): {A: 5, B: 5}, (2, 7): {A: 5, B: 5}}
    results = scoring.aggregate(cards, CRITERIA, [1, 2])
    assert [results[i].normalised_mean for i in (1, 2)] == [0.0, 0.0]


def test_normalisation_changes_the_order():
    # A harsh judge (J1) and a lenient one (J2) each score two items; item 1's raw mean is
    # higher only because the lenient judge scored it.
    cards = {
        (1, J2): {A: 10, B: 10},  # 100 (J2: 100, 90 → z +1, −1)
        (2, J2): {A: 9, B: 9},  # 90
        (3, J1): {A: 3, B: 3},  # 30 (J1: 30, 10 → z +1, −1)
        (4, J1): {A: 1, B: 1},  # 10
        (3, J2): {A: 9, B: 9},  # J2 again: 100, 90, 90 → mean 93.33, s.d. 4.714
    }
    results = scoring.aggregate(cards, CRITERIA, [1, 2, 3, 4])
    assert results[1].rank_raw == 1
    assert results[3].rank_raw == 3
    assert results[3].rank_normalised < results[3].rank_raw


def test_tie_break_normalised_then_raw_then_count_then_id():
    make = scoring.Aggregate
    a = make(1, totals=[(1, 50, 0)], raw_mean=50, normalised_mean=0.5)
    b = make(2, totals=[(1, 60, 0)], raw_mean=50, normalised_mean=0.2)  # same raw: normalised decides
    c = make(3, totals=[(1, 50, 0), (2, 50, 0)], raw_mean=40, normalised_mean=0.1)
    d = make(4, totals=[(1, 50, 0)], raw_mean=40, normalised_mean=0.1)  # same as c but fewer scores
    e = make(5, totals=[(1, 50, 0)], raw_mean=40, normalised_mean=0.1)  # same as d: lower id first
    scoring.rank([e, d, c, b, a])
    assert [r.rank_raw for r in (a, b, c, d, e)] == [1, 2, 3, 4, 5]
    f = make(6, totals=[(1, 50, 0)], raw_mean=70, normalised_mean=0.1)  # normalised tie with c: raw decides
    scoring.rank([a, b, c, d, e, f])
    assert sorted((r.rank_normalised, r.item_id) for r in (a, b, c, d, e, f))[:3] == [(1, 1), (2, 2), (3, 6)]


def test_disagreement_flag():
    cards = {(1, J1): {A: 9, B: 9}, (1, J2): {A: 4, B: 4}, (2, J1): {A: 6, B: 6}, (2, J2): {A: 5, B: 5}}
    results = scoring.aggregate(cards, CRITERIA, [1, 2, 3])
    assert results[1].spread == pytest.approx(25) and results[1].disagreement  # 90 vs 40
    assert not results[2].disagreement  # 60 vs 50
    assert results[3].rank_raw is None and results[3].raw_mean is None


# --- through the database ---------------------------------------------------------------------


def _score_everything(panel, staff, value=7):
    services.assign_automatically(panel, actor=staff)
    criteria = list(panel.rubric.criteria.all())
    for n, assignment in enumerate(Assignment.objects.filter(item__panel=panel).select_related("judge")):
        scores = {c.pk: ((value + n) % 11, "") for c in criteria}
        services.submit_scorecard(judge=assignment.judge, assignment=assignment, version=0, scores=scores)


@pytest.mark.django_db
def test_results_queries_do_not_grow_with_items(adapter, staff):
    small = PanelFactory(judges_per_item=2, rubric=rubric_with(2, 1))
    judges(small, 3)
    items(small, 3)
    _score_everything(small, staff)
    large = PanelFactory(judges_per_item=2, rubric=rubric_with(2, 1))
    judges(large, 3)
    items(large, 25)
    _score_everything(large, staff)
    with CaptureQueriesContext(connection) as few:
        small_results = queries.results(small)
    with CaptureQueriesContext(connection) as many:
        large_results = queries.results(large, method="normalised")
    assert len(many) == len(few) <= 5
    assert [r.rank for r in small_results] == [1, 2, 3]
    assert [r.rank for r in large_results] == list(range(1, 26))
    assert all(r.count == 2 for r in large_results)


@pytest.mark.django_db
def test_results_query_budget(adapter, staff, django_assert_max_num_queries):
    panel = PanelFactory(judges_per_item=3, rubric=rubric_with(1, 1, 1))
    judges(panel, 5)
    items(panel, 12)
    _score_everything(panel, staff)
    with django_assert_max_num_queries(5):
        rows = queries.results(panel, method="normalised")
    assert len(rows) == 12 and rows[0].rank_normalised == 1
    assert rows[0].label.startswith("受评机构")
