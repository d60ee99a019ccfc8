"""The demo's clock: the times the demo invents fall in Shanghai's working hours, spread over the days.

A demo loaded at 02:09 in Shanghai used to stamp "now minus three days" at 02:09 too, and entries
submitted every 20 hours came in at 02:30 or 22:30: odd hours for staff, judges and investors.
``at_work`` keeps a moment's day in Shanghai and gives it a time of day between ``OPENS`` and
``CLOSES`` chosen by a key (the same on every run); ``before`` does the same for a moment some days
before the last day whose working hours are over (``before``), never later than ``now``; ``day_at``
opens and closes a window at ``OPENS`` and ``CLOSES``.

``back_then`` runs the real services as they ran at a moment of the past (``timezone.now`` reads
it, so the rules, the records' own timestamps and their log entries agree): the demo teams' roster
changes happened during the submission stage, long before the demo is loaded.
"""

from __future__ import annotations

import contextlib
import datetime
import random
from unittest import mock
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: The times of day the demo invents: from 09:00 until before 18:00 in Shanghai.
OPENS, CLOSES = datetime.time(9, 0), datetime.time(18, 0)


def at_work(moment: datetime.datetime, key: str) -> datetime.datetime:
    """``moment``'s day in Shanghai at a time of day in working hours chosen by ``key`` (whole minutes)."""
    day = moment.astimezone(SHANGHAI).date()
    span = (CLOSES.hour - OPENS.hour) * 60
    minutes = OPENS.hour * 60 + int(random.Random(key).random() * span)  # noqa: S311 - invented demo times  # nosec B311
    return datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60), tzinfo=SHANGHAI)


def last_working_day(now: datetime.datetime) -> datetime.date:
    """The last day in Shanghai whose working hours are over at ``now``: today after ``CLOSES``, else yesterday."""
    local = now.astimezone(SHANGHAI)
    return local.date() if local.time() >= CLOSES else local.date() - datetime.timedelta(days=1)


def before(now: datetime.datetime, *, days: int, key: str) -> datetime.datetime:
    """A working-hours moment (``at_work``) ``days`` days before ``last_working_day(now)``: always before
    ``now``, and a larger ``days`` always earlier."""
    day = last_working_day(now) - datetime.timedelta(days=days)
    return at_work(datetime.datetime.combine(day, OPENS, tzinfo=SHANGHAI), key)


def some_day_before(now: datetime.datetime, *, within: int, key: str) -> datetime.datetime:
    """``before`` ``now`` by 0 to ``within - 1`` days, the number of days chosen by ``key`` too."""
    days = int(random.Random(f"{key}:days").random() * within)  # noqa: S311 - invented demo times  # nosec B311
    return before(now, days=days, key=key)


def day_at(moment: datetime.datetime, time: datetime.time) -> datetime.datetime:
    """``moment``'s day in Shanghai at ``time`` (a window that opens at ``OPENS``, closes at ``CLOSES``)."""
    return datetime.datetime.combine(moment.astimezone(SHANGHAI).date(), time, tzinfo=SHANGHAI)


@contextlib.contextmanager
def back_then(moment: datetime.datetime):
    """Inside, ``django.utils.timezone.now()`` is ``moment``: services run as they did then."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield
