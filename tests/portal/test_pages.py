"""The site core's pages: rendering in both languages, navigation, news listing,
query budget and the public page cache."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.rich_text import RichText

from portal.models.pages import NewsCategory
from tests.factories import UserFactory
from tests.portal import page_factories

pytestmark = pytest.mark.django_db

QUERY_BUDGET = 12


@pytest.fixture(scope="module")
def tree(django_db_setup, django_db_blocker):
    """One bilingual page tree for the module (building it publishes ~20 revisions).

    It is committed before the tests' own transactions, which roll back whatever
    a test changes; tests that change a page re-fetch it rather than mutate the
    shared instances. The tree is removed again after the module.
    """
    with django_db_blocker.unblock():
        had_english = Locale.objects.filter(language_code="en").exists()
        site = Site.objects.get(is_default_site=True)
        original_root = site.root_page_id
        built = page_factories.build_site()
    yield built
    with django_db_blocker.unblock():
        Site.objects.filter(pk=site.pk).update(root_page_id=original_root)
        Site.clear_site_root_paths_cache()
        Page.objects.filter(pk__in=[built.home.pk, built.home_en.pk]).delete()
        if not had_english:
            Locale.objects.filter(language_code="en").delete()


@pytest.fixture
def uncached(settings):
    """Turn the public page cache off, so every request renders (and queries)."""
    settings.PORTAL_PUBLIC_CACHE_ENABLED = False


def url(page) -> str:
    return page.get_url()


def page_urls(tree) -> dict[str, str]:
    return {
        "home-zh": "/zh-hans/",
        "home-en": "/en/",
        "standard-zh": url(tree.about),
        "standard-en": url(tree.about_en),
        "child-standard-zh": url(tree.members),
        "news-index-zh": url(tree.news),
        "news-index-en": url(tree.news_en),
        "news-zh": url(tree.items[0]),
        "news-en": url(tree.items_en[0]),
    }


def links(html: str, css_class: str) -> str:
    """The markup of the first element carrying ``css_class`` (enough for assertions)."""
    start = html.index(f'class="{css_class}')
    return html[start : html.index("</nav>", start)]


# --- Rendering ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "language"),
    [
        ("home-zh", "zh-hans"),
        ("home-en", "en"),
        ("standard-zh", "zh-hans"),
        ("standard-en", "en"),
        ("child-standard-zh", "zh-hans"),
        ("news-index-zh", "zh-hans"),
        ("news-index-en", "en"),
        ("news-zh", "zh-hans"),
        ("news-en", "en"),
    ],
)
def test_every_page_type_renders_in_both_languages(client, tree, key, language):
    response = client.get(page_urls(tree)[key])
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert "site-footer" in html
    # CSP forbids inline script and style attributes on public pages.
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
    assert " style=" not in html


def test_pages_show_their_content(client, tree):
    home = client.get("/zh-hans/").content.decode()
    assert tree.home.hero_title in home
    assert "service-card" in home and 'href="/zh-hans/news/"' in home
    assert tree.items[0].title in home  # latest news
    about = client.get(url(tree.about)).content.decode()
    assert tree.about.introduction in about
    assert '<h2 class="block-heading">工作任务</h2>' in about
    assert 'class="callout"' in about
    assert '<th scope="col">平台</th>' in about and '<th scope="row">微纳加工平台</th>' in about
    assert 'aria-labelledby="subnav-title"' in about  # the about page's children
    item = client.get(url(tree.items[0])).content.decode()
    assert tree.items[0].summary in item and tree.items[0].source in item
    assert 'datetime="' in item and 'href="/zh-hans/news/"' in item  # back link


def test_image_block_renders_a_responsive_rendition(client, tree):
    image = page_factories.make_image()
    page = page_factories.standard_page(
        tree.home, title="图片页", body=[("image", {"image": image, "caption": "实验室"})], show_in_menus=False
    )
    html = client.get(url(page)).content.decode()
    assert "srcset=" in html and "sizes=" in html
    assert "<figcaption>实验室</figcaption>" in html


def test_breadcrumbs_follow_the_page_tree(client, tree):
    html = client.get(url(tree.members)).content.decode()
    trail = links(html, "breadcrumbs")
    assert 'href="/zh-hans/"' in trail
    assert f'href="{url(tree.about)}">{tree.about.title}</a>' in trail
    assert f'<span aria-current="page">{tree.members.title}</span>' in trail


def test_home_section_card_links_to_the_translation_of_the_chosen_page(client, tree):
    html = client.get("/en/").content.decode()
    assert f'href="{url(tree.news_en)}"' in html
    assert 'href="/zh-hans/news/"' not in html


def test_home_page_routing_resolves_deep_paths_in_one_lookup(client, tree):
    assert client.get(url(tree.members)).status_code == 200
    assert client.get(url(tree.members) + "nope/").status_code == 404
    assert client.get(url(tree.about) + "nope/deeper/").status_code == 404
    assert client.get("/zh-hans/draft/").status_code == 404  # never published
    assert client.get("/en/about/members/").status_code == 404  # not translated


# --- Language switcher -------------------------------------------------------------------


def test_language_switcher_links_to_the_translated_page(client, tree):
    html = client.get(url(tree.about)).content.decode()
    switcher = links(html, "language-switcher")
    assert f'href="{url(tree.about_en)}" hreflang="en"' in switcher
    assert f'href="{url(tree.about)}" hreflang="zh-Hans"' in switcher
    assert f'<link rel="alternate" hreflang="en" href="http://testserver{url(tree.about_en)}">' in html
    assert 'hreflang="x-default"' in html

    back = links(client.get(url(tree.about_en)).content.decode(), "language-switcher")
    assert f'href="{url(tree.about)}" hreflang="zh-Hans"' in back


def test_language_switcher_falls_back_to_nearest_translated_ancestor(client, tree):
    untranslated = tree.items[1]
    html = client.get(url(untranslated)).content.decode()
    assert f'href="{url(tree.news_en)}" hreflang="en"' in links(html, "language-switcher")
    # Not the same page in English, so no alternate link claims it is.
    assert 'rel="alternate" hreflang="en"' not in html


def test_language_switcher_keeps_the_news_filter(client, tree):
    html = client.get(url(tree.news) + "?category=policy").content.decode()
    assert f'href="{url(tree.news_en)}?category=policy" hreflang="en"' in links(html, "language-switcher")


def test_language_switcher_on_non_page_views_swaps_the_prefix(client, tree):
    html = client.get("/zh-hans/accounts/login/").content.decode()
    assert 'href="/en/accounts/login/" hreflang="en"' in links(html, "language-switcher")


def test_language_switcher_on_the_sign_in_page_leads_to_the_next_page_in_that_language(client, tree):
    html = client.get("/zh-hans/accounts/login/?next=/zh-hans/dashboard/").content.decode()
    switcher = links(html, "language-switcher")
    assert 'href="/en/accounts/login/?next=/en/dashboard/" hreflang="en"' in switcher
    # An address elsewhere is not a page of the portal: left as it is (allauth refuses it anyway).
    html = client.get("/zh-hans/accounts/login/?next=https://example.com/zh-hans/").content.decode()
    assert 'href="/en/accounts/login/?next=https://example.com/zh-hans/"' in links(html, "language-switcher")


# --- Navigation --------------------------------------------------------------------------


def test_menu_shows_live_in_menu_pages_only(client, tree):
    html = client.get("/zh-hans/").content.decode()
    menu = links(html, "main-nav")
    assert tree.about.title in menu
    assert tree.news.title in menu
    assert tree.hidden.title not in menu  # not "show in menus"
    assert tree.draft.title not in menu  # never published
    assert tree.members.title not in menu  # not a top-level page
    Page.objects.get(pk=tree.about.pk).unpublish()
    assert tree.about.title not in links(client.get("/zh-hans/").content.decode(), "main-nav")


def test_menu_is_in_the_visitors_language_and_marks_the_current_section(client, tree):
    menu = links(client.get(url(tree.items_en[0])).content.decode(), "main-nav")
    assert tree.about_en.title in menu and tree.about.title not in menu
    assert f'<a href="{url(tree.news_en)}" class="is-active">' in menu


# --- News listing ----------------------------------------------------------------------------


def test_news_category_filter(client, tree):
    policy = page_factories.news_item(tree.news, title="政策解读一", category=NewsCategory.POLICY)
    other = page_factories.news_item(tree.news, title="联盟公告一", category=NewsCategory.ANNOUNCEMENT)
    html = client.get(url(tree.news) + "?category=policy").content.decode()
    assert policy.title in html
    assert other.title not in html
    assert 'href="/zh-hans/news/?category=policy" aria-current="page"' in html


@pytest.mark.parametrize("junk", ["nonsense", "<script>alert(1)</script>", "policy'--", ""])
def test_news_category_filter_rejects_junk(client, tree, junk):
    response = client.get(url(tree.news), {"category": junk})
    assert response.status_code == 200
    html = response.content.decode()
    for item in tree.items:
        assert item.title in html  # unknown category: everything is listed
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("page_number", ["999", "-1", "abc", "2.5"])
def test_pagination_beyond_the_last_page_does_not_fail(client, tree, page_number):
    response = client.get(url(tree.news), {"page": page_number})
    assert response.status_code == 200


def test_pagination_component(client, tree):
    for _ in range(13):  # page size is 12
        page_factories.news_item(tree.news, category=NewsCategory.INDUSTRY)
    first = client.get(url(tree.news) + "?category=industry").content.decode()
    assert 'aria-label="' in first and 'class="pagination"' in first
    assert 'href="?category=industry&amp;page=2" rel="next"' in first
    second = client.get(url(tree.news) + "?category=industry&page=2").content.decode()
    assert 'aria-current="page"><span class="visually-hidden">' in second
    assert 'rel="prev"' in second


# --- Accounts in the header ------------------------------------------------------------------


def test_anonymous_pages_set_no_cookie_and_carry_no_csrf_token(client, tree):
    for path in page_urls(tree).values():
        response = client.get(path)
        assert not response.cookies, path
        assert "csrfmiddlewaretoken" not in response.content.decode(), path
        assert 'href="/zh-hans/accounts/login/"' in response.content.decode() or "/en/accounts/login/" in (
            response.content.decode()
        )


def test_signed_in_member_sees_dashboard_and_a_sign_out_form(client, tree):
    client.force_login(UserFactory())
    html = client.get("/zh-hans/").content.decode()
    assert 'href="/zh-hans/dashboard/"' in html
    assert re.search(r'<form class="signout-form" method="post" action="/zh-hans/accounts/logout/">', html)
    assert "csrfmiddlewaretoken" in html


# --- Query budget ------------------------------------------------------------------------------


def count_queries(client, path: str) -> int:
    client.get(path)  # warm Wagtail's own caches (site root paths, renditions)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_every_page_stays_within_the_query_budget(client, tree, uncached, django_assert_max_num_queries):
    for key, path in page_urls(tree).items():
        client.get(path)
        with django_assert_max_num_queries(QUERY_BUDGET, info=key):
            assert client.get(path).status_code == 200


def test_query_count_does_not_grow_with_news_and_menu_items(client, tree, uncached):
    paths = [*page_urls(tree).values(), url(tree.news) + "?page=2"]
    before = {path: count_queries(client, path) for path in paths}
    for n in range(15):
        page_factories.news_item(tree.news, category=NewsCategory.values[n % 5])
    for n in range(4):
        extra = page_factories.standard_page(tree.home, title=f"栏目{n}")
        page_factories.standard_page(extra, title=f"子栏目{n}", show_in_menus=False)
        page_factories.translate(extra, tree.en, title=f"Section {n}")
    after = {path: count_queries(client, path) for path in paths}
    assert after == before


# --- Public page cache ----------------------------------------------------------------------


def test_second_anonymous_request_is_a_cache_hit_and_publishing_invalidates(client, tree):
    path = url(tree.about)
    first = client.get(path)
    assert first["X-Public-Cache"] == "miss"
    second = client.get(path)
    assert second["X-Public-Cache"] == "hit"
    assert second.content == first.content

    news = Page.objects.get(pk=tree.items[0].pk).specific
    news.title = "更新后的公告标题"
    # Publishing any page stales every cached page: navigation and listings show other pages.
    page_factories.publish(news)
    third = client.get(path)
    assert third["X-Public-Cache"] == "miss"
    home = client.get("/zh-hans/")
    assert "更新后的公告标题" in home.content.decode()


def test_signed_in_members_bypass_the_public_cache(client, tree):
    client.get("/zh-hans/")
    client.force_login(UserFactory())
    response = client.get("/zh-hans/")
    assert "X-Public-Cache" not in response
    assert "signout-form" in response.content.decode()


# --- Error pages --------------------------------------------------------------------------------


def test_unknown_page_gets_the_branded_bilingual_404(client, tree):
    response = client.get("/zh-hans/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'class="error-code"' in html
    assert 'lang="zh-Hans"' in html and 'lang="en"' in html
    assert 'href="/zh-hans/"' in html and 'href="/en/"' in html


@pytest.mark.parametrize("status", [400, 403, 404, 500])
def test_error_pages_render_without_the_database(status, django_assert_num_queries):
    from portal.views import errors

    handler = {
        400: errors.bad_request,
        403: errors.permission_denied,
        404: errors.page_not_found,
        500: errors.server_error,
    }[status]
    request = RequestFactory().get("/zh-hans/broken/")
    with translation.override("zh-hans"), django_assert_num_queries(0):
        response = handler(request) if status == 500 else handler(request, Exception())
    assert response.status_code == status
    html = response.content.decode()
    assert f'<p class="error-code" aria-hidden="true">{status}</p>' in html
    assert "portal.css" in html


def test_500_template_renders_without_request_or_context_processors(django_assert_num_queries):
    with translation.override("en"), django_assert_num_queries(0):
        html = render_to_string("errors/500.html", {"status": 500})
    assert "Something went wrong" in html
    assert 'lang="zh-Hans"' in html  # the Chinese message follows the English one


def test_footer_shows_site_settings_and_follows_their_changes(client, tree):
    from portal.models.site_settings import SiteSettings

    settings_obj = SiteSettings.for_site(tree.site)
    settings_obj.address_zh = "上海市徐汇区示例路 100 号"
    settings_obj.icp_number = "沪ICP备00000000号-1"
    settings_obj.save()
    html = client.get("/zh-hans/").content.decode()
    assert "上海市徐汇区示例路 100 号" in html
    assert 'href="https://beian.miit.gov.cn/"' in html
    settings_obj.address_zh = "上海市浦东新区新地址 1 号"
    settings_obj.save()
    assert "上海市浦东新区新地址 1 号" in client.get("/zh-hans/").content.decode()


@pytest.mark.parametrize("error", ["OperationalError", "InterfaceError"])
def test_a_lost_database_is_the_branded_503_page_not_a_500(client, tree, monkeypatch, error):
    """Issue #11 drill (PostgreSQL restart): an unreachable database is an outage page, wherever it is met."""
    from django import db
    from django.contrib.sessions.backends.db import SessionStore

    def unreachable(self, *args, **kwargs):
        raise getattr(db, error)("server closed the connection unexpectedly")

    client.raise_request_exception = False
    client.cookies["sessionid"] = "x" * 32  # the session middleware meets the database first
    monkeypatch.setattr(SessionStore, "load", unreachable)
    response = client.get("/zh-hans/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert '<p class="error-code" aria-hidden="true">503</p>' in html
    with translation.override("zh-hans"):
        assert translation.gettext("The portal is briefly unavailable") in html
    with translation.override("en"):
        assert "The portal is briefly unavailable" in html


def test_other_server_errors_stay_500(client, tree, monkeypatch):
    from django.contrib.sessions.backends.db import SessionStore

    def broken(self, *args, **kwargs):
        raise KeyError("a bug")

    client.raise_request_exception = False
    client.cookies["sessionid"] = "x" * 32
    monkeypatch.setattr(SessionStore, "load", broken)
    assert client.get("/zh-hans/").status_code == 500


# --- Cold render: every cache emptied (the first visitor after a publish) ---------------------


def cold_queries(client, path: str) -> int:
    client.get(path, HTTP_COOKIE="sessionid=x")  # code paths warm (imports, templates), not the caches
    for cache in caches.all():
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_every_page_stays_within_the_query_budget_cold(client, tree):
    linking = page_factories.standard_page(
        tree.home,
        title="链接页",
        body=[("paragraph", RichText(f'<p><a linktype="page" id="{tree.about.pk}">关于</a></p>'))],
    )
    paths = {**page_urls(tree), "standard-with-links": url(linking)}
    counts = {key: cold_queries(client, path) for key, path in paths.items()}
    # The site, its settings and the root paths in one query (portal.sites), routing in two, the
    # view restrictions, the chrome: five before a page's own reads; none takes more than eight.
    assert counts == {key: min(count, 8) for key, count in counts.items()}


def test_view_restrictions_are_wagtails_in_one_query(tree, django_assert_num_queries):
    about, members = Page.objects.get(pk=tree.about.pk), Page.objects.get(pk=tree.members.pk)
    alias = members.specific.create_alias(parent=tree.home, update_slug="members-alias")
    alias_child = page_factories.standard_page(alias, title="别名下", slug="under-alias")
    PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
    on_members = PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    for page in [tree.home, about, members, alias, alias_child, tree.items[0]]:
        page = page.specific
        expected = set(Page.get_view_restrictions(page).values_list("pk", flat=True))  # Wagtail's own
        with django_assert_num_queries(1):
            assert set(page._view_restriction_ids()) == expected, page.title
    assert on_members.pk in Page.get_view_restrictions(alias.specific).values_list("pk", flat=True)


def test_rich_text_page_links_are_wagtails_in_one_query(tree, django_assert_num_queries):
    from wagtail.rich_text import expand_db_html
    from wagtail.rich_text.pages import PageLinkHandler as WagtailHandler

    html = (
        f'<a linktype="page" id="{tree.about.pk}">a</a><a linktype="page" id="{tree.draft.pk}">b</a>'
        f'<a linktype="page" id="{tree.members.pk}">c</a><a linktype="page" id="999999">d</a>'
        '<a linktype="page" id="x">e</a>'
    )
    for language in ("zh-hans", "en"):
        with translation.override(language):
            attrs = [{"id": str(pk)} for pk in (tree.about.pk, tree.draft.pk, tree.members.pk, 999999)]
            expected = WagtailHandler.expand_db_attributes_many(attrs)
            with django_assert_num_queries(1):
                rendered = expand_db_html(html)
            assert rendered == "".join(f"{a}{t}</a>" for a, t in zip([*expected, "<a>"], "abcde", strict=True))
    with translation.override("en"):
        assert f'href="{tree.about_en.url}"' in expand_db_html(html)  # the translation in the visitor's language


def test_public_news_leave_out_restricted_pages_as_wagtail_does(tree, django_assert_num_queries):
    from portal.models.pages import NewsPage
    from portal.restrictions import public_pages

    PageViewRestriction.objects.create(page=tree.items[1], restriction_type=PageViewRestriction.LOGIN)
    under_restricted_index = page_factories.news_index(tree.about)
    hidden = page_factories.news_item(under_restricted_index)
    PageViewRestriction.objects.create(page=tree.about, restriction_type=PageViewRestriction.LOGIN)
    expected = set(NewsPage.objects.live().public().values_list("pk", flat=True))
    assert tree.items[1].pk not in expected and hidden.pk not in expected and tree.items[0].pk in expected
    with django_assert_num_queries(1):
        assert set(public_pages(NewsPage.objects.live()).values_list("pk", flat=True)) == expected


def test_recent_news_leaves_out_news_behind_a_view_restriction(tree, client):
    """A news page's "recent news" names the others a visitor may read, as the news list does."""
    shown, private, other = tree.items[:3]
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    html = client.get(shown.url).content.decode()
    assert other.title in html and private.title not in html


def test_staff_set_the_public_security_filing_and_the_footer_links_it_to_the_national_search(staff_client, tree):
    """China's rules: a site shows its 公安 network filing number beside the ICP one, linked to the search."""
    from portal.models.site_settings import SiteSettings

    url = reverse("wagtailsettings:edit", args=["portal", "sitesettings", tree.site.pk])
    form = {
        "organisation_name_zh": "上海市脑机接口产业创新战略联盟",
        "organisation_name_en": "Shanghai BCI Industry Innovation Strategic Alliance",
        "address_zh": "",
        "address_en": "",
        "contact_email": "",
        "contact_phone": "",
        "icp_number": "沪ICP备00000000号-1",
    }
    refused = staff_client.post(url, form | {"public_security_filing": "31010402000001"})
    assert refused.status_code == 200
    with translation.override("zh-hans"):
        error = translation.gettext("Write the number as it was issued, e.g. 沪公网安备31010402000001号.")
    assert error != "Write the number as it was issued, e.g. 沪公网安备31010402000001号."
    assert error in refused.content.decode()  # the admin speaks the staff member's language: Chinese
    assert SiteSettings.for_site(tree.site).public_security_filing == ""

    assert staff_client.post(url, form | {"public_security_filing": "沪公网安备31010402000001号"}).status_code == 302
    staff_client.logout()
    html = staff_client.get("/zh-hans/").content.decode()
    assert '<a href="https://beian.mps.gov.cn/#/query/webSearch?code=31010402000001" rel="noopener">' in html
    assert "沪公网安备31010402000001号</a>" in html
