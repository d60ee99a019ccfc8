"""The demo's clock: the times the demo invents fall in Shanghai's working hours, spread over the days.

A demo loaded at 02:09 in Shanghai used to stamp "now minus three days" at 02:09 too, and entries
submitted every 20 hours came in at 02:30 or 22:30: odd hours for staff, judges and investors.
``at_work`` keeps a moment's day in Shanghai and gives it a time of day between ``OPENS`` and
``CLOSES`` chosen by a key (the same on every run); ``before`` does the same for a moment some days
before the last day whose working hours are over (``before``), never later than ``now``; ``day_at``
opens and closes a window at ``OPENS`` and ``CLOSES``.

``in_words`` and ``month_in_words`` write a moment's day (and time) as the demo's news texts do, in
both languages, so a news item can say the dates its records were loaded with (``data.ensure_news``).

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


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def in_words(moment: datetime.datetime, *, time: bool = False) -> dict[str, str]:
    """``moment``'s day in Shanghai as news is written, by language: ``2027年2月5日``, ``5 February 2027``;
    with ``time``, ``2026年11月20日18时`` and ``18:00 on 20 November 2026``."""
    local = moment.astimezone(SHANGHAI)
    zh, en = f"{local.year}年{local.month}月{local.day}日", f"{local.day} {MONTHS[local.month - 1]} {local.year}"
    if time:
        zh += f"{local.hour}时" + (f"{local.minute}分" if local.minute else "")
        en = f"{local:%H:%M} on {en}"
    return {"zh-hans": zh, "en": en}


def month_in_words(moment: datetime.datetime) -> dict[str, str]:
    """``moment``'s month in Shanghai, by language: ``2027年1月``, ``January 2027``."""
    local = moment.astimezone(SHANGHAI)
    return {"zh-hans": f"{local.year}年{local.month}月", "en": f"{MONTHS[local.month - 1]} {local.year}"}


@contextlib.contextmanager
def back_then(moment: datetime.datetime):
    """Inside, ``django.utils.timezone.now()`` is ``moment``: services run as they did then."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield
