"""Role × URL matrix for the judge's pages (``portal.judging``).

Decisions recorded here:
* Any signed-in user has a "My assignments" page (empty when they judge nothing).
* A judge opens only their own active assignments: anyone else's is a 404 (never a 403),
  for staff too, who work from the admin instead.
* The expertise and conflicts page is for judges (someone on a panel); others get a 404. The
  competition round's judges (``add_competition_judging``: ``judge_assigned``, ``judge_unassigned``
  and A's editor, its conflicted judge) are judges too.
"""

from django.urls import reverse

from tests.matrix import LOGIN, Row, add_competition_judging, add_judging, check_matrix, expect, world  # noqa: F401


def _assignment(key, name="judging:scorecard"):
    return lambda w: reverse(name, args=[w.extra[key].pk])


MEMBERS_ONLY = expect(default=404, anonymous=LOGIN, member=200)
OWNER_B_ONLY = expect(default=404, anonymous=LOGIN, owner_b=200)
#: Someone on a panel: the engine's judges and the competition round's.
JUDGES = ("member", "owner_b", "judge_assigned", "judge_unassigned", "editor_a")


def _judges(value):
    return expect(default=404, anonymous=LOGIN, **dict.fromkeys(JUDGES, value))


ROWS = [
    Row("my assignments", lambda w: reverse("judging:dashboard"), expect(default=200, anonymous=LOGIN)),
    Row("scorecard (member's)", _assignment("judging_member"), MEMBERS_ONLY),
    Row(  # an empty scorecard is invalid input: 400, as every member form answers it
        "scorecard (member's) POST",
        _assignment("judging_member"),
        expect(default=404, anonymous=LOGIN, member=400),
        "post",
        lambda w: {},
    ),
    Row("scorecard (B's owner's)", _assignment("judging_owner_b"), OWNER_B_ONLY),
    Row("recuse (member's)", _assignment("judging_member", "judging:recuse"), MEMBERS_ONLY),
    Row(  # no reason given: 400, as every member form answers invalid input
        "recuse (member's) POST",
        _assignment("judging_member", "judging:recuse"),
        expect(default=404, anonymous=LOGIN, member=400),
        "post",
        lambda w: {},
    ),
    Row(
        "judge profile",
        lambda w: reverse("judging:profile"),
        _judges(200),
    ),
    Row(
        "judge profile POST",
        lambda w: reverse("judging:profile"),
        _judges(302),
        "post",
        lambda w: {"expertise": "EEG", "public_bio": ""},
    ),
    Row("declare conflict (GET)", lambda w: reverse("judging:declare_conflict"), expect(default=405)),
    Row(
        "declare conflict POST",
        lambda w: reverse("judging:declare_conflict"),
        _judges(400),
        "post",
        lambda w: {},
    ),
]


def test_judging_matrix(client, world):  # noqa: F811
    add_judging(world)
    add_competition_judging(world)
    check_matrix(client, world, ROWS)
