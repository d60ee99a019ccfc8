"""Phones (issue #16): the listings' filters are at the top behind a disclosure, and no public page
scrolls sideways at 320 px.

At 390 × 844 the product list, the case library, the search page and the startup directory show a
"Filters" control in the first screen, closed; opening it shows the facets, and a facet link
narrows the list. At 320 px wide, the public pages a visitor reaches (home, lists, a recommended
product with its edition badge, a case in both languages, the editions, search, the directories,
an algorithm task's leaderboard) and the demo investor's meeting, suggestions and data rooms are
no wider than the screen.
"""

import re
from itertools import pairwise

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from .support import DESKTOP, MOBILE, log_in, no_event_loop
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


@pytest.mark.parametrize("path", ["/zh-hans/products/", "/en/products/"])
def test_the_catalogues_sort_label_stays_beside_its_menu_on_a_phone(phone, path):
    # "Sort by" sat at the right end of the count's line, its menu alone on the next.
    phone.goto(path)
    label, select = phone.locator("label[for=catalogue-sort]"), phone.locator("#catalogue-sort")
    label_box, select_box = label.bounding_box(), select.bounding_box()
    assert abs((label_box["y"] + label_box["height"] / 2) - (select_box["y"] + select_box["height"] / 2)) <= 4
    assert 0 <= select_box["x"] - (label_box["x"] + label_box["width"]) <= 16


def _public_urls() -> list[str]:
    from django.utils import translation
    from wagtail.models import Locale

    from cases.models import CasePage
    from catalog.editions.models import EditionEntry
    from competition.models import AlgorithmTask

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
        # An English product's facts once squeezed their values to a few letters a line beside the
        # long label "Registration certificate number", and its release date past the screen's edge.
        registered = (
            EditionEntry.objects.filter(product__isnull=False, product__release_date__isnull=False)
            .exclude(product__registration_number="")
            .select_related("product")
            .order_by("pk")
            .first()
        )
        if registered is not None:
            with translation.override("en"):
                urls.append(registered.product.get_absolute_url())
        if case is not None:
            urls.append(case.url)
            # The English case once scrolled sideways: its outcomes table widened the page's grid.
            urls.append(case.get_translation(Locale.objects.get(language_code="en")).url)
        task = AlgorithmTask.objects.order_by("pk").first()
        if task is not None:
            urls.append(f"/en/competition/algorithm/{task.pk}/")
    return urls


def test_no_public_page_scrolls_sideways_at_320_px(site_data, make_context):
    page = make_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True).new_page()
    wide = _wider_than_the_screen(page, _public_urls())
    assert not wide, wide


def _wider_than_the_screen(page, urls) -> dict:
    """The pages among ``urls`` that scroll sideways in ``page``'s viewport, with their widths."""
    wide = {}
    for url in urls:
        response = page.goto(url)
        assert response.ok, f"{url}: HTTP {response.status}"
        found = page.evaluate(HORIZONTAL_OVERFLOW)
        if found["scrollWidth"] > found["width"] + 1:
            wide[url] = found
    return wide


def _demo_user(email: str):
    """The demo's account ``email``, with a password the test knows (``raw_password``)."""
    from portal.models import User
    from tests.factories import DEFAULT_PASSWORD

    user = User.objects.get(email=email)
    user.set_password(DEFAULT_PASSWORD)
    user.save(update_fields=["password"])
    user.raw_password = DEFAULT_PASSWORD
    return user


@pytest.fixture
def demo_investor(site_data):
    """The demo's investor (investor@…), with a password the test knows."""
    return _demo_user("investor@demo.bci-alliance.example")


@pytest.fixture
def demo_enterprise_owner(site_data):
    """The demo's enterprise owner (enterprise-owner@…: Lansi, its catalogue applications)."""
    return _demo_user("enterprise-owner@demo.bci-alliance.example")


