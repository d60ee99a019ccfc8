"""A team's roster changes (``competition.teams.roster``): a member leaves (after a confirmation page),
the captain removes a member, withdraws an invitation, hands over the captaincy and deletes a team
alone in it without entries; nothing of it once the submission deadline fixed the roster; each change
logged; repeats answered kindly; the team page shows each role its buttons at a constant query count."""

from html import unescape

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import override
from wagtail.models import ModelLogEntry

from competition.models import Entry, Team, TeamInvitation, TeamMembership
from competition.teams import audit, roster, services
from competition.teams.forms import InvitationForm
from tests.competition.factories import EntryFactory, TeamFactory, add_member, close_submissions, running_competition
from tests.factories import MembershipFactory, UserFactory
from tests.matrix import creation_token

pytestmark = pytest.mark.django_db

WITHDRAWN = {
    "en": "This invitation was withdrawn by the team's captain: it can no longer be accepted.",
    "zh-hans": "此邀请已被队长撤回，无法再接受。",
}


def _url(name, team, *args, language="en"):
    with override(language):
        return reverse(f"competition:{name}", args=[team.pk, *args])


def _membership(team, user) -> TeamMembership:
    return TeamMembership.objects.get(team=team, user=user)


def _logged(action, **data):
    return ModelLogEntry.objects.filter(action=action, **{f"data__{key}": value for key, value in data.items()})


def _texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def team():
    return TeamFactory(competition=running_competition(), name="浦江言语解码队")


# --- leave ---------------------------------------------------------------------------------------


def test_a_member_leaves_after_the_confirmation_and_may_then_create_a_team(client, team, committing_requests):
    member = add_member(team, UserFactory(preferred_language="en"))
    team.created_by.preferred_language = "zh-hans"
    team.created_by.save()
    client.force_login(member)
    page = client.get(_url("team_leave", team))
    assert page.status_code == 200 and "they stay with the team" in page.content.decode()
    assert TeamMembership.objects.filter(team=team, user=member).exists()  # the GET changed nothing

    response = client.post(_url("team_leave", team))
    assert response.status_code == 302 and response["Location"] == reverse("competition:my_competition")
    assert not TeamMembership.objects.filter(team=team, user=member).exists()
    assert services.already_in_a_team(member, team.competition) == ""
    entry = _logged(audit.LEFT, team=team.pk).get()
    assert entry.user == member and entry.data["before"] == {"member": member.pk, "role": "member"}
    # The captain hears of it, in their language.
    (message,) = mail.outbox
    assert message.to == [team.created_by.email] and "已退出团队浦江言语解码队" in message.subject

    services.create_team(actor=member, competition=team.competition, name="新团队")


def test_leaving_twice_is_answered_kindly_and_another_team_stays_a_404(client, team):
    member = add_member(team)
    client.force_login(member)
    client.post(_url("team_leave", team))
    again = client.post(_url("team_leave", team), follow=True)
    assert again.status_code == 200 and f"You are no longer in {team.name}." in _texts(again)
    other = TeamFactory(competition=team.competition)
    assert client.post(_url("team_leave", other)).status_code == 404


def test_a_captain_with_members_hands_over_before_leaving_and_a_lone_captain_deletes_instead(client, team):
    client.force_login(team.created_by)
    alone = client.get(_url("team_leave", team)).content.decode()
    assert "delete the team instead" in alone and "button-danger" not in alone
    add_member(team)
    response = client.post(_url("team_leave", team))
    assert response.status_code == 400 and "hand the captaincy to another member" in response.content.decode()
    assert _membership(team, team.created_by).role == "captain"


def test_the_creator_leaving_takes_the_organisation_with_them(client):
    membership = MembershipFactory()
    team = services.create_team(
        actor=membership.user, competition=running_competition(), name="机构队", organisation=membership.organisation
    )
    successor = add_member(team)
    roster.hand_over_captaincy(actor=membership.user, team=team, membership_id=_membership(team, successor).pk)
    client.force_login(membership.user)
    assert "no longer enters in its name" in client.get(_url("team_leave", team)).content.decode()
    roster.leave_team(actor=membership.user, team=team)
    team.refresh_from_db()
    assert team.organisation is None


