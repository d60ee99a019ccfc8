"""axe-core finds no accessibility violation on the entry pages and the dashboard, in both languages.

axe.min.js comes from the ``axe-playwright-python`` package. It is evaluated through
the DevTools protocol, which the page's Content-Security-Policy does not govern, so
the pages are checked exactly as served (no ``bypass_csp``: with it, inline styles
that the CSP blocks would be applied and could hide or cause contrast problems).
The full axe results of every page go to ``tests/e2e/artifacts/axe-*.json``.

Beyond the entry pages, every other public page type is checked once (news, standard pages, product,
compare, enterprise, organisation, selections, competition, results, editions, startup / investor /
platform lists and profiles, search with and without matches, password reset, the 404 page).

The demo's roles (an investor, a startup owner, a judge, a team member, a hospital, an enterprise
owner, a platform manager) have pages of their own, checked on a phone too, where wide tables scroll
sideways inside keyboard-reachable regions. The portal's own admin pages are checked for a staff
member (the Wagtail admin's own markup is Wagtail's).

Beyond axe, keyboard checks that only a browser can make: the first Tab reaches a
visible skip link, and following it puts the focus on the main content; a date field keeps its
focus ring while Tab moves through its parts and its calendar button.
"""

import json
import re

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import expect

from .support import (
    DASHBOARD_HEADING,
    EMAIL_LABEL,
    LOGIN_BUTTON,
    LOGIN_ERROR,
    MOBILE,
    PASSWORD_LABEL,
    artifact_path,
    log_in,
    log_in_with_code,
)

# WCAG 2.0/2.1/2.2 A and AA plus axe's best practices (landmarks, headings, regions).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}

MEMBER_PAGES = [
    ("dashboard-zh", "/zh-hans/dashboard/"),
    ("dashboard-en", "/en/dashboard/"),
    ("my-products-zh", "/zh-hans/dashboard/products/"),
    ("my-cases-en", "/en/dashboard/cases/"),
]
PAGES = [
    ("home-zh", "/zh-hans/"),
    ("home-en", "/en/"),
    ("login-zh", "/zh-hans/accounts/login/"),
    ("login-en", "/en/accounts/login/"),
    ("signup-zh", "/zh-hans/accounts/signup/"),
    ("signup-en", "/en/accounts/signup/"),
    ("catalogue-zh", "/zh-hans/products/"),
    ("catalogue-en", "/en/products/?modality=eeg"),
    ("cases-zh", "/zh-hans/case-library/"),
    ("cases-en", "/en/case-library/?indication=als"),
    ("case-en", "/en/case-library/demo-speech-als-1/"),
    # Every other public page type, once, in one language or the other (#a11y sweep).
    ("news-zh", "/zh-hans/news/"),
    ("news-item-en", "follow:/en/news/|/en/news/(?!feed/)[a-z0-9-]+/$"),
    ("standard-zh", "/zh-hans/about/mission/"),
    ("product-en", "follow:/en/products/|/en/products/\\d+/$"),
    ("compare-zh", "follow:/zh-hans/products/|/products/\\d+/$|/products/compare/\\?p=\\d+$"),
    ("enterprise-en", "follow:/en/products/|/en/products/\\d+/$|/products/enterprises/[a-z0-9-]+/$"),
    ("organisation-zh", "/zh-hans/organisations/binhai-neuro/"),
    ("selection-en", "/en/case-library/selections/typical-2026/"),
    ("competitions-en", "/en/competition/"),
    ("competition-zh", "/zh-hans/bci-2026/"),
    ("results-en", "/en/competition/bci-2025/results/"),
    ("edition-zh", "/zh-hans/editions/2025/"),
    ("startups-en", "/en/startups/?stage=prototype"),
    ("startup-zh", "follow:/zh-hans/startups/|/startups/[a-z0-9-]+/$"),
    ("investors-zh", "/zh-hans/investors/"),
    ("investor-en", "follow:/en/investors/|/investors/[a-z0-9-]+/$"),
    ("platforms-en", "/en/platforms/"),
    ("platform-zh", "follow:/zh-hans/platforms/|/platforms/[a-z0-9-]+/$"),
    ("search-en", "/en/search/?q=EEG"),
    ("search-nothing-zh", "/zh-hans/search/?q=zzqqxx"),
    ("password-reset-en", "/en/accounts/password/reset/"),
    ("not-found-zh", "/zh-hans/no-such-page/"),
]


