"""Issue #13's journey in a real browser, every step by a person at a page.

A team enters and submits before the deadline (axe on its entry page in both languages). Staff,
signed in with their authenticator code, screen the entry eligible in the admin and open the
preliminary round with three judges: one shares the team captain's (non-public) e-mail domain,
so the engine's panel page names him and says why, and he gets no assignment. Two judges score
the entry, one of them on a phone (axe on the scorecard in both languages). Staff read the raw and
normalised ranks, open the final round, advance the top entry, record an award, publish the
results, download the XLSX export and read the audit trails of the entry and the competition.
The public results page passes axe in both languages.

Only the clock is set from Python: the preliminary stage (and so its panel's scoring window)
starts after the submission deadline, days from now.
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .support import MOBILE, log_in, log_in_with_code, no_event_loop
from .test_accessibility import check

TITLE = "脑控轮椅导航（旅程测试）"
TEAM_DOMAIN = "naokang-lab.cn"  # not a public mail provider: a shared domain is a tie
COMPETITION_EN = "2031 BCI Innovation Application Competition"
SCREENSHOTS = "/tmp"


@pytest.fixture
def cast(site_data):
    from competition.vocabulary import StageKind
    from tests.competition.factories import TeamFactory, running_competition
    from tests.factories import DEFAULT_PASSWORD, STAFF_TOTP_SECRET, StaffFactory, UserFactory
    from tests.judging.factories import rubric_with

    competition = running_competition(year=2031)
    captain = UserFactory(email=f"captain@{TEAM_DOMAIN}")
    team = TeamFactory(competition=competition, created_by=captain, name="旅程测试团队")
    staff = StaffFactory(preferred_language="en")
    secret = STAFF_TOTP_SECRET  # the factory's authenticator app
    return {
        "competition": competition,
        "team": team,
        "captain": captain,
        "judges": [UserFactory(email="wang.judge@example.com"), UserFactory(email="li.judge@example.com")],
        "conflicted": UserFactory(email=f"chen@{TEAM_DOMAIN}"),
        "staff": staff,
        "secret": secret,
        "password": DEFAULT_PASSWORD,
        "preliminary": competition.stages.get(kind=StageKind.PRELIMINARY),
        "final": competition.stages.get(kind=StageKind.FINAL),
        "rubric": rubric_with(1),
        "medical": competition.tracks.get(slug="medical"),
    }


def _watch(page, server_errors: list) -> None:
    page.on("response", lambda r: server_errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)


def _captain_drafts_an_entry(page, cast):
    """The captain creates the entry's draft and fills it in (not saved yet); the page's main region."""
    log_in(page, cast["captain"].email, cast["password"], language="en")
    page.goto(f"/en/dashboard/competition/teams/{cast['team'].pk}/entries/new/")
    main = page.get_by_role("main")
    main.get_by_label("Title").fill(TITLE)
    main.get_by_label("Track").select_option(value=str(cast["medical"].pk))
    main.get_by_role("button", name="Create the draft").click()
    main.get_by_label("Summary").fill("用脑电控制轮椅在病房内导航。")
    main.get_by_label("Development stage").select_option(index=2)
    return main


def _team_submits(page, cast, reports) -> None:
    main = _captain_drafts_an_entry(page, cast)
    main.get_by_role("button", name="Save", exact=True).click()
    main.get_by_role("button", name="Submit the entry").click()
    expect(main).to_contain_text("submitted")
    entry_url = page.url
    check(page, "competition-entry-en", entry_url, reports)
    page.goto(entry_url.replace("/en/", "/zh-hans/", 1))
    expect(page.get_by_role("main")).to_contain_text(TITLE)
    check(page, "competition-entry-zh-hans", page.url, reports)


def _staff_signs_in(page, cast) -> None:
    log_in_with_code(page, cast["staff"].email, cast["password"], cast["secret"])


def _open_round(page, cast, stage, judges=(), judges_per_entry: int = 2) -> None:
    page.goto(f"/admin/competition-results/{cast['competition'].pk}/")
    page.get_by_role("link", name="Open a judging round").click()
    page.get_by_label("Stage").select_option(value=str(stage.pk))
    page.get_by_label("Track").select_option(value=str(cast["medical"].pk))
    page.get_by_label("Rubric").select_option(value=str(cast["rubric"].pk))
    page.get_by_label("Judges", exact=True).fill("\n".join(judge.email for judge in judges))
    page.get_by_label("Judges per entry").fill(str(judges_per_entry))
    page.get_by_role("button", name="Open the round and assign judges").click()
    expect(page.get_by_text("The round is open:")).to_be_visible()


def _judge_scores(page, judge, password, entry, language: str, score: str, reports) -> None:
    """The judge finds the entry on the dashboard, checks the scorecard with axe, scores and submits.

    The preliminary review is blind: the entry goes by its number, the team is not named.
    """
    log_in(page, judge.email, password, language=language)
    page.goto(f"/{language}/judging/")
    page.get_by_role("main").get_by_role("link", name=re.compile(rf"\b{entry.pk}$")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(str(entry.pk))
    expect(page.get_by_role("main")).not_to_contain_text("旅程测试团队")
    check(page, f"judging-scorecard-{language}", page.url, reports)
    main = page.get_by_role("main")
    main.locator("input.score-input").first.fill(score)
    main.get_by_role("button", name=re.compile(r"^\s*(Submit|提交)\s*$")).click()
    expect(main.locator(".message-success[role=status]")).to_be_visible()  # "Submitted …, locked"
    expect(main.locator("input.score-input").first).to_be_disabled()


def test_a_team_enters_judges_score_staff_advance_award_publish_and_export(cast, page, make_context):
    from openpyxl import load_workbook

    from competition.models import Entry, JudgingRound
    from portal.judging.models import Assignment, Panel

    server_errors: list[str] = []
    reports: list[str] = []
    _watch(page, server_errors)

    # 1. The team enters and submits before the deadline.
    _team_submits(page, cast, reports)
    with no_event_loop():
        entry = Entry.objects.get(title=TITLE)
        assert entry.status == "submitted"

    # 2. Staff screen the entry eligible and open the preliminary round with three judges.
    staff = make_context().new_page()
    _watch(staff, server_errors)
    _staff_signs_in(staff, cast)
    staff.goto(f"/admin/competition_entries/inspect/{entry.pk}/")
    staff.get_by_role("link", name="Eligible", exact=True).click()
    staff.get_by_role("button", name="Eligible", exact=True).click()
    expect(staff.get_by_text("is eligible and goes before its judges; the team is being notified.")).to_be_visible()

    _open_round(staff, cast, cast["preliminary"], judges=[*cast["judges"], cast["conflicted"]])
    # The engine's panel page: loads, and the conflicted judge with the reason.
    expect(staff.get_by_role("heading", name="Judges", exact=True)).to_be_visible()
    conflicts = staff.get_by_role("row").filter(has_text=TITLE)
    expect(conflicts).to_contain_text(cast["conflicted"].email)
    expect(conflicts).to_contain_text(f"The judge's e-mail address is at {TEAM_DOMAIN}, like one of its people's.")
    for judge in cast["judges"]:
        expect(conflicts).to_contain_text(judge.email)
    staff.screenshot(path=f"{SCREENSHOTS}/competition-panel.png", full_page=True)
    with no_event_loop():
        preliminary = JudgingRound.objects.get(stage=cast["preliminary"], track=cast["medical"])
        assert not Assignment.objects.filter(judge=cast["conflicted"]).exists()
        assert set(Assignment.objects.filter(item__panel=preliminary.panel).values_list("judge", flat=True)) == {
            judge.pk for judge in cast["judges"]
        }
        # The preliminary review starts after the submission deadline: move its clock to now.
        now = timezone.now()
        Panel.objects.filter(pk=preliminary.panel.pk).update(
            scoring_opens_at=now - datetime.timedelta(hours=1), scoring_closes_at=now + datetime.timedelta(days=1)
        )

    # 3. Two judges score: one at a desk in English, one on a phone in Chinese.
    desk = make_context().new_page()
    _watch(desk, server_errors)
    _judge_scores(desk, cast["judges"][0], cast["password"], entry, "en", "8", reports)
    phone = make_context(viewport=MOBILE, is_mobile=True, has_touch=True).new_page()
    _watch(phone, server_errors)
    _judge_scores(phone, cast["judges"][1], cast["password"], entry, "zh-hans", "6", reports)

    # 4. Staff read the ranking, open the final, advance, award, publish, export.
    staff.goto(f"/admin/competition-results/rounds/{preliminary.pk}/")
    ranking = staff.locator("table.listing").first
    for column in ("Raw mean", "Raw rank", "Normalised mean", "Normalised rank"):
        expect(ranking.get_by_role("columnheader", name=column, exact=True)).to_be_visible()
    row = ranking.get_by_role("row").filter(has_text=TITLE)
    expect(row).to_contain_text("70.00")  # (80 + 60) / 2 on the 0–100 scale
    expect(row).to_contain_text("0.000")  # one scorecard per judge: each z-score counts 0
    expect(staff.get_by_role("main")).to_contain_text("Progress: 2 of 2 scorecards submitted (100%).")
    # Beside the English headings (kept on one line by Wagtail) the entry's column once shrank to
    # four Chinese characters a line; the headings wrap now and the entry keeps 13rem.
    assert row.get_by_role("cell").nth(1).bounding_box()["width"] >= 13 * 16
    staff.screenshot(path=f"{SCREENSHOTS}/competition-ranking.png", full_page=True)

    # The header names the round and leads back to its competition (breadcrumbs).
    expect(staff.get_by_role("navigation", name="Breadcrumb")).to_contain_text("Preliminary review")
    staff.get_by_role("button", name="Toggle breadcrumbs").click()  # Wagtail folds them in the header
    staff.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name=COMPETITION_EN, exact=True).click()
    expect(staff.get_by_role("heading", name="Judging rounds")).to_be_visible()

    _open_round(staff, cast, cast["final"])
    staff.goto(f"/admin/competition-results/rounds/{preliminary.pk}/")
    advance = staff.locator("form").filter(has=staff.get_by_role("button", name="Advance", exact=True))
    advance.get_by_label("Advance the top N of this track").fill("1")
    advance.get_by_role("button", name="Advance", exact=True).click()
    expect(staff.get_by_text("1 entries advanced.")).to_be_visible()
    row = staff.locator("table.listing").first.get_by_role("row").filter(has_text=TITLE)
    expect(row.get_by_role("cell", name="Yes", exact=True)).to_be_visible()

    row.get_by_role("link", name="Award", exact=True).click()
    staff.get_by_label("Prize (Chinese)").fill("一等奖")
    staff.get_by_label("Prize (English)").fill("First prize")
    staff.get_by_role("button", name="Record the award").click()
    expect(staff.get_by_text("The award is recorded.")).to_be_visible()
    with no_event_loop():  # results are published after the submission deadline: move it behind us
        from tests.competition.factories import close_submissions

        close_submissions(cast["competition"])
    staff.get_by_role("link", name="Publish the results…").click()  # what publishing does, then the button
    expect(staff.get_by_text("It cannot be undone: the teams are told at once.")).to_be_visible()
    staff.get_by_role("button", name="Yes, publish the results").click()
    expect(staff.get_by_text("The results are published.")).to_be_visible()

    with staff.expect_download() as download:
        staff.get_by_role("link", name="Export entries, scores and results (XLSX)").click()
    assert download.value.suggested_filename == f"{cast['competition'].slug}-results.xlsx"
    with open(download.value.path(), "rb") as exported:
        workbook = load_workbook(exported)
    assert workbook.sheetnames == ["Entries", "Scores", "Scores per judge", "Results"]
    sheets = {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in workbook}
    assert any(TITLE in row for row in sheets["Entries"])
    assert sum(TITLE in row for row in sheets["Scores per judge"]) == 2  # the two judges' scorecards
    assert any(TITLE in row and "First prize" in row for row in sheets["Results"])  # in the staff's language

    # The audit trail: the entry's steps on its page, the round and the publication on the competition's.
    staff.get_by_role("row").filter(has_text=TITLE).get_by_role("link", name="Audit trail").click()
    trail = staff.get_by_role("main")
    for step in (
        "Entry submitted",
        "Screened: eligible",
        "Judge assigned",
        "Scorecard submitted",
        "Entry advanced to the next stage",
        "Award recorded",
    ):
        expect(trail.get_by_role("cell", name=step, exact=True).first).to_be_visible()
    expect(trail.get_by_role("cell", name="Scorecard submitted", exact=True)).to_have_count(2)
    assert cast["conflicted"].email not in trail.inner_text()
    staff.goto(f"/admin/competition-results/{cast['competition'].pk}/trail/")
    for step in ("Judging round opened", "Results published", "Award recorded"):
        expect(staff.get_by_role("main").get_by_role("cell", name=step, exact=True).first).to_be_visible()

    # 5. The public results page, in both languages.
    visitor = make_context().new_page()
    _watch(visitor, server_errors)
    for language, prize in (("zh-hans", "一等奖"), ("en", "First prize")):
        url = f"/{language}/competition/{cast['competition'].slug}/results/"
        response = visitor.goto(url)
        assert response.ok, f"{url}: HTTP {response.status}"
        expect(visitor.get_by_role("main")).to_contain_text(prize)
        expect(visitor.get_by_role("main")).to_contain_text(TITLE)
        check(visitor, f"competition-results-{language}", url, reports)

    assert not reports, "axe-core found accessibility violations:\n\n" + "\n\n".join(reports)
    assert server_errors == []


def test_submitting_after_ones_own_autosave_is_no_conflict(cast, page):
    """The autosave moved the edit form on to the version it saved but left the submit button's at
    the page's: submitting then said someone in the team had saved the entry meanwhile, when only
    the member's own autosave had. The clock is Playwright's: the 30-second autosave runs at once."""
    from competition.models import Entry

    page.clock.install()
    main = _captain_drafts_an_entry(page, cast)
    page.clock.run_for(31_000)
    expect(main.locator(".competition-autosave-status")).to_have_text("Draft saved automatically.")
    main.get_by_role("button", name="Submit the entry").click()
    expect(main).to_contain_text("The entry is submitted.")
    with no_event_loop():
        assert Entry.objects.get(title=TITLE).status == "submitted"


def test_an_autosave_that_gets_no_answer_says_the_draft_is_not_saved(cast, page):
    """A 413 (an HTML page) after a first autosave: the script could not read it and the page went on
    saying "Draft saved automatically." while the change was not saved."""
    page.clock.install()
    main = _captain_drafts_an_entry(page, cast)
    page.clock.run_for(31_000)
    expect(main.locator(".competition-autosave-status")).to_have_text("Draft saved automatically.")
    page.route("**/autosave/", lambda route: route.fulfill(status=413, body="<h1>Too large</h1>"))
    main.get_by_label("Summary").fill("改过的摘要。")
    page.clock.run_for(31_000)
    expect(main.locator(".competition-autosave-status")).to_have_text(
        "Not saved automatically: save the page with the button below."
    )
