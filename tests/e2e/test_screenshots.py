"""Screenshots of the main pages at desktop (1366 px) and phone (390 px) widths.

They land in ``tests/e2e/artifacts/`` for people to look at (Chinese needs the
``fonts-noto-cjk`` package, installed by ``ensure_browser.sh``). The test itself
checks what a machine can: every page answers 200, has one ``h1``, and nothing
overflows the viewport horizontally (a page that scrolls sideways on a phone).
"""

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

HORIZONTAL_OVERFLOW = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')].filter(el => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > width + 1 && getComputedStyle(el).position !== 'fixed';
    }).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '')
    );
    return {scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 10)};
}"""


def shoot(page, name: str, url: str, problems: list) -> None:
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


def test_screenshots(member, make_context):
    problems: list[str] = []
    for viewport_name, viewport in VIEWPORTS:
        mobile = viewport_name == "mobile"
        page = make_context(viewport=viewport, is_mobile=mobile, has_touch=mobile).new_page()
        for name, url in PUBLIC_PAGES:
            shoot(page, f"{name}-{viewport_name}", url, problems)

        log_in(page, member.email, member.raw_password)
        expect(page.get_by_role("heading", level=1, name=DASHBOARD_HEADING)).to_be_visible()
        for name, url in MEMBER_PAGES:
            shoot(page, f"{name}-{viewport_name}", url, problems)

    assert not problems, "\n".join(problems)
