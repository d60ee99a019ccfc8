"""Filters and tags of the judging pages (no queries)."""

from django import template

from portal import timing
from portal.i18n import is_english, join_sentences
from portal.judging import subjects
from portal.judging.scoring import DISAGREEMENT_THRESHOLD

register = template.Library()


@register.filter
def moment(value) -> str:
    """A time to the second in Asia/Shanghai, zone named: ``2026-11-20 18:00:00 (Asia/Shanghai, UTC+08:00)``."""
    return timing.display(value)


@register.simple_tag
def judged_kinds() -> list:
    """What the apps using the engine have judged ("competition entries", …): the judges' introduction."""
    return subjects.judged_kinds()


@register.simple_tag
def disagreement_threshold() -> float:
    """The spread (standard deviation of judges' totals) above which the ranking flags an item."""
    return DISAGREEMENT_THRESHOLD


@register.filter(name="join_sentences")
def join_sentences_filter(sentences) -> str:
    """Translated sentences as one text in the active language (``portal.i18n.join_sentences``)."""
    return join_sentences(sentences)


@register.simple_tag
def sentence_gap() -> str:
    """Between two sentences written in a row: a space in English, nothing after a Chinese 。."""
    return " " if is_english() else ""
