"""The leaderboards at scale: the database picks each team's counted submission exactly as the rule
says (checked against a plain Python reading of the rule on random data with ties), the task page
keeps them in the cache until something they show changes, and shows the top rows and the
visitor's own teams."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from competition.algorithm import queries, services
from competition.algorithm.vocabulary import SubmissionStatus
from competition.models import ResultsPublication, Submission
from tests.competition.algorithm.factories import LABELS, entered_team, make_task, predictions
from tests.competition.factories import running_competition
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def _reference(task, *, private: bool) -> list[tuple]:
    """The rule read plainly: (team, submission, score) ranked; ties to the earliest, then the lower id."""
    rows = list(Submission.objects.filter(task=task, status=SubmissionStatus.SCORED).order_by("created_at", "pk"))

    def public(s):
        return float(s.public_metrics.get(task.metric, 0.0))

    def secret(s):
        return float(s.private_metrics.get(task.metric, 0.0))

    best = {}
    for s in rows:
        if s.team_id not in best or public(s) > public(best[s.team_id]):
            best[s.team_id] = s
    if private:
        for team_id in list(best):
            finals = [s for s in rows if s.team_id == team_id and s.is_final]
            chosen = None
            for s in finals or [best[team_id]]:
                if chosen is None or secret(s) > secret(chosen):
                    chosen = s
            best[team_id] = chosen
    value = secret if private else public
    ordered = sorted(best.values(), key=lambda s: (-value(s), s.created_at, s.pk))
    return [(s.team_id, s.pk, value(s)) for s in ordered]


def test_the_database_picks_what_the_rule_says_on_random_data_with_ties():
    competition = running_competition()
    task = make_task(competition, metric="accuracy")
    rng = random.Random(4)
    start = timezone.now() - timedelta(days=2)
    teams = [entered_team(competition=competition, name=f"队{n}") for n in range(12)]
    values = [0.25, 0.5, 0.75, 1.0]  # few values: many ties, within and across teams
    made = []
    for _ in range(150):
        made.append(
            Submission(
                team=rng.choice(teams),
                task=task,
                file="x.csv",
                status=rng.choice([SubmissionStatus.SCORED] * 4 + [SubmissionStatus.FAILED]),
                is_final=rng.random() < 0.15,
                public_metrics={"accuracy": rng.choice(values), "kappa": rng.random()},
                private_metrics={"accuracy": rng.choice(values)} if rng.random() < 0.95 else {},
            )
        )
    Submission.objects.bulk_create(made)
    for n, submission in enumerate(Submission.objects.order_by("pk")):
        # Equal times for some: the lower id breaks those ties.
        Submission.objects.filter(pk=submission.pk).update(created_at=start + timedelta(minutes=n // 3))
    for private, board in ((False, queries.public_leaderboard(task)), (True, queries.private_leaderboard(task))):
        assert [(row.team_id, row.submission_id, row.score) for row in board] == _reference(task, private=private)
        assert [row.rank for row in board] == list(range(1, len(board) + 1))
        counts = {t.pk: t.algorithm_submissions.filter(status=SubmissionStatus.SCORED).count() for t in teams}
        assert all(row.submissions == counts[row.team_id] for row in board)
        by_id = {s.pk: s for s in Submission.objects.filter(task=task)}
        field = "private_metrics" if private else "public_metrics"
        assert all(row.metrics == getattr(by_id[row.submission_id], field) for row in board)


def _scored(captain, team, task, labels=LABELS):
    submission = services.submit_predictions(actor=captain, team=team, task=task, upload=predictions(labels))
    return services.run_scoring(submission_id=submission.pk)


def test_the_page_shows_each_change_at_once_though_the_boards_are_cached(client):
    competition = running_competition()
    task = make_task(competition, daily_limit=10, max_finals=1)
    captain = UserFactory()
    team = entered_team(competition=competition, created_by=captain, name="Alpha")
    with translation.override("en"):
        url = task.get_absolute_url()

    def page() -> str:
        with translation.override("en"):
            return client.get(url).content.decode()

    assert "No scored submissions yet." in page()
    weaker = _scored(captain, team, task, [2, 2, 1, 2, 1, 2, 1, 2])
    assert "Alpha" in page()  # scored (run_scoring writes with update())
    before = page()
    assert page() == before  # served from the cache: the same rows
    assert "&lt;tr" not in before and "<tr" in before  # the cached rows are HTML, not escaped text
    best = _scored(captain, team, task)
    assert "Alpha" in page() and "1.0000" in page()
    team.name = "Alpha renamed"
    team.save()
    assert "Alpha renamed" in page()
    services.choose_finals(actor=captain, team=team, task=task, submission_ids=[weaker.pk])
    ResultsPublication.objects.create(competition=competition)
    published = page()
    assert "Private leaderboard" in published and "Scores on the private subset" in published
    private_html = published.split("<caption>Scores on the private subset")[1]
    assert private_html.count("Alpha renamed") == 1
    # The final chosen (the weaker one) counts privately; the best again, once chosen instead.
    assert queries.cached_private_leaderboard(task)[0].submission_id == weaker.pk
    services.choose_finals(actor=captain, team=team, task=task, submission_ids=[best.pk])
    assert queries.cached_private_leaderboard(task)[0].submission_id == best.pk
    services.rescore(actor=StaffFactory(), submission=best)
    assert queries.cached_private_leaderboard(task)[0].submission_id == weaker.pk  # best is pending again
    ResultsPublication.objects.filter(competition=competition).delete()
    assert "Scores on the private subset" not in page()


def test_a_metric_change_reorders_the_cached_board():
    competition = running_competition()
    task = make_task(competition)
    a, b = (entered_team(competition=competition, name=name) for name in ("A", "B"))
    for team, kappa, accuracy in ((a, 0.9, 0.1), (b, 0.1, 0.9)):
        Submission.objects.create(
            team=team,
            task=task,
            file="x.csv",
            status=SubmissionStatus.SCORED,
            public_metrics={"kappa": kappa, "accuracy": accuracy},
        )
    assert [row.team_name for row in queries.cached_public_leaderboard(task)] == ["A", "B"]
    task.metric = "accuracy"
    task.save()
    assert [row.team_name for row in queries.cached_public_leaderboard(task)] == ["B", "A"]


def test_the_page_shows_the_top_rows_and_the_visitors_teams(client, monkeypatch):
    monkeypatch.setattr(queries, "SHOWN", 3)
    competition = running_competition()
    task = make_task(competition)
    captain = UserFactory()
    teams = [entered_team(competition=competition, name=f"Team-{n}") for n in range(5)]
    mine = entered_team(competition=competition, created_by=captain, name="Ours")
    for n, team in enumerate([*teams, mine]):
        Submission.objects.create(
            team=team, task=task, file="x.csv", status=SubmissionStatus.SCORED, public_metrics={"kappa": 1 - n / 10}
        )
    with translation.override("en"):
        page = client.get(task.get_absolute_url()).content.decode()
        assert [f"Team-{n}" in page for n in range(5)] == [True, True, True, False, False]
        assert "Ours" not in page and "The first 3 of 6 teams are shown" in page
        client.force_login(captain)
        page = client.get(task.get_absolute_url()).content.decode()
    own_table = page.split("<caption>Your teams on the public leaderboard")[1].split("</table>")[0]
    # Its rank, below the top rows.
    assert '<td class="table-name">Ours</td>' in own_table and '<td class="num">6</td>' in own_table
    assert "Team-3" not in page
