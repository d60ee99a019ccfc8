"""The main menu at a laptop's width (issue #16): one row in both languages, one click to each list.

At 1366 × 768 every entry of the main navigation sits on the same row, in Chinese and in English,
and the menu's catalogue and cases entries open the product list and the case library themselves
(their editorial pages introduce them and are one click further, from the list).
"""

import re

import pytest
from playwright.sync_api import expect

from .support import artifact_path

LAPTOP = {"width": 1366, "height": 768}

#: (language, the catalogue's entry, the cases' entry, the list's heading, the library's heading)
MENUS = [
    ("zh-hans", "产品目录", "案例库", "产品目录", "案例库"),
    ("en", "Product catalogue", "Case library", "Product catalogue", "Case library"),
]


@pytest.fixture
def laptop(site_data, make_context):
    return make_context(viewport=LAPTOP).new_page()


@pytest.mark.parametrize(("language", "catalogue", "cases", "list_heading", "library_heading"), MENUS)
def test_the_menu_is_one_row_and_opens_each_list_in_one_click(
    laptop, language, catalogue, cases, list_heading, library_heading
):
    laptop.goto(f"/{language}/")
    entries = laptop.locator("#main-nav .main-nav-list > li")
    tops = entries.evaluate_all("items => items.map(item => Math.round(item.getBoundingClientRect().top))")
    assert len(tops) >= 6 and len(set(tops)) == 1, f"/{language}/: the menu's rows start at {sorted(set(tops))}"
    laptop.locator("header.site-header").screenshot(path=str(artifact_path(f"navigation-1366-{language}.png")))

    nav = laptop.locator("#main-nav")
    nav.get_by_role("link", name=catalogue, exact=True).click()
    expect(laptop).to_have_url(re.compile(rf"/{language}/products/$"))
    expect(laptop.get_by_role("heading", level=1)).to_have_text(list_heading)
    expect(nav.get_by_role("link", name=catalogue, exact=True)).to_have_attribute("aria-current", "page")
    # The editions and the catalogue's introduction are one click from the list.
    expect(laptop.locator(f'main a[href="/{language}/editions/"]')).to_be_visible()
    expect(laptop.locator(f'main a[href="/{language}/catalogue/"]')).to_be_visible()

    nav.get_by_role("link", name=cases, exact=True).click()
    expect(laptop).to_have_url(re.compile(rf"/{language}/case-library/$"))
    expect(laptop.get_by_role("heading", level=1)).to_have_text(library_heading)
    expect(laptop.locator(f'main a[href="/{language}/cases/"]')).to_be_visible()


@pytest.mark.parametrize(
    ("path", "select"),
    [("/zh-hans/products/", "#catalogue-sort"), ("/zh-hans/startups/", "#list-sort"), ("/en/startups/", "#list-sort")],
)
def test_every_directory_sorts_from_one_row_and_marks_its_chosen_filter(laptop, path, select):
    """The startup, investor and platform directories share the catalogue's toolbar and filters: their
    "Sort by" label, menu and button sit on one row (the menu as wide as its options, not the column),
    and the chosen filter option is bold, as on the catalogue."""
    laptop.goto(path)
    toolbar = laptop.locator("form.catalogue-toolbar")
    parts = toolbar.locator("label, select, button")
    tops = parts.evaluate_all("els => els.map(el => Math.round(el.getBoundingClientRect().top + el.offsetHeight / 2))")
    assert max(tops) - min(tops) <= 4, f"{path}: the sort controls are on several rows: {tops}"
    width = laptop.locator(select).evaluate("el => el.getBoundingClientRect().width")
    column = laptop.locator(".main-column").evaluate("el => el.getBoundingClientRect().width")
    assert width < column / 2, f"{path}: the sort menu spans {width} of {column} px"
    laptop.locator(".facet ul li a").nth(1).click()
    chosen = laptop.locator(".facet a.facet-selected").first
    assert chosen.evaluate("el => getComputedStyle(el).fontWeight") == "700"