# --- remove --------------------------------------------------------------------------------------


def test_the_captain_removes_a_member_who_is_told_in_their_language(client, team, committing_requests):
    member = add_member(team, UserFactory(preferred_language="en"))
    client.force_login(team.created_by)
    url = _url("member_remove", team, _membership(team, member).pk)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not TeamMembership.objects.filter(team=team, user=member).exists()
    assert _logged(audit.REMOVED, team=team.pk).get().user == team.created_by
    (message,) = mail.outbox
    assert message.to == [member.email] and message.subject == f"You are no longer in the team {team.name}"
    assert "removed you from the team" in message.body and "/en/" in message.body

    again = client.post(url, follow=True)  # a double click
    assert again.status_code == 200 and "This person is no longer in the team." in _texts(again)


def test_the_captain_cannot_remove_themself_and_a_member_removes_no_one(team):
    member = add_member(team)
    with pytest.raises(services.TeamError):
        roster.remove_member(actor=team.created_by, team=team, membership_id=_membership(team, team.created_by).pk)
    with pytest.raises(services.PermissionDenied):
        roster.remove_member(actor=member, team=team, membership_id=_membership(team, team.created_by).pk)
    assert team.memberships.count() == 2


def test_another_teams_membership_id_removes_no_one(team):
    other = TeamFactory(competition=team.competition)
    stranger = add_member(other)
    with pytest.raises(roster.NotInTeam):
        roster.remove_member(actor=team.created_by, team=team, membership_id=_membership(other, stranger).pk)
    assert TeamMembership.objects.filter(team=other, user=stranger).exists()


# --- withdraw an invitation -----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_withdrawn_invitation_says_so_and_cannot_be_accepted(client, team, language):
    invitee = UserFactory()
    invitation = TeamInvitation.objects.create(team=team, email=invitee.email, invited_by=team.created_by)
    client.force_login(team.created_by)
    url = _url("invitation_withdraw", team, invitation.pk)
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302  # twice: still withdrawn, once
    invitation.refresh_from_db()
    assert invitation.withdrawn_at is not None and not invitation.is_pending
    assert _logged(audit.INVITATION_WITHDRAWN, team=team.pk).count() == 1
    assert url not in client.get(_url("team_detail", team)).content.decode()

    client.force_login(invitee)
    with override(language):
        link = reverse("competition:invitation", args=[invitation.token])
    html = unescape(client.get(link).content.decode())
    assert WITHDRAWN[language] in html and 'value="accept"' not in html
    assert client.post(link, {"action": "accept"}).status_code == 400
    assert not TeamMembership.objects.filter(user=invitee).exists()


def test_an_answered_or_foreign_invitation_is_not_withdrawn(team):
    invitee = UserFactory()
    invitation = TeamInvitation.objects.create(team=team, email=invitee.email, invited_by=team.created_by)
    services.accept_invitation(user=invitee, invitation=invitation)
    with pytest.raises(services.TeamError):
        roster.withdraw_invitation(actor=team.created_by, team=team, invitation_id=invitation.pk)
    other = TeamFactory(competition=team.competition)
    foreign = TeamInvitation.objects.create(team=other, email="x@example.com", invited_by=other.created_by)
    with pytest.raises(services.TeamError):
        roster.withdraw_invitation(actor=team.created_by, team=team, invitation_id=foreign.pk)
    foreign.refresh_from_db()
    assert foreign.withdrawn_at is None


def test_joining_is_logged(team):
    invitee = UserFactory()
    invitation = TeamInvitation.objects.create(team=team, email=invitee.email, invited_by=team.created_by)
    services.accept_invitation(user=invitee, invitation=invitation)
    assert _logged(audit.JOINED, team=team.pk).get().user == invitee


# --- hand over the captaincy ---------------------------------------------------------------------


