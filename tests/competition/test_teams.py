"""Teams: creating one (on behalf of one's own organisation only), invitations by e-mail (accept, decline,
expired, wrong user), sent once in the invitee's language."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from competition.models import Team, TeamInvitation, TeamMembership
from competition.teams import services
from competition.teams.forms import InvitationForm
from tests.competition.factories import TeamFactory, running_competition
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.matrix import creation_token

pytestmark = pytest.mark.django_db


def test_a_member_creates_a_team_for_their_organisation_and_captains_it():
    membership = MembershipFactory(role="editor")
    team = services.create_team(
        actor=membership.user,
        competition=running_competition(),
        name="浦江言语解码队",
        organisation=membership.organisation,
    )
    assert TeamMembership.objects.get(team=team).role == "captain"


def test_not_on_behalf_of_someone_elses_organisation():
    with pytest.raises(services.TeamError):
        services.create_team(
            actor=UserFactory(), competition=running_competition(), name="冒名队", organisation=OrganisationFactory()
        )


def test_an_invitation_is_sent_once_in_the_invitees_language(client, committing_requests):
    team = TeamFactory(competition=running_competition())
    invitee = UserFactory(email="colleague@example.com", preferred_language="en")
    client.force_login(team.created_by)
    data = creation_token(InvitationForm, prefix="invite") | {"invite-email": invitee.email}
    url = reverse("competition:team_detail", args=[team.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the same form again
    assert TeamInvitation.objects.filter(team=team).count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [invitee.email] and message.subject.startswith("Join the team")
    invitation = TeamInvitation.objects.get()
    assert invitation.token in message.body


def test_accept_by_the_invitee(client):
    team = TeamFactory(competition=running_competition())
    invitee = UserFactory()
    invitation = TeamInvitation.objects.create(team=team, email=invitee.email, invited_by=team.created_by)
    client.force_login(invitee)
    response = client.post(reverse("competition:invitation", args=[invitation.token]), {"action": "accept"})
    assert response.status_code == 302
    assert TeamMembership.objects.get(team=team, user=invitee).role == "member"
    with pytest.raises(services.InvitationAlreadyAccepted):
        services.accept_invitation(user=invitee, invitation=invitation)
    # "Accept" sent again (a double click, the back button): the team's page, as the first time.
    again = client.post(reverse("competition:invitation", args=[invitation.token]), {"action": "accept"})
    assert again.status_code == 302 and again["Location"] == team.get_absolute_url()
    assert TeamMembership.objects.filter(team=team, user=invitee).count() == 1


def test_the_wrong_user_cannot_accept_or_decline(client):
    team = TeamFactory(competition=running_competition())
    invitation = TeamInvitation.objects.create(team=team, email="someone@example.com", invited_by=team.created_by)
    intruder = UserFactory()
    client.force_login(intruder)
    for action in ("accept", "decline"):
        response = client.post(reverse("competition:invitation", args=[invitation.token]), {"action": action})
        assert response.status_code == 400
        assert "someone@example.com" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None and invitation.declined_at is None
    assert not TeamMembership.objects.filter(user=intruder).exists()


def test_an_expired_invitation_is_refused():
    team = TeamFactory(competition=running_competition())
    invitee = UserFactory()
    invitation = TeamInvitation.objects.create(
        team=team, email=invitee.email, invited_by=team.created_by, expires_at=timezone.now() - timedelta(seconds=1)
    )
    with override("en"), pytest.raises(services.TeamError) as exc:
        services.accept_invitation(user=invitee, invitation=invitation)
    assert "expired" in str(exc.value)


def test_an_invitation_sent_near_the_deadline_says_it_expires_at_the_deadline(
    client, committing_requests, django_capture_on_commit_callbacks
):
    """Sent 3 days before the submission deadline, an invitation can be accepted only until the
    deadline (the roster is fixed then), not for 14 days: the e-mail and the team page say so."""
    deadline = timezone.now() + timedelta(days=3)
    team = TeamFactory(competition=running_competition(submission_closes=deadline))
    client.force_login(team.created_by)
    data = creation_token(InvitationForm, prefix="invite") | {"invite-email": "late@example.com"}
    url = reverse("competition:team_detail", args=[team.pk])
    with override("en"):
        assert client.post(url, data).status_code == 302
        invitation = TeamInvitation.objects.get()
        assert invitation.expires_at > deadline and invitation.answerable_until == deadline
        shown, after = (timezone.localtime(t).strftime("%Y-%m-%d %H:%M:%S") for t in (deadline, invitation.expires_at))
        assert shown in mail.outbox[0].body and after not in mail.outbox[0].body
        page = client.get(url).content.decode()
    with override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        services.invite_member(actor=team.created_by, team=team, email="zh@example.com")
    # The time's brackets are full-width: no space between them and the word after (not "） 过期").
    assert "UTC+08:00）过期。" in mail.outbox[-1].body
    moment = 'datetime="{}"'.format
    assert moment(timezone.localtime(deadline).isoformat(timespec="seconds")) in page
    assert moment(timezone.localtime(invitation.expires_at).isoformat(timespec="seconds")) not in page


@pytest.mark.parametrize(
    ("language", "zone"), [("en", " (Asia/Shanghai, UTC+08:00)"), ("zh-hans", "（Asia/Shanghai，UTC+08:00）")]
)
def test_an_invitations_expiry_names_the_time_zone_wherever_it_is_shown(
    client, language, zone, django_capture_on_commit_callbacks
):
    """The team page, the invitation and the invitee's competition page gave the time with no zone."""
    team = TeamFactory(competition=running_competition())
    invitee = UserFactory(preferred_language=language)
    with override(language):
        with django_capture_on_commit_callbacks(execute=True):
            invitation = services.invite_member(actor=team.created_by, team=team, email=invitee.email)
        expires = timezone.localtime(invitation.answerable_until).strftime("%Y-%m-%d %H:%M:%S") + zone
        assert expires in mail.outbox[-1].body
        client.force_login(team.created_by)
        assert expires in client.get(reverse("competition:team_detail", args=[team.pk])).text
        client.force_login(invitee)
        assert expires in client.get(reverse("competition:invitation", args=[invitation.token])).text
        assert expires in client.get(reverse("competition:my_competition")).text


