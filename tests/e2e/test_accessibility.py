"""axe-core finds no accessibility violation on the entry pages and the dashboard, in both languages.

axe.min.js comes from the ``axe-playwright-python`` package. It is evaluated through
the DevTools protocol, which the page's Content-Security-Policy does not govern, so
the pages are checked exactly as served (no ``bypass_csp``: with it, inline styles
that the CSP blocks would be applied and could hide or cause contrast problems).
The full axe results of every page go to ``tests/e2e/artifacts/axe-*.json``.

The demo's roles (an investor, a startup owner, a judge, a team member, a hospital) have pages of
their own, checked on a phone too, where wide tables scroll sideways inside keyboard-reachable regions.

Beyond axe, one keyboard check that only a browser can make: the first Tab reaches a
visible skip link, and following it puts the focus on the main content.
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
    for name, url in PAGES:
        response = page.goto(url)
        assert response.ok, f"{url}: HTTP {response.status}"
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
    if not target.startswith("follow:"):
        return target
    start, pattern = target.removeprefix("follow:").split("|")
    page.goto(start)
    hrefs = page.get_by_role("main").locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return next((href for href in hrefs if re.search(pattern, href)), None)


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
    assert not missing, missing
    assert not reports, "axe-core found accessibility violations:\n\n" + "\n\n".join(reports)
