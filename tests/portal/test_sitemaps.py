"""What search engines read: ``/robots.txt`` and the site map, with only what anyone may read in it."""

import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from catalog import services as catalog_services
from catalog.editions.models import EditionStatus
from catalog.models import ModerationStatus
from tests.catalog.edition_factories import EditionFactory, published_edition
from tests.catalog.factories import ProductFactory, PublishedProductFactory
from tests.factories import OrganisationFactory, StaffFactory
from tests.portal.page_factories import build_site, news_item

pytestmark = pytest.mark.django_db

URL = re.compile(r"<url><loc>http://testserver([^<]+)</loc>(.*?)</url>")
ALTERNATE = re.compile(r'hreflang="([^"]+)" href="http://testserver([^"]+)"')


def _urls(client, section: str) -> dict[str, dict[str, str]]:
    """The section's addresses, each with its alternates by language."""
    response = client.get(f"/sitemap-{section}.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return {loc: dict(ALTERNATE.findall(rest)) for loc, rest in URL.findall(response.text)}


def test_robots_txt_keeps_crawlers_out_of_accounts_and_member_areas_and_names_the_site_map(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    for path in ("/admin/", "/api/", "/zh-hans/accounts/", "/en/accounts/", "/zh-hans/dashboard/", "/en/judging/"):
        assert f"Disallow: {path}" in lines
    assert "Disallow: /zh-hans/products/" not in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_the_index_names_each_section_of_the_core_and_the_apps_and_each_answers(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    sections = re.findall(r"<loc>http://testserver/sitemap-([a-z-]+)\.xml</loc>", response.text)
    assert {"pages", "lists", "organisations", "products", "editions", "startups", "results"} <= set(sections)
    for section in sections:
        assert client.get(f"/sitemap-{section}.xml").status_code == 200, section
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_pages_are_listed_in_the_languages_they_are_published_in_with_their_translations(client):
    site = build_site(news_items=2)
    urls = _urls(client, "pages")
    assert urls["/zh-hans/about/"] == {"zh-hans": "/zh-hans/about/", "en": "/en/about/", "x-default": "/about/"}
    assert urls["/en/about/"] == urls["/zh-hans/about/"]
    # The members page exists in Chinese only: no English address, no English alternate.
    members = site.members.get_url()
    assert urls[members] == {"zh-hans": members, "x-default": members.replace("/zh-hans/", "/", 1)}
    assert not any(loc.startswith("/en/about/members") for loc in urls)
    assert site.draft.get_url() is None or site.draft.get_url() not in urls
    assert "/zh-hans/draft/" not in urls


def test_a_private_page_and_the_pages_under_it_are_left_out(client):
    site = build_site(news_items=1)
    PageViewRestriction.objects.create(page=site.about, restriction_type=PageViewRestriction.LOGIN)
    urls = _urls(client, "pages")
    assert "/zh-hans/about/" not in urls and site.members.get_url() not in urls
    assert "/en/about/" in urls  # the English translation is not restricted
    assert "/zh-hans/" in urls


def test_products_are_the_published_ones_of_verified_organisations_in_both_languages(client):
    shown = PublishedProductFactory()
    draft = ProductFactory()
    unverified = PublishedProductFactory(organisation=OrganisationFactory(verification_status="pending"))
    urls = _urls(client, "products")
    assert urls[f"/zh-hans/products/{shown.pk}/"] == {
        "zh-hans": f"/zh-hans/products/{shown.pk}/",
        "en": f"/en/products/{shown.pk}/",
        "x-default": f"/products/{shown.pk}/",
    }
    assert f"/en/products/{shown.pk}/" in urls
    assert not [loc for loc in urls if f"/products/{draft.pk}/" in loc or f"/products/{unverified.pk}/" in loc]


def test_editions_are_the_published_ones_and_open_calls_read_without_counting_their_entries(client):
    published = published_edition(year=2101)
    open_call = EditionFactory(year=2102, status=EditionStatus.OPEN)
    EditionFactory(year=2103, status=EditionStatus.DRAFT)
    EditionFactory(year=2104, status=EditionStatus.REVIEW)
    client.cookies["sessionid"] = "x"  # past the public page cache: the section's own queries
    with CaptureQueriesContext(connection) as queries:
        urls = _urls(client, "editions")
    years = {int(re.search(r"/editions/(\d+)/", loc)[1]) for loc in urls}
    assert years == {published.year, open_call.year}
    assert f"/en/editions/{published.year}/" in urls
    edition_sql = [query["sql"] for query in queries.captured_queries if "catalog_edition" in query["sql"]]
    assert edition_sql and not [sql for sql in edition_sql if "COUNT(" in sql.upper()]


def test_a_section_is_cached_for_visitors_and_a_published_product_refreshes_it(
    client, django_capture_on_commit_callbacks
):
    PublishedProductFactory()
    assert client.get("/sitemap-products.xml")["X-Public-Cache"] == "miss"
    assert client.get("/sitemap-products.xml")["X-Public-Cache"] == "hit"
    waiting = ProductFactory(moderation_status=ModerationStatus.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        catalog_services.approve(staff=StaffFactory(), product=waiting)
    assert client.get("/sitemap-products.xml")["X-Public-Cache"] == "miss"
    assert f"/zh-hans/products/{waiting.pk}/" in _urls(client, "products")


@pytest.mark.parametrize("section", ["pages", "products", "organisations"])
def test_a_section_costs_the_same_queries_for_3_or_30_records(client, django_assert_max_num_queries, section):
    site = build_site(news_items=3)
    client.cookies["sessionid"] = "x"  # past the public page cache
    for _ in range(3):
        PublishedProductFactory()
    with django_assert_max_num_queries(3) as few:
        client.get(f"/sitemap-{section}.xml")
    for _ in range(27):
        news_item(site.news) if section == "pages" else PublishedProductFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(f"/sitemap-{section}.xml").status_code == 200


@override_settings(ALLOWED_HOSTS=["portal.example.cn"])
def test_addresses_are_on_the_host_the_site_map_was_asked_from(client):
    PublishedProductFactory()
    response = client.get("/sitemap-products.xml", HTTP_HOST="portal.example.cn")
    assert "<loc>http://portal.example.cn/zh-hans/products/" in response.text
