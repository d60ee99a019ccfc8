"""The catalogue list's grouped facets (enterprises, editions) are remembered like the counts, per language."""

import pytest
from django.urls import reverse
from django.utils import translation

from catalog import services
from tests.catalog.factories import ProductFactory, PublishedProductFactory
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _url(language="zh-hans"):
    with translation.override(language):
        return reverse("catalog:product_list")


def _enterprises(response) -> dict:
    row = next(row for row in response.context["facets"] if row["facet"].param == "enterprise")
    return {option["value"]: (option["label"], option["count"]) for option in row["options"]}


@pytest.fixture
def member(client):
    client.cookies["sessionid"] = "x"  # rendered, not served from the page cache
    return client


def test_the_same_selection_again_runs_no_grouped_facet_query(member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        PublishedProductFactory(organisation=OrganisationFactory())
    member.get(_url())
    with CaptureQueriesContext(connection) as first:
        member.get(_url() + "?type=non_invasive")
    with CaptureQueriesContext(connection) as again:
        response = member.get(_url() + "?type=non_invasive")
    assert len(again) <= len(first) - 3  # the counts, the enterprise and the edition facets
    assert len(_enterprises(response)) == 3


def test_remembered_enterprises_follow_approval_and_language(member, staff):
    alpha = OrganisationFactory(name_zh="阿尔法脑科技", name_en="Alpha Brain", slug="alpha")
    PublishedProductFactory(organisation=alpha)
    assert _enterprises(member.get(_url())) == {"alpha": ("阿尔法脑科技", 1)}
    assert _enterprises(member.get(_url("en"))) == {"alpha": ("Alpha Brain", 1)}
    beta = OrganisationFactory(name_zh="贝塔神经", name_en="Beta Neuro", slug="beta")
    services.approve(staff=staff, product=ProductFactory(organisation=beta, moderation_status="submitted"))
    assert _enterprises(member.get(_url())) == {"alpha": ("阿尔法脑科技", 1), "beta": ("贝塔神经", 1)}
    assert _enterprises(member.get(_url("en")))["beta"] == ("Beta Neuro", 1)
