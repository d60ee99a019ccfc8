"""The call page is served to anonymous visitors from the page cache until the next stage opens or
closes (``CompetitionPage.serve``, ``public_cache.keep_until``): its timeline and its "Enter" button
change then with no publish to invalidate them."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from competition.models import CompetitionPage
from competition.models.pages import changes_at
from competition.vocabulary import StageKind
from tests.competition.factories import running_competition
from tests.portal.page_factories import add_child, build_site

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLOSES = datetime(2026, 11, 20, 18, 0, 0, tzinfo=SHANGHAI)


@pytest.fixture
def call():
    with time_machine.travel(CLOSES - timedelta(days=2), tick=False):
        competition = running_competition(submission_closes=CLOSES)
        site = build_site(news_items=0)
        page = add_child(site.home, CompetitionPage(title="2026 大赛", slug="bci-2026", competition=competition))
    return page, {stage.kind: stage for stage in competition.stages.all()}


def _states(response) -> list[str]:
    return re.findall(r'class="competition-stage competition-stage-(\w+)"', response.text)


def test_the_cached_call_page_moves_on_when_a_stage_opens(client, call):
    """Kept for the cache's hour, the page went on showing the preliminary review ahead, counting down
    to an opening that had passed, for up to an hour after it opened."""
    page, stages = call
    opens = stages[StageKind.PRELIMINARY].opens_at
    with time_machine.travel(opens - timedelta(minutes=10), tick=False):
        assert client.get(page.url).status_code == 200
        cached = client.get(page.url)
    assert cached.headers.get("X-Public-Cache") == "hit"
    assert _states(cached) == ["past", "ahead", "ahead", "ahead"]
    with time_machine.travel(opens + timedelta(seconds=1), tick=False):
        after = client.get(page.url)
    assert after.headers.get("X-Public-Cache") != "hit"
    assert _states(after) == ["past", "running", "ahead", "ahead"]


def test_the_call_page_rendered_in_the_last_second_before_a_change_is_not_kept(client, call):
    page, stages = call
    with time_machine.travel(stages[StageKind.PRELIMINARY].opens_at - timedelta(milliseconds=500), tick=False):
        client.get(page.url)
        assert client.get(page.url).headers.get("X-Public-Cache") != "hit"


def test_the_call_page_changes_the_second_after_a_deadline_and_never_once_all_is_past(call):
    """A deadline's own second is still on time (``deadlines.has_passed``): teams are taken until it ends."""
    page, stages = call
    competition = page.competition
    assert changes_at(competition, now=CLOSES - timedelta(hours=1)) == CLOSES + timedelta(seconds=1)
    assert changes_at(competition, now=CLOSES + timedelta(milliseconds=500)) == CLOSES + timedelta(seconds=1)
    assert changes_at(competition, now=CLOSES + timedelta(seconds=1)) == stages[StageKind.PRELIMINARY].opens_at
    assert changes_at(competition, now=stages[StageKind.RESULTS].closes_at + timedelta(seconds=1)) is None
