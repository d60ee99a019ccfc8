"""Filters and tags of the judging pages (no queries)."""

from django import template

from portal import timing
from portal.judging.scoring import DISAGREEMENT_THRESHOLD

register = template.Library()


@register.filter
def moment(value) -> str:
    """A time to the second in Asia/Shanghai, zone named: ``2026-11-20 18:00:00 (Asia/Shanghai, UTC+08:00)``."""
    return timing.display(value)


@register.simple_tag
def disagreement_threshold() -> float:
    """The spread (standard deviation of judges' totals) above which the ranking flags an item."""
    return DISAGREEMENT_THRESHOLD
