"""The running demo edition's dates move to the day the demo is loaded (``competition.demo.timeline``):
whenever it is loaded, the submission has closed, the preliminary review is open with days left,
the final is ahead, and weekdays and intervals are those written in ``competition.toml``."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from competition.demo import DATA, timeline

SHANGHAI = ZoneInfo("Asia/Shanghai")
RUNNING, FINISHED = (next(row for row in DATA["competitions"] if row["year"] == year) for year in (2026, 2025))
LOAD_DAYS = [
    datetime(2026, 12, 2, 12, 0, tzinfo=SHANGHAI),  # as_of itself: the dates as written
    datetime(2026, 12, 9, 11, 59, tzinfo=SHANGHAI),  # the last minute before a week has passed
    datetime(2026, 12, 19, 8, 0, tzinfo=SHANGHAI),  # after the written review closed
    datetime(2027, 3, 14, 23, 30, tzinfo=SHANGHAI),
    datetime(2029, 7, 1, 0, 0, tzinfo=SHANGHAI),
    datetime(2026, 10, 1, 9, 0, tzinfo=SHANGHAI),  # before as_of: moved back
]


def _stages(row: dict) -> dict:
    return {stage["kind"]: stage for stage in row["stages"]}


@pytest.mark.parametrize("now", LOAD_DAYS, ids=str)
def test_the_running_edition_is_in_its_review_whenever_it_is_loaded(now):
    row = timeline.moved(RUNNING, now)
    stages = _stages(row)
    assert stages["submission"]["closes_at"] < now
    assert stages["preliminary"]["opens_at"] <= now
    assert stages["preliminary"]["closes_at"] - now >= timedelta(days=9)
    assert now < stages["final"]["opens_at"]
    assert row["first_submitted_at"] >= stages["submission"]["opens_at"]
    assert stages["submission"]["closes_at"] < row["screened_at"] <= now


@pytest.mark.parametrize("now", LOAD_DAYS, ids=str)
def test_weekdays_and_intervals_are_kept(now):
    row, written = timeline.moved(RUNNING, now), RUNNING
    shift = row["as_of"] - written["as_of"]
    assert shift % timedelta(weeks=1) == timedelta(0)
    for moved_stage, stage in zip(row["stages"], written["stages"], strict=True):
        for name in ("opens_at", "closes_at"):
            assert moved_stage[name] - stage[name] == shift
            assert moved_stage[name].astimezone(SHANGHAI).weekday() == stage[name].astimezone(SHANGHAI).weekday()
    assert row["first_submitted_at"] - written["first_submitted_at"] == shift
    assert row["screened_at"] - written["screened_at"] == shift


def test_as_of_is_the_written_dates_and_the_data_file_is_not_changed():
    before = [dict(stage) for stage in RUNNING["stages"]]
    assert timeline.moved(RUNNING, RUNNING["as_of"] + timedelta(days=6, hours=23)) == RUNNING
    timeline.moved(RUNNING, datetime(2028, 1, 1, tzinfo=SHANGHAI))
    assert RUNNING["stages"] == before


def test_an_edition_without_as_of_keeps_its_dates():
    assert timeline.moved(FINISHED, datetime(2030, 1, 1, tzinfo=SHANGHAI)) is FINISHED
