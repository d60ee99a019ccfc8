"""The roster's e-mails (``competition.tasks.send_team_roster_email``): each in its recipient's language,
and none once what it announces no longer holds when the effect runs (``emails.roster_still_true``)."""

import pytest
from django.core import mail

from competition import tasks
from competition.models import TeamMembership
from competition.teams import roster
from tests.competition.factories import TeamFactory, add_member, running_competition
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _send(event, team, user):
    tasks.send_team_roster_email(event=event, team_id=team.pk, user_id=user.pk, actor_id=team.created_by_id)


@pytest.mark.parametrize(
    ("language", "subject", "body"),
    [
        ("en", "You are no longer in the team 徐汇队", "removed you from the team 徐汇队"),
        ("zh-hans", "您已不在团队徐汇队中", "已将您移出"),
    ],
)
def test_the_removed_member_is_told_in_their_language(language, subject, body):
    team = TeamFactory(competition=running_competition(), name="徐汇队")
    member = add_member(team, UserFactory(preferred_language=language))
    roster.remove_member(actor=team.created_by, team=team, membership_id=TeamMembership.objects.get(user=member).pk)
    _send("removed", team, member)
    (message,) = mail.outbox
    assert message.subject == subject and body in message.body and message.to == [member.email]


def test_a_member_removed_then_back_in_the_team_hears_nothing():
    team = TeamFactory(competition=running_competition())
    member = add_member(team)  # removed, invited again and back before the effect ran
    _send("removed", team, member)
    _send("left", team, member)
    assert mail.outbox == []


def test_a_captaincy_handed_back_meanwhile_is_not_announced():
    team = TeamFactory(competition=running_competition())
    member = add_member(team)
    _send("captain", team, member)
    assert mail.outbox == []


def test_the_captain_hears_a_member_left_and_nothing_once_the_team_is_gone():
    team = TeamFactory(competition=running_competition(), name="闵行队")
    member = add_member(team, UserFactory(last_name="小明"))
    roster.leave_team(actor=member, team=team)
    _send("left", team, member)
    (message,) = mail.outbox
    assert message.to == [team.created_by.email] and "闵行队" in message.subject
    team_id = team.pk
    team.delete()
    tasks.send_team_roster_email(event="left", team_id=team_id, user_id=member.pk, actor_id=member.pk)
    assert len(mail.outbox) == 1
