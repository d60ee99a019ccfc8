"""Query budgets of the judging pages (issue #13, Performance): the judge dashboard, the staff round
ranking and the public results page cost the same number of queries however many rows they show."""

import pytest
from django.urls import reverse

from competition.models import Award, ResultsPublication
from portal.judging import queries as judging_queries
from portal.judging import services
from portal.judging.models import Assignment, Scorecard
from tests.competition.test_results import admin_login, scored_round
from tests.judging.factories import PanelFactory, items, judges

pytestmark = pytest.mark.django_db


def _dashboard_queries(client, staff, count, assert_max) -> int:
    panel = PanelFactory(judges_per_item=1)
    (judge,) = judges(panel, 1)
    items(panel, count)
    services.assign_automatically(panel, actor=staff)
    for n, assignment in enumerate(Assignment.objects.filter(judge=judge).order_by("pk")):
        if n % 3:  # rows in every state: to do, a draft, submitted (the state is read with the row)
            Scorecard.objects.create(assignment=assignment, status="draft" if n % 3 == 1 else "submitted", version=1)
    client.force_login(judge)
    client.get(reverse("judging:dashboard"))  # the session and caches settle
    with assert_max(12) as captured:
        response = client.get(reverse("judging:dashboard"))
    assert response.status_code == 200
    assert response.content.decode().count('href="/zh-hans/judging/assignments/') == count
    return len(captured)


def test_the_judge_dashboard_costs_the_same_queries_for_5_and_40_assignments(
    client, adapter, staff, django_assert_max_num_queries
):
    assert _dashboard_queries(client, staff, 5, django_assert_max_num_queries) == _dashboard_queries(
        client, staff, 40, django_assert_max_num_queries
    )


def _ranking_page_queries(client, scored, assert_max) -> int:
    admin_login(client, scored.staff)
    url = reverse("competition_results:round", args=[scored.judging_round.pk])
    client.get(url)
    with assert_max(40) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_staff_ranking_page_costs_the_same_queries_for_2_and_6_entries(client, django_assert_max_num_queries):
    small = _ranking_page_queries(client, scored_round(scores=[[5, 6], [7, 8]]), django_assert_max_num_queries)
    large = _ranking_page_queries(
        client,
        scored_round(scores=[[5, 6, 7, 8, 9, 4], [7, 8, 3, 2, 1, 6]], year=2027),
        django_assert_max_num_queries,
    )
    assert small == large


def _results_page_queries(client, scored, winners, assert_max) -> int:
    for place, entry in enumerate(scored.entries[:winners], 1):
        Award.objects.create(
            competition=scored.competition, track=scored.track, entry=entry, rank=place, prize_zh=f"{place}等奖"
        )
    ResultsPublication.objects.create(competition=scored.competition, published_by=scored.staff)
    url = reverse("competition:results", kwargs={"slug": scored.competition.slug})
    client.get(url, HTTP_COOKIE="sessionid=x")
    with assert_max(12) as captured:
        response = client.get(url, HTTP_COOKIE="sessionid=x")  # a session cookie: rendered, not from the cache
    assert response.status_code == 200
    return len(captured)


def test_the_public_results_page_costs_the_same_queries_for_1_and_6_winners(client, django_assert_max_num_queries):
    one = _results_page_queries(client, scored_round(scores=[[5, 6], [7, 8]]), 1, django_assert_max_num_queries)
    six = _results_page_queries(
        client,
        scored_round(scores=[[5, 6, 7, 8, 9, 4], [7, 8, 3, 2, 1, 6]], year=2027),
        6,
        django_assert_max_num_queries,
    )
    assert one == six


def _not_blind(scored):
    panel = scored.judging_round.panel
    panel.blind = False  # labels name the team: what a per-entry query would read
    panel.save(update_fields=["blind"])
    return panel


def _engine_results_queries(scored, assert_max) -> int:
    panel = _not_blind(scored)
    with assert_max(8) as captured:
        rows = judging_queries.results(panel, method="normalised")
    assert len(rows) == len(scored.entries) and all(row.label.endswith(row.item.subject.team.name) for row in rows)
    return len(captured)


def test_the_engines_results_cost_the_same_queries_for_2_and_6_competition_entries(django_assert_max_num_queries):
    small = _engine_results_queries(scored_round(scores=[[5, 6], [7, 8]]), django_assert_max_num_queries)
    large = _engine_results_queries(
        scored_round(scores=[[5, 6, 7, 8, 9, 4], [7, 8, 3, 2, 1, 6]], year=2027), django_assert_max_num_queries
    )
    assert small == large


def _competition_dashboard_queries(client, scored, assert_max) -> int:
    _not_blind(scored)
    client.force_login(scored.judges[0])
    client.get(reverse("judging:dashboard"))
    with assert_max(12) as captured:
        response = client.get(reverse("judging:dashboard"))
    assert response.status_code == 200 and scored.entries[-1].team.name in response.content.decode()
    return len(captured)


def test_a_judges_dashboard_of_competition_entries_costs_the_same_queries_for_2_and_6(
    client, django_assert_max_num_queries
):
    small = _competition_dashboard_queries(client, scored_round(scores=[[5, 6], [7, 8]]), django_assert_max_num_queries)
    large = _competition_dashboard_queries(
        client,
        scored_round(scores=[[5, 6, 7, 8, 9, 4], [7, 8, 3, 2, 1, 6]], year=2027),
        django_assert_max_num_queries,
    )
    assert small == large
