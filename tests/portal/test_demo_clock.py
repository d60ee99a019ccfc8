"""The demo's invented times fall in Shanghai's working hours (``portal.demo.clock``).

The walk-through found entries submitted at 02:30 and meeting requests, pipeline moves and
scorecards at the hour the demo happened to be loaded (in the night). Here the demo is loaded at
02:30 in Shanghai, and every time it wrote is checked: between 08:00 and 20:00 in Shanghai, unless it
is when it was loaded (a record's own ``created_at``: that is when the demo made it).
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from portal.demo import clock
from portal.demo.users import PASSWORD_ENV
from tests.portal.test_load_demo import PASSWORD, run_load_demo

SHANGHAI = ZoneInfo("Asia/Shanghai")
NIGHT = datetime.datetime(2026, 12, 7, 2, 30, tzinfo=SHANGHAI)


def test_at_work_keeps_the_day_and_picks_a_working_hour_by_key():
    moment = clock.at_work(NIGHT, "entry 7")
    assert moment.date() == NIGHT.date() and clock.OPENS <= moment.time() < clock.CLOSES
    assert clock.at_work(NIGHT, "entry 7") == moment and clock.at_work(NIGHT, "entry 8") != moment


@pytest.mark.parametrize("now", [NIGHT, NIGHT.replace(hour=11), NIGHT.replace(hour=19)])
def test_before_is_in_working_hours_before_now_and_in_order(now):
    moments = [clock.before(now, days=days, key=f"k{days}") for days in range(5)]
    assert all(moment < now and clock.OPENS <= moment.time() < clock.CLOSES for moment in moments)
    assert moments == sorted(moments, reverse=True)
    assert clock.before(NIGHT.replace(hour=19), days=0, key="k").date() == NIGHT.date()  # today's hours are over


def test_in_words_writes_a_day_as_the_news_does_in_both_languages():
    closes = datetime.datetime(2027, 2, 5, 10, 0, tzinfo=datetime.UTC)  # 18:00 in Shanghai
    assert clock.in_words(closes) == {"zh-hans": "2027年2月5日", "en": "5 February 2027"}
    assert clock.in_words(closes, time=True) == {"zh-hans": "2027年2月5日18时", "en": "18:00 on 5 February 2027"}
    late = datetime.datetime(2026, 11, 20, 18, 30, tzinfo=SHANGHAI)
    assert clock.in_words(late, time=True) == {"zh-hans": "2026年11月20日18时30分", "en": "18:30 on 20 November 2026"}
    assert clock.month_in_words(datetime.datetime(2027, 1, 9, 9, 0, tzinfo=SHANGHAI)) == {
        "zh-hans": "2027年1月",
        "en": "January 2027",
    }
    # The day in Shanghai, not in UTC: 23:30 UTC on 31 January is 1 February there.
    assert clock.in_words(datetime.datetime(2027, 1, 31, 23, 30, tzinfo=datetime.UTC))["en"] == "1 February 2027"


def test_back_then_is_now_for_the_services():
    with clock.back_then(NIGHT.replace(hour=10)):
        assert timezone.now() == NIGHT.replace(hour=10)


def _times():
    """(model.field, value) of every date and time the database holds."""
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateTimeField):
                for value in model.objects.exclude(**{field.name: None}).values_list(field.name, flat=True):
                    yield f"{model._meta.label}.{field.name}", value


@pytest.mark.django_db(transaction=False)
def test_a_demo_loaded_at_night_invents_no_time_at_night(django_db_blocker, monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    with time_machine.travel(NIGHT, tick=True), transaction.atomic():
        started = datetime.datetime.now(tz=SHANGHAI)
        run_load_demo()
        loaded = datetime.datetime.now(tz=SHANGHAI)
        odd = {
            name
            for name, value in _times()
            if not (started <= value <= loaded) and not 8 <= value.astimezone(SHANGHAI).hour < 20
        }
        transaction.set_rollback(True)
    assert not odd
