"""Views outside Wagtail's page tree find their ``Site`` (and its settings) without a query."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from portal.models.site_settings import SiteSettings
from portal.signals import after_migrate
from tests.portal.page_factories import build_site

pytestmark = pytest.mark.django_db

URL = "/zh-hans/products/"  # a plain Django view that renders the site's header and footer


@pytest.fixture
def member(client):
    client.cookies["sessionid"] = "x"  # bypasses the public page cache, renders as anonymous
    return client


def _site_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if '"wagtailcore_site"' in q["sql"] or '"portal_sitesettings"' in q["sql"]]


def test_a_non_page_view_reads_the_site_and_its_settings_from_the_cache(member):
    build_site(news_items=0)
    assert member.get(URL).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = member.get(URL)
    assert response.status_code == 200
    assert _site_queries(queries) == []
    assert response.wsgi_request._wagtail_site == Site.objects.get(is_default_site=True)


def test_a_settings_change_and_a_site_change_are_shown_at_once(member):
    build_site(news_items=0)
    member.get(URL)
    settings_obj = SiteSettings.objects.get()
    settings_obj.organisation_name_zh = "上海脑机接口联盟（新名）"
    settings_obj.save()
    assert "上海脑机接口联盟（新名）" in member.get(URL).content.decode()

    site = Site.objects.get(is_default_site=True)
    site.site_name = "renamed"
    site.save()
    assert member.get(URL).wsgi_request._wagtail_site.site_name == "renamed"


def _writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]


@pytest.mark.parametrize("url", [URL, "/zh-hans/", "/en/", "/en/news/"])
def test_rendering_writes_nothing_when_the_settings_row_is_missing(member, url):
    """Pages read the settings; they do not create the row (it is made after migrate and by the demo)."""
    build_site(news_items=1)
    SiteSettings.objects.all().delete()
    for visitor in (Client(), member):
        with CaptureQueriesContext(connection) as queries:
            response = visitor.get(url)
        assert response.status_code == 200, url
        assert _writes(queries) == []
        assert "上海市脑机接口产业创新战略联盟" in response.content.decode() or "Alliance" in response.content.decode()
    assert not SiteSettings.objects.exists()


def test_migrate_makes_the_settings_row_of_every_site():
    build_site(news_items=0)
    SiteSettings.objects.all().delete()
    after_migrate(sender=None)
    assert SiteSettings.objects.get().site == Site.objects.get(is_default_site=True)
    after_migrate(sender=None)  # twice is harmless
    assert SiteSettings.objects.count() == 1
