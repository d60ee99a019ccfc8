"""Issue #14's algorithm track in a real browser, as a team would use it, with axe on every page.

A visitor reads the task and its public leaderboard (both languages). The team's captain signs in,
uploads a malformed prediction file (a precise error, nothing counted: the submissions left today
stay the same), then a valid one, which is scored (Celery runs eagerly here) and shows its public
score in the table the chart reads; on a phone the page does not scroll sideways. The hidden labels
appear nowhere in what the team is served.
"""

import re

import pytest
from playwright.sync_api import expect

from .support import MOBILE, log_in
from .test_accessibility import check

TEAM = "旅程算法队"
#: How many lines the text of the leaderboard cell holding exactly ``name`` takes.
TEXT_LINES = """(name) => {
    const cell = [...document.querySelectorAll("table td, table th")].find((c) => c.textContent.trim() === name);
    const range = document.createRange();
    range.selectNodeContents(cell);
    return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
}"""


@pytest.fixture
def track_cast(site_data):
    from tests.competition.algorithm.factories import IDS, entered_team, make_task
    from tests.competition.factories import running_competition
    from tests.factories import DEFAULT_PASSWORD, UserFactory

    competition = running_competition(year=2032)
    captain = UserFactory(email="captain@algo-journey.example.com")
    team = entered_team(competition=competition, created_by=captain, name=TEAM)  # its algorithm entry submitted
    task = make_task(competition, daily_limit=3)
    return {"task": task, "team": team, "captain": captain, "password": DEFAULT_PASSWORD, "ids": IDS}


def _csv(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_team_reads_the_task_submits_predictions_and_sees_its_score(track_cast, page, make_context, tmp_path):
    task, team = track_cast["task"], track_cast["team"]
    reports: list[str] = []
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)

    for language in ("zh-hans", "en"):
        page.goto(f"/{language}/competition/algorithm/{task.pk}/")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "运动想象解码" if language == "zh-hans" else "Motor imagery decoding"
        )
        check(page, f"algorithm-task-{language}", page.url, reports)

    log_in(page, track_cast["captain"].email, track_cast["password"], language="en")
    team_page = f"/en/dashboard/competition/teams/{team.pk}/algorithm/{task.pk}/"
    page.goto(team_page)
    main = page.get_by_role("main")
    expect(main).to_contain_text("3 submissions left today")
    check(page, "algorithm-team-empty-en", page.url, reports)

    # A file with an unknown trial: a precise error, and it does not count against the limit.
    malformed = _csv(tmp_path, "bad.csv", "trial_id,label\nT001,1\nNOPE,2\n")
    main.get_by_label("Predictions (CSV)").set_input_files(malformed)
    main.get_by_role("button", name="Upload").click()
    expect(main).to_contain_text("NOPE")
    expect(main).to_contain_text("3 submissions left today")
    check(page, "algorithm-team-error-en", page.url, reports)

    ids = track_cast["ids"]
    valid = _csv(tmp_path, "predictions.csv", "trial_id,label\n" + "".join(f"{i},1\n" for i in ids))
    main.get_by_label("Predictions (CSV)").set_input_files(valid)
    main.get_by_role("button", name="Upload").click()
    expect(page.locator(".message-success").first).to_contain_text("received")
    expect(main).to_contain_text("2 submissions left today")
    table = main.get_by_role("table")
    expect(table).to_contain_text("Scored")
    expect(table.locator("tbody tr").first.locator("td").nth(3)).to_have_text(re.compile(r"^-?\d\.\d{4}$"))
    check(page, "algorithm-team-scored-en", page.url, reports)
    source = page.content()
    assert "labels.csv" not in source and "hidden_labels" not in source

    page.goto(team_page.replace("/en/", "/zh-hans/", 1))
    expect(page.get_by_role("main")).to_contain_text("已评分")
    check(page, "algorithm-team-scored-zh-hans", page.url, reports)

    phone = make_context(viewport=MOBILE, is_mobile=True, has_touch=True).new_page()
    log_in(phone, track_cast["captain"].email, track_cast["password"], language="zh-hans")
    phone.goto(team_page.replace("/en/", "/zh-hans/", 1))
    width = phone.evaluate("() => document.documentElement.scrollWidth")
    assert width <= MOBILE["width"], f"the team's page scrolls sideways on a phone ({width} px)"
    check(phone, "algorithm-team-zh-hans-mobile", phone.url, reports)
    phone.screenshot(path="/tmp/algorithm-team-mobile.png", full_page=True)
    # The public leaderboard on a phone: its metric headers do not wrap, so the table squeezed the
    # team's column to one character and a Chinese name stood letter by letter ("旅/程/算/法/队").
    phone.goto(f"/zh-hans/competition/algorithm/{task.pk}/")
    assert phone.evaluate(TEXT_LINES, TEAM) == 1, "the team's name wraps in the leaderboard on a phone"

    assert not errors, f"server errors: {errors}"
    assert not reports, "axe-core found accessibility violations:\n\n" + "\n\n".join(reports)
