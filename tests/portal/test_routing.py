"""``portal.routing``: a page URL's route is remembered, and never outlives a change of the page or the site."""

import copy

import pytest
from django.test import override_settings
from wagtail.models import Page, PageViewRestriction, Site

from portal import public_cache
from portal.routing import RouteCacheMiddleware
from tests.conftest import module_world
from tests.portal.page_factories import build_site, publish, standard_page

pytestmark = pytest.mark.django_db


tree_built = module_world(lambda: build_site(news_items=1), name="tree_built")


@pytest.fixture
def tree(tree_built):
    """This test's copy of the module's site (built once for the module)."""
    return copy.deepcopy(tree_built)


@pytest.fixture
def member(client):
    client.cookies["sessionid"] = "x"  # bypasses the public page cache, renders as anonymous
    return client


def _remembered(path: str, host: str = "testserver") -> bool:
    key = f"route:{host}:80:{path}"
    return public_cache.recall(key, ("pages",))[1] is not public_cache.MISSING


def test_a_remembered_route_spares_the_routing_queries(member, tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = tree.about.url
    with CaptureQueriesContext(connection) as first:
        assert member.get(url).status_code == 200
    assert _remembered(url)
    with CaptureQueriesContext(connection) as second:
        response = member.get(url)
    assert response.status_code == 200 and response.context["page"].pk == tree.about.pk
    assert len(second) <= len(first) - 4  # site, locale, home page, the page and its specific row


def test_publishing_a_change_is_served_at_once(member, tree):
    url = tree.about.url
    member.get(url)
    about = Page.objects.get(pk=tree.about.pk).specific
    about.title = "联盟简介（修订）"
    publish(about)
    assert member.get(url).context["page"].title == "联盟简介（修订）"


def test_unpublished_moved_and_renamed_pages_route_afresh(member, tree):
    page = standard_page(tree.home, title="临时页面", slug="temporary")
    url = page.url
    assert member.get(url).status_code == 200
    Page.objects.get(pk=page.pk).unpublish()
    assert member.get(url).status_code == 404

    other = standard_page(tree.home, title="另一页面", slug="other")
    member.get(other.url)
    renamed = Page.objects.get(pk=other.pk).specific
    renamed.slug = "renamed"
    publish(renamed)
    assert member.get("/zh-hans/other/").status_code in (301, 404)
    assert member.get("/zh-hans/renamed/").status_code == 200

    moved = standard_page(tree.home, title="移动页面", slug="moved")
    member.get(moved.url)
    Page.objects.get(pk=moved.pk).move(Page.objects.get(pk=tree.about.pk), pos="last-child")
    assert member.get("/zh-hans/moved/").status_code in (301, 404)  # Wagtail's automatic redirect, if any
    assert member.get(tree.about.url + "moved/").status_code == 200


def test_a_view_restriction_is_checked_on_a_remembered_route(member, tree):
    url = tree.about.url
    member.get(url)
    PageViewRestriction.objects.create(page=Page.objects.get(pk=tree.about.pk), restriction_type="login")
    response = member.get(url)
    assert response.status_code == 302 and "login" in response.headers["Location"]


def test_a_site_change_drops_remembered_routes(member, tree):
    member.get(tree.about.url)
    assert _remembered(tree.about.url)
    site = Site.objects.get(is_default_site=True)
    site.site_name = "联盟门户"
    site.save()
    assert not _remembered(tree.about.url)
    assert member.get(tree.about.url).status_code == 200


def test_only_whole_page_routes_that_answer_200_are_remembered(member, tree):
    assert member.get(tree.about.url + "nope/").status_code == 404
    assert not _remembered(tree.about.url + "nope/")
    member.post(tree.about.url)
    assert not _remembered(tree.about.url)
    member.get("/zh-hans/accounts/login/")
    assert not _remembered("/zh-hans/accounts/login/")


def test_the_anonymous_page_cache_still_answers_first(client, tree):
    url = tree.about.url
    client.get(url)
    assert client.get(url).headers["X-Public-Cache"] == "hit"


@override_settings(PORTAL_PUBLIC_CACHE_ENABLED=False)
def test_nothing_is_remembered_when_the_cache_is_off(member, tree):
    assert member.get(tree.about.url).status_code == 200
    assert not _remembered(tree.about.url)


def test_middleware_is_installed(settings):
    assert "portal.routing.RouteCacheMiddleware" in settings.MIDDLEWARE
    assert RouteCacheMiddleware  # importable


def test_the_remembered_page_carries_only_its_row_not_what_rendering_cached(member, tree):
    from portal.routing import pristine

    about = Page.objects.get(pk=tree.about.pk).specific
    about.rendered_note = "computed while rendering"
    _ = about.owner, about.locale  # related objects cached on the instance
    copy = pristine(about)
    assert copy.pk == about.pk and copy.title == about.title and type(copy) is type(about)
    assert not hasattr(copy, "rendered_note")
    assert copy._state.fields_cache == {} and not copy._state.adding


def test_what_rendering_caches_on_the_page_is_not_remembered(member, tree, monkeypatch):
    page_class = type(Page.objects.get(pk=tree.about.pk).specific)
    original = page_class.get_context

    def get_context(self, request, *args, **kwargs):
        self.rendered_note = "computed while rendering"
        _ = self.owner  # a related object cached on the instance
        return original(self, request, *args, **kwargs)

    monkeypatch.setattr(page_class, "get_context", get_context)
    member.get(tree.about.url)
    remembered = public_cache.recall(f"route:testserver:80:{tree.about.url}", ("pages",))[1]
    page = remembered[1][0]
    assert page.pk == tree.about.pk and not hasattr(page, "rendered_note")
    assert "owner" not in page._state.fields_cache


def test_the_remembered_site_carries_only_its_row(member, tree):
    member.get("/zh-hans/")  # the home page: routing caches it, rendered, on the site's root page
    site, (page, *_rest) = public_cache.recall("route:testserver:80:/zh-hans/", ("pages",))[1]
    assert site.pk == tree.site.pk and site._state.fields_cache == {}
    assert page.pk == tree.home.pk
    assert member.get("/zh-hans/").status_code == 200


@pytest.mark.parametrize(
    ("language", "path"),
    [
        ("zh-hans", ""),
        ("en", ""),
        ("zh-hans", "about/"),
        ("zh-hans", "about/members/"),
        ("en", "about/"),
        ("en", "about/members/"),  # no English translation: a 404, as Wagtail says
        ("zh-hans", "news/"),
        ("zh-hans", "draft/"),  # not live
        ("zh-hans", "no-such-page/"),
        ("zh-hans", "about/no-such-page/"),
    ],
)
def test_routing_from_the_root_paths_finds_what_wagtail_finds_with_two_queries_fewer(tree, language, path):
    from django.core.cache import caches
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from portal import navigation
    from portal.routing import route_from_root_paths

    def cold_request():
        for cache in caches.all():
            cache.clear()
        return RequestFactory().get(f"/{language}/{path}")

    with translation.override(language):
        wagtails, ours = cold_request(), cold_request()
        with CaptureQueriesContext(connection) as wagtail_queries:
            expected = Page.route_for_request(wagtails, path)
            navigation.chrome(wagtails, None)  # the root paths every page reads for its links
        ours = cold_request()
        with CaptureQueriesContext(connection) as our_queries:
            route_from_root_paths(ours, path)
            found = Page.route_for_request(ours, path)
            navigation.chrome(ours, None)
    assert hasattr(ours, "_wagtail_route_for_request")  # answered here, not by Wagtail
    if expected is None:
        assert found is None
    else:
        assert (found[0].pk, type(found[0]), found[1:]) == (expected[0].pk, type(expected[0]), expected[1:])
    assert len(our_queries) <= len(wagtail_queries) - (2 if path else 0)
