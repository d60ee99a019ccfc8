"""The team page's roster history (``queries.roster_history``, ``competition.teams.history``): the
team's members read who joined, left, was removed, became captain and which invitation was
withdrawn, newest first, in both languages; an invitation's address only on the captain's page; a
deleted account named as one; the latest 20 at a constant query count; nobody else reads it."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from competition import queries
from competition.models import TeamInvitation, TeamMembership
from competition.teams import history, roster, services
from portal import privacy
from tests.competition.factories import TeamFactory, running_competition
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _page(client, team, user, language="en"):
    client.force_login(user)
    with override(language):
        return client.get(reverse("competition:team_detail", args=[team.pk]))


def _history(response) -> list[str]:
    """The history's lines as read (marks and tags dropped, times left out)."""
    html = response.content.decode()
    section = html[html.index('id="roster-history"') :].split("</section>")[0]
    items = re.findall(r"<li>(.*?)</li>", section, re.S)
    return [" ".join(unescape(re.sub(r"<time.*?</time>|<[^>]+>", "", item)).split()).rstrip(" ·") for item in items]


def _join(team, user):
    invitation = TeamInvitation.objects.create(team=team, email=user.email, invited_by=team.created_by)
    services.accept_invitation(user=user, invitation=invitation)


def _membership(team, user):
    return TeamMembership.objects.get(team=team, user=user)


@pytest.fixture
def team():
    captain = UserFactory(first_name="王芳", last_name="")
    return TeamFactory(competition=running_competition(), created_by=captain, name="浦江言语解码队")


@pytest.fixture
def changed(team):
    """A roster that changed every way a member can read: joined, removed, captaincy, withdrawn, left."""
    captain = team.created_by
    wei = UserFactory(first_name="Wei", last_name="Li")
    lin, zhao = (UserFactory(first_name=name, last_name="") for name in ("陈琳", "赵磊"))
    for person in (wei, lin, zhao):
        _join(team, person)
    roster.remove_member(actor=captain, team=team, membership_id=_membership(team, lin).pk)
    invitation = services.invite_member(actor=captain, team=team, email="wrong.address@example.com")
    roster.withdraw_invitation(actor=captain, team=team, invitation_id=invitation.pk)
    roster.hand_over_captaincy(actor=captain, team=team, membership_id=_membership(team, wei).pk)
    roster.leave_team(actor=zhao, team=team)
    return {"captain": captain, "wei": wei, "lin": lin, "zhao": zhao}


def test_members_read_the_roster_history_newest_first_in_english(client, team, changed):
    assert _history(_page(client, team, changed["captain"])) == [
        "赵磊 left the team.",
        "王芳 made Wei Li the team's captain.",
        "王芳 withdrew an invitation.",  # the captain then; Wei Li is the captain now
        "陈琳 was removed from the team by 王芳.",
        "赵磊 joined the team.",
        "陈琳 joined the team.",
        "Wei Li joined the team.",
    ]


def test_members_read_the_roster_history_in_chinese(client, team, changed):
    lines = _history(_page(client, team, changed["captain"], language="zh-hans"))
    assert lines[:4] == [
        "赵磊退出了团队。",
        "王芳将队长移交给了Wei Li。",
        "王芳撤回了一份邀请。",
        "陈琳被王芳移出了团队。",
    ]
    assert lines[-1] == "Wei Li加入了团队。"


def test_the_names_are_marked_in_the_other_language(client, team, changed):
    html = _page(client, team, changed["captain"]).content.decode()
    assert '<span lang="zh-Hans">陈琳</span> was removed from the team by <span lang="zh-Hans">王芳</span>.' in html


def test_a_withdrawn_invitations_address_is_the_captains_only(client, team, changed):
    captain_page = _page(client, team, changed["wei"]).content.decode()  # Wei Li is the captain now
    assert "王芳 withdrew the invitation to wrong.address@example.com." in _history(_page(client, team, changed["wei"]))
    assert "wrong.address@example.com" in captain_page
    member_page = _page(client, team, changed["captain"])  # 王芳 withdrew it, but is a member now
    assert "王芳 withdrew an invitation." in _history(member_page)
    assert "wrong.address" not in member_page.content.decode()