def test_an_investors_pages_do_not_scroll_sideways_at_320_px(demo_investor, make_context):
    """A meeting's video link and its proposed times (a long URL, "2026-12-09 10:00（Asia/Shanghai，
    UTC+08:00）") once stretched the page's facts list past the screen."""
    page = make_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True).new_page()
    log_in(page, demo_investor.email, demo_investor.raw_password, language="zh-hans")
    page.goto("/zh-hans/dashboard/meetings/")
    meetings = page.get_by_role("main").locator("a[href*='/dashboard/meetings/']")
    hrefs = meetings.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    urls = [url for url in hrefs if re.search(r"/dashboard/meetings/\d+/$", url)][:3]
    assert urls, "the demo investor has no meeting"
    urls += ["/zh-hans/dashboard/incubator/suggestions/", "/en/dashboard/incubator/data-rooms/"]
    wide = _wider_than_the_screen(page, urls)
    assert not wide, wide


# The status badges in tables' cells, with the number of lines each one's text takes.
TABLE_BADGES = """() => [...document.querySelectorAll('main td .badge, main th .badge')].map(badge => {
    const range = document.createRange();
    range.selectNodeContents(badge);
    const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
    return [badge.textContent.trim(), tops.size];
})"""


#: The stacked tables' cells shown with nothing in them.
EMPTY_CELLS_SHOWN = """Array.from(document.querySelectorAll("table.table-stack td")).filter(td =>
    getComputedStyle(td).display !== "none" && !td.textContent.trim()
    && !td.querySelector("a, button, input, select, img, svg")
).length"""


def test_an_enterprise_owners_tables_do_not_scroll_the_page_at_320_px(demo_enterprise_owner, make_context):
    """An owner's members page and the catalogue applications were 409-490 px wide in a 390 px
    screen: a visually hidden label or header in a cell (absolutely positioned) escaped the table's
    scrolling wrapper. The applications' status badges broke mid-word ("Sub/mitt/ed", "已/提/交")."""
    from portal.organisations.models import Membership

    with no_event_loop():
        owned = Membership.objects.filter(user=demo_enterprise_owner, role="owner")
        organisation_id = owned.values_list("organisation_id", flat=True).first()
    assert organisation_id, "the demo enterprise owner owns no organisation"
    page = make_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True).new_page()
    log_in(page, demo_enterprise_owner.email, demo_enterprise_owner.raw_password, language="zh-hans")
    urls = [
        f"/{language}/dashboard/{path}"
        for language in ("zh-hans", "en")
        for path in (f"organisations/{organisation_id}/members/", "editions/")
    ]
    wide = _wider_than_the_screen(page, urls)
    assert not wide, wide
    for url in (urls[1], urls[3]):
        page.goto(url)
        badges = page.evaluate(TABLE_BADGES)
        assert badges, f"{url}: the demo enterprise owner has no catalogue application"
        broken = [text for text, lines in badges if lines > 1]
        assert not broken, f"{url}: status badges broken over several lines: {broken}"
        # A row without an action (an application decided) showed its column's name over nothing.
        assert page.evaluate(EMPTY_CELLS_SHOWN) == 0, url
    # Withdrawing asks first (data-confirm); dismissed, nothing is sent.
    page.goto(urls[1])
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    withdraw = page.get_by_role("button", name="撤回").first
    withdraw.click()
    assert asked == ["确定撤回这份申请吗？联盟将不再评审。"]
    expect(withdraw).to_be_visible()
    assert page.url.endswith(urls[1])


