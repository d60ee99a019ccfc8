"""A member's saved searches show what each filters the startup directory by, in the member's language,
with the directory's own labels, at the same number of queries however many searches there are."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from incubator.models import SavedSearch
from tests import factories

pytestmark = pytest.mark.django_db

QUERY = "field=rehabilitation&q=脑电&stage=prototype&ask=5m_20m&field=elderly_care&stage=nonsense&junk=1"


def _investor(client):
    user = factories.MembershipFactory(organisation=factories.OrganisationFactory(kind="investor"), role="owner").user
    client.force_login(user)
    return user


def _filters(client, language: str) -> list[str]:
    """Each saved search's line of filters, as the page reads without its markup."""
    with translation.override(language):
        url = reverse("incubator:saved_searches")
    response = client.get(url)
    assert response.status_code == 200
    lines = re.findall(r"<li class=\"stack stack-small\">.*?<p>(.*?)</p>", response.text, re.S)
    return [" ".join(strip_tags(line).split()) for line in lines]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            "Search: 脑电 · Stage: Prototype · Funding ask: CNY 5M–20M"
            " · Application field: Rehabilitation, Elderly care",
        ),
        ("zh-hans", "搜索：脑电 · 阶段：样机 · 融资需求：500万–2000万元 · 应用领域：康复训练、养老康复"),
    ],
)
def test_each_saved_search_shows_its_filters_in_the_members_language(client, language, expected):
    user = _investor(client)
    SavedSearch.objects.create(user=user, name="康复 原型", query=QUERY)
    SavedSearch.objects.create(user=user, name="Everything", query="")
    everything = {
        "en": "No filters: every startup in the directory.",
        "zh-hans": "未设筛选条件：名录中的全部初创企业。",
    }
    assert _filters(client, language) == [everything[language], expected]  # newest first


def test_an_english_page_marks_the_chinese_search_text():
    """Text a member typed is shown as written: Chinese on an English page is marked for screen readers."""
    client = Client()
    user = _investor(client)
    SavedSearch.objects.create(user=user, name="EEG", query="q=脑电")
    with translation.override("en"):
        html = client.get(reverse("incubator:saved_searches")).text
    assert 'Search: <span lang="zh-Hans">脑电</span>' in html


def test_the_list_costs_the_same_queries_for_one_or_five_saved_searches(client, django_assert_max_num_queries):
    user = _investor(client)
    SavedSearch.objects.create(user=user, name="一", query=QUERY)
    url = reverse("incubator:saved_searches")
    client.get(url)  # the session and the site, read once as on any page
    with django_assert_max_num_queries(50) as one:
        client.get(url)
    for n in range(4):
        SavedSearch.objects.create(user=user, name=f"搜索{n}", query=f"stage=prototype&need=investment&q=词{n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert len(_filters(client, "zh-hans")) == 5