def test_an_invitation_withdrawn_from_a_deleted_account_keeps_no_address(client, team):
    invitee = UserFactory(email="going.away@example.com")
    invitation = services.invite_member(actor=team.created_by, team=team, email=invitee.email)
    roster.withdraw_invitation(actor=team.created_by, team=team, invitation_id=invitation.pk)
    assert "王芳 withdrew the invitation to going.away@example.com." in _history(_page(client, team, team.created_by))
    privacy.delete_account(actor=invitee, account=invitee, confirm_email=invitee.email)
    page = _page(client, team, team.created_by)
    assert _history(page) == ["王芳 withdrew an invitation."]
    assert "going.away" not in page.content.decode()  # the log's own copy of the address is never read


@pytest.mark.parametrize(
    ("language", "removed", "handed_over"),
    [
        (
            "en",
            "A deleted account was removed from the team by 王芳.",
            "A deleted account made Wei Li the team's captain.",
        ),
        ("zh-hans", "已注销的账号被王芳移出了团队。", "已注销的账号将队长移交给了Wei Li。"),
    ],
)
def test_a_deleted_account_is_named_as_one(client, team, changed, language, removed, handed_over):
    lin, captain = changed["lin"], changed["captain"]
    privacy.delete_account(actor=lin, account=lin, confirm_email=lin.email)  # removed, then gone
    assert removed in _history(_page(client, team, changed["wei"], language=language))
    privacy.delete_account(actor=captain, account=captain, confirm_email=captain.email)  # handed over, then gone
    lines = _history(_page(client, team, changed["wei"], language=language))
    assert handed_over in lines and len(lines) == 8  # and the account, gone, left the team


def test_the_history_of_a_team_without_changes_says_so(client, team):
    with override("zh-hans"):
        assert "团队成员尚无变动。" in _page(client, team, team.created_by, "zh-hans").content.decode()
    assert _history(_page(client, team, team.created_by)) == []


def test_a_non_member_and_a_removed_member_do_not_see_the_page(client, team, changed):
    assert _page(client, team, UserFactory()).status_code == 404
    assert _page(client, team, changed["lin"]).status_code == 404  # removed
    assert _page(client, team, changed["zhao"]).status_code == 404  # left
    assert _page(client, team, changed["wei"]).status_code == 200


def _queries(client, team) -> int:
    _page(client, team, team.created_by)  # the first request of a session fills caches
    with CaptureQueriesContext(connection) as captured:
        assert _page(client, team, team.created_by).status_code == 200
    return len(captured)


def _churn(team, times: int) -> None:
    for _ in range(times):
        person = UserFactory()
        _join(team, person)
        roster.remove_member(actor=team.created_by, team=team, membership_id=_membership(team, person).pk)


def test_the_latest_changes_are_shown_at_the_same_query_count_for_few_and_many(client, django_assert_num_queries):
    few, many = (TeamFactory(competition=running_competition()) for _ in range(2))
    _churn(few, 1)
    _churn(many, 15)
    assert _queries(client, few) == _queries(client, many)
    with django_assert_num_queries(2):  # the log's entries with their actors, then the people they concerned
        events, older = queries.roster_history(many, show_addresses=True)
    assert len(events) == history.SHOWN and older
    page = _page(client, many, many.created_by)
    assert len(_history(page)) == history.SHOWN
    assert f"Only the latest {history.SHOWN} changes are shown." in page.content.decode()
    assert "Only the latest" not in _page(client, few, few.created_by).content.decode()


def test_the_history_reads_one_team_only(client, team, changed):
    other = TeamFactory(competition=team.competition)
    _churn(other, 2)
    assert len(_history(_page(client, team, changed["wei"]))) == 7
    assert len(_history(_page(client, other, other.created_by))) == 4


def test_a_member_who_deletes_their_account_is_read_as_gone_and_the_captaincy_as_passed_on(client, team):
    first, later = UserFactory(first_name="Wei", last_name="Li"), UserFactory(first_name="陈琳", last_name="")
    _join(team, first)
    _join(team, later)
    privacy.delete_account(actor=later, account=later, confirm_email=later.email)
    assert _history(_page(client, team, first))[0] == "A deleted account left the team."
    captain = team.created_by
    privacy.delete_account(actor=captain, account=captain, confirm_email=captain.email)  # first takes over
    assert _history(_page(client, team, first, language="zh-hans"))[:3] == [
        "已注销的账号退出了团队。",
        "已注销的账号将队长移交给了Wei Li。",
        "已注销的账号退出了团队。",
    ]
    page = _page(client, team, first).content.decode()
    assert captain.email not in page and later.email not in page and "陈琳" not in page
