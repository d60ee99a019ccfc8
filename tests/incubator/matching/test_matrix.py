"""Role × URL matrix of matchmaking (issue #15).

Decisions recorded here:
* The suggestions page is for members of verified investors (gamma-capital) and startups
  (delta-neuro, epsilon-bci): they get it (epsilon's lists are empty, with why); every other
  signed-in role is refused with why (403), the incubator (zeta) included; visitors sign in.
* Dismiss and undo are POSTs naming the acting organisation (its slug) and the other (its id):
  only gamma's members act for gamma (302 back to the page); anyone else is a 404, the same as
  an unknown organisation. A GET is 405.
* The weights in the admin: staff change them, project managers look, nobody else gets in.
"""

from django.urls import reverse

import incubator.matching.admin  # noqa: F401  (registers the weights' admin, as incubator.wagtail_hooks does)
from incubator.matching import scoring
from tests.incubator.matching.world import add_incubator_matching
from tests.matrix import DENIED, LOGIN, Row, check_matrix, expect, world  # noqa: F401


def _pair(w):
    return {"organisation": "gamma-capital", "other": w.extra["org_startup"].pk}


def _weights(w):
    return {
        f"{kind}__{criterion}": str(weight)
        for kind, weights in scoring.DEFAULT_WEIGHTS.items()
        for criterion, weight in weights.items()
    } | {"investor__region": "2.5"}


SUGGESTIONS = expect(default=403, anonymous=LOGIN, investor=200, startup=200, other_startup=200)
GAMMA_ACTS = expect(default=404, anonymous=LOGIN, investor=302)

ROWS = [
    Row("suggestions", lambda w: reverse("incubator:suggestions"), SUGGESTIONS),
    Row("suggestion dismiss", lambda w: reverse("incubator:suggestion_dismiss"), GAMMA_ACTS, method="post", data=_pair),
    Row("suggestion restore", lambda w: reverse("incubator:suggestion_restore"), GAMMA_ACTS, method="post", data=_pair),
    Row(
        "suggestion dismiss, GET",
        lambda w: reverse("incubator:suggestion_dismiss"),
        expect(default=405, anonymous=LOGIN),
    ),
    Row(
        "suggestion dismiss, no data",
        lambda w: reverse("incubator:suggestion_dismiss"),
        expect(default=404, anonymous=LOGIN),
        method="post",
    ),
    Row(
        "matchmaking weights",
        lambda w: reverse("incubator_weights:index"),
        expect(default=DENIED, anonymous=LOGIN, staff=200, project_manager=200),
    ),
    Row(
        "matchmaking weights, save",
        lambda w: reverse("incubator_weights:index"),
        expect(default=DENIED, anonymous=LOGIN, staff=302),
        method="post",
        data=_weights,
    ),
    Row(
        "matchmaking weights, out of range",
        lambda w: reverse("incubator_weights:index"),
        expect(default=DENIED, anonymous=LOGIN, staff=400),
        method="post",
        data=lambda w: _weights(w) | {"platform__needs": "10.5"},
    ),
]


def test_matching_matrix(client, world):  # noqa: F811
    add_incubator_matching(world)
    check_matrix(client, world, ROWS)
