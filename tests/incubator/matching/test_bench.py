"""The matchmaking bench job: the plain-numpy yardstick computes the same scores and picks, and the job reports."""

from __future__ import annotations

import numpy as np

from incubator import bench
from incubator.matching import scoring


def test_the_yardstick_agrees_with_the_scorer():
    s, i = bench._arrays(400, 60, seed=3)
    weights = scoring.DEFAULT_WEIGHTS["investor"]
    score, passes, (by_investor, valid), (by_startup, valid_t) = bench.ours(s, i, weights)
    bare_score, bare_passes, bare_by_investor, bare_by_startup = bench.bare(s, i, weights)
    assert passes.any() and (passes == bare_passes).all()
    assert np.allclose(np.where(passes, score, 0), np.where(bare_passes, bare_score, 0))
    for col in range(len(i)):
        # same scores chosen (the order of equal scores may differ: a full sort is no tie-break)
        chosen = np.sort(score[by_investor[valid[:, col], col], col])
        expected = np.sort(bare_score[bare_by_investor[: valid[:, col].sum(), col], col])
        assert np.allclose(chosen, expected)
    for row in range(len(s)):
        chosen = np.sort(score[row, by_startup[valid_t[:, row], row]])
        expected = np.sort(bare_score[row, bare_by_startup[row, : valid_t[:, row].sum()]])
        assert np.allclose(chosen, expected)


def test_the_job_reports_times_ratio_and_growth():
    figures = bench.matchmaking_job(startups=300, investors=50, growth=(100, 300), runs=1)
    assert figures["pairs"] == 15_000
    assert figures["scorer_ms"] > 0 and figures["bare_numpy_ms"] > 0 and figures["ratio"] > 0
    assert set(figures["growth_ms"]) == {"100", "300"} and figures["startups_ratio"] == 3
