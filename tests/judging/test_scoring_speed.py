"""The aggregation of 2,000 items × 5 judges × 6 criteria, against the same sums on plain lists.

``scoring.aggregate`` does more than the bare baseline (ranks by two methods, the disagreement
flag, per-judge z-scores kept per pair), so the ratio is printed, and only a loose bound asserted.
"""

import random
import time
from statistics import fmean, pstdev

from portal.judging import scoring

ITEMS, JUDGES_PER_ITEM, CRITERIA, JUDGES = 2000, 5, 6, 100


def _data():
    rng = random.Random(13)
    criteria = [scoring.CriterionSpec(c, float(rng.choice((1, 2, 3))), 0, 10) for c in range(CRITERIA)]
    cards = {}
    for item in range(ITEMS):
        for k in range(JUDGES_PER_ITEM):
            judge = (item * JUDGES_PER_ITEM + k) % JUDGES
            cards[(item, judge)] = {c.id: rng.randint(0, 10) for c in criteria}
    return criteria, cards


def _baseline(criteria, cards):
    """Totals, per-judge z-scores and per-item means with the standard library, nothing else."""
    weights = [c.weight for c in criteria]
    total_weight = sum(weights)
    totals = {
        pair: sum(w * 10 * values[c.id] for w, c in zip(weights, criteria, strict=True)) / total_weight
        for pair, values in cards.items()
    }
    by_judge = {}
    for (item, judge), total in totals.items():
        by_judge.setdefault(judge, []).append((item, total))
    by_item = {}
    for rows in by_judge.values():
        values = [t for _i, t in rows]
        centre, spread = fmean(values), pstdev(values)
        for item, total in rows:
            by_item.setdefault(item, []).append((total, (total - centre) / spread if spread else 0.0))
    return {item: (fmean(t for t, _z in rows), fmean(z for _t, z in rows)) for item, rows in by_item.items()}


def _best_of(function, *args, runs=3):
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        result = function(*args)
        best = min(best, time.perf_counter() - started)
    return best, result


def test_aggregation_speed_against_plain_python():
    criteria, cards = _data()
    engine_time, results = _best_of(scoring.aggregate, cards, criteria, range(ITEMS))
    baseline_time, baseline = _best_of(_baseline, criteria, cards)
    for item in (0, 999, 1999):
        assert abs(results[item].raw_mean - baseline[item][0]) < 1e-9
        assert abs(results[item].normalised_mean - baseline[item][1]) < 1e-9
    print(
        f"aggregate 2,000 × 5 × 6: {engine_time * 1000:.0f} ms, plain Python {baseline_time * 1000:.0f} ms, "
        f"ratio {engine_time / baseline_time:.2f}"
    )
    assert engine_time < 5 * baseline_time + 0.5
