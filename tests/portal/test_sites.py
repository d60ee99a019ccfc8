"""portal.sites: the sites, their settings and root paths in one query, answering as Wagtail does."""

import copy
from urllib.parse import urlsplit

import pytest
from django.core.cache import caches
from django.test import RequestFactory
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from portal import navigation, sites
from portal.models.site_settings import SiteSettings
from tests.conftest import module_world
from tests.portal.page_factories import build_site

pytestmark = pytest.mark.django_db


tree_built = module_world(lambda: build_site(news_items=0), name="tree_built")


@pytest.fixture
def tree(tree_built):
    """This test's copy of the module's site (built once for the module)."""
    return copy.deepcopy(tree_built)


@pytest.fixture
def more_sites(tree):
    """A second site on its own host (two ports), and one more on the default site's host."""
    other_root = Page.get_first_root_node().add_child(instance=Page(title="其他站点", slug="other-root"))
    Site.objects.create(hostname="other.example", port=80, root_page=other_root, site_name="Other")
    Site.objects.create(hostname="other.example", port=8080, root_page=other_root)
    Site.objects.create(hostname=tree.site.hostname, port=8443, root_page=tree.about)
    return tree


def _wagtail_site(hostname, port):
    try:
        return get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None


@pytest.mark.parametrize(
    "hostname, port",
    [
        ("localhost", 80),
        ("localhost", "80"),
        ("localhost", 8443),
        ("localhost", 9999),
        ("other.example", 80),
        ("other.example", 8080),
        ("other.example", 9999),
        ("unknown.example", 80),
    ],
)
def test_the_request_site_is_the_one_wagtail_finds(more_sites, hostname, port):
    found = sites.read().for_hostname(hostname, port)
    expected = _wagtail_site(hostname, port)
    assert (found.pk if found else None) == (expected.pk if expected else None)


def test_without_a_default_site_an_unknown_host_has_no_site(more_sites):
    Site.objects.update(is_default_site=False)
    read = sites.read()
    assert read.for_hostname("unknown.example", 80) is None is _wagtail_site("unknown.example", 80)
    assert read.for_hostname("other.example", 9999) is None is _wagtail_site("other.example", 9999)


def _in_wagtails_order(root_paths) -> list:
    """What Wagtail orders root paths by (the path, then the host): two sites on one host and root
    (other.example on ports 80 and 8080) tie, and Wagtail leaves ties in the database's order."""
    return [(srp.root_path, urlsplit(srp.root_url).hostname) for srp in root_paths]


def test_root_paths_are_wagtails_in_wagtails_order(more_sites):
    caches["default"].clear()  # Wagtail computes its own (``read`` fills the same cache key)
    wagtails = Site.get_site_root_paths()
    caches["default"].clear()
    ours = sites.read().root_paths
    assert sorted(ours) == sorted(wagtails)
    assert _in_wagtails_order(ours) == _in_wagtails_order(wagtails)
    assert Site.get_site_root_paths() == ours  # what read() left in Wagtail's cache
    assert {srp.language_code for srp in sites.read().root_paths} == {"zh-hans", "en"}


def test_everything_in_one_query_and_the_root_page_attached(more_sites, django_assert_num_queries):
    with django_assert_num_queries(1):
        read = sites.read()
        default = read.for_hostname("localhost", 80)
        assert default.root_page.pk == more_sites.home.pk
        assert read.settings_for(default).site_id == default.pk


def test_a_site_without_a_settings_row_reads_the_defaults_and_writes_nothing(more_sites):
    SiteSettings.objects.all().delete()
    read = sites.read()
    settings = read.settings_for(read.for_hostname("other.example", 80))
    assert settings.pk is None and settings.organisation_name_zh == "上海市脑机接口产业创新战略联盟"
    assert not SiteSettings.objects.exists()


def test_a_request_reads_the_sites_once_and_the_cache_after_that(tree, django_assert_num_queries):
    request = RequestFactory().get("/zh-hans/", HTTP_HOST="localhost")
    with django_assert_num_queries(1):
        assert navigation.site_for(request).pk == tree.site.pk
        assert navigation.site_settings_for(request).site_id == tree.site.pk
        assert [srp.language_code for srp in navigation.site_root_paths(request)] == ["zh-hans", "en"]
    with django_assert_num_queries(0):
        again = RequestFactory().get("/en/", HTTP_HOST="localhost")
        assert navigation.site_root_paths(again) == navigation.site_root_paths(request)


def test_saving_the_settings_is_seen_by_the_next_request(tree, django_capture_on_commit_callbacks):
    request = RequestFactory().get("/zh-hans/", HTTP_HOST="localhost")
    assert navigation.site_settings_for(request).contact_phone == ""
    with django_capture_on_commit_callbacks(execute=True):
        row = SiteSettings.objects.filter(site=tree.site).first() or SiteSettings(site=tree.site)
        row.contact_phone = "021-0000 0000"
        row.save()
    fresh = RequestFactory().get("/zh-hans/", HTTP_HOST="localhost")
    assert navigation.site_settings_for(fresh).contact_phone == "021-0000 0000"


def test_the_sql_is_compiled_once_and_the_rows_are_read_fresh_each_time(tree):
    from portal import db

    first = sites.read()
    assert "portal.sites" in db._COMPILED
    Site.objects.create(hostname="new.example", port=80, root_page=tree.home)
    second = sites.read()
    assert second.for_hostname("new.example", 80).hostname == "new.example"
    assert len(second.sites) == len(first.sites) + 1
