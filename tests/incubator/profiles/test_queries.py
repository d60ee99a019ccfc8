"""The directory and the profile pages cost a fixed number of queries, whatever the rows."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories
from tests.incubator.profiles.world import add_incubator_profiles, startup_profile
from tests.matrix import world  # noqa: F401

pytestmark = pytest.mark.django_db


#: The site's base template reads the site, its settings and the menus (5 queries on every page).
BASE = 5
#: The directory: the facet scan and the page's rows; a member adds the session and the user, the
#: memberships, the groups (staff?), accepted meetings and data rooms (the matched startups).
LIST_LIMIT = {"anonymous": BASE + 2, "investor": BASE + 2 + 6, "startup": BASE + 2 + 6}


def _more_startups(n: int) -> None:
    for i in range(n):
        organisation = factories.OrganisationFactory(kind="startup", slug=f"more-{i}")
        startup_profile(organisation, tag=f"M{i}", with_deck=False, funding_visibility="public")


def _count(client, django_assert_max_num_queries, url, limit, **params):
    with django_assert_max_num_queries(limit):
        response = client.get(url, params)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("role", ["anonymous", "investor", "startup"])
def test_directory_queries_do_not_grow_with_rows(client, world, django_assert_max_num_queries, role):  # noqa: F811
    add_incubator_profiles(world)
    if role != "anonymous":
        client.force_login(world.user(role))
    url = reverse("incubator:startup_list")
    # Session, user, memberships, groups, matched meetings and data rooms, the facet scan, the page.
    _count(client, django_assert_max_num_queries, url, LIST_LIMIT[role])
    _more_startups(15)
    response = _count(client, django_assert_max_num_queries, url, LIST_LIMIT[role], stage="prototype", q="康复")
    assert response.context["page_obj"].paginator.count == 16


def test_detail_queries(client, world, django_assert_max_num_queries):  # noqa: F811
    add_incubator_profiles(world)
    url = world.extra["startup_profile_a"].get_absolute_url()
    _count(client, django_assert_max_num_queries, url, BASE + 1)
    client.force_login(world.user("investor"))
    _count(client, django_assert_max_num_queries, url, BASE + 1 + 6)


def test_investor_and_platform_lists(client, world, django_assert_max_num_queries):  # noqa: F811
    add_incubator_profiles(world)
    _count(client, django_assert_max_num_queries, reverse("incubator:investor_list"), BASE + 2)
    _count(client, django_assert_max_num_queries, reverse("incubator:platform_list"), BASE + 2)
