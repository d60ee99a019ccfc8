"""Filters of the judging pages (no queries)."""

from django import template

from portal.judging import timing

register = template.Library()


@register.filter
def moment(value) -> str:
    """A time to the second in Asia/Shanghai, zone named: ``2026-11-20 18:00:00 (Asia/Shanghai, UTC+08:00)``."""
    return timing.display(value)
