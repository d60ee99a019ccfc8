"""Role × URL rows of the competition's results API (issue #13): a 404 for every role until the
results are published (the API has no staff preview; published results: tests/competition/test_api.py)."""

from tests.matrix import Row, add_competition, check_matrix, expect, world  # noqa: F401

ROWS = [
    Row(
        "API results, not published",
        lambda w: f"/api/v1/competitions/{w.extra['competition'].slug}/results/",
        expect(default=404),
    ),
    Row("API results, unknown competition", lambda w: "/api/v1/competitions/no-such/results/", expect(default=404)),
]


def test_results_api_matrix(client, world):  # noqa: F811
    add_competition(world)
    check_matrix(client, world, ROWS)
