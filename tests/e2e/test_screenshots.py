"""Screenshots of the main pages at desktop (1366 px) and phone (390 px) widths.

They land in ``tests/e2e/artifacts/`` for people to look at (Chinese needs the
``fonts-noto-cjk`` package, installed by ``ensure_browser.sh``). The test checks what a
machine can see in a real browser:

* every page answers 200 and has exactly one ``h1``;
* nothing overflows the viewport horizontally (a page that scrolls sideways on a phone);
* the browser console stays clean: no script error, no resource refused by the
  Content-Security-Policy, no 404 for a stylesheet, script or image;
* on the Chinese pages, the headings of the main content are in Chinese (an English
  heading there is an untranslated string);
* short button labels are not broken over lines (a squeezed button);
* on a phone the navigation opens and closes with its menu button.
"""

import re

from playwright.sync_api import expect

from .support import DASHBOARD_HEADING, DESKTOP, MOBILE, artifact_path, log_in

PUBLIC_PAGES = [
    ("home-zh", "/zh-hans/"),
    ("home-en", "/en/"),
    ("login-zh", "/zh-hans/accounts/login/"),
    ("login-en", "/en/accounts/login/"),
    ("signup-zh", "/zh-hans/accounts/signup/"),
    ("signup-en", "/en/accounts/signup/"),
]
MEMBER_PAGES = [
    ("dashboard-zh", "/zh-hans/dashboard/"),
    ("dashboard-en", "/en/dashboard/"),
]
VIEWPORTS = [("desktop", DESKTOP), ("mobile", MOBILE)]
CJK = re.compile(r"[\u3400-\u9fff]")
MENU_BUTTON = re.compile(r"^\s*(menu|菜单|导航)\s*$", re.I)

