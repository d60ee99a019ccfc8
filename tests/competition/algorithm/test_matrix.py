"""Role × URL matrix of the algorithm track (issue #14).

Decisions recorded here:
* The task page (description, public leaderboard) is public; its data files are for members of a team
  of the competition and staff (others 404, anonymous visitors are sent to sign in).
* A team's task page, its finals and its submissions are its members' alone: another team's is a
  404, never a 403. The finals view takes only POST.
* The hidden labels, the submissions' admin, the export and re-scoring: alliance staff only; project
  managers are refused like members (the hidden labels are never theirs).
"""

from django.urls import reverse

from tests.competition.algorithm.world import add_algorithm, task_url
from tests.matrix import DENIED, LOGIN, Row, check_matrix, expect, world  # noqa: F401


def _url(name, key_kwargs):
    def url(w):
        add_algorithm(w)
        return reverse(f"competition:{name}", kwargs={k: w.extra[v].pk for k, v in key_kwargs.items()})

    return url


def _team(name, letter):
    return _url(name, {"team_pk": f"team_{letter}", "task_pk": "algorithm_task"})


def _admin(name, key):
    def url(w):
        add_algorithm(w)
        return reverse(f"competition_algorithm:{name}", args=[w.extra[key].pk])

    return url


ROWS = [
    Row("algorithm task page", task_url("algorithm_task"), expect(default=200)),
    Row(
        "algorithm task data file",
        _url("algorithm_file", {"task_pk": "algorithm_task", "file_pk": "algorithm_file"}),
        expect(default=404, anonymous=LOGIN, staff=200, team_member=200, other_team=200),
    ),
    Row(
        "algorithm team page (A)",
        _team("algorithm_team_task", "a"),
        expect(default=404, anonymous=LOGIN, team_member=200),
    ),
    Row(
        "algorithm team page (B)",
        _team("algorithm_team_task", "b"),
        expect(default=404, anonymous=LOGIN, other_team=200),
    ),
    Row(
        "algorithm upload without a file (A)",
        _team("algorithm_team_task", "a"),
        expect(default=404, anonymous=LOGIN, team_member=400),
        method="post",
    ),
    Row(
        "algorithm upload without a file (B)",
        _team("algorithm_team_task", "b"),
        expect(default=404, anonymous=LOGIN, other_team=400),
        method="post",
    ),
    Row("algorithm finals GET (A)", _team("algorithm_team_finals", "a"), expect(default=405, anonymous=LOGIN)),
    Row("algorithm finals GET (B)", _team("algorithm_team_finals", "b"), expect(default=405, anonymous=LOGIN)),
    Row(
        "algorithm finals (A)",
        _team("algorithm_team_finals", "a"),
        expect(default=404, anonymous=LOGIN, team_member=302),
        method="post",
        data=lambda w: {"submissions": [w.extra["algorithm_submission_a"].pk]},
    ),
    Row(
        "algorithm finals (B)",
        _team("algorithm_team_finals", "b"),
        expect(default=404, anonymous=LOGIN, other_team=302),
        method="post",
        data=lambda w: {"submissions": [w.extra["algorithm_submission_b"].pk]},
    ),
    Row(
        "algorithm submission (A)",
        _url("algorithm_submission", {"pk": "algorithm_submission_a"}),
        expect(default=404, anonymous=LOGIN, team_member=200),
    ),
    Row(
        "algorithm submission (B)",
        _url("algorithm_submission", {"pk": "algorithm_submission_b"}),
        expect(default=404, anonymous=LOGIN, other_team=200),
    ),
    Row(
        "algorithm leaderboard API",
        lambda w: add_algorithm(w) and f"/api/v1/algorithm-tasks/{w.extra['algorithm_task'].pk}/leaderboard/",
        expect(default=200),
    ),
    Row(
        "algorithm admin index",
        lambda w: reverse("competition_algorithm:index"),
        expect(default=DENIED, anonymous=LOGIN, staff=200),
    ),
    Row(
        "algorithm admin submissions",
        _admin("submissions", "algorithm_task"),
        expect(default=DENIED, anonymous=LOGIN, staff=200),
    ),
    Row(
        "algorithm admin export", _admin("export", "algorithm_task"), expect(default=DENIED, anonymous=LOGIN, staff=200)
    ),
    Row(
        "algorithm hidden labels",
        _admin("labels", "algorithm_task"),
        expect(default=DENIED, anonymous=LOGIN, staff=200),
    ),
    Row(
        "algorithm re-score (POST)",
        _admin("rescore", "algorithm_submission_a"),
        expect(default=DENIED, anonymous=LOGIN, staff=302),
        method="post",
    ),
]


def test_algorithm_matrix(client, world):  # noqa: F811
    check_matrix(client, world, ROWS)
