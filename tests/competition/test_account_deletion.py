"""A member who goes, and the competition (``competition/privacy.py``, ``competition.signals``): a
deleted captain's team passes to its longest-standing member, invitations to the member's addresses
are withdrawn (accepted ones kept without the address), the export lists the team invitations they
sent or received, and a team stops entering for an organisation its creator has left."""

import datetime
import json

import pytest
from allauth.account.models import EmailAddress
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from competition.models import TeamInvitation, TeamMembership
from competition.teams import services as team_services
from competition.vocabulary import TeamRole
from portal import privacy
from portal.models import Membership
from portal.organisations import services
from portal.personal_data import personal_data
from tests.competition.factories import TeamFactory, add_member, running_competition
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _export(user) -> dict:
    return json.loads(json.dumps(personal_data(user=user), cls=DjangoJSONEncoder))


def test_a_deleted_captains_team_passes_to_its_longest_standing_member():
    team = TeamFactory(competition=running_competition())
    captain = team.created_by
    first, later = add_member(team), add_member(team)
    TeamMembership.objects.filter(user=later).update(joined_at=timezone.now() + datetime.timedelta(minutes=1))
    lone = TeamFactory(competition=team.competition, created_by=captain)  # captained alone: nobody to hand to
    privacy.delete_account(actor=captain, account=captain, confirm_email=captain.email)
    assert TeamMembership.objects.get(team=team, user=first).role == TeamRole.CAPTAIN
    assert TeamMembership.objects.get(team=team, user=later).role == TeamRole.MEMBER
    assert not TeamMembership.objects.filter(team=lone).exists()
    invitation = team_services.invite_member(actor=first, team=team, email="new@example.com")  # the team runs on
    assert invitation.is_pending


def test_invitations_to_a_deleted_members_addresses_are_withdrawn_or_kept_without_the_address():
    team = TeamFactory(competition=running_competition())
    member = UserFactory(email="leaving.member@example.com")
    EmailAddress.objects.create(user=member, email="Other@Example.com", verified=True)
    EmailAddress.objects.create(user=member, email="typed@example.com", verified=False)
    pending = TeamInvitation.objects.create(team=team, email="Leaving.Member@Example.com", invited_by=team.created_by)
    accepted = TeamInvitation.objects.create(
        team=team, email="other@example.com", invited_by=team.created_by, accepted_at=timezone.now(), accepted_by=member
    )
    unproven = TeamInvitation.objects.create(team=team, email="typed@example.com", invited_by=team.created_by)
    exported = _export(member)["competition_team_invitations"]
    assert sorted(row["id"] for row in exported) == sorted([pending.pk, accepted.pk])
    assert next(row for row in exported if row["id"] == pending.pk)["your_part"] == ["email"]

    privacy.delete_account(actor=member, account=member, confirm_email=member.email)
    assert not TeamInvitation.objects.filter(pk=pending.pk).exists()
    accepted.refresh_from_db()
    assert accepted.email == "" and accepted.accepted_at is not None
    assert TeamInvitation.objects.get(pk=unproven.pk).email == "typed@example.com"  # never theirs


@pytest.mark.parametrize("departure", ["removed", "left", "deleted"])
def test_a_team_no_longer_enters_for_an_organisation_its_creator_has_left(departure):
    organisation = OrganisationFactory(name_zh="甲企业")
    creator = MembershipFactory(organisation=organisation, role="editor").user
    owner = MembershipFactory(organisation=organisation, role="owner").user
    competition = running_competition()
    team = team_services.create_team(actor=creator, competition=competition, name="甲企业队", organisation=organisation)
    owners_team = team_services.create_team(
        actor=owner, competition=competition, name="甲企业二队", organisation=organisation
    )
    if departure == "removed":
        services.remove_member(actor=owner, membership=Membership.objects.get(user=creator))
    elif departure == "left":
        services.leave_organisation(user=creator, organisation=organisation)
    else:
        privacy.delete_account(actor=creator, account=creator, confirm_email=creator.email)
    team.refresh_from_db()
    owners_team.refresh_from_db()
    assert team.organisation is None and TeamMembership.objects.filter(team=team).exists() == (departure != "deleted")
    assert owners_team.organisation == organisation  # its creator is still a member
