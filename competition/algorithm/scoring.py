r"""The scorer: pure functions of numpy arrays, no database, no clock (re-scoring gives the same numbers).

Labels are class indices ``1`` … ``N`` (``parsing``); ``y_true`` and ``y_pred`` are aligned arrays.

* **Accuracy** :math:`P = \frac{1}{n}\sum_i [y_i = \hat y_i]`.
* **Cohen's kappa** (Cohen 1960): with the confusion matrix :math:`C` (rows true, columns predicted),
  observed agreement :math:`p_o = \operatorname{tr}C / n` and chance agreement
  :math:`p_e = \sum_k (\text{row}_k \cdot \text{col}_k) / n^2`, :math:`\kappa = (p_o - p_e) / (1 - p_e)`.
  When :math:`p_e = 1` (one class only, in both) kappa is 1 for perfect agreement, else 0.
* **Macro-F1**: the mean over the classes present in ``y_true`` or ``y_pred`` of
  :math:`F_1 = 2TP / (2TP + FP + FN)` (as scikit-learn's ``f1_score(average="macro")``).
* **Wolpaw information transfer rate** (Wolpaw et al. 2000, *IEEE Trans. Rehabil. Eng.* 8(2)), bits
  per trial for :math:`N` classes and accuracy :math:`P`:

  .. math:: B = \log_2 N + P \log_2 P + (1 - P) \log_2 \frac{1 - P}{N - 1}

  defined as 0 when :math:`P \le 1/N` (no better than chance), and :math:`\log_2 N` when
  :math:`P = 1`; bits per minute :math:`= B \cdot 60 / T` for a trial of :math:`T` seconds.

The public/private split (``split``) is a seeded permutation: the same seed and fraction give
the same subsets on every machine (numpy's PCG64 ``default_rng``).
"""

from __future__ import annotations

import math

import numpy as np

#: The metrics computed on each subset, in display order.
METRICS = ("accuracy", "kappa", "macro_f1", "itr_bits_per_trial", "itr_bits_per_minute")


def confusion(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> np.ndarray:
    """``C[t-1, p-1]`` = how many trials of class ``t`` were predicted ``p``."""
    t = np.asarray(y_true, dtype=np.int64) - 1
    p = np.asarray(y_pred, dtype=np.int64) - 1
    return np.bincount(t * n_classes + p, minlength=n_classes * n_classes).reshape(n_classes, n_classes)


def accuracy(y_true, y_pred) -> float:
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.size == 0:
        return 0.0
    return float(np.count_nonzero(y_true == y_pred) / y_true.size)


def cohen_kappa(y_true, y_pred, n_classes: int) -> float:
    matrix = confusion(y_true, y_pred, n_classes).astype(np.float64)
    n = matrix.sum()
    if n == 0:
        return 0.0
    observed = np.trace(matrix) / n
    expected = float(matrix.sum(axis=1) @ matrix.sum(axis=0)) / (n * n)
    if expected >= 1.0:
        return 1.0 if observed >= 1.0 else 0.0
    return float((observed - expected) / (1.0 - expected))


def macro_f1(y_true, y_pred, n_classes: int) -> float:
    matrix = confusion(y_true, y_pred, n_classes).astype(np.float64)
    tp = np.diag(matrix)
    fp = matrix.sum(axis=0) - tp
    fn = matrix.sum(axis=1) - tp
    denominator = 2 * tp + fp + fn
    present = denominator > 0
    if not present.any():
        return 0.0
    return float(np.mean(2 * tp[present] / denominator[present]))


def itr_bits_per_trial(p: float, n_classes: int) -> float:
    """Wolpaw's bits per trial (0 at or below chance, ``log2 N`` at P = 1)."""
    if n_classes < 2 or p <= 1.0 / n_classes:
        return 0.0
    if p >= 1.0:
        return math.log2(n_classes)
    return math.log2(n_classes) + p * math.log2(p) + (1 - p) * math.log2((1 - p) / (n_classes - 1))


def itr_bits_per_minute(p: float, n_classes: int, trial_seconds: float) -> float:
    return itr_bits_per_trial(p, n_classes) * 60.0 / float(trial_seconds)


def metrics(y_true, y_pred, *, n_classes: int, trial_seconds: float) -> dict[str, float]:
    """Every metric of ``METRICS`` for one subset."""
    p = accuracy(y_true, y_pred)
    return {
        "accuracy": p,
        "kappa": cohen_kappa(y_true, y_pred, n_classes),
        "macro_f1": macro_f1(y_true, y_pred, n_classes),
        "itr_bits_per_trial": itr_bits_per_trial(p, n_classes),
        "itr_bits_per_minute": itr_bits_per_minute(p, n_classes, trial_seconds),
    }


def split(n_trials: int, *, seed: int, public_fraction: float) -> np.ndarray:
    """A boolean mask: ``True`` for the public subset (``round(n × fraction)`` trials, at least one of each)."""
    size = min(max(round(n_trials * float(public_fraction)), 1), n_trials - 1)
    order = np.random.default_rng(int(seed)).permutation(n_trials)
    mask = np.zeros(n_trials, dtype=bool)
    mask[order[:size]] = True
    return mask


def score(y_true, y_pred, *, n_classes: int, trial_seconds: float, public: np.ndarray) -> dict[str, dict]:
    """The metrics on the public subset and on the private one (the rest)."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    options = {"n_classes": n_classes, "trial_seconds": trial_seconds}
    return {
        "public": metrics(y_true[public], y_pred[public], **options),
        "private": metrics(y_true[~public], y_pred[~public], **options),
    }
