"""The public page cache: anonymous visitors get cached pages, nobody gets someone else's page."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from portal import public_cache
from portal.public_cache import PublicPageCacheMiddleware, mark_public

pytestmark = pytest.mark.django_db


class CountingView:
    """A view that renders a distinct body per call so a cache hit is observable."""

    def __init__(self, *, tags=("pages",), set_cookie=False, status=200):
        self.calls = 0
        self.tags = tags
        self.set_cookie = set_cookie
        self.status = status

    def __call__(self, request):
        self.calls += 1
        response = HttpResponse(f"render {self.calls}", status=self.status)
        response.headers["Content-Security-Policy"] = "default-src 'self'"
        if self.set_cookie:
            response.set_cookie("csrftoken", "abc")
        return mark_public(response, *self.tags) if self.tags else response


def anonymous_get(path="/zh-hans/", **extra):
    request = RequestFactory().get(path, **extra)
    return request


def test_second_anonymous_request_is_served_from_cache():
    view = CountingView()
    middleware = PublicPageCacheMiddleware(view)
    first = middleware(anonymous_get())
    second = middleware(anonymous_get())
    assert first.headers["X-Public-Cache"] == "miss"
    assert second.headers["X-Public-Cache"] == "hit"
    assert second.content == b"render 1"
    assert second.headers["Content-Security-Policy"] == "default-src 'self'"
    assert view.calls == 1


def test_request_with_session_cookie_bypasses_cache():
    view = CountingView()
    middleware = PublicPageCacheMiddleware(view)
    middleware(anonymous_get())
    signed_in = anonymous_get()
    signed_in.COOKIES["sessionid"] = "member-session"
    response = middleware(signed_in)
    assert response.content == b"render 2"
    assert "X-Public-Cache" not in response.headers


def test_responses_that_set_cookies_are_never_stored():
    view = CountingView(set_cookie=True)
    middleware = PublicPageCacheMiddleware(view)
    middleware(anonymous_get())
    assert middleware(anonymous_get()).content == b"render 2"


def test_views_that_did_not_opt_in_are_never_stored():
    view = CountingView(tags=())
    middleware = PublicPageCacheMiddleware(view)
    middleware(anonymous_get())
    assert middleware(anonymous_get()).content == b"render 2"


def test_errors_are_never_stored():
    view = CountingView(status=404)
    middleware = PublicPageCacheMiddleware(view)
    middleware(anonymous_get())
    assert middleware(anonymous_get()).content == b"render 2"


def test_post_is_never_served_from_cache():
    view = CountingView()
    middleware = PublicPageCacheMiddleware(view)
    middleware(anonymous_get())
    response = middleware(RequestFactory().post("/zh-hans/"))
    assert response.content == b"render 2"


def test_query_string_and_language_prefix_are_part_of_the_key():
    view = CountingView()
    middleware = PublicPageCacheMiddleware(view)
    middleware(anonymous_get("/zh-hans/news/"))
    middleware(anonymous_get("/zh-hans/news/?page=2"))  # a query string: stored from its second asking
    assert middleware(anonymous_get("/zh-hans/news/?page=2")).content == b"render 3"
    assert middleware(anonymous_get("/en/news/")).content == b"render 4"
    assert middleware(anonymous_get("/zh-hans/news/?page=2")).content == b"render 3"


def test_invalidating_a_tag_stales_only_pages_that_show_it():
    pages_view = CountingView(tags=("pages",))
    catalog_view = CountingView(tags=("catalog",))
    pages = PublicPageCacheMiddleware(pages_view)
    catalog = PublicPageCacheMiddleware(catalog_view)
    pages(anonymous_get("/zh-hans/"))
    catalog(anonymous_get("/zh-hans/catalogue/"))

    public_cache.invalidate("catalog")

    assert pages(anonymous_get("/zh-hans/")).headers["X-Public-Cache"] == "hit"
    assert catalog(anonymous_get("/zh-hans/catalogue/")).content == b"render 2"


def test_tag_versions_survive_eviction_as_misses():
    from django.core.cache import cache

    view = CountingView()
    middleware = PublicPageCacheMiddleware(view)
    middleware(anonymous_get())
    cache.delete(public_cache.TAG_PREFIX + "pages")
    assert middleware(anonymous_get()).content == b"render 2"


@override_settings(PORTAL_PUBLIC_CACHE_ENABLED=False)
def test_cache_can_be_switched_off():
    view = CountingView()
    middleware = PublicPageCacheMiddleware(view)
    middleware(anonymous_get())
    assert middleware(anonymous_get()).content == b"render 2"


def test_signed_in_member_never_sees_a_cached_anonymous_page(client, user):
    """End to end through the real middleware stack: the dashboard link is per member."""
    from wagtail.models import Page, Site

    from portal.models import HomePage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="首页", slug="home-cache", hero_title="联盟"))
    Site.objects.update(root_page=home)

    anonymous = client.get("/zh-hans/")
    assert anonymous.status_code == 200
    assert client.get("/zh-hans/").headers["X-Public-Cache"] == "hit"

    client.force_login(user)
    member = client.get("/zh-hans/")
    assert "X-Public-Cache" not in member.headers
    assert b"/dashboard/" in member.content


def test_menu_fragment_is_shared_but_refreshed_when_a_page_is_published(client, user):
    """Members (who bypass the page cache) get the remembered menu, and a publish refreshes it."""
    from wagtail.models import Page, Site

    from portal.models import HomePage, StandardPage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="首页", slug="home-fragment", hero_title="联盟"))
    Site.objects.update(root_page=home)
    about = home.add_child(instance=StandardPage(title="关于联盟", slug="about", show_in_menus=True))
    client.force_login(user)

    assert ">关于联盟</a>" in client.get("/zh-hans/").content.decode()
    about.title = "联盟简介"
    about.save_revision().publish()

    page = client.get("/zh-hans/").content.decode()
    assert ">联盟简介</a>" in page
    assert ">关于联盟</a>" not in page


def test_making_a_cached_page_private_takes_effect_at_once(client):
    """A view restriction does not publish the page; the cached public copy must still go."""
    from wagtail.models import Page, PageViewRestriction, Site

    from portal.models import HomePage, StandardPage

    root = Page.get_first_root_node()
    home = root.add_child(instance=HomePage(title="首页", slug="home-private", hero_title="联盟"))
    Site.objects.update(root_page=home)
    members = home.add_child(instance=StandardPage(title="会员专区", slug="members-only"))

    assert client.get("/zh-hans/members-only/").status_code == 200
    assert client.get("/zh-hans/members-only/").headers["X-Public-Cache"] == "hit"

    restriction = PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    assert client.get("/zh-hans/members-only/").status_code == 302

    restriction.delete()
    assert client.get("/zh-hans/members-only/").status_code == 200


def test_a_response_rendered_across_an_invalidation_is_not_stored():
    """A publish that commits while a page renders must not leave the old page cached."""

    def view_that_sees_a_publish_midway(request):
        response = HttpResponse("old content")
        public_cache.invalidate("pages")  # the publish commits while this response renders
        return mark_public(response, "pages")

    middleware = PublicPageCacheMiddleware(view_that_sees_a_publish_midway)
    assert "X-Public-Cache" not in middleware(anonymous_get()).headers

    fresh = CountingView()
    assert PublicPageCacheMiddleware(fresh)(anonymous_get()).content == b"render 1"


def test_unknown_query_parameters_are_rendered_but_never_stored():
    view = CountingView()
    middleware = PublicPageCacheMiddleware(view)
    for n in range(3):
        response = middleware(anonymous_get(f"/zh-hans/?junk={n}"))
        assert "X-Public-Cache" not in response.headers
    assert middleware(anonymous_get("/zh-hans/?junk=0")).content == b"render 4"


def test_declared_query_parameters_are_cached():
    def listing(request):
        return mark_public(HttpResponse(request.GET.get("facet", "")), "catalog", params=("facet", "page"))

    middleware = PublicPageCacheMiddleware(listing)
    middleware(anonymous_get("/zh-hans/catalogue/?facet=eeg"))
    assert middleware(anonymous_get("/zh-hans/catalogue/?facet=eeg")).headers["X-Public-Cache"] == "miss"
    assert middleware(anonymous_get("/zh-hans/catalogue/?facet=eeg")).headers["X-Public-Cache"] == "hit"


@pytest.mark.parametrize("param", ["q", "page"], ids=["typed-text", "a-declared-parameter"])
def test_a_page_asked_with_a_query_string_is_stored_from_its_second_asking(param):
    """A list's search box, or any value of a declared parameter (which a list ignores when it is junk,
    and still answers): a flood of one-off URLs leaves markers, not pages that push the others out."""

    def listing(request):
        return mark_public(HttpResponse(request.GET.get("q", "")), "catalog", params=("q", "page"))

    middleware = PublicPageCacheMiddleware(listing)
    held = public_cache._cache()._cache  # the tests' local-memory cache: its keys
    before = set(held)
    for n in range(10):
        assert "X-Public-Cache" not in middleware(anonymous_get(f"/zh-hans/catalogue/?{param}=junk{n}")).headers
    left = set(held) - before
    assert len([key for key in left if ":pcache:asked:" in key]) == 10
    assert not [key for key in left if key.startswith(":1:" + public_cache.ENTRY_PREFIX)]  # no page stored
    asked_again = middleware(anonymous_get(f"/zh-hans/catalogue/?{param}=junk3"))
    assert asked_again.headers["X-Public-Cache"] == "miss"  # stored
    assert middleware(anonymous_get(f"/zh-hans/catalogue/?{param}=junk3")).headers["X-Public-Cache"] == "hit"
    middleware(anonymous_get("/zh-hans/catalogue/?q="))  # an empty box gives no value: stored at once
    assert middleware(anonymous_get("/zh-hans/catalogue/?q=")).headers["X-Public-Cache"] == "hit"


def test_a_pending_flash_message_bypasses_the_cache():
    """After signing out, "You have signed out" waits in the messages cookie: show it, don't serve a copy."""
    view = CountingView()
    middleware = PublicPageCacheMiddleware(view)
    middleware(anonymous_get())
    request = anonymous_get()
    request.COOKIES["messages"] = "signed-out-notice"
    assert middleware(request).content == b"render 2"


def test_an_unavailable_cache_fails_open(monkeypatch):
    class BrokenCache:
        def __getattr__(self, name):
            raise ConnectionError("redis is down")

    monkeypatch.setattr(public_cache, "_cache", lambda: BrokenCache())
    view = CountingView()
    response = PublicPageCacheMiddleware(view)(anonymous_get())
    assert response.status_code == 200
    assert response.content == b"render 1"
