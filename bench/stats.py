"""Statistics for the benchmark: percentiles, summaries and ratios (no Django, no timing)."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(samples: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation between closest ranks.

    Same definition as ``numpy.percentile`` (method "linear") and
    ``statistics.quantiles(method="inclusive")``: p50 of [1, 2, 3, 4] is 2.5.
    """
    if not samples:
        raise ValueError("percentile of no samples")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within 0-100, got {q}")
    ordered = sorted(samples)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = math.ceil(rank)
    if low == high:
        return float(ordered[low])
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summarise(samples: Sequence[float]) -> dict[str, float]:
    """p50, p95, mean, min and max of latency samples (any unit; the caller's)."""
    return {
        "n": len(samples),
        "p50": percentile(samples, 50),
        "p95": percentile(samples, 95),
        "mean": sum(samples) / len(samples),
        "min": float(min(samples)),
        "max": float(max(samples)),
    }


def ratio(value: float, baseline: float) -> float:
    """How many times ``baseline`` ``value`` costs (``inf`` when the baseline is zero)."""
    if baseline <= 0:
        return math.inf
    return value / baseline


def ratios(page: dict[str, float], bare: dict[str, float]) -> dict[str, float]:
    """Page cost over bare-view cost, per percentile: {"p50": ..., "p95": ...}."""
    return {key: ratio(page[key], bare[key]) for key in ("p50", "p95")}
