"""The chrome of the apps' cached pages: a change to the menu or an introduction reaches them at once.

An app's page (the product list, a start-up's profile) is cached under its app's tags, and
``mark_public`` adds ``chrome``: its header shows the menu, its footer the site's settings, a list
its introduction. A page change invalidates ``chrome`` only when the page is part of that chrome
(``navigation.shows_in_chrome``), so a news item or a case leaves the apps' pages cached.
"""

from __future__ import annotations

import copy
import re

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail.models import Page

from portal import navigation, public_cache
from portal.models import SiteSettings
from tests.conftest import module_world
from tests.portal import page_factories

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="main-nav".*?</nav>', re.S)


site_built = module_world(lambda: page_factories.build_site(news_items=1), name="site_built")


@pytest.fixture
def site(site_built):
    """This test's copy of the module's site (built once for the module)."""
    return copy.deepcopy(site_built)


@pytest.fixture
def product_list(client, site):
    """The catalogue's list, in the cache."""
    with translation.override("zh-hans"):
        url = reverse("catalog:product_list")
    assert client.get(url)["X-Public-Cache"] == "miss"
    assert client.get(url)["X-Public-Cache"] == "hit"
    return url


def _refetch(client, url):
    response = client.get(url)
    return response["X-Public-Cache"], response.content.decode()


def test_an_apps_page_carries_the_chrome_tag_and_a_wagtail_page_needs_none(client, site):
    with translation.override("zh-hans"):
        assert public_cache.CHROME_TAG in client.get(reverse("catalog:product_list")).public_cache_tags
    assert client.get(site.about.url).public_cache_tags == ("pages",)


def test_renaming_a_menu_entry_reaches_the_cached_list(client, site, product_list):
    site.about.title = "联盟概况"
    page_factories.publish(site.about)
    state, html = _refetch(client, product_list)
    assert state == "miss" and "联盟概况" in NAV.search(html).group(0)


def test_taking_a_page_off_the_menu_reaches_the_cached_list(client, site, product_list):
    site.about.show_in_menus = False
    page_factories.publish(site.about)
    state, html = _refetch(client, product_list)
    assert state == "miss" and site.about.url not in NAV.search(html).group(0)


def test_moving_a_page_out_of_the_menu_reaches_the_cached_list(client, site, product_list):
    Page.objects.get(pk=site.about.pk).move(Page.objects.get(pk=site.news.pk), pos="last-child")
    state, html = _refetch(client, product_list)
    assert state == "miss" and "关于联盟" not in NAV.search(html).group(0)


def test_an_introduction_anywhere_in_the_tree_reaches_its_cached_list_and_leaves_it(client, site, product_list):
    members = site.members  # under "about": not in the menu
    members.list_view = "catalog:product_list"
    page_factories.publish(members)
    state, html = _refetch(client, product_list)
    assert state == "miss" and f'href="{members.url}">关于：成员单位' in html

    members.list_view = ""
    page_factories.publish(members)
    state, html = _refetch(client, product_list)
    assert state == "miss" and "关于：成员单位" not in html


def test_a_settings_change_reaches_the_cached_footer(client, site, product_list):
    settings = SiteSettings.for_site(site.site)
    settings.contact_email = "office@bci-alliance.example"
    settings.save()
    state, html = _refetch(client, product_list)
    assert state == "miss" and "office@bci-alliance.example" in html


def test_a_news_item_leaves_the_apps_pages_cached(client, site, product_list):
    item = site.items[0]
    item.title = "新标题"
    page_factories.publish(item)
    assert client.get(product_list)["X-Public-Cache"] == "hit"
    # The news index lists it: Wagtail pages are tagged "pages", which any publish invalidates.
    assert "新标题" in client.get(site.news.url).content.decode()


def test_which_pages_are_part_of_the_chrome(site, django_assert_max_num_queries):
    item = site.items[0]
    with django_assert_max_num_queries(2):
        assert not navigation.shows_in_chrome(item)
    assert navigation.shows_in_chrome(site.home) and navigation.shows_in_chrome(site.news)
    assert navigation.shows_in_chrome(site.home_en) and navigation.shows_in_chrome(site.news_en)
    assert navigation.shows_in_chrome(site.members)  # a standard page may introduce a list
    # A page moved out of the menu counts by where it was.
    assert navigation.shows_in_chrome(item, parent_before=site.home)
    # The page a standard page leads to, in any language.
    site.members.list_page = item
    page_factories.publish(site.members)
    assert navigation.shows_in_chrome(item) and navigation.shows_in_chrome(site.items_en[0])


def test_deleting_a_menu_page_or_making_it_private_reaches_the_cached_list(client, site, product_list):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=site.news, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(product_list)["X-Public-Cache"] == "miss"
    assert client.get(product_list)["X-Public-Cache"] == "hit"
    Page.objects.get(pk=site.about.pk).delete()
    state, html = _refetch(client, product_list)
    assert state == "miss" and "关于联盟" not in NAV.search(html).group(0)
