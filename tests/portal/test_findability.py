"""Findability on the demo site (issue #16): one way in from the menu to each list, editions linked.

The menu reaches the product list, the case library, the running competition's call and the startup
directory in one click, once each (their editorial pages introduce them: tests/portal/test_menu_lists.py);
the pages and their lists link each other, and the incubator's three directories one another;
the editions are linked from the home page's catalogue card, the catalogue's introduction and the
news item announcing the 2025 catalogue; the catalogue's introduction names every kind it lists.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from catalog.vocabulary import BCIType
from portal.models import NewsPage, StandardPage
from tests.portal.test_load_demo import demo  # noqa: F401 (the demo site, loaded once for the module)

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="main-nav".*?</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)"[^>]*>([^<]+)</a>')


def menu(html: str) -> list[tuple[str, str]]:
    """(URL, title) of each main-menu entry."""
    return LINK.findall(NAV.search(html).group(0))


# --- The demo site ---------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_demo_menu_reaches_the_product_list_and_the_case_library_in_one_click(demo, db, client, language):  # noqa: F811
    entries = menu(client.get(f"/{language}/").content.decode())
    urls = [url for url, _title in entries]
    with translation.override(language):
        product_list = reverse("catalog:product_list")
    assert product_list in urls
    assert f"/{language}/case-library/" in urls
    # One way in: the editorial pages are not entries of their own, no entry twice.
    assert f"/{language}/catalogue/" not in urls and f"/{language}/cases/" not in urls
    assert len(set(urls)) == len(urls) and len({title for _url, title in entries}) == len(entries)
    assert len(entries) <= 8


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_editorial_pages_and_their_lists_link_each_other(demo, db, client, language):  # noqa: F811
    catalogue = client.get(f"/{language}/catalogue/").content.decode()
    assert f'<a class="button" href="/{language}/products/">' in catalogue
    assert f'href="/{language}/editions/"' in catalogue
    cases = client.get(f"/{language}/cases/").content.decode()
    assert f'<a class="button" href="/{language}/case-library/">' in cases
    products = client.get(f"/{language}/products/").content.decode()
    assert f'href="/{language}/catalogue/"' in products and f'href="/{language}/editions/"' in products
    library = client.get(f"/{language}/case-library/").content.decode()
    assert f'href="/{language}/cases/"' in library


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_menu_opens_the_running_call_and_the_startup_directory(demo, db, client, language):  # noqa: F811
    urls = [url for url, _title in menu(client.get(f"/{language}/").content.decode())]
    assert f"/{language}/bci-2026/" in urls and f"/{language}/startups/" in urls
    assert f"/{language}/competition/" not in urls and f"/{language}/incubation/" not in urls
    incubation = client.get(f"/{language}/incubation/").content.decode()
    assert f'<a class="button" href="/{language}/startups/">' in incubation


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_incubator_directories_link_each_other_and_their_introduction(demo, db, client, language):  # noqa: F811
    directories = [f"/{language}/startups/", f"/{language}/investors/", f"/{language}/platforms/"]
    home = client.get(f"/{language}/").content.decode()
    start = home.index(f'<h3 class="service-title"><a href="/{language}/incubation/"')
    card = home[start : home.index('<li class="service-card">', start)]  # the next card (resources) ends it
    assert all(f'href="{url}"' in card for url in directories)
    for url in directories:
        html = client.get(url).content.decode()
        others = [other for other in directories if other != url]
        assert all(f'href="{other}"' in html for other in others)
        assert f'href="/{language}/incubation/"' in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_editions_are_linked_from_the_home_catalogue_card_and_the_news(demo, db, client, language):  # noqa: F811
    home = client.get(f"/{language}/").content.decode()
    card = home[home.index('<li class="service-card">') : home.index("</ul>", home.index('class="service-links"'))]
    assert f'href="/{language}/editions/"' in card and f'href="/{language}/products/"' in card
    news = NewsPage.objects.live().get(locale__language_code=language, slug="catalogue-2025-published")
    html = client.get(news.url).content.decode()
    assert f'href="/{language}/editions/2025/"' in html
    assert client.get(f"/{language}/editions/2025/").status_code == 200


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_catalogue_introduction_says_what_the_catalogue_covers(demo, db, language):  # noqa: F811
    page = StandardPage.objects.get(locale__language_code=language, slug="catalogue")
    with translation.override(language):
        kinds = [str(label) for label in BCIType.labels]
    text = page.introduction.lower()
    for kind in kinds:
        assert kind.lower() in text, kind


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_join_page_leads_to_sign_up_and_the_resources_page_to_the_search(demo, db, client, language):  # noqa: F811
    with translation.override(language):
        signup, register = reverse("account_signup"), reverse("portal:organisation_create")
        search, platforms = reverse("search:search"), reverse("incubator:platform_list")
    join = StandardPage.objects.get(locale__language_code=language, slug="join")
    html = client.get(join.url).content.decode()
    assert f'href="{signup}"' in html and f'href="{register}"' in html
    resources = StandardPage.objects.get(locale__language_code=language, slug="resources")
    html = client.get(resources.url).content.decode()
    assert f'href="{search}"' in html and f'href="{platforms}"' in html
    for url in (signup, search, platforms):
        assert client.get(url).status_code == 200