def test_the_captain_hands_over_and_the_new_captain_is_told(client, team, committing_requests):
    successor = add_member(team, UserFactory(preferred_language="zh-hans"))
    captain = team.created_by
    client.force_login(captain)
    url = _url("captain_hand_over", team, _membership(team, successor).pk)
    assert client.post(url).status_code == 302
    assert _membership(team, successor).role == "captain" and _membership(team, captain).role == "member"
    entry = _logged(audit.CAPTAIN_CHANGED, team=team.pk).get()
    assert entry.data["before"] == {"captain": captain.pk} and entry.data["after"] == {"captain": successor.pk}
    (message,) = mail.outbox
    assert message.to == [successor.email] and message.subject == f"您现在是{team.name}的队长"

    assert client.post(url).status_code == 302  # a double click: nothing more
    assert _logged(audit.CAPTAIN_CHANGED, team=team.pk).count() == 1 and len(mail.outbox) == 1
    # The former captain, now a member, may leave.
    roster.leave_team(actor=captain, team=team)
    assert list(team.memberships.values_list("user", flat=True)) == [successor.pk]


def test_the_captaincy_is_not_handed_to_a_member_removed_meanwhile(team):
    member = add_member(team)
    membership_id = _membership(team, member).pk
    roster.remove_member(actor=team.created_by, team=team, membership_id=membership_id)
    with pytest.raises(roster.NotInTeam):
        roster.hand_over_captaincy(actor=team.created_by, team=team, membership_id=membership_id)
    assert _membership(team, team.created_by).role == "captain"


# --- delete the team -----------------------------------------------------------------------------


def test_a_lone_captain_deletes_a_team_without_entries_once(client, team):
    invitation = TeamInvitation.objects.create(team=team, email="x@example.com", invited_by=team.created_by)
    client.force_login(team.created_by)
    assert client.get(_url("team_disband", team)).status_code == 200
    response = client.post(_url("team_disband", team))
    assert response.status_code == 302 and not Team.objects.filter(pk=team.pk).exists()
    assert not TeamInvitation.objects.filter(pk=invitation.pk).exists()
    assert _logged(audit.DISBANDED, team=team.pk).get().label == team.name
    again = client.post(_url("team_disband", team), follow=True)
    assert again.status_code == 200 and f"You are no longer in {team.name}." in _texts(again)


def test_a_team_with_entries_or_members_is_never_deleted(client, team):
    entry = EntryFactory(team=team, status="withdrawn")
    with pytest.raises(services.TeamError):
        roster.disband_team(actor=team.created_by, team=team)
    entry.delete()
    member = add_member(team)
    with pytest.raises(services.TeamError):
        roster.disband_team(actor=team.created_by, team=team)
    with pytest.raises(services.PermissionDenied):
        roster.disband_team(actor=member, team=team)
    client.force_login(member)
    assert client.get(_url("team_disband", team)).status_code == 403
    assert Team.objects.filter(pk=team.pk).exists()


def test_deleting_refuses_a_team_with_entries_on_the_page_too(client, team):
    EntryFactory(team=team)
    client.force_login(team.created_by)
    response = client.post(_url("team_disband", team))
    assert response.status_code == 400 and Entry.objects.filter(team=team).exists()
    assert "a team with entries is never deleted" in response.content.decode()


# --- the roster is fixed at the submission deadline --------------------------------------------------


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_after_the_deadline_nobody_joins_leaves_or_is_removed(client, team, language):
    member = add_member(team)
    invitee = UserFactory()
    invitation = TeamInvitation.objects.create(team=team, email=invitee.email, invited_by=team.created_by)
    close_submissions(team.competition)
    team = Team.objects.get(pk=team.pk)
    with translation.override(language):
        fixed = services.roster_fixed(team.competition)
        assert ("fixed at" if language == "en" else "锁定") in fixed
        for change in (
            lambda: roster.leave_team(actor=member, team=team),
            lambda: roster.remove_member(actor=team.created_by, team=team, membership_id=_membership(team, member).pk),
            lambda: roster.disband_team(actor=team.created_by, team=team),
            lambda: services.accept_invitation(user=invitee, invitation=invitation),
            lambda: services.invite_member(actor=team.created_by, team=team, email="late@example.com"),
        ):
            with pytest.raises(services.TeamError) as refused:
                change()
            assert str(refused.value) == fixed
    assert team.memberships.count() == 2 and not TeamMembership.objects.filter(user=invitee).exists()
    # The captaincy and a pending invitation still may change: neither changes who entered.
    roster.hand_over_captaincy(actor=team.created_by, team=team, membership_id=_membership(team, member).pk)
    roster.withdraw_invitation(actor=member, team=team, invitation_id=invitation.pk)

    client.force_login(member)
    html = client.get(_url("team_detail", team, language=language)).content.decode()
    assert fixed in html and _url("team_leave", team, language=language) not in html
    assert 'name="invite-email"' not in html


