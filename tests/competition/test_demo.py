"""The demo competition: 2026 running (3 tracks, ≥ 60 entries, submission closed, preliminary running),
the call page in both languages, introduced by the menu's editorial page, the team member's login;
2025 finished; a second run creates nothing.

The preliminary review: a round per track, ≥ 12 judges (accounts at their institutions' domains, with
expertise), conflicts of every kind detected and never assigned, loads within one, part of the
scorecards submitted, and the demo judge login scoring competition entries on its dashboard."""

import re
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation

from competition import deadlines, queries, services
from competition.demo.entries import captain_email
from competition.demo.judging import DATA as JUDGING
from competition.models import AlgorithmTask, Competition, CompetitionPage, Entry, JudgingRound, Team, TeamMembership
from competition.vocabulary import EntryStatus, StageKind, TeamRole
from portal.demo import clock
from portal.demo.people import is_conventional
from portal.demo.registry import DEMO_DOMAIN, demo_email
from portal.demo.users import DEMO_USERS
from portal.judging import services as engine
from portal.judging.models import Assignment, ConflictDeclaration, Item, JudgeProfile, PanelJudge, Scorecard
from portal.judging.vocabulary import ScorecardStatus
from portal.models import NewsPage, StandardPage, User
from tests.accounts.conftest import sign_in
from tests.portal.test_load_demo import PASSWORD, demo, run_load_demo  # noqa: F401

CJK = re.compile(r"[\u3400-\u9fff]")
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.django_db
def test_the_news_of_the_call_says_the_dates_of_the_edition_as_loaded(demo, client):  # noqa: F811
    """The running edition's dates move by whole weeks with the loading day; its news names them as loaded."""
    competition = Competition.objects.get(year=2026)
    submission, final = competition.stage(StageKind.SUBMISSION), competition.stage(StageKind.FINAL)
    closes_day, closes = clock.in_words(submission.closes_at), clock.in_words(submission.closes_at, time=True)
    final_month = clock.month_in_words(final.opens_at)
    for language in ("zh-hans", "en"):
        news = NewsPage.objects.get(slug="competition-2026-call", locale__language_code=language)
        assert closes_day[language] in news.summary
        assert closes[language] in str(news.body) and final_month[language] in str(news.body)
        assert news.date == timezone.localtime(submission.opens_at, SHANGHAI).date()
        assert closes[language] in client.get(news.url).text


def test_the_running_competition(demo, db):  # noqa: F811
    competition = Competition.objects.get(year=2026)
    assert competition.tracks.count() == 3
    assert {track.name_zh for track in competition.tracks.all()} == {"医疗健康", "消费与非侵入式应用", "算法"}
    entries = Entry.objects.filter(competition=competition)
    assert entries.count() >= 60
    assert (
        entries.filter(status=EntryStatus.SUBMITTED).exists() and entries.filter(status=EntryStatus.ELIGIBLE).exists()
    )
    assert all(entry.submitted_at <= competition.submission_deadline for entry in entries.exclude(submitted_at=None))
    assert entries.filter(status=EntryStatus.INELIGIBLE).exclude(screening_note="").exists()
    # 2025: each track's first and second prize.
    awarded = Entry.objects.filter(competition__year=2025, status=EntryStatus.AWARDED)
    assert awarded.count() == 6
    assert sorted(awarded.values_list("awards__rank", flat=True)) == [1, 1, 1, 2, 2, 2]


def test_the_team_members_login(demo, db):  # noqa: F811
    member = User.objects.get(email=demo_email("team-member"))
    assert member.has_usable_password()
    # One team per person and edition: captain of a 2026 team, member of a 2025 winner.
    memberships = TeamMembership.objects.filter(user=member)
    assert sorted(memberships.values_list("team__competition__year", "role")) == [(2025, "member"), (2026, "captain")]
    assert memberships.get(team__competition__year=2025).team.entries.filter(status=EntryStatus.AWARDED).exists()
    # Nobody in the demo is in two teams of one edition (the judges' people included).
    per_edition = TeamMembership.objects.values("user", "team__competition").annotate(teams=Count("pk"))
    assert not per_edition.filter(teams__gt=1).exists()
    # Listed with the portal's demo accounts (portal.demo.users.ensure_account); the demo teams'
    # captains are not accounts anyone signs in with.
    listed = int(re.search(r"(\d+) demo accounts exist", demo["output"]).group(1))
    assert listed >= len(DEMO_USERS) + 1
    assert not User.objects.get(email=captain_email(2)).has_usable_password()


