"""Amounts of money as the reader's language writes them: the one formatter of every page, e-mail and admin.

Amounts are stored in yuan. Chinese reads them in 万元 and 亿元 (``50万元``, ``1.5亿元``, a range
``50万–150万元``); English in millions and thousands of yuan (``CNY 500K``, ``CNY 1.5M``, a range
``CNY 500K–1.5M``). Templates use the ``cny`` and ``cny_range`` filters (``{% load money %}``).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.functional import lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _


def cny(amount) -> str:
    """An amount of yuan: ``CNY 20M`` / ``2000万元``, ``CNY 500K`` / ``50万元``, ``1.5亿元``; ``""`` for none."""
    if amount is None:
        return ""
    amount = float(amount)
    if _english():
        if amount >= 1_000_000:
            return f"CNY {_number(amount / 1_000_000)}M"
        if amount >= 1_000:
            return f"CNY {_number(amount / 1_000)}K"
        return f"CNY {_number(amount)}"
    if amount >= 100_000_000:
        return f"{_number(amount / 100_000_000)}亿元"
    if amount >= 10_000:
        return f"{_number(amount / 10_000)}万元"
    return f"{_number(amount)}元"


def cny_range(low, high, *, unbounded: str = "") -> str:
    """A range of yuan: ``CNY 5M–30M`` / ``500万–3000万元``; an open end reads "up to" or "or more".

    ``low`` of zero or less and ``None`` are no lower end, ``None`` no upper end; ``unbounded`` is
    what a range with neither end reads (nothing by default)."""
    low = None if low is None or float(low) <= 0 else low
    if low is None and high is None:
        return unbounded
    if high is None:
        return _("%(amount)s or more") % {"amount": cny(low)}
    if low is None:
        return _("up to %(amount)s") % {"amount": cny(high)}
    if float(low) == float(high):
        return cny(low)
    first, second = cny(low), cny(high)
    if _english():
        return f"{first}–{second.removeprefix('CNY ')}"
    if _unit(first) == _unit(second):  # 500万–3000万元, 1亿–2亿元: the unit said once
        first = first.removesuffix("元")
    return f"{first}–{second}"


def cny_band(low, high) -> str:
    """A band of amounts from ``low`` (included) to ``high`` (not), as a filter offers it: ``Under CNY 5M`` /
    ``500万元以下`` (no lower end), ``CNY 5M–20M`` / ``500万–2000万元``, ``CNY 100M or more`` / ``1亿元以上``."""
    if (low is None or float(low) <= 0) and high is not None:
        return _("Under %(amount)s") % {"amount": cny(high)}
    return cny_range(low, high)


#: ``cny_band`` in the language of the page reading it: a label declared once (a vocabulary's choice).
cny_band_lazy = lazy(cny_band, str)


def _unit(text: str) -> str:
    return text[-2] if text[-2] in "万亿" else ""


def _english() -> bool:
    return (get_language() or "").startswith("en")


def _number(value: float) -> str:
    return f"{Decimal(str(round(value, 2))).normalize():f}"