def test_a_members_list_is_a_card_per_row_on_a_phone_and_a_table_on_a_desktop(demo_investor, make_context):
    """The members' lists (meetings, applications, data rooms, products, entries, cases) squeezed
    their columns on a phone, a subject a word a line, the dates past the screen's edge; each row
    is now a card, each cell under its column's name, and the list scrolls no more."""
    phone = make_context(viewport=MOBILE, is_mobile=True, has_touch=True).new_page()
    log_in(phone, demo_investor.email, demo_investor.raw_password, language="zh-hans")
    phone.goto("/zh-hans/dashboard/meetings/")
    table = phone.get_by_role("main").locator("table.table-stack")
    expect(table).to_have_attribute("data-stacked", "")
    row = table.locator("tbody tr").first
    cells = row.locator("th, td")
    assert cells.nth(2).get_attribute("data-label") == "状态" and cells.nth(0).get_attribute("data-label") is None
    boxes = [cells.nth(index).bounding_box() for index in range(cells.count())]
    boxes = [box for box in boxes if box is not None]  # an empty cell (no action on this row) is not shown
    assert all(box["y"] > above["y"] for above, box in pairwise(boxes)), boxes  # one under the other
    row_box = row.bounding_box()
    assert row_box["x"] >= 0 and row_box["x"] + row_box["width"] <= MOBILE["width"], row_box
    wrapper = table.locator("xpath=..")
    assert wrapper.evaluate("wrap => wrap.scrollWidth <= wrap.clientWidth")
    expect(phone.get_by_role("row").nth(1).get_by_role("rowheader")).to_be_visible()

    desktop = make_context(viewport=DESKTOP).new_page()
    log_in(desktop, demo_investor.email, demo_investor.raw_password, language="zh-hans")
    desktop.goto("/zh-hans/dashboard/meetings/")
    cells = desktop.get_by_role("main").locator("table.table-stack tbody tr").first.locator("th, td")
    tops = {round(cells.nth(index).bounding_box()["y"]) for index in range(cells.count())}
    assert len(tops) == 1, tops  # a row of cells side by side


#: Each badge of the e-mail page: how many lines its text takes, and whether its radio sits beside its label.
EMAIL_CHOICES = """() => [...document.querySelectorAll(".field-choice")].map((field) => {
    const radio = field.querySelector("input[type=radio]").getBoundingClientRect();
    const label = field.querySelector("label").getBoundingClientRect();
    return {
        beside: label.left >= radio.right && radio.top < label.bottom,
        badges: [...field.querySelectorAll(".badge")].map((badge) => {
            const style = getComputedStyle(badge);
            const text = badge.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
            return Math.round(text / parseFloat(style.lineHeight));
        }),
    };
})"""


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_email_pages_badges_stay_whole_beside_their_radio_on_a_phone(member, make_context, language):
    # At 375 px the badges broke inside ("Verif|ied", "U|nv|eri|fie|d") beside a long address, and each
    # radio button stood alone on the line above its address.
    with no_event_loop():
        EmailAddress.objects.create(user=member, email="zhang.wei.neuro-lab@long-hospital-name.example", verified=True)
        EmailAddress.objects.create(user=member, email="unverified.address@example.com", verified=False)
    page = make_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True).new_page()
    log_in(page, member.email, member.raw_password, language=language)
    expect(page).to_have_url(re.compile(rf"/{language}/dashboard/"))
    page.goto(f"/{language}/accounts/email/")
    choices = page.evaluate(EMAIL_CHOICES)
    assert len(choices) == 3, choices
    assert all(choice["beside"] for choice in choices), choices
    lines = [count for choice in choices for count in choice["badges"]]
    assert len(lines) >= 4 and set(lines) == {1}, choices


#: The boxes of the account menu's links and of the e-mail page's buttons, as drawn.
ACCOUNT_BUTTONS = """() => [
    ...document.querySelectorAll("main .account-nav a, main .account-form button"),
].map((el) => {
    const box = el.getBoundingClientRect();
    return {text: el.innerText.trim(), left: box.left, right: box.right, top: box.top, bottom: box.bottom};
})"""


def _apart(one, other, gap=4) -> bool:
    return (
        other["left"] - one["right"] >= gap
        or one["left"] - other["right"] >= gap
        or other["top"] - one["bottom"] >= gap
        or one["top"] - other["bottom"] >= gap
    )


def test_the_account_pages_buttons_keep_apart_on_a_phone(member, make_context):
    # On a phone the account menu's links wrapped onto lines touching each other, and the e-mail
    # page's buttons (Make primary, Send the confirmation again, Remove) stood edge to edge.
    page = make_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True).new_page()
    log_in(page, member.email, member.raw_password)
    expect(page).to_have_url(re.compile(r"/en/dashboard/"))
    page.goto("/en/accounts/email/")
    boxes = page.evaluate(ACCOUNT_BUTTONS)
    assert len(boxes) >= 8, boxes
    touching = [
        (one["text"], other["text"])
        for i, one in enumerate(boxes)
        for other in boxes[i + 1 :]
        if not _apart(one, other)
    ]
    assert not touching, touching
