"""The portal's admin pages, as a phone needs them, server side (the browser's view: tests/e2e/test_admin_phone.py).

* Wagtail's header keeps its buttons on one line and cut off a record's last actions on a phone: a
  record's inspect page also offers every action in the page (``portal/admin/_page_actions.html``),
  the header's copies marked ``portal-header-action`` so that the admin's stylesheet hides them there.
* The portal's admin stylesheet (``static/portal/admin.css``) is on every admin page.
* Pages whose header read Home (首页) alone, their title in a hidden h1, show their title as the last
  breadcrumb: the judging panels, the matchmaking weights, an entry's extension, an edition's panel.
"""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

import incubator.matching.admin  # noqa: F401  (registers the weights view, as incubator.wagtail_hooks does)
from catalog.editions.models import EditionStatus
from competition.vocabulary import EntryStatus
from portal.review.admin import HEADER_ACTION_CLASS
from tests.cases.factories import submitted_submission
from tests.catalog.edition_factories import EditionFactory
from tests.competition.factories import EntryFactory
from tests.factories import ProjectManagerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    return submitted_submission()


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_a_records_actions_stand_in_the_page_as_in_the_header(staff_client, submitted):
    soup = soup_of(staff_client.get(reverse("case_submissions:inspect", args=[submitted.pk])))
    header = soup.select("#w-slim-header-buttons a.w-header-button")
    in_page = soup.select(".portal-page-actions a")
    # The same actions, in the same order (Wagtail sorts the header's by priority).
    assert [(a["href"], a.get_text(strip=True)) for a in in_page] == [
        (a["href"], a.get_text(strip=True)) for a in header
    ]
    assert {a.get_text(strip=True) for a in in_page} == {"拒绝", "请求修改", "采纳并创建案例页面"}
    assert all(HEADER_ACTION_CLASS in a["class"] for a in header)
    # Below the fields? No: above them, where a phone shows them first.
    assert soup.select_one(".portal-page-actions").find_next("dl") is not None


def test_a_record_with_no_action_for_the_reader_has_no_empty_bar(client, submitted):
    client.force_login(ProjectManagerFactory())  # project managers look, they do not decide
    soup = soup_of(client.get(reverse("case_submissions:inspect", args=[submitted.pk])))
    assert not soup.select(".portal-page-actions") and not soup.select(f".{HEADER_ACTION_CLASS}")


def test_every_inspect_template_of_a_review_offers_the_actions_in_the_page(staff_client):
    """The apps' own inspect templates (a product's changes, an application's standing, an
    organisation's members) extend the kit's, so none of them loses the actions on a phone."""
    entry = EntryFactory(status=EntryStatus.SUBMITTED)
    edition = EditionFactory(status=EditionStatus.OPEN)
    for url in (
        reverse("competition_entries:inspect", args=[entry.pk]),
        reverse("editions:inspect", args=[edition.pk]),
    ):
        soup = soup_of(staff_client.get(url))
        assert len(soup.select(".portal-page-actions a")) == len(soup.select(f"a.{HEADER_ACTION_CLASS}")) >= 2, url


def test_the_portals_admin_stylesheet_is_on_every_admin_page(staff_client):
    soup = soup_of(staff_client.get(reverse("wagtailadmin_home")))
    assert soup.select_one('link[rel=stylesheet][href*="portal/admin"]') is not None


def _crumbs(response) -> list[tuple[str, str]]:
    assert response.status_code == 200
    return [(crumb["url"], str(crumb["label"])) for crumb in response.context["breadcrumbs_items"][1:]]


def test_staff_pages_show_their_title_not_home_alone(staff_client):
    entry = EntryFactory(status=EntryStatus.SUBMITTED)
    edition = EditionFactory(status=EditionStatus.REVIEW)
    assert _crumbs(staff_client.get(reverse("judging_admin:index"))) == [("", "评审组")]
    assert _crumbs(staff_client.get(reverse("incubator_weights:index"))) == [("", "匹配权重")]
    assert _crumbs(staff_client.get(reverse("competition_entries:extend", args=[entry.pk]))) == [
        (reverse("competition_entries:index"), "作品"),
        (reverse("competition_entries:inspect", args=[entry.pk]), str(entry)),
        ("", "延长截止时间"),
    ]
    assert _crumbs(staff_client.get(reverse("edition_panel", args=[edition.pk]))) == [
        (reverse("editions:index"), "推荐目录年度版"),
        (reverse("editions:inspect", args=[edition.pk]), str(edition)),
        ("", "专家评审组"),
    ]