@pytest.mark.django_db
def test_the_call_page_renders_in_both_languages(demo, client):  # noqa: F811
    for language in ("zh-hans", "en"):
        page = CompetitionPage.objects.live().get(locale__language_code=language)
        with translation.override(language):
            response = client.get(page.url)
        html = response.content.decode()
        assert response.status_code == 200
        deadline = timezone.localtime(page.competition.submission_deadline, SHANGHAI)
        assert "Asia/Shanghai" in html and f"{deadline:%Y-%m-%d %H:%M:%S}" in html
        assert "data-countdown" in html and "<script>" not in html


@pytest.mark.django_db
def test_the_timeline_counts_down_to_a_stage_ahead_opening_and_the_running_one_closing(demo, client):  # noqa: F811
    """The final, weeks ahead, counted down to its closing beside "Closes", as if it were open."""
    page = CompetitionPage.objects.live().get(locale__language_code="zh-hans")
    stages = {stage.kind: stage for stage in page.competition.stages.all()}
    with translation.override("zh-hans"):
        html = client.get(page.url).content.decode()
    countdowns = re.findall(r'data-countdown="([^"]+)"', html)
    final, preliminary = stages[StageKind.FINAL], stages[StageKind.PRELIMINARY]
    assert deadlines.iso_utc(final.opens_at) in countdowns and deadlines.iso_utc(final.closes_at) not in countdowns
    assert deadlines.iso_utc(preliminary.closes_at) in countdowns
    assert deadlines.iso_utc(stages[StageKind.SUBMISSION].closes_at) not in countdowns  # past
    assert 'data-closed="已开始。"' in html


@pytest.mark.django_db
def test_the_menu_leads_to_the_running_call_and_the_call_back_to_the_editorial_page(demo, client):  # noqa: F811
    """A visitor's way in: the main menu's competition entry opens the running call; the call links back."""
    for language, about in (("zh-hans", "关于：创新应用大赛"), ("en", "About: Innovation application competition")):
        call = CompetitionPage.objects.live().get(locale__language_code=language)
        introduction = StandardPage.objects.get(locale__language_code=language, slug="competition")
        assert introduction.list_page_id == call.pk and introduction.show_in_menus
        home = client.get(f"/{language}/").content.decode()
        assert f'href="{call.url}"' in home  # the menu entry
        response = client.get(introduction.url)
        assert response.status_code == 200 and f'href="{call.url}"' in response.content.decode()
        call_html = client.get(call.url).content.decode()
        assert f'href="{introduction.url}"' in call_html and about in call_html


@pytest.mark.django_db
def test_the_algorithm_task_is_reached_from_the_call_and_from_each_team_page(demo, client):  # noqa: F811
    """The public task and leaderboard from the call's track; a team's own task page from the team's page."""
    task = AlgorithmTask.objects.get(track__competition__year=2026)
    for language, label in (("zh-hans", "赛题、数据与排行榜"), ("en", "The task, its data and the leaderboard")):
        call = CompetitionPage.objects.live().get(locale__language_code=language)
        with translation.override(language):
            task_url = task.get_absolute_url()
        assert f'<a href="{task_url}">{label}</a>' in client.get(call.url).content.decode()
        assert client.get(task_url).status_code == 200

    member = User.objects.get(email=demo_email("team-member"))
    client.force_login(member)
    team = Team.objects.filter(memberships__user=member, competition=task.track.competition).first()
    with translation.override("en"):
        team_url, team_task = (
            team.get_absolute_url(),
            reverse("competition:algorithm_team_task", args=[team.pk, task.pk]),
        )
    assert f'href="{team_task}"' in client.get(team_url).content.decode()
    assert client.get(team_task).status_code == 200


@pytest.mark.django_db
def test_the_finished_edition_shows_its_winners_to_everyone(demo, client):  # noqa: F811
    """The 2025 edition is over: its results page is public and its winners are found by the search."""
    winners = list(Entry.objects.filter(competition__year=2025, awards__isnull=False).select_related("track"))
    assert winners and {entry.track_id for entry in winners} == set(
        Competition.objects.get(year=2025).tracks.values_list("pk", flat=True)
    )
    for language, prize in (("zh-hans", "一等奖"), ("en", "First prize")):
        with translation.override(language):
            response = client.get(reverse("competition:results", kwargs={"slug": "bci-2025"}))
        html = response.content.decode()
        assert response.status_code == 200 and prize in html
        assert all(entry.title in html for entry in winners)
    call = CompetitionPage.objects.live().get(locale__language_code="en")
    with translation.override("en"):
        results = reverse("competition:results", kwargs={"slug": "bci-2025"})
    assert (
        f'<a href="{results}">2025 BCI Innovation Application Competition: the winners</a>' in client.get(call.url).text
    )
    response = client.get("/zh-hans/search/", {"q": winners[0].title, "type": "competition_entry"})
    hits = [(hit.doc_type, hit.object_id) for hit in response.context["result"].hits]
    assert ("competition_entry", str(winners[0].pk)) in hits  # the title is highlighted: asked of the results


@pytest.mark.django_db
def test_the_finished_editions_results_were_published_when_its_results_stage_opened(demo, client):  # noqa: F811
    """Not on the day the demo was loaded: the results page said a 2025 edition's results came out today."""
    with translation.override("en"):
        html = client.get(reverse("competition:results", kwargs={"slug": "bci-2025"})).text
    assert "Published on 2025-12-19." in html


def _panels():
    rounds = JudgingRound.objects.filter(stage__competition__year=2026, stage__kind=StageKind.PRELIMINARY)
    return [judging_round.panel for judging_round in rounds.select_related("track").order_by("track__sort_order")]


def test_the_preliminary_review_has_a_round_per_track_and_twelve_judges_or_more(demo, db):  # noqa: F811
    panels = _panels()
    assert len(panels) == 3 and all(panel is not None for panel in panels)
    judges = User.objects.filter(pk__in=PanelJudge.objects.filter(panel__in=panels).values("user_id"))
    assert judges.count() >= 12
    assert judges.filter(email=demo_email("judge")).exists()
    # Their own addresses, at hospitals', universities' and investors' domains; each named in one script
    # (portal.demo.people): "顾建国", "Sarah Whitfield", never "顾建国 Gu Jianguo" or "Prof. Sarah Whitfield".
    domains = {user.email.rpartition("@")[2] for user in judges} - {DEMO_DOMAIN}
    assert len(domains) >= 10 and {"pujiang-fund.example", "binhai-neuro.example"} <= domains
    names = [user.display_name for user in judges]
    assert not [name for name in names if not is_conventional(name)]
    assert not [name for name in names if CJK.search(name) and re.search("[A-Za-z]", name)]
    assert sum(bool(CJK.search(name)) for name in names) >= 10 and "Sarah Whitfield" in names
    profiles = JudgeProfile.objects.filter(user__in=judges).exclude(expertise=[])
    assert profiles.count() >= 12
    for panel in panels:
        assert panel.blind and panel.judges_per_item == JUDGING["judges_per_item"]
        eligible = Entry.objects.filter(track=panel.owner.track, status=EntryStatus.ELIGIBLE)
        assert set(panel.items.values_list("subject_id", flat=True)) == set(eligible.values_list("pk", flat=True))


def test_conflicts_of_every_kind_are_detected_and_never_assigned(demo, db):  # noqa: F811
    reasons = []
    with translation.override("en"):
        for panel in _panels():
            found = engine.conflicts(panel)
            assigned = set(Assignment.objects.filter(item__panel=panel).values_list("judge_id", "item_id"))
            assert found and not (set(found) & assigned)
            # Every entry still has its judges: the conflicted pairs were planned around.
            counts = Counter(Assignment.objects.filter(item__panel=panel).values_list("item_id", flat=True))
            assert set(counts.values()) == {panel.judges_per_item}
            assert len(counts) == Item.objects.filter(panel=panel).count()
            reasons += [reason for pair_reasons in found.values() for reason in pair_reasons]
    text = "\n".join(reasons)
    assert "The judge belongs to Shanghai Binhai Neuromedical Centre, which is behind it." in text
    assert "both belong to Pudong Institute of Brain and Intelligence Sciences" in text
    assert "The judge declared a tie with Jingmai Interventional Medical" in text
    assert "The judge declared a tie with one of its people." in text
    assert "e-mail address is at bme.hudong-univ.example" in text
    assert ConflictDeclaration.objects.filter(judge__email__endswith=".example").count() >= 3


