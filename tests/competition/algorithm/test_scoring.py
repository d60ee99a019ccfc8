"""The scorer against hand-worked examples and the definitions (Cohen 1960; Wolpaw et al. 2000)."""

import math

import numpy as np
import pytest

from competition.algorithm import scoring


def test_accuracy_kappa_and_macro_f1_on_a_hand_worked_example():
    # Confusion (rows true, columns predicted): [[1, 1], [0, 2]]
    y_true, y_pred = np.array([1, 1, 2, 2]), np.array([1, 2, 2, 2])
    assert scoring.confusion(y_true, y_pred, 2).tolist() == [[1, 1], [0, 2]]
    assert scoring.accuracy(y_true, y_pred) == 0.75
    # p_o = 3/4; p_e = (2·1 + 2·3) / 16 = 1/2; kappa = (3/4 - 1/2) / (1/2) = 1/2
    assert scoring.cohen_kappa(y_true, y_pred, 2) == pytest.approx(0.5)
    # F1(class 1) = 2·1 / (2 + 0 + 1) = 2/3; F1(class 2) = 2·2 / (4 + 1 + 0) = 4/5
    assert scoring.macro_f1(y_true, y_pred, 2) == pytest.approx((2 / 3 + 4 / 5) / 2)


def test_kappa_is_one_for_perfect_agreement_and_zero_at_chance():
    labels = np.array([1, 2, 3, 4] * 5)
    assert scoring.cohen_kappa(labels, labels, 4) == 1.0
    # Always predicting one class of four balanced ones: p_o = 1/4 = p_e
    assert scoring.cohen_kappa(labels, np.ones_like(labels), 4) == pytest.approx(0.0)
    # One class only, in both: p_e = 1, kappa defined as 1 for perfect agreement
    assert scoring.cohen_kappa(np.ones(3), np.ones(3), 2) == 1.0


def test_kappa_on_cohens_four_class_example():
    # 4 classes, 10 trials: 7 right.
    y_true = np.array([1, 1, 1, 2, 2, 3, 3, 4, 4, 4])
    y_pred = np.array([1, 1, 2, 2, 2, 3, 4, 4, 4, 1])
    # p_o = 0.7; rows (3,2,2,3), columns (3,3,1,3): p_e = (9 + 6 + 2 + 9) / 100 = 0.26
    assert scoring.cohen_kappa(y_true, y_pred, 4) == pytest.approx((0.7 - 0.26) / (1 - 0.26))


def test_macro_f1_leaves_out_classes_absent_from_both():
    assert scoring.macro_f1(np.array([1, 1]), np.array([1, 1]), 4) == 1.0


@pytest.mark.parametrize(
    ("p", "n", "bits"),
    [
        (1.0, 4, 2.0),  # log2 N
        (1.0, 2, 1.0),
        (0.25, 4, 0.0),  # chance
        (0.2, 4, 0.0),  # below chance
        (0.5, 2, 0.0),
        # 1 + 0.9 log2 0.9 + 0.1 log2 0.1 = 1 - H(0.9)
        (0.9, 2, 1 + 0.9 * math.log2(0.9) + 0.1 * math.log2(0.1)),
        # 2 + 0.75 log2 0.75 + 0.25 log2(0.25 / 3) ≈ 0.7925
        (0.75, 4, 0.792481250360578),
    ],
)
def test_wolpaw_itr_bits_per_trial(p, n, bits):
    assert scoring.itr_bits_per_trial(p, n) == pytest.approx(bits)


def test_itr_bits_per_minute_from_the_trial_duration():
    # 0.7925 bits per 4-second trial = 15 trials a minute
    assert scoring.itr_bits_per_minute(0.75, 4, 4) == pytest.approx(0.792481250360578 * 15)
    assert scoring.itr_bits_per_minute(1.0, 4, 2.5) == pytest.approx(2 * 24)


def test_the_split_is_reproducible_and_sized_by_the_fraction():
    first = scoring.split(1000, seed=7, public_fraction=0.3)
    assert first.sum() == 300
    assert np.array_equal(first, scoring.split(1000, seed=7, public_fraction=0.3))
    assert not np.array_equal(first, scoring.split(1000, seed=8, public_fraction=0.3))
    # Both subsets keep at least one trial
    assert scoring.split(2, seed=1, public_fraction=0.95).sum() == 1


def test_score_gives_each_subset_every_metric_and_is_pure():
    rng = np.random.default_rng(0)
    truth = rng.integers(1, 5, 500)
    predicted = np.where(rng.random(500) < 0.7, truth, rng.integers(1, 5, 500))
    public = scoring.split(500, seed=3, public_fraction=0.5)
    first = scoring.score(truth, predicted, n_classes=4, trial_seconds=4.0, public=public)
    again = scoring.score(truth.copy(), predicted.copy(), n_classes=4, trial_seconds=4.0, public=public)
    assert first == again
    assert set(first["public"]) == set(scoring.METRICS) == set(first["private"])
    assert first["public"]["accuracy"] == scoring.accuracy(truth[public], predicted[public])
