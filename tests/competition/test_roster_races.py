"""The roster under real concurrency (PostgreSQL, ``tests.concurrency.race``): every change locks the
team's row first, so a captaincy handed to a member being removed waits, then is refused cleanly."""

import pytest
from django.core.exceptions import PermissionDenied

from competition import services as entry_services
from competition.models import Entry, TeamMembership
from competition.teams import roster
from tests.competition.factories import TeamFactory, add_member, running_competition
from tests.concurrency import race

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only(postgres_service):
    """Row locks need PostgreSQL (SQLite serialises whole transactions): skipped locally, failed in CI."""


def test_handing_the_captaincy_to_a_member_being_removed_is_refused():
    team = TeamFactory(competition=running_competition())
    member = add_member(team)
    membership_id = TeamMembership.objects.get(user=member).pk
    removed, refused = race(
        lambda: roster.remove_member(actor=team.created_by, team=team, membership_id=membership_id),
        lambda: roster.hand_over_captaincy(actor=team.created_by, team=team, membership_id=membership_id),
    )
    assert isinstance(removed, TeamMembership) and isinstance(refused, roster.NotInTeam)
    assert list(team.memberships.values_list("user_id", "role")) == [(team.created_by_id, "captain")]


def test_two_leaves_at_once_leave_once():
    team = TeamFactory(competition=running_competition())
    member = add_member(team)
    first, second = race(
        lambda: roster.leave_team(actor=member, team=team), lambda: roster.leave_team(actor=member, team=team)
    )
    assert first == team and isinstance(second, roster.NotInTeam)


def test_an_entry_begun_as_its_author_is_removed_is_refused():
    """The new entry waits for the removal's lock on the team, then finds its author gone: no draft
    is stored under the team by someone no longer in it."""
    team = TeamFactory(competition=running_competition())
    track = team.competition.tracks.first()
    member = add_member(team)
    membership_id = TeamMembership.objects.get(user=member).pk
    removed, refused = race(
        lambda: roster.remove_member(actor=team.created_by, team=team, membership_id=membership_id),
        lambda: entry_services.create_entry(actor=member, team=team, track=track, title="Speech decoder"),
    )
    assert isinstance(removed, TeamMembership) and isinstance(refused, PermissionDenied)
    assert not Entry.objects.filter(team=team).exists()


def test_an_entry_begun_as_the_team_is_deleted_is_refused():
    """The captain, alone, deletes the team while starting an entry in another tab: the entry waits for
    the deletion, then is refused (no error page from a team that is gone)."""
    team = TeamFactory(competition=running_competition())
    track = team.competition.tracks.first()
    deleted, refused = race(
        lambda: roster.disband_team(actor=team.created_by, team=team),
        lambda: entry_services.create_entry(actor=team.created_by, team=team, track=track, title="Speech decoder"),
    )
    assert deleted is None and isinstance(refused, PermissionDenied)
    assert not Entry.objects.exists()
