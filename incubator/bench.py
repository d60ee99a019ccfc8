"""``make bench`` for the incubator's matchmaking (issue #15): scores and top 10 for 3,000 startups ×
500 investors (each investor's ten best startups and each startup's ten best investors), as a
ratio to the same scores written plainly in numpy on the same arrays, and how the time grows from
300 to 3,000 startups.

A job (``bench.pages.JOBS``): no database, synthetic profiles drawn with a fixed seed in the
plan's vocabulary (``_arrays``).
"""

from __future__ import annotations

import numpy as np

from bench.timing import best_of
from incubator.matching import scoring

STARTUPS, INVESTORS, TOP, RUNS = 3_000, 500, 10, 5
GROWTH = (300, 1_000, 3_000)
M = 1_000_000
FOCUS_BITS = [*range(10), *range(16, 22), *range(32, 41)]  # BCI types, functions, application fields


def _arrays(startups: int, investors: int, seed: int = 15):
    """Startups and investors as the scorer reads them, drawn with ``seed``."""
    rng = np.random.default_rng(seed)

    def focus(count, picks):
        bits = rng.choice(FOCUS_BITS, size=(count, picks))
        return np.bitwise_or.reduce(np.left_shift(np.int64(1), bits.astype(np.int64)), axis=1)

    stage = rng.integers(0, 6, startups)
    ask_lo = rng.choice([1, 3, 5, 10, 20, 30, 50, 100], startups) * M
    s = scoring.Startups(
        ids=np.arange(1, startups + 1, dtype=np.int64), stage=stage,
        trl=np.clip(stage + rng.integers(1, 4, startups), 1, 9),
        ask_min=ask_lo.astype(float), ask_max=(ask_lo * rng.choice([1, 2, 3], startups)).astype(float),
        focus=focus(startups, 3), needs=rng.integers(1, 1 << 7, startups),
        region=rng.choice(4, startups, p=[0.6, 0.2, 0.15, 0.05]),
    )  # fmt: skip
    ticket_lo = rng.choice([0.5, 1, 5, 10, 20, 50], investors) * M
    i = scoring.Investors(
        ids=np.arange(1, investors + 1, dtype=np.int64), stages=rng.integers(1, 1 << 6, investors),
        ticket_min=ticket_lo, ticket_max=ticket_lo * rng.choice([5, 10, 20], investors),
        focus=focus(investors, 5), regions=rng.integers(1, 1 << 4, investors),
    )  # fmt: skip
    return s, i


def ours(s, i, weights):
    """The scorer as the pages use it: criteria, weighted score, top 10 both ways."""
    passes, criteria = scoring.investor_criteria(s, i)
    score = scoring.combine(criteria, weights)
    return score, passes, scoring.top_n(score, passes, TOP), scoring.top_n(score.T, passes.T, TOP)


def _bits(values: np.ndarray, width: int) -> np.ndarray:
    return ((values[:, None] >> np.arange(width)) & 1).astype(np.float64)


def bare(s, i, weights):
    """The same scores in plain numpy (bits unpacked into 0/1 columns, set sizes by matrix products,
    a full sort per column): the yardstick."""
    fs, fi = _bits(s.focus, 48), _bits(i.focus, 48)
    common = fs @ fi.T
    union = fs.sum(1)[:, None] + fi.sum(1)[None, :] - common
    focus = np.where(union > 0, common / np.maximum(union, 1), 0)
    stages = _bits(i.stages, 6)
    in_stages = stages[:, s.stage].T == 1
    stage = np.tile(1 / np.maximum(stages.sum(1), 1), (len(s), 1))
    lo = np.where(np.isnan(s.ask_min), s.ask_max, s.ask_min)[:, None]
    hi = np.where(np.isnan(s.ask_max), s.ask_min, s.ask_max)[:, None]
    t_lo = np.where(np.isnan(i.ticket_min), 0, i.ticket_min)[None, :]
    t_hi = np.where(np.isnan(i.ticket_max), np.inf, i.ticket_max)[None, :]
    overlap = np.minimum(hi, t_hi) - np.maximum(lo, t_lo)
    width = np.broadcast_to(hi - lo, overlap.shape)
    ticket = np.where(width > 0, np.minimum(1, overlap / np.where(width > 0, width, 1)), 1.0)
    trl = np.tile(((s.trl - 1) / 8)[:, None], (1, len(i)))
    region = (_bits(scoring.REGION_SETS[s.region], 4) @ _bits(i.regions, 4).T > 0).astype(np.float64)
    total = sum(weights.values())
    score = (
        weights["focus"] * focus + weights["stage"] * stage + weights["ticket"] * ticket
        + weights["trl"] * trl + weights["region"] * region
    ) / total  # fmt: skip
    passes = in_stages & (overlap >= 0) & (common > 0)
    ranked = np.where(passes, score, -1)
    best_startups = np.argsort(-ranked, axis=0, kind="stable")[:TOP]
    best_investors = np.argsort(-ranked, axis=1, kind="stable")[:, :TOP]
    return score, passes, best_startups, best_investors


def matchmaking_job(startups: int = STARTUPS, investors: int = INVESTORS, growth=GROWTH, runs: int = RUNS) -> dict:
    """Scores and top 10 both ways for ``startups`` × ``investors``, vs plain numpy; the growth with startups."""
    weights = scoring.DEFAULT_WEIGHTS[scoring.INVESTOR]
    s, i = _arrays(startups, investors)
    ours_s, _found = best_of(ours, s, i, weights, runs=runs)
    bare_s, _bare_found = best_of(bare, s, i, weights, runs=runs)
    times = {}
    for count in growth:
        small_s, small_i = _arrays(count, investors)
        times[count], _found = best_of(ours, small_s, small_i, weights, runs=runs)
    first, last = growth[0], growth[-1]
    return {
        "pairs": startups * investors,
        "scorer_ms": round(ours_s * 1000, 2),
        "bare_numpy_ms": round(bare_s * 1000, 2),
        "ratio": round(ours_s / bare_s, 2),
        "growth_ms": {str(count): round(seconds * 1000, 2) for count, seconds in times.items()},
        "growth_ratio": round(times[last] / times[first], 2),
        "startups_ratio": round(last / first, 2),
    }