def test_decline():
    team = TeamFactory(competition=running_competition())
    invitee = UserFactory()
    invitation = TeamInvitation.objects.create(team=team, email=invitee.email, invited_by=team.created_by)
    services.decline_invitation(user=invitee, invitation=invitation)
    with pytest.raises(services.TeamError):
        services.accept_invitation(user=invitee, invitation=invitation)


def test_only_the_captain_invites():
    team = TeamFactory(competition=running_competition())
    member = UserFactory()
    TeamMembership.objects.create(team=team, user=member, role="member")
    with pytest.raises(services.PermissionDenied):
        services.invite_member(actor=member, team=team, email="x@example.com")
    assert not Team.objects.exclude(pk=team.pk).exists()


def test_an_invitation_address_longer_than_the_column_is_refused_on_the_form(client):
    team = TeamFactory(competition=running_competition())
    client.force_login(team.created_by)
    address = "a" * 60 + "@" + ".".join(["b" * 60, "c" * 60, "d" * 60, "e" * 60]) + ".cn"
    assert 254 < len(address) <= 320  # Django's form field alone would take it
    data = creation_token(InvitationForm, prefix="invite") | {"invite-email": address}
    response = client.post(reverse("competition:team_detail", args=[team.pk]), data)
    assert response.status_code in (200, 400) and response.context["invite_form"].errors["email"]
    assert not TeamInvitation.objects.filter(team=team).exists()


def test_my_competition_lists_the_invitations_waiting_for_the_member(client):
    """An invitee who lost the e-mail finds the invitation on their competition page, not only a button to
    create a team of their own (which would then keep them from joining: one team per person)."""
    team = TeamFactory(competition=running_competition(), name="浦江言语解码队")
    invitee = UserFactory()
    waiting = TeamInvitation.objects.create(team=team, email=invitee.email.upper(), invited_by=team.created_by)
    TeamInvitation.objects.create(
        team=TeamFactory(competition=team.competition, name="已撤回的队"),
        email=invitee.email,
        withdrawn_at=timezone.now(),
    )
    TeamInvitation.objects.create(
        team=TeamFactory(competition=team.competition, name="别人的队"), email="x@example.com"
    )
    client.force_login(invitee)
    page = client.get(reverse("competition:my_competition")).content.decode()
    assert waiting.get_absolute_url() in page and "浦江言语解码队" in page
    assert "已撤回的队" not in page and "别人的队" not in page
    assert "answer an invitation above" in page or "请答复上方的邀请" in page
    # Answered, it is no longer waiting.
    services.decline_invitation(user=invitee, invitation=waiting)
    assert waiting.get_absolute_url() not in client.get(reverse("competition:my_competition")).content.decode()


def test_the_invitation_page_says_until_when_it_can_be_answered(client):
    """The captain's page gave the invitation's end, the invitee's page did not: an invitee who waited
    found the link dead (expired, or the roster fixed at the submission deadline) without warning."""
    team = TeamFactory(competition=running_competition())
    invitee = UserFactory()
    invitation = TeamInvitation.objects.create(team=team, email=invitee.email, invited_by=team.created_by)
    client.force_login(invitee)
    with override("en"):
        page = client.get(invitation.get_absolute_url()).content.decode()
    until = timezone.localtime(invitation.answerable_until).isoformat(timespec="seconds")
    assert "<dt>Answer by</dt>" in page and f'datetime="{until}"' in page
