"""Timing for the benchmark's jobs: a call's best time over a few runs (the one the machine disturbed least)."""

from __future__ import annotations

import time


def best_of(function, *args, runs: int, **kwargs) -> tuple[float, object]:
    """The fastest of ``runs`` calls of ``function(*args, **kwargs)`` in seconds, and the last call's result."""
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = function(*args, **kwargs)
        best = min(best, time.perf_counter() - started)
    return best, result
