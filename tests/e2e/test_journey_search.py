"""A visitor searches in a real browser: masthead box, keyboard autocomplete, facets, no JavaScript, axe.

Runs on the demo site (database engine), in both languages.
"""

import re

import pytest
from playwright.sync_api import expect

from .test_accessibility import check

pytestmark = pytest.mark.e2e


@pytest.fixture
def indexed(site_data):
    from search import indexing

    indexing.rebuild_database()
    return site_data


def test_search_from_the_masthead_with_the_keyboard(indexed, page):
    page.goto("/zh-hans/")
    box = page.get_by_role("combobox", name=re.compile("全站检索|Search the portal"))
    box.fill("外骨")
    listbox = page.get_by_role("listbox")
    expect(listbox.get_by_role("option").first).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    box.press("ArrowDown")
    expect(box).to_have_attribute("aria-activedescendant", re.compile(r"masthead-q-listbox-0"))
    options = listbox.get_by_role("option").all_inner_texts()
    assert "脑电驱动下肢外骨骼" in options  # the demo product whose name holds 外骨骼
    box.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press("Enter")  # no active option: the form submits to the search page
    expect(page).to_have_url(re.compile(r"/zh-hans/search/\?q="))
    expect(page.locator(".search-hit mark").first).to_have_text("外骨")
    assert "脑电驱动下肢外骨骼" in page.locator(".search-hits").inner_text()


@pytest.fixture
def named_in_one_language(indexed):
    """Two products (indexed on save) made before the browser starts: the ORM refuses its event loop."""
    from tests.catalog.factories import PublishedProductFactory

    PublishedProductFactory(name_zh="柯蓝思康复手套", name_en="", summary_en="")  # English pages show the Chinese
    PublishedProductFactory(name_zh="Kolansi Glove", name_en="Kolansi Glove")  # the same name in both


def test_suggestions_in_the_other_language_are_marked(named_in_one_language, page):
    """Suggestions are marked as ``portal.i18n.written`` marks text: Chinese on English pages, Latin on Chinese ones."""
    for language, typed, title, lang in [
        ("en", "柯蓝思", "柯蓝思康复手套", "zh-Hans"),
        ("zh-hans", "kolansi", "Kolansi Glove", "en"),
        ("zh-hans", "柯蓝思", "柯蓝思康复手套", None),  # the page's own language: no mark
    ]:
        page.goto(f"/{language}/")
        page.get_by_role("combobox").first.fill(typed)
        option = page.get_by_role("listbox").get_by_role("option", name=title)
        expect(option).to_be_visible()
        assert option.get_attribute("lang") == lang


def test_facets_narrow_and_search_works_without_javascript(indexed, make_context):
    page = make_context(java_script_enabled=False).new_page()
    page.goto("/en/search/")
    page.get_by_role("main").get_by_role("combobox").fill("rehabilitation")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    count = page.locator(".result-count")
    before = count.inner_text()
    page.locator(".facet a").first.click()
    expect(page.locator(".facet-selected")).to_have_count(1)
    assert count.inner_text() != before or "1 " in before


def test_axe_on_the_search_pages(indexed, page):
    reports: list[str] = []
    for name, url in [
        ("search-zh", "/zh-hans/search/?q=%E5%A4%B1%E8%AF%AD"),
        ("search-en", "/en/search/?q=rehabilitation&f_application_field=rehabilitation"),
        ("search-empty-en", "/en/search/?q=zzzzqqq"),
    ]:
        response = page.goto(url)
        assert response.ok
        check(page, name, url, reports)
    page.goto("/en/")
    page.get_by_role("combobox").first.fill("exo")
    expect(page.get_by_role("listbox").get_by_role("option").first).to_be_visible()
    check(page, "autocomplete-open-en", "/en/ (autocomplete open)", reports)
    assert not reports, "axe-core found accessibility violations:\n\n" + "\n\n".join(reports)
