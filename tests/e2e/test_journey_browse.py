"""A visitor browses the demo catalogue in zh-hans: two facets, a product, a comparison of two.

Also: axe-core on the catalogue list (with facets), the compare page and an enterprise
page in both languages. Screenshots go to ``tests/e2e/artifacts/browse-*.png``.
"""

import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import expect

from .support import artifact_path
from .test_accessibility import check

COMPARE_BUTTON = re.compile(r"对比所选产品|Compare selected products")
DIFFERS = re.compile(r"不同|differs")


def test_visitor_filters_opens_a_product_and_compares_two(page):
    page.goto("/zh-hans/products/")
    # Two facets: the EEG modality, then the rehabilitation field (facets combine with AND).
    page.locator('aside a[href*="modality=eeg"]').first.click()
    expect(page).to_have_url(re.compile(r"modality=eeg"))
    page.locator('aside a[href*="field=rehabilitation"]').first.click()
    query = parse_qs(urlparse(page.url).query)
    assert query["modality"] == ["eeg"] and query["field"] == ["rehabilitation"]
    cards = page.locator("main .card-grid > li")
    count = cards.count()
    assert count >= 2
    expect(page.locator(".result-count")).to_contain_text(str(count))
    page.screenshot(path=str(artifact_path("browse-list-zh.png")), full_page=True)

    # Open the first product, then come back to the filtered list.
    first = cards.nth(0).locator("h2 a")
    name = first.inner_text()
    first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    page.go_back()

    # Tick two products and compare them (a plain GET form: works without JavaScript).
    names = [cards.nth(i).locator("h2 a").inner_text() for i in range(2)]
    for i in range(2):
        cards.nth(i).get_by_role("checkbox").check()
    page.get_by_role("button", name=COMPARE_BUTTON).click()
    expect(page).to_have_url(re.compile(r"/zh-hans/products/compare/\?p=\d+&p=\d+"))
    table = page.locator("table.compare-table")
    for product_name in names:
        expect(table.locator("thead")).to_contain_text(product_name)
    expect(table.locator("tbody tr").first.locator("td")).to_have_count(2)
    expect(table.locator("tr.compare-differs").first).to_contain_text(DIFFERS)
    page.screenshot(path=str(artifact_path("browse-compare-zh.png")), full_page=True)


def test_axe_on_list_compare_and_enterprise_pages(page):
    page.goto("/zh-hans/products/")
    ids = page.locator('input[name="p"][type="checkbox"]').evaluate_all("els => els.slice(0, 3).map(e => e.value)")
    compare = "/products/compare/?" + "&".join(f"p={pk}" for pk in ids)
    reports: list[str] = []
    for language in ("zh-hans", "en"):
        urls = {
            f"browse-list-{language}": f"/{language}/products/?function=motor_control&field=rehabilitation&sort=newest",
            f"browse-compare-{language}": f"/{language}{compare}",
            f"browse-enterprise-{language}": f"/{language}/products/enterprises/qiheng-robotics/",
            f"browse-compare-problems-{language}": f"/{language}/products/compare/?p=x&p=999999",
        }
        for name, url in urls.items():
            response = page.goto(url)
            assert response.ok, f"{url}: HTTP {response.status}"
            check(page, name, url, reports)
            page.screenshot(path=str(artifact_path(f"{name}.png")), full_page=True)
    assert not reports, "axe-core found accessibility violations:\n\n" + "\n\n".join(reports)