HORIZONTAL_OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const classes = el => typeof el.className === 'string' ? el.className.trim().split(/\\s+/).filter(Boolean) : [];
    const describe = el => [el.tagName.toLowerCase() + (el.id ? '#' + el.id : ''), ...classes(el)].join('.');
    const wide = [...document.querySelectorAll('body *')].filter(el => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > width + 1 && getComputedStyle(el).position !== 'fixed';
    });
    return {scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 8).map(describe)};
}"""

# Short labels of buttons and button-like links (not plain inline links) that the
# layout breaks over two or more lines, e.g. "菜\n单" in a squeezed menu button.
WRAPPED_LABELS = """() => {
    const lines = el => {
        const tops = new Set();
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const range = document.createRange();
            range.selectNodeContents(walker.currentNode);
            for (const rect of range.getClientRects()) {
                if (rect.width > 0) tops.add(Math.round(rect.top));
            }
        }
        return tops.size;
    };
    return [...document.querySelectorAll('button, a, input[type=submit]')].filter(el => {
        const text = (el.innerText || el.value || '').trim();
        return el.checkVisibility() && text && text.length <= 12 && !/\\s/.test(text)
            && getComputedStyle(el).display !== 'inline' && lines(el) > 1;
    }).map(el => (el.innerText || el.value).trim().replace(/\\n/g, '⏎'));
}"""


class Console:
    """Errors the browser reports while pages load (script errors, CSP refusals, failed loads)."""

    def __init__(self, page):
        self.messages: list[str] = []
        page.on("console", lambda m: self.messages.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.messages.append(f"uncaught: {e}"))
        page.on(
            "response",
            lambda r: (
                self.messages.append(f"HTTP {r.status} {r.url}")
                if r.status >= 400 and r.request.resource_type in {"stylesheet", "script", "image", "font"}
                else None
            ),
        )

    def take(self) -> list[str]:
        messages, self.messages = self.messages, []
        return messages


def shoot(page, console: Console, name: str, url: str, problems: list) -> None:
    console.take()
    response = page.goto(url)
    if not response.ok:
        problems.append(f"{name} {url}: HTTP {response.status}")
    page.screenshot(path=str(artifact_path(f"{name}.png")), full_page=True)

    h1_count = page.get_by_role("heading", level=1).count()
    if h1_count != 1:
        problems.append(f"{name} {url}: {h1_count} h1 headings")
    overflow = page.evaluate(HORIZONTAL_OVERFLOW)
    if overflow["scrollWidth"] > overflow["width"]:
        problems.append(
            f"{name} {url}: page is {overflow['scrollWidth']} px wide in a {overflow['width']} px viewport; "
            f"too wide: {overflow['wide']}"
        )
    wrapped = page.evaluate(WRAPPED_LABELS)
    if wrapped:
        problems.append(f"{name} {url}: short labels broken over several lines: {wrapped}")
    if url.startswith("/zh-hans/"):
        headings = page.get_by_role("main").locator("h1, h2, h3").all_inner_texts()
        english = [h.strip() for h in headings if h.strip() and not CJK.search(h)]
        if english:
            problems.append(f"{name} {url}: headings not in Chinese (untranslated?): {english}")
    for message in console.take():
        problems.append(f"{name} {url}: browser console: {message[:300]}")


def check_mobile_menu(page, problems: list) -> None:
    page.goto("/zh-hans/")
    button = page.get_by_role("banner").get_by_role("button", name=MENU_BUTTON)
    if button.count() != 1:
        problems.append(f"home-zh mobile: expected one menu button in the header, found {button.count()}")
        return
    navigation = page.get_by_role("navigation", name=re.compile(r"^(main navigation|主导航)$", re.I))
    expect(button).to_have_attribute("aria-expanded", "false")
    if navigation.get_by_role("link").first.is_visible():
        problems.append("home-zh mobile: the main navigation is visible before the menu button is pressed")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(navigation.get_by_role("link").first).to_be_visible()
    page.screenshot(path=str(artifact_path("home-zh-mobile-menu-open.png")))
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")


def test_screenshots(member, make_context):
    problems: list[str] = []
    for viewport_name, viewport in VIEWPORTS:
        mobile = viewport_name == "mobile"
        page = make_context(viewport=viewport, is_mobile=mobile, has_touch=mobile).new_page()
        console = Console(page)
        for name, url in PUBLIC_PAGES:
            shoot(page, console, f"{name}-{viewport_name}", url, problems)
        if mobile:
            check_mobile_menu(page, problems)

        log_in(page, member.email, member.raw_password)
        expect(page.get_by_role("heading", level=1, name=DASHBOARD_HEADING)).to_be_visible()
        for name, url in MEMBER_PAGES:
            shoot(page, console, f"{name}-{viewport_name}", url, problems)

    assert not problems, "\n".join(problems)


def test_the_lead_keeps_a_gap_from_the_badges_under_it(site_data, page):
    """A product's lead touched its badges (非侵入式 · 脑电 · …) in the page header: no gap between them."""
    from catalog.models import Product

    from .support import no_event_loop

    with no_event_loop():
        product = Product.objects.filter(live=True).order_by("pk").first()
    assert product is not None, "the demo has no published product"
    for language in ("zh-hans", "en"):
        page.goto(f"/{language}/products/{product.pk}/")
        header = page.locator(".page-header")
        lead = header.locator(".lead").bounding_box()
        badges = header.locator(".lead + .cluster").bounding_box()
        assert badges["y"] - (lead["y"] + lead["height"]) >= 8, (language, lead, badges)


def test_a_button_element_takes_its_variant(site_data, page):
    """``button.button`` outweighed ``.button-secondary`` and ``.button-small``: every <button> looked
    like the primary action (the catalogue's small outlined 排序 was a large filled one, a data room's
    拒绝 and 删除 as loud as 批准)."""
    page.goto("/zh-hans/products/")
    sort = page.get_by_role("main").locator("button.button-small.button-secondary").first
    style = sort.evaluate("b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).minHeight]")
    assert style == ["rgb(255, 255, 255)", "36px"], style


def test_a_sections_heading_keeps_a_gap_from_the_cards_under_it(member, page):
    """``.card-grid``'s ``margin: 0 0 …`` outweighed the stack's spacing: 我的机构 and 我的账号 sat on their
    cards, "The task" on an algorithm task's facts."""
    log_in(page, member.email, member.raw_password, language="zh-hans")
    page.goto("/zh-hans/dashboard/")
    for heading in ("organisations-heading", "account-heading"):
        gap = page.locator(f"#{heading}").evaluate(
            "h => h.nextElementSibling.getBoundingClientRect().top - h.getBoundingClientRect().bottom"
        )
        assert gap >= 8, (heading, gap)