def test_the_invitee_may_still_decline_once_the_roster_is_fixed(client, team):
    invitee = UserFactory()
    invitation = TeamInvitation.objects.create(team=team, email=invitee.email, invited_by=team.created_by)
    close_submissions(team.competition)
    client.force_login(invitee)
    html = client.get(reverse("competition:invitation", args=[invitation.token])).content.decode()
    assert 'value="accept"' not in html and 'value="decline"' in html


# --- the team page -------------------------------------------------------------------------------


def _buttons(html, team) -> set[str]:
    names = {
        "leave": _url("team_leave", team),
        "disband": _url("team_disband", team),
        "remove": "/remove/",
        "hand over": "/captain/",
        "withdraw": "/withdraw/",
        "invite": 'name="invite-email"',
    }
    return {name for name, marker in names.items() if marker in html}


def test_the_team_page_shows_each_role_its_buttons(client, team):
    member = add_member(team)
    TeamInvitation.objects.create(team=team, email="x@example.com", invited_by=team.created_by)
    client.force_login(team.created_by)
    assert _buttons(client.get(_url("team_detail", team)).content.decode(), team) == {
        "remove",
        "hand over",
        "withdraw",
        "invite",
    }
    client.force_login(member)
    assert _buttons(client.get(_url("team_detail", team)).content.decode(), team) == {"leave"}
    lone = TeamFactory(competition=team.competition)
    client.force_login(lone.created_by)
    assert _buttons(client.get(_url("team_detail", lone)).content.decode(), lone) == {"disband", "invite"}


def _page_queries(client, team) -> int:
    client.force_login(team.created_by)
    client.get(_url("team_detail", team))  # the first request of a session fills caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(_url("team_detail", team)).status_code == 200
    return len(captured)


def test_the_team_page_costs_the_same_queries_for_2_and_12_members(client):
    small, large = (TeamFactory(competition=running_competition()) for _ in range(2))
    for team, size in ((small, 1), (large, 11)):
        for _ in range(size):
            add_member(team)
            TeamInvitation.objects.create(team=team, email=f"{team.pk}-{_}@example.com", invited_by=team.created_by)
    assert _page_queries(client, small) == _page_queries(client, large)


def test_an_invite_after_the_deadline_is_refused_on_the_page(client, team):
    close_submissions(team.competition)
    client.force_login(team.created_by)
    data = creation_token(InvitationForm, prefix="invite") | {"invite-email": "late@example.com"}
    response = client.post(_url("team_detail", team), data)
    assert response.status_code == 400 and not TeamInvitation.objects.filter(team=team).exists()
    assert "were fixed at" in response.content.decode()


def test_once_the_roster_is_fixed_the_captain_sees_no_empty_invite_section(client, team):
    """The section's heading stood alone after the deadline (no form, nothing pending): a dead end."""
    client.force_login(team.created_by)
    assert "Invite a member" in client.get(_url("team_detail", team)).content.decode()
    close_submissions(team.competition)
    assert "Invite a member" not in client.get(_url("team_detail", team)).content.decode()
    TeamInvitation.objects.create(team=team, email="pending@example.com", invited_by=team.created_by)
    html = client.get(_url("team_detail", team)).content.decode()
    assert "Invite a member" in html and "pending@example.com" in html  # still withdrawable
