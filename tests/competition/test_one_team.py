"""One person, one team per competition edition: creating a second team and accepting an invitation to
another team of the same competition are refused (with the reason on the form and on the invitation page,
in both languages); another edition is free; the invitee may still decline."""

import pytest
from django.urls import reverse
from django.utils.translation import override

from competition.models import Team, TeamInvitation, TeamMembership
from competition.teams import services
from competition.teams.forms import TeamForm
from tests.competition.factories import TeamFactory, add_member, running_competition
from tests.factories import UserFactory
from tests.matrix import creation_token

pytestmark = pytest.mark.django_db

RULE = {
    "en": "A person may be in only one team per competition.",
    "zh-hans": "每人在一届大赛中只能加入一支团队。",
}


def _invited(team, user) -> TeamInvitation:
    return TeamInvitation.objects.create(team=team, email=user.email, invited_by=team.created_by)


def _url(language, name, *args):
    with override(language):
        return reverse(name, args=args)


def test_a_member_of_a_team_creates_no_second_team_in_that_competition_but_may_in_another():
    competition = running_competition()
    member = add_member(TeamFactory(competition=competition, name="浦江言语解码队"))
    with override("en"), pytest.raises(services.AlreadyInATeam) as refused:
        services.create_team(actor=member, competition=competition, name="第二支队")
    assert "浦江言语解码队" in str(refused.value) and RULE["en"] in str(refused.value)
    assert not Team.objects.filter(name="第二支队").exists()

    other_edition = running_competition(year=2027)
    team = services.create_team(actor=member, competition=other_edition, name="第二支队")
    assert TeamMembership.objects.get(team=team).user == member


def test_a_captain_creates_no_second_team_in_the_competition():
    competition = running_competition()
    captain = UserFactory()
    services.create_team(actor=captain, competition=competition, name="第一支队")
    with pytest.raises(services.AlreadyInATeam):
        services.create_team(actor=captain, competition=competition, name="第二支队")
    assert Team.objects.filter(competition=competition, created_by=captain).count() == 1


def test_an_invitee_in_another_team_of_the_competition_cannot_accept_but_may_decline():
    competition = running_competition()
    invitee = add_member(TeamFactory(competition=competition))
    invitation = _invited(TeamFactory(competition=competition), invitee)
    with pytest.raises(services.AlreadyInATeam):
        services.check_invitation(user=invitee, invitation=invitation)
    with pytest.raises(services.AlreadyInATeam):
        services.accept_invitation(user=invitee, invitation=invitation)
    assert TeamMembership.objects.filter(user=invitee).count() == 1
    invitation.refresh_from_db()
    assert invitation.accepted_at is None

    services.decline_invitation(user=invitee, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.declined_at is not None


def test_a_team_of_another_edition_does_not_keep_anyone_from_accepting():
    invitee = add_member(TeamFactory(competition=running_competition(year=2025)))
    team = TeamFactory(competition=running_competition())
    services.accept_invitation(user=invitee, invitation=_invited(team, invitee))
    assert TeamMembership.objects.filter(user=invitee).count() == 2


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_invitation_page_says_why_before_the_click_and_offers_only_to_decline(client, language):
    competition = running_competition()
    invitee = add_member(TeamFactory(competition=competition, name="张江神经调控队"))
    invitation = _invited(TeamFactory(competition=competition), invitee)
    client.force_login(invitee)
    url = _url(language, "competition:invitation", invitation.token)

    html = client.get(url).content.decode()
    assert RULE[language] in html and "张江神经调控队" in html
    assert 'value="accept"' not in html and 'value="decline"' in html

    response = client.post(url, {"action": "accept"})
    assert response.status_code == 400 and RULE[language] in response.content.decode()
    assert TeamMembership.objects.filter(user=invitee).count() == 1

    assert client.post(url, {"action": "decline"}).status_code == 302
    invitation.refresh_from_db()
    assert invitation.declined_at is not None


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_new_team_form_shows_the_rule(client, language):
    competition = running_competition()
    member = add_member(TeamFactory(competition=competition, name="临港康复队"))
    client.force_login(member)
    url = _url(language, "competition:team_create", competition.slug)

    data = creation_token(TeamForm) | {"name": "第二支队"}
    response = client.post(url, data)
    assert response.status_code == 400 and not Team.objects.filter(name="第二支队").exists()
    assert RULE[language] in " ".join(response.context["form"].non_field_errors())
    assert RULE[language] in response.content.decode()

    # Before the form: the member's competition page says why, and offers no new team for it.
    followed = client.get(url, follow=True)
    assert followed.redirect_chain[-1][0] == _url(language, "competition:my_competition")
    html = followed.content.decode()
    assert RULE[language] in html and url not in html


def test_the_same_new_team_form_sent_twice_still_finds_its_team(client):
    """The repeated submit is not refused by the rule: it is the captain's own team."""
    competition = running_competition()
    captain = UserFactory()
    client.force_login(captain)
    url = reverse("competition:team_create", args=[competition.slug])
    data = creation_token(TeamForm) | {"name": "徐汇队"}
    first, second = client.post(url, data), client.post(url, data)
    team = Team.objects.get(created_by=captain)
    assert first.status_code == second.status_code == 302 and second["Location"] == team.get_absolute_url()