def run_axe(page) -> dict:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    assert results["passes"], f"axe-core checked nothing on {page.url}"
    return results


def describe(name: str, url: str, results: dict) -> str:
    lines = []
    for violation in results["violations"]:
        lines.append(
            f"[{name}] {url}: {violation['id']} ({violation['impact']}) {violation['help']}\n    {violation['helpUrl']}"
        )
        for node in violation["nodes"][:8]:
            target = " ".join(str(t) for t in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            lines.append(f"    - {target}\n      {node['html'][:200]}\n      {summary[:400]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    ... and {len(violation['nodes']) - 8} more elements")
    return "\n".join(lines)


def check(page, name: str, url: str, reports: list) -> None:
    results = run_axe(page)
    artifact_path(f"axe-{name}.json").write_text(
        json.dumps(results["violations"], ensure_ascii=False, indent=2), encoding="utf-8"
    )
    if results["violations"]:
        reports.append(describe(name, url, results))


def test_axe_finds_no_violations(member, make_context):
    reports: list[str] = []
    page = make_context().new_page()
    for name, target in PAGES:
        url = _resolve(page, target)
        assert url is not None, f"{name}: no link for {target}"
        response = page.goto(url)
        assert response.ok or name.startswith("not-found"), f"{url}: HTTP {response.status}"
        check(page, name, url, reports)

    # The login form showing an error (error text tied to the fields).
    page.goto("/en/accounts/login/")
    main = page.get_by_role("main")
    main.get_by_label(EMAIL_LABEL).fill(member.email)
    main.get_by_label(PASSWORD_LABEL).fill("not-the-password-1")
    main.get_by_role("button", name=LOGIN_BUTTON).click()
    expect(main).to_contain_text(LOGIN_ERROR)
    check(page, "login-error-en", page.url, reports)

    # The member dashboard, signed in.
    log_in(page, member.email, member.raw_password)
    expect(page.get_by_role("heading", level=1, name=DASHBOARD_HEADING)).to_be_visible()
    for name, url in MEMBER_PAGES:
        page.goto(url)
        check(page, name, url, reports)

    # Keyboard: the first Tab reaches a visible skip link that moves focus to the main content.
    page.goto("/zh-hans/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_accessible_name(re.compile(r"skip|跳", re.I))
    expect(focused).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()

    # The home page on a phone (the navigation changes shape there).
    mobile = make_context(viewport=MOBILE, is_mobile=True, has_touch=True).new_page()
    mobile.goto("/zh-hans/")
    check(mobile, "home-zh-mobile", "/zh-hans/ (390 px)", reports)

    assert not reports, "axe-core found accessibility violations:\n\n" + "\n\n".join(reports)


# Pages of the demo's roles, by demo login: a path, or "follow:<list path>|<link pattern>" for the
# first link of a list (the demo's IDs are not fixed).
ROLE_PAGES = {
    "investor": [
        "/en/dashboard/incubator/suggestions/",
        "follow:/zh-hans/dashboard/meetings/|/dashboard/meetings/\\d+/$",
        "follow:/en/dashboard/incubator/data-rooms/|/data-rooms/\\d+/$",
    ],
    "startup-owner": [
        "follow:/zh-hans/dashboard/|/dashboard/incubator/data-room/\\d+/$",
        "follow:/en/dashboard/applications/|/dashboard/applications/\\d+/$",
        "follow:/zh-hans/dashboard/|/incubator-profile/$",
    ],
    "judge": ["/zh-hans/judging/", "follow:/en/judging/|/judging/assignments/\\d+/$"],
    "team-member": ["/zh-hans/dashboard/competition/", "follow:/en/dashboard/competition/|/entries/\\d+/$"],
    "hospital": ["follow:/zh-hans/dashboard/cases/|/dashboard/cases/\\d+/$"],
    "enterprise-owner": [
        "follow:/en/dashboard/products/|/dashboard/products/\\d+/edit/$",
        "follow:/zh-hans/dashboard/|/dashboard/organisations/\\d+/members/$",
    ],
    "platform-manager": ["/zh-hans/dashboard/applications/?box=received"],
}
PUBLIC_MOBILE_PAGES = [
    ("case-en", "/en/case-library/demo-speech-als-1/"),
    ("algorithm-zh", "/zh-hans/competition/algorithm/"),
]


def _demo_users(keys):
    from portal.demo.registry import demo_email
    from portal.models import User
    from tests.factories import DEFAULT_PASSWORD

    users = {}
    for key in keys:
        user = User.objects.get(email=demo_email(key))
        user.set_password(DEFAULT_PASSWORD)
        user.save(update_fields=["password"])
        users[key] = user.email
    return users, DEFAULT_PASSWORD


@pytest.fixture
def demo_logins(site_data):
    from competition.models import AlgorithmTask

    users, password = _demo_users(ROLE_PAGES)
    return users, password, AlgorithmTask.objects.order_by("pk").values_list("pk", flat=True).first()


def _resolve(page, target: str) -> str | None:
    """The target's path; for "follow:<path>|<pattern>[|<pattern>...]", the link found by following each pattern."""
    if not target.startswith("follow:"):
        return target
    href, *patterns = target.removeprefix("follow:").split("|")
    for pattern in patterns:
        page.goto(href)
        hrefs = (
            page.get_by_role("main").locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        )
        href = next((found for found in hrefs if re.search(pattern, found)), None)
        if href is None:
            return None
    return href


def _date_fields_keep_their_focus_ring(page, url: str, failures: list) -> None:
    """Tabbing through a date field (its parts, then its calendar button) never leaves it without the focus ring."""
    for field in page.get_by_role("main").locator("input[type=date], input[type=datetime-local]").all()[:1]:
        field.focus()
        for _ in range(6):
            state = field.evaluate("f => f.matches(':focus-within') ? getComputedStyle(f).outlineStyle : null")
            if state is None:
                break
            if state == "none":
                failures.append(f"{url}: a date field shows no focus ring while it has the focus")
                break
            page.keyboard.press("Tab")


def test_axe_finds_no_violations_on_the_demo_roles_pages_desktop_and_phone(demo_logins, make_context):
    users, password, task_pk = demo_logins
    reports: list[str] = []
    missing: list[str] = []
    for viewport, options in (("desktop", {}), ("phone", {"viewport": MOBILE, "is_mobile": True, "has_touch": True})):
        page = make_context(**options).new_page()
        for name, url in PUBLIC_MOBILE_PAGES:
            if name.startswith("algorithm"):
                if task_pk is None:
                    continue
                url = f"{url}{task_pk}/"
            response = page.goto(url)
            assert response.ok, f"{url}: HTTP {response.status}"
            check(page, f"{name}-{viewport}", url, reports)
        for key, targets in ROLE_PAGES.items():
            context = make_context(**options)
            page = context.new_page()
            log_in(page, users[key], password)
            for target in targets:
                url = _resolve(page, target)
                if url is None:
                    missing.append(f"{key}: no link for {target}")
                    continue
                response = page.goto(url)
                assert response.ok, f"{key} {url}: HTTP {response.status}"
                check(page, f"{key}-{re.sub(r'[^a-z0-9]+', '-', url).strip('-')}-{viewport}", url, reports)
                if viewport == "desktop":
                    _date_fields_keep_their_focus_ring(page, url, reports)
    assert not missing, missing
    assert not reports, "axe-core found accessibility violations:\n\n" + "\n\n".join(reports)


# The portal's own pages in the Wagtail admin (the admin's own markup is Wagtail's), by a staff member.
ADMIN_PAGES = [
    "/admin/",
    "/admin/pipeline/",
    "/admin/pipeline/screening/",
    "follow:/admin/competition-algorithm/|/admin/competition-algorithm/\\d+/$",
]


@pytest.fixture
def staff_login(site_data):
    from tests.factories import DEFAULT_PASSWORD, STAFF_TOTP_SECRET, StaffFactory

    return StaffFactory().email, DEFAULT_PASSWORD, STAFF_TOTP_SECRET


def test_axe_finds_no_violations_on_the_portals_admin_pages(staff_login, make_context):
    email, password, secret = staff_login
    page = make_context().new_page()
    log_in_with_code(page, email, password, secret)
    reports: list[str] = []
    for target in ADMIN_PAGES:
        url = _resolve(page, target)
        assert url is not None, f"no link for {target}"
        response = page.goto(url)
        assert response.ok, f"{url}: HTTP {response.status}"
        check(page, f"admin-{re.sub(r'[^a-z0-9]+', '-', url).strip('-')}", url, reports)
    assert not reports, "axe-core found accessibility violations:\n\n" + "\n\n".join(reports)
