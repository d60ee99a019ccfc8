"""A slow, obvious implementation of the matchmaking scores (one pair at a time, Python sets and
numbers), to check ``incubator.matching.scoring``'s vectorised one against."""

from __future__ import annotations

import math

from incubator.matching import scoring


def _bits(mask: int) -> set[int]:
    return {n for n in range(64) if int(mask) >> n & 1}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def investor_pair(s, i, row, col, weights):
    """``None`` when a hard filter fails, else the score."""
    stage = int(s.stage[row])
    stages = _bits(i.stages[col])
    focus_s, focus_i = _bits(s.focus[row]), _bits(i.focus[col])
    lo, hi = float(s.ask_min[row]), float(s.ask_max[row])
    lo, hi = (hi if math.isnan(lo) else lo), (lo if math.isnan(hi) else hi)
    if math.isnan(lo):
        return None
    t_lo = 0.0 if math.isnan(i.ticket_min[col]) else float(i.ticket_min[col])
    t_hi = math.inf if math.isnan(i.ticket_max[col]) else float(i.ticket_max[col])
    overlap = min(hi, t_hi) - max(lo, t_lo)
    if stage not in stages or overlap < 0 or not focus_s & focus_i:
        return None
    criteria = {
        "focus": _jaccard(focus_s, focus_i),
        "stage": _jaccard({stage}, stages),
        "ticket": 1.0 if hi == lo else min(1.0, overlap / (hi - lo)),
        "trl": (int(s.trl[row]) - 1) / 8,
        "region": 1.0 if _bits(scoring.REGION_SETS[int(s.region[row])]) & _bits(i.regions[col]) else 0.0,
    }
    return _weighted(criteria, weights)


def platform_pair(s, p, row, col, weights):
    needs = _bits(s.needs[row])
    services = _bits(p.services[col])
    served = {n for n in needs if _bits(scoring.NEED_SERVICES[n]) & services}
    if not served or not p.accepts[col]:
        return None
    wanted = set().union(*(_bits(scoring.NEED_SERVICES[n]) for n in needs))
    own, theirs = int(s.region[row]), int(p.region[col])
    delta = {scoring.SHANGHAI, scoring.DELTA}
    criteria = {
        "needs": len(served) / len(needs),
        "services": len(services & wanted) / len(services),
        "region": 1.0 if own == theirs else 0.5 if {own, theirs} <= delta else 0.0,
    }
    return _weighted(criteria, weights)


def _weighted(criteria, weights) -> float:
    total = sum(weights.values())
    return sum(weights[name] * value for name, value in criteria.items()) / total if total else 0.0


def top(scores_by_row: dict, n: int) -> list[int]:
    """The best ``n`` rows of one column: highest score (to 1e-6), then the lowest row."""
    ranked = sorted(scores_by_row.items(), key=lambda item: (-round(item[1] * scoring.PRECISION), item[0]))
    return [row for row, _score in ranked[:n]]