def test_the_automatic_assignment_balances_the_loads(demo, db):  # noqa: F811
    for panel in _panels():
        assert set(Assignment.objects.filter(item__panel=panel).values_list("source", flat=True)) == {"auto"}
        loads = Counter(Assignment.objects.filter(item__panel=panel).values_list("judge_id", flat=True))
        assert set(loads) == set(panel.judges.values_list("user_id", flat=True))
        assert max(loads.values()) - min(loads.values()) <= 1


def test_the_running_edition_is_in_its_review_on_the_day_it_is_loaded(demo, db):  # noqa: F811
    competition, now = Competition.objects.get(year=2026), timezone.now()
    stages = {stage.kind: stage for stage in competition.stages.all()}
    assert stages[StageKind.SUBMISSION].closes_at < now
    assert stages[StageKind.PRELIMINARY].opens_at <= now < stages[StageKind.PRELIMINARY].closes_at
    assert all(panel.scoring_is_open(now) for panel in _panels())
    # Entries were submitted in the submission window and screened before the review, as on ``as_of``.
    submission = stages[StageKind.SUBMISSION]
    for entry in Entry.objects.filter(competition=competition).exclude(submitted_at=None):
        assert submission.opens_at <= entry.submitted_at <= submission.closes_at
        assert entry.screened_at is None or submission.closes_at < entry.screened_at < now


def test_part_of_the_scorecards_is_submitted(demo, db):  # noqa: F811
    panels = _panels()
    assignments = Assignment.objects.filter(item__panel__in=panels)
    scorecards = Scorecard.objects.filter(assignment__in=assignments)
    submitted = scorecards.filter(status=ScorecardStatus.SUBMITTED)
    assert 0.4 <= submitted.count() / assignments.count() <= 0.7
    assert scorecards.filter(status=ScorecardStatus.DRAFT).exists()
    assert assignments.filter(scorecard__isnull=True).exists()
    for scorecard in submitted.select_related("assignment__item__panel__rubric"):
        assert scorecard.scores.count() == scorecard.assignment.item.panel.rubric.criteria.count()
        assert scorecard.recommendation and scorecard.comment and scorecard.submitted_at
    comments = list(submitted.values_list("comment", flat=True))
    assert any(CJK.search(c) for c in comments) and any(not CJK.search(c) for c in comments)
    # Scores differ from judge to judge (biases), so the normalised ranking means something.
    assert len(set(submitted.values_list("scores__value", flat=True))) >= 5


@pytest.mark.django_db
def test_the_judge_login_scores_competition_entries_on_its_dashboard(demo, client):  # noqa: F811
    judge = User.objects.get(email=demo_email("judge"))
    mine = Assignment.objects.filter(judge=judge, item__panel__in=_panels())
    assert mine.count() >= 10
    assert not Scorecard.objects.filter(assignment__in=mine, status=ScorecardStatus.SUBMITTED).exists()
    assert sign_in(client, judge.email, PASSWORD, language="en").status_code == 302
    html = client.get("/en/judging/").content.decode()
    assert "Medical and health" in html and "Algorithm" in html
    assignment = mine.order_by("pk").first()
    page = client.get(f"/en/judging/assignments/{assignment.pk}/")
    assert page.status_code == 200
    entry = Entry.objects.get(pk=assignment.item.subject_id)
    assert entry.team.name not in page.content.decode()  # the preliminary review is blind


def test_second_run_creates_no_entry(demo, db):  # noqa: F811
    models = (Entry, Team, CompetitionPage, User, JudgingRound, PanelJudge, Assignment, Scorecard, ConflictDeclaration)
    before = [model.objects.count() for model in models]
    output = run_load_demo()
    assert [model.objects.count() for model in models] == before
    assert "nothing changed" in output


@pytest.mark.django_db
def test_the_algorithm_tasks_page_leads_back_to_its_call_page(demo, client):  # noqa: F811
    """The task's page once had no breadcrumbs: from the leaderboard, the menu was the only way out."""
    task = AlgorithmTask.objects.get(track__competition__year=2026)
    for language in ("zh-hans", "en"):
        call = CompetitionPage.objects.live().get(locale__language_code=language)
        with translation.override(language):
            html = client.get(reverse("competition:algorithm_task", args=[task.pk])).content.decode()
        assert f'<a href="{call.url}">{call.title}</a>' in html


