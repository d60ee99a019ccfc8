"""The demo competition: 2026 running (3 tracks, ≥ 60 entries, submission closed, preliminary running),
the call page in both languages, the team member's login; 2025 finished; a second run creates nothing."""

import re

import pytest
from django.utils import translation

from competition.models import Competition, CompetitionPage, Entry, Team
from competition.vocabulary import EntryStatus
from portal.demo.registry import demo_email
from portal.demo.users import DEMO_USERS
from portal.models import User
from tests.portal.test_load_demo import demo, run_load_demo  # noqa: F401


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
    assert Entry.objects.filter(competition__year=2025, status=EntryStatus.AWARDED).count() == 3


def test_the_team_members_login(demo, db):  # noqa: F811
    member = User.objects.get(email=demo_email("team-member"))
    assert member.has_usable_password()
    assert Team.objects.filter(memberships__user=member).count() == 2
    # Listed with the portal's demo accounts (portal.demo.users.ensure_account); the demo teams'
    # captains are not accounts anyone signs in with.
    listed = int(re.search(r"(\d+) demo accounts exist", demo["output"]).group(1))
    assert listed >= len(DEMO_USERS) + 1
    assert not User.objects.get(email=demo_email("team-02")).has_usable_password()


@pytest.mark.django_db
def test_the_call_page_renders_in_both_languages(demo, client):  # noqa: F811
    for language in ("zh-hans", "en"):
        page = CompetitionPage.objects.live().get(locale__language_code=language)
        with translation.override(language):
            response = client.get(page.url)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Asia/Shanghai" in html and "2026-11-20 18:00:00" in html
        assert "data-countdown" in html and "<script>" not in html


def test_second_run_creates_no_entry(demo, db):  # noqa: F811
    before = (Entry.objects.count(), Team.objects.count(), CompetitionPage.objects.count())
    run_load_demo()
    assert (Entry.objects.count(), Team.objects.count(), CompetitionPage.objects.count()) == before
