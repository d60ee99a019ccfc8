"""The dashboard's "My work" row: each member reaches the work done in their own name from where they land.

A judge, a competitor without an organisation and alliance staff all landed on a dashboard that only
offered to register an organisation: their pages (``/judging/``, the competition's teams, the admin)
were linked from nowhere they could see. Apps add their cards in their own ``dashboard.py``
(``SHORTCUTS``, tests/portal/test_extension_points.py).
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tests import factories
from tests.judging.factories import PanelFactory, judges

pytestmark = pytest.mark.django_db

WORK = re.compile(r'<section class="stack" aria-labelledby="work-heading">.*?</section>', re.S)


def _url(name, language="zh-hans"):
    with translation.override(language):
        return reverse(name)


def _work(client, user, language="zh-hans") -> str:
    client.force_login(user)
    found = WORK.search(client.get(_url("portal:dashboard", language)).content.decode())
    return found.group(0) if found else ""


def test_a_judge_without_an_organisation_finds_their_assignments(client):
    judge = judges(PanelFactory(), 1)[0]
    work = _work(client, judge)
    assert f'href="{_url("judging:dashboard")}"' in work and "我的评审任务" in work
    assert 'href="/admin/"' not in work


def test_every_member_finds_the_competition_and_no_judging_or_admin(client):
    work = _work(client, factories.UserFactory(), language="en")
    assert f'href="{_url("competition:my_competition", "en")}"' in work and "My teams and entries" in work
    assert _url("judging:dashboard", "en") not in work and "/admin/" not in work


def test_staff_find_the_administration(client):
    work = _work(client, factories.StaffFactory())
    assert 'href="/admin/"' in work and "打开管理后台" in work


def test_the_judging_page_offers_the_expertise_page_to_judges_only(client):
    client.force_login(factories.UserFactory())
    html = client.get(_url("judging:dashboard")).content.decode()
    assert _url("judging:profile") not in html
    assert client.get(_url("judging:profile")).status_code == 404

    client.force_login(judges(PanelFactory(), 1)[0])
    html = client.get(_url("judging:dashboard")).content.decode()
    assert _url("judging:profile") in html and client.get(_url("judging:profile")).status_code == 200


def test_the_row_costs_one_query_a_card(client, django_assert_max_num_queries):
    judge = judges(PanelFactory(), 1)[0]
    client.force_login(judge)
    client.get(_url("portal:dashboard"))  # sessions and site caches warm
    with django_assert_max_num_queries(12):
        client.get(_url("portal:dashboard"))
