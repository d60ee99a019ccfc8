"""Who may change a roster (``competition.permissions``): each new URL for the anonymous (sign in), a
non-member, a member of the team, its captain and a member of another team passing this team's ids
or its own membership / invitation ids through this team's URLs (IDOR). Each cell runs on a fresh
cast, so a POST in one cell changes nothing the next one sees."""

import pytest
from django.urls import reverse

from competition.models import TeamInvitation, TeamMembership
from tests.competition.factories import TeamFactory, add_member, running_competition
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "non_member", "member", "captain", "other_team")


@pytest.fixture
def cast():
    competition = running_competition()
    team, other = TeamFactory(competition=competition), TeamFactory(competition=competition)
    member, other_member = add_member(team), add_member(other)
    return {
        "team": team,
        "users": {
            "non_member": UserFactory(),
            "member": member,
            "captain": team.created_by,
            "other_team": other.created_by,
        },
        "membership": TeamMembership.objects.get(user=member),
        "invitation": TeamInvitation.objects.create(team=team, email="a@example.com", invited_by=team.created_by),
        "other_membership": TeamMembership.objects.get(user=other_member),
        "other_invitation": TeamInvitation.objects.create(
            team=other, email="b@example.com", invited_by=other.created_by
        ),
        "other": other,
    }


def _url(name, *keys):
    return lambda c: reverse(f"competition:{name}", args=[c["team"].pk, *(c[key].pk for key in keys)])


# url, method, expected per role (LOGIN: a redirect to sign in)
LOGIN = "login"
MATRIX = [
    ("leave", _url("team_leave"), "get", {"member": 200, "captain": 200}),
    ("leave (POST)", _url("team_leave"), "post", {"member": 302, "captain": 400}),
    ("delete", _url("team_disband"), "get", {"member": 403, "captain": 200}),
    ("delete (POST; the captain has a member)", _url("team_disband"), "post", {"member": 403, "captain": 400}),
    ("remove (POST)", _url("member_remove", "membership"), "post", {"member": 403, "captain": 302}),
    ("remove via GET", _url("member_remove", "membership"), "get", {"default": 405}),
    ("hand over (POST)", _url("captain_hand_over", "membership"), "post", {"member": 403, "captain": 302}),
    ("withdraw (POST)", _url("invitation_withdraw", "invitation"), "post", {"member": 403, "captain": 302}),
    # Another team's membership / invitation through this team's URLs: the captain's own team page, no change.
    ("remove another's member", _url("member_remove", "other_membership"), "post", {"member": 403, "captain": 302}),
    (
        "withdraw another team's invitation",
        _url("invitation_withdraw", "other_invitation"),
        "post",
        {"member": 403, "captain": 302},
    ),
]


def _expected(by_role: dict, role: str):
    if "default" in by_role:
        return by_role["default"]
    if role == "anonymous":
        return LOGIN
    return by_role.get(role, 404)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("label", "url", "method", "by_role"), MATRIX, ids=[row[0] for row in MATRIX])
def test_roster_matrix(client, cast, role, label, url, method, by_role):
    if role != "anonymous":
        client.force_login(cast["users"][role])
    response = getattr(client, method)(url(cast))
    expected = _expected(by_role, role)
    if expected == LOGIN:
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected, (label, role, response.status_code)
    # Whatever happened, nothing of the other team changed.
    assert TeamMembership.objects.filter(pk=cast["other_membership"].pk).exists()
    cast["other_invitation"].refresh_from_db()
    assert cast["other_invitation"].withdrawn_at is None
