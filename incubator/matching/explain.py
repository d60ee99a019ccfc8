"""Why a suggestion is made, criterion by criterion, in the reader's language (``scoring`` computes it).

Each ``Reason`` names a criterion, its points and a concrete sentence ("stage: Prototype is among
the investor's stages", "ask CNY 20M–30M within CNY 5M–50M"); amounts read 1500万–3000万元 in
Chinese. An investor's explanation mentions a startup's ask only when the startup shows its
funding to that investor (``show_ask``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from incubator import money
from incubator.matching.scoring import (
    CRITERIA,
    CRITERION_LABELS,
    FOCUS_PARTS,
    INVESTOR,
    PLATFORM,
    REGION_SETS,
    REGIONS,
    STAGES,
    Investors,
    Platforms,
    Startups,
    needed_services,
    served_needs,
)
from incubator.vocabulary import Need, Region, StartupStage

# --- explanations -------------------------------------------------------------------------------


def _labels(vocabulary, mask: int, offset: int = 0, width: int = 16) -> list[str]:
    values = list(vocabulary)
    bits = (int(mask) >> offset) & ((1 << width) - 1)
    return [str(value.label) for n, value in enumerate(values) if bits >> n & 1]


def _join(labels: list[str]) -> str:
    return (", " if _english() else "、").join(labels)


def focus_labels(mask: int) -> list[str]:
    return [label for vocabulary, offset in FOCUS_PARTS for label in _labels(vocabulary, mask, offset)]


def format_cny(amount) -> str:
    """An amount of yuan as people write it (``incubator.money``, the portal's one formatter)."""
    return money.cny(amount)


def format_range(low, high) -> str:
    """A range of yuan (``incubator.money``): the scoring's missing ends (NaN, infinity) are open ends."""
    low = None if low is None or np.isnan(float(low)) else float(low)
    high = None if high is None or not np.isfinite(float(high)) else float(high)
    return money.cny_range(low, high, unbounded=_("any amount"))


def _english() -> bool:
    return (get_language() or "").startswith("en")


@dataclass
class Reason:
    """One criterion of one suggestion: its score (0–1), weight, points out of 100 and why."""

    criterion: str
    score: float
    weight: float
    points: float
    text: str

    @property
    def label(self) -> str:
        return str(CRITERION_LABELS[self.criterion])


@dataclass
class Suggestion:
    """A suggested organisation (by id) with its score (0–1) and the reasons, criterion by criterion."""

    other_id: int
    score: float
    reasons: list[Reason] = field(default_factory=list)
    #: Filled by the queries: the organisation and its profile.
    organisation: object = None
    profile: object = None
    url: str = ""

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def _reasons(kind: str, criteria: dict[str, np.ndarray], at, weights: dict[str, float], texts) -> list[Reason]:
    total = float(sum(weights.values()))
    reasons = []
    for name in CRITERIA[kind]:
        value = float(criteria[name][at])
        weight = float(weights.get(name, 0))
        points = 100 * weight * value / total if total > 0 else 0.0
        reasons.append(Reason(name, value, weight, points, texts[name]))
    return reasons


def explain_investor(s: Startups, i: Investors, criteria, at, weights, *, show_ask: bool) -> list[Reason]:
    """The reasons of the startup ``at[0]`` × investor ``at[1]`` pair (``criteria`` from ``investor_criteria``).

    ``show_ask``: whether the viewer may see the startup's funding figures (otherwise the ticket
    reason says that the ask fits, not what it is)."""
    row, col = at
    stage = STAGES[int(s.stage[row])]
    common = focus_labels(int(s.focus[row]) & int(i.focus[col]))
    texts = {
        "focus": _("focus: %(common)s in common") % {"common": _join(common)}
        if common
        else _("focus: nothing in common"),
        "stage": _stage_text(stage.label, _labels(StartupStage, int(i.stages[col]))),
        "ticket": _ticket_text(s, i, row, col, float(criteria["ticket"][at]), show_ask),
        "trl": _("TRL %(trl)s of 9") % {"trl": int(s.trl[row])},
        "region": _investor_region_text(int(s.region[row]), int(i.regions[col])),
    }
    return _reasons(INVESTOR, criteria, at, weights, texts)


def _stage_text(stage, stages: list[str]) -> str:
    """Why the stage scores what it does (1 / the investor's number of stages): it read "among the investor's
    stages" whether that earned all of the criterion's points or a fifth of them."""
    if len(stages) <= 1:
        return _("stage: %(stage)s is the only stage the investor invests in") % {"stage": stage}
    return _(
        "stage: %(stage)s is one of the investor's %(count)s stages (%(stages)s); the fewer stages an investor "
        "names, the more this counts"
    ) % {"stage": stage, "count": len(stages), "stages": _join(stages)}


def _ticket_text(s, i, row, col, share, show_ask) -> str:
    ticket = format_range(float(i.ticket_min[col]), float(i.ticket_max[col]))
    if not show_ask:
        return _("ask: fits the ticket range %(ticket)s (the startup shows its figures to matched investors only)") % {
            "ticket": ticket
        }
    low, high = float(s.ask_min[row]), float(s.ask_max[row])
    low, high = (high if np.isnan(low) else low), (low if np.isnan(high) else high)
    ask = format_range(low, high)
    if share >= 1:
        return _("ask %(ask)s within %(ticket)s") % {"ask": ask, "ticket": ticket}
    return _("ask %(ask)s overlaps %(ticket)s by %(percent)s%%") % {
        "ask": ask,
        "ticket": ticket,
        "percent": round(share * 100),
    }


def _investor_region_text(region: int, regions: int) -> str:
    label = REGIONS[region].label
    if not regions:
        return _("region: the investor names no region")
    within = int(REGION_SETS[region]) & regions
    if within:
        matched = REGIONS[(within & -within).bit_length() - 1].label
        if matched == label:
            return _("region: %(region)s is among the investor's regions") % {"region": label}
        return _("region: %(region)s lies in %(area)s, among the investor's regions") % {
            "region": label,
            "area": matched,
        }
    return _("region: %(region)s is outside the investor's regions (%(regions)s)") % {
        "region": label,
        "regions": _join(_labels(Region, regions)),
    }


def explain_platform(s: Startups, p: Platforms, criteria, at, weights) -> list[Reason]:
    """The reasons of the startup ``at[0]`` × platform ``at[1]`` pair (shown to the startup)."""
    row, col = at
    needs = int(s.needs[row])
    served = needs & int(served_needs(p.services[col : col + 1])[0])
    answering = int(p.services[col]) & int(needed_services(s.needs[row : row + 1])[0])
    texts = {
        "needs": _("needs: %(served)s served (%(count)s of your %(total)s needs)")
        % {"served": _join(_labels(Need, served)), "count": served.bit_count(), "total": needs.bit_count()},
        "services": _("platform focus: %(count)s of its %(total)s services answer your needs")
        % {"count": answering.bit_count(), "total": int(p.services[col]).bit_count()},
        "region": _platform_region_text(int(s.region[row]), int(p.region[col])),
    }
    return _reasons(PLATFORM, criteria, at, weights, texts)


def _platform_region_text(own: int, theirs: int) -> str:
    if own == theirs:
        return _("region: the platform is in %(region)s, as you are") % {"region": REGIONS[theirs].label}
    return _("region: the platform is in %(region)s, you are in %(own)s") % {
        "region": REGIONS[theirs].label,
        "own": REGIONS[own].label,
    }
