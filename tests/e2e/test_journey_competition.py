"""A team enters the competition in a real browser, a judge scores it there, staff advance it, award
it and publish the results; the public results page passes axe in both languages.

Staff's steps go through the services, as the admin's buttons do (the admin needs a TOTP
authenticator the browser does not have); the ranking they read is checked in
``tests/competition/test_results.py``.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .support import log_in, no_event_loop
from .test_accessibility import check

TITLE = "脑控轮椅导航（旅程测试）"


@pytest.fixture
def cast(site_data):
    from competition import rounds
    from competition.vocabulary import StageKind
    from tests.competition.factories import TeamFactory, running_competition
    from tests.factories import DEFAULT_PASSWORD, StaffFactory, UserFactory
    from tests.judging.factories import rubric_with

    competition = running_competition(year=2031)
    captain, judge, staff = UserFactory(), UserFactory(), StaffFactory()
    team = TeamFactory(competition=competition, created_by=captain, name="旅程测试团队")
    preliminary = competition.stages.get(kind=StageKind.PRELIMINARY)
    return {
        "competition": competition,
        "team": team,
        "captain": captain,
        "judge": judge,
        "staff": staff,
        "password": DEFAULT_PASSWORD,
        "preliminary": preliminary,
        "rounds": rounds,
        "rubric": rubric_with(1),
        "medical": competition.tracks.get(slug="medical"),
    }


def _team_submits(page, cast) -> None:
    log_in(page, cast["captain"].email, cast["password"], language="en")
    page.goto(f"/en/dashboard/competition/teams/{cast['team'].pk}/entries/new/")
    main = page.get_by_role("main")
    main.get_by_label("Title").fill(TITLE)
    main.get_by_label("Track").select_option(value=str(cast["medical"].pk))
    main.get_by_role("button", name="Create the draft").click()
    main.get_by_label("Summary").fill("用脑电控制轮椅在病房内导航。")
    main.get_by_label("Development stage").select_option(index=2)
    main.get_by_role("button", name="Save", exact=True).click()
    main.get_by_role("button", name="Submit the entry").click()
    expect(main).to_contain_text("submitted")


def _open_round(cast):
    from competition.models import Entry
    from competition.services import mark_eligible
    from portal.judging.models import Assignment, Panel

    entry = Entry.objects.get(title=TITLE)
    mark_eligible(staff=cast["staff"], entry=entry)
    judging_round, _report = cast["rounds"].open_round(
        actor=cast["staff"],
        stage=cast["preliminary"],
        track=entry.track,
        rubric=cast["rubric"],
        judges=[cast["judge"]],
        judges_per_item=1,
    )
    now = timezone.now()
    Panel.objects.filter(pk=judging_round.panel.pk).update(
        scoring_opens_at=now - datetime.timedelta(hours=1), scoring_closes_at=now + datetime.timedelta(days=1)
    )
    return entry, judging_round, Assignment.objects.get(judge=cast["judge"])


def test_a_team_enters_a_judge_scores_staff_publish_the_results(cast, page, make_context):
    from competition.results import services

    _team_submits(page, cast)
    with no_event_loop():
        entry, judging_round, assignment = _open_round(cast)

    judge_page = make_context().new_page()
    log_in(judge_page, cast["judge"].email, cast["password"], language="en")
    judge_page.goto(f"/en/judging/assignments/{assignment.pk}/")
    main = judge_page.get_by_role("main")
    main.get_by_label(re.compile(r"\(0–10, weight")).first.fill("8")
    main.get_by_role("button", name="Submit", exact=True).click()
    expect(main).to_contain_text("Submitted")

    with no_event_loop():
        final = cast["competition"].stages.get(kind="final")
        cast["rounds"].open_round(actor=cast["staff"], stage=final, track=entry.track, rubric=cast["rubric"])
        assert [a.entry_id for a in services.advance(actor=cast["staff"], judging_round=judging_round, top=1)] == [
            entry.pk
        ]
        services.record_award(actor=cast["staff"], entry=entry, prize_zh="一等奖", prize_en="First prize")
        services.publish_results(actor=cast["staff"], competition=cast["competition"])

    reports: list[str] = []
    visitor = make_context().new_page()
    for language, prize in (("zh-hans", "一等奖"), ("en", "First prize")):
        url = f"/{language}/competition/{cast['competition'].slug}/results/"
        response = visitor.goto(url)
        assert response.ok, f"{url}: HTTP {response.status}"
        expect(visitor.get_by_role("main")).to_contain_text(prize)
        expect(visitor.get_by_role("main")).to_contain_text(TITLE)
        check(visitor, f"competition-results-{language}", url, reports)
    assert not reports, "axe-core found accessibility violations:\n\n" + "\n\n".join(reports)
