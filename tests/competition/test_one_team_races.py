"""One person, one team per competition, under real concurrency (PostgreSQL, ``tests.concurrency.race``).

Without the person's row lock each transaction would find no team of the competition and both would
join: two accepts at once (two invitations, two tabs), or creating a team while accepting an
invitation. With it, the second waits for the first, sees its team and is refused.
"""

import pytest

from competition.models import Team, TeamInvitation, TeamMembership
from competition.teams import services
from tests.competition.factories import TeamFactory, running_competition
from tests.concurrency import race
from tests.factories import UserFactory

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only(postgres_service):
    """Row locks need PostgreSQL (SQLite serialises whole transactions): skipped locally, failed in CI."""


def _invitations(person, count: int) -> list[TeamInvitation]:
    competition = running_competition()
    return [
        TeamInvitation.objects.create(team=team, email=person.email, invited_by=team.created_by)
        for team in TeamFactory.create_batch(count, competition=competition)
    ]


def test_two_invitations_accepted_at_once_make_one_membership():
    person = UserFactory()
    first, second = _invitations(person, 2)
    joined, refused = race(
        lambda: services.accept_invitation(user=person, invitation=first),
        lambda: services.accept_invitation(user=person, invitation=second),
    )
    assert isinstance(joined, TeamMembership) and joined.team_id == first.team_id
    assert isinstance(refused, services.AlreadyInATeam)
    assert list(TeamMembership.objects.filter(user=person).values_list("team_id", flat=True)) == [first.team_id]


def test_creating_a_team_while_accepting_an_invitation_leaves_one_team():
    person = UserFactory()
    (invitation,) = _invitations(person, 1)
    created, refused = race(
        lambda: services.create_team(actor=person, competition=invitation.team.competition, name="抢先队"),
        lambda: services.accept_invitation(user=person, invitation=invitation),
    )
    assert isinstance(created, Team) and isinstance(refused, services.AlreadyInATeam)
    assert TeamMembership.objects.filter(user=person).count() == 1
