"""Phones (issue #16): the listings' filters are at the top behind a disclosure, and no public page
scrolls sideways at 320 px.

At 390 × 844 the product list, the case library, the search page and the startup directory show a
"Filters" control in the first screen, closed; opening it shows the facets, and a facet link
narrows the list. At 320 px wide, the public pages a visitor reaches (home, lists, a recommended
product with its edition badge, a case, the editions, search, the directories) are no wider than
the screen.
"""

import re

import pytest
from playwright.sync_api import expect

from .support import MOBILE, no_event_loop
from .test_screenshots import HORIZONTAL_OVERFLOW

LISTINGS = [
    ("/zh-hans/products/", "筛选"),
    ("/en/case-library/", "Filters"),
    ("/zh-hans/search/?q=康复", "筛选"),
    ("/en/startups/", "Filters"),
]


@pytest.fixture
def phone(site_data, make_context):
    return make_context(viewport=MOBILE, is_mobile=True, has_touch=True).new_page()


def test_the_filters_are_at_the_top_and_open_on_demand(phone):
    for url, label in LISTINGS:
        phone.goto(url)
        sidebar = phone.locator("aside.filter-sidebar")
        summary = sidebar.locator("summary")
        expect(summary).to_have_text(label)
        expect(summary).to_be_in_viewport()
        box = summary.bounding_box()
        assert box is not None and box["y"] < MOBILE["height"], f"{url}: the filters start at {box}"
        facet = sidebar.locator("nav a").first
        expect(facet).to_be_hidden()  # closed on a phone: the results come first
        summary.click()
        expect(facet).to_be_visible()


def test_a_facet_narrows_the_product_list_on_a_phone(phone):
    phone.goto("/en/products/")
    count = phone.locator(".result-count").inner_text()
    phone.locator("aside.filter-sidebar summary").click()
    phone.locator("aside.filter-sidebar nav").first.locator("a").nth(1).click()
    expect(phone).to_have_url(re.compile(r"/en/products/\?"))
    expect(phone.locator(".result-count")).not_to_have_text(count)


def _public_urls() -> list[str]:
    from cases.models import CasePage
    from catalog.editions.models import EditionEntry

    with no_event_loop():
        entry = EditionEntry.objects.filter(product__isnull=False).select_related("product").order_by("pk").first()
        case = CasePage.objects.live().filter(locale__language_code="zh-hans").order_by("pk").first()
        urls = [
            "/zh-hans/",
            "/en/",
            "/zh-hans/products/",
            "/zh-hans/case-library/",
            "/zh-hans/editions/",
            "/en/editions/",
            "/zh-hans/search/?q=脑机接口",
            "/zh-hans/startups/",
            "/zh-hans/investors/",
            "/zh-hans/platforms/",
        ]
        if entry is not None:
            urls.append(entry.product.get_absolute_url())
        if case is not None:
            urls.append(case.url)
    return urls


def test_no_public_page_scrolls_sideways_at_320_px(site_data, make_context):
    page = make_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True).new_page()
    wide = {}
    for url in _public_urls():
        response = page.goto(url)
        assert response.ok, f"{url}: HTTP {response.status}"
        found = page.evaluate(HORIZONTAL_OVERFLOW)
        if found["scrollWidth"] > found["width"] + 1:
            wide[url] = found
    assert not wide, wide
