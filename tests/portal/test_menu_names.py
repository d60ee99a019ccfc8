"""One place, one name: each main-menu entry of the demo site is named as the page it opens.

The entry, the page's ``<h1>``, its ``<title>`` and the last step of its breadcrumbs say the same
name, in Chinese and in English. An entry that opens a list (the product list, the case library,
the startup directory) is named as that list, not as the editorial page that introduces it; a
page's ``<title>`` may say more (its SEO title) but starts with its name. The home page's entry
("Home") opens the hero, whose heading is a slogan: it is left out.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from tests.portal.test_load_demo import demo  # noqa: F401  (the demo, loaded once per module)

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="main-nav".*?</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)"[^>]*>([^<]+)</a>')
H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
CRUMBS = re.compile(r'<nav class="breadcrumbs" aria-label="[^"]+">(.*?)</nav>', re.S)
CURRENT_CRUMB = re.compile(r'<span aria-current="page">(.*?)</span>', re.S)


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def named_places(client, language: str) -> list[tuple[str, str, str, str, str]]:
    """(entry, URL, heading, title, last breadcrumb) of each main-menu entry but the home page's."""
    home = client.get(f"/{language}/").content.decode()
    places = []
    for url, entry in LINK.findall(NAV.search(home).group(0)):
        if url == f"/{language}/":
            continue
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        crumbs = CRUMBS.search(html)
        last = CURRENT_CRUMB.search(crumbs.group(1)) if crumbs else None
        places.append(
            (
                text(entry),
                url,
                text(H1.search(html).group(1)),
                text(TITLE.search(html).group(1)),
                text(last.group(1)) if last else "",
            )
        )
    return places


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_each_menu_entry_is_named_as_the_page_it_opens(client, demo, language):  # noqa: F811
    places = named_places(client, language)
    assert len(places) >= 6
    for entry, url, heading, title, crumb in places:
        assert heading == entry, f"{url}: the menu says {entry!r}, the heading {heading!r}"
        assert crumb == entry, f"{url}: the menu says {entry!r}, the breadcrumbs {crumb!r}"
        assert title.startswith(entry), f"{url}: the menu says {entry!r}, the <title> {title!r}"


CARD = re.compile(r'<h3 class="service-title"><a href="([^"]+)">(.*?)</a></h3>', re.S)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_each_home_page_card_is_named_as_the_page_it_leads_to(client, demo, language):  # noqa: F811
    cards = CARD.findall(client.get(f"/{language}/").content.decode())
    assert len(cards) >= 4
    for url, card in cards:
        heading = text(H1.search(client.get(url).content.decode()).group(1))
        assert heading == text(card), f"{url}: the home page's card says {text(card)!r}, the heading {heading!r}"


HERO_NEWS = re.compile(r'<a class="button button-outline-light" href="([^"]+)">(.*?)</a>', re.S)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_heros_news_button_is_named_as_the_news_page(client, demo, language):  # noqa: F811
    """It said 新闻公告 where the page it opens is headed 新闻与公告, and "News and announcements" where
    it is headed "News"."""
    url, button = HERO_NEWS.search(client.get(f"/{language}/").content.decode()).groups()
    assert text(H1.search(client.get(url).content.decode()).group(1)) == text(button)


#: The search tabs that list what a list of the site lists: the type, and that list (a URL name, or
#: the path of the demo's page).
SEARCH_TAB_LISTS = {
    "product": "catalog:product_list",
    "edition": "catalog:edition_list",
    "case": "/case-library/",
    "news": "/news/",
    "incubator_startup": "incubator:startup_list",
}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_each_search_tab_is_named_as_the_list_of_its_kind(client, demo, language):  # noqa: F811
    """The cases' tab said 典型应用案例 / "Cases" where the menu and the page say 案例库 / "Case library"
    (the products' 产品 beside 产品目录, the startups' 初创企业 beside 初创企业名录, the news' 新闻 beside
    新闻与公告): a tab is named as the list its results come from."""
    response = client.get(f"/{language}/search/", {"q": "脑机接口"})
    tabs = {tab.url.partition("type=")[2].partition("&")[0]: tab.label for tab in response.context["tabs"]}
    for kind, where in SEARCH_TAB_LISTS.items():
        with translation.override(language):
            path = f"/{language}{where}" if where.startswith("/") else reverse(where)
        page = client.get(path)
        assert page.status_code == 200, path
        heading = text(H1.search(page.content.decode()).group(1))
        assert tabs[kind] == heading, f"the search tab {tabs[kind]!r}, the list at {path} {heading!r}"
