"""``{% load money %}``: ``{{ amount|cny }}`` and ``{{ low|cny_range:high }}`` (``incubator.money``)."""

from django import template

from incubator import money

register = template.Library()


@register.filter
def cny(amount) -> str:
    return money.cny(amount)


@register.filter
def cny_range(low, high) -> str:
    return money.cny_range(low, high)