@pytest.mark.django_db
def test_the_team_members_team_went_through_a_roster_history(demo, client):  # noqa: F811
    """Invited, joined, an invitation withdrawn, a member who left, the captaincy handed over and back:
    made through the team services during the submission stage, shown on the team page in both languages."""
    member = User.objects.get(email=demo_email("team-member"))
    team = Team.objects.get(competition__year=2026, memberships__user=member)
    events, _more = queries.roster_history(team, show_addresses=True)
    assert Counter(event.kind for event in events) == {"joined": 3, "withdrawn": 1, "left": 1, "captain": 2}
    stages = {stage.kind: stage for stage in team.competition.stages.all()}
    opens, closes = stages[StageKind.SUBMISSION].opens_at, stages[StageKind.SUBMISSION].closes_at
    assert all(opens <= event.at <= closes for event in events)
    assert all(9 <= timezone.localtime(event.at, SHANGHAI).hour < 18 for event in events)
    # The captaincy came back to the login; the one who left is gone, the invitation withdrawn says so.
    assert team.memberships.get(user=member).role == TeamRole.CAPTAIN
    assert sorted(team.memberships.values_list("user__first_name", flat=True)) == sorted(["吴桐", "郑嘉禾", "唐诗涵"])
    assert team.invitations.filter(withdrawn_at__isnull=False).count() == 1
    sign_in(client, member.email, PASSWORD)
    for language, words in (
        ("zh-hans", ("马一凡退出了团队。", "吴桐将队长移交给了郑嘉禾。", "吴桐撤回了发给mayifan@example.com的邀请。")),
        (
            "en",
            ("马一凡 left the team.", "吴桐 made 郑嘉禾 the team's captain.", "withdrew the invitation to mayifan@"),
        ),
    ):
        with translation.override(language):
            html = client.get(reverse("competition:team_detail", kwargs={"pk": team.pk})).text
        text = re.sub(r"<[^>]+>", "", html).replace("&#x27;", "'")
        missing = [word for word in words if word not in text]
        assert not missing, (language, missing)
    # The captain's buttons name the member in their label, as text: no markup inside the attribute.
    assert 'aria-label="Make 郑嘉禾 the captain"' in html and '郑嘉禾</span> the captain">' not in html


def test_second_run_adds_no_roster_change(demo, db):  # noqa: F811
    team = Team.objects.get(competition__year=2026, memberships__user__email=demo_email("team-member"))
    before = queries.roster_history(team, show_addresses=False)[0]
    run_load_demo()
    assert queries.roster_history(team, show_addresses=False)[0] == before


def test_an_entrys_summary_is_written_in_one_language(demo, db):  # noqa: F811
    """An entry is single-language (its team's Chinese): its summary held an English title ("…for ALS patients.")."""
    english = re.compile(r"[A-Za-z]+(?:[ ,-]+[A-Za-z]+){2,}")  # three English words in a row
    summaries = list(Entry.objects.values_list("summary", flat=True))
    assert summaries and not [summary for summary in summaries if english.search(summary)]
    assert all(CJK.search(summary) and summary.endswith("（演示数据）") for summary in summaries)


def test_each_track_asks_its_own_questions_and_its_entries_answer_them(demo, db):  # noqa: F811
    """The algorithm track's entries were asked the device tracks' questions (BCI type, a development stage
    up to type inspection). An algorithm entry is asked for its method, data sets and reproducible code;
    each demo entry answers its own track's questions, and every submitted one all that they require."""
    for competition in Competition.objects.all():
        questions = {track.kind: set(track.fields.values_list("key", flat=True)) for track in competition.tracks.all()}
        assert {"method", "dataset", "repository"} <= questions["algorithm"]
        assert not {"bci_type", "stage"} & questions["algorithm"]
        assert {"bci_type", "stage"} <= questions["medical"] & questions["consumer"]
        for entry in Entry.objects.filter(competition=competition).select_related("track"):
            assert set(entry.answers) <= questions[entry.track.kind], entry.title
            if entry.status != EntryStatus.DRAFT:
                assert not services.missing_for_submit(entry), entry.title
