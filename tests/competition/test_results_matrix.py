"""Role × URL matrix of the competition's results (issue #13).

Decisions recorded here:
* The public results page is a 404 for everyone until staff publish the results; alliance staff
  see a preview (project managers do not: scores and awards are staff's until published).
* The results admin (ranking, exports, audit trail): staff and project managers look, staff act
  (publish, advance, award, the loop); everyone else is sent to sign in or refused. These rows
  need a judging round and an award, made by ``add_results``; the admin's other URLs are covered
  as a group by ``tests/test_url_coverage.py``.
"""

from django.urls import reverse

from competition import rounds
from competition.results import services
from competition.vocabulary import EntryStatus, StageKind
from tests.judging.factories import rubric_with
from tests.matrix import DENIED, LOGIN, Row, add_competition, check_matrix, expect, world  # noqa: F401

ROWS = [
    Row(
        "results page, not published",
        lambda w: reverse("competition:results", kwargs={"slug": w.extra["competition"].slug}),
        expect(default=404, staff=200),
    ),
]

#: The results admin: staff and project managers look, the rest never see it.
LOOK = expect(default=DENIED, anonymous=LOGIN, staff=200, project_manager=200)
#: What only staff do: project managers are refused like members.
ACT = expect(default=DENIED, anonymous=LOGIN, staff=302)
#: A page only staff act on (the form itself).
ACT_PAGE = expect(default=DENIED, anonymous=LOGIN, staff=200)


def add_results(w) -> None:
    """A preliminary round of the medical track with org A's submitted entry, eligible, and an award for it."""
    add_competition(w)
    competition, entry = w.extra["competition"], w.extra["entry_submitted_a"]
    type(entry).objects.filter(pk=entry.pk).update(status=EntryStatus.ELIGIBLE)
    staff = w.user("staff")
    stage = competition.stages.get(kind=StageKind.PRELIMINARY)
    w.extra["round"], _report = rounds.open_round(
        actor=staff, stage=stage, track=entry.track, rubric=rubric_with(1), judges=[w.user("member")], judges_per_item=1
    )
    w.extra["award"] = services.record_award(actor=staff, entry=entry, prize_zh="一等奖")


def _admin(name, key, **kwargs):
    return lambda w: reverse(f"competition_results:{name}", args=[w.extra[key].pk] if key else [], kwargs=kwargs)


def admin_rows() -> list[Row]:
    """Built when asked (not a module-level list): the coverage test evaluates those against a world without a round."""
    return [
        Row("results admin index", _admin("index", None), LOOK),
        Row("results admin competition", _admin("competition", "competition"), LOOK),
        Row("results admin round ranking", _admin("round", "round"), LOOK),
        Row("results admin export (XLSX)", _admin("export", "competition"), LOOK),
        Row("results admin competition trail", _admin("competition_trail", "competition"), LOOK),
        Row("results admin entry trail", _admin("entry_trail", "entry_submitted_a"), LOOK),
        Row("results admin award form", _admin("award", "entry_submitted_a"), LOOK),
        Row(
            "results admin award (POST)",
            _admin("award", "entry_submitted_a"),
            ACT,
            method="post",
            data=lambda w: {"prize_zh": "二等奖", "rank": 2},
        ),
        Row(
            "results admin advance (POST)",
            _admin("advance", "round"),
            # staff: refused with the reason on the form (no final round is open to advance into)
            expect(default=DENIED, anonymous=LOGIN, staff=400),
            method="post",
            data=lambda w: {"method": "raw", "top": 1},
        ),
        Row("results admin open round form", _admin("open_round", "competition"), ACT_PAGE),
        Row(
            "results admin open round (POST, no judges or rubric)",
            _admin("open_round", "competition"),
            expect(default=DENIED, anonymous=LOGIN, staff=400),
            method="post",
            data=lambda w: {"judges_per_item": 3},
        ),
        Row("results admin publish confirmation", _admin("publish", "competition"), ACT_PAGE),
        Row("results admin publish (POST)", _admin("publish", "competition"), ACT, method="post"),
        Row("results admin product (POST)", _admin("product", "award"), ACT, method="post"),
    ]


def test_results_matrix(client, world):  # noqa: F811
    add_competition(world)
    check_matrix(client, world, ROWS)


def test_results_admin_matrix(client, world):  # noqa: F811
    add_results(world)
    check_matrix(client, world, admin_rows())
