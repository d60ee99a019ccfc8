"""Alliance staff in the Wagtail admin on a phone (390 px) and a tablet (768 px), in Chinese and English.

Wagtail's content area hides what is wider than the screen (``main.content-wrapper``: overflow-x
hidden): nothing scrolls to it, it is cut off. On a phone the portal's ranking, assignment, history
and audit tables lost their right-hand columns (a round's Award links, a panel's conflicts, the
changes logged), selects with a long option pushed their arrow off the screen, and Wagtail's header,
which keeps its buttons on one line, cut off a record's last actions: "Request changes" on a case
submission, "Extend the deadline" on an entry, "Close the call" on an edition, with the page's title
hidden behind them. The portal's tables now scroll inside their own box (``.portal-table-scroll``),
selects fit the screen, and a record's actions stand at the top of its page below the header's
breakpoint (``portal/admin/_page_actions.html``), where the header's copies are hidden.

Wagtail's own listings (organisations, products, editions...) are Wagtail's markup and are not
checked here: their last columns are still cut off on a phone.
"""

import re

import pytest
from playwright.sync_api import expect

from .support import MOBILE, log_in_with_code, no_event_loop
from .test_accessibility import check

TABLET = {"width": 768, "height": 1024}

#: Elements of the page past the screen's right edge, unless they are inside a box that scrolls sideways.
CUT_OFF = """() => {
    const width = document.documentElement.clientWidth;
    const scrolls = el => {
        for (let p = el.parentElement; p; p = p.parentElement) {
            const overflow = getComputedStyle(p).overflowX;
            if (overflow === 'auto' || overflow === 'scroll') return true;
        }
        return false;
    };
    const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
    const past = [...document.querySelectorAll('main *')].filter(el => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > width + 1 && getComputedStyle(el).position !== 'fixed' && !scrolls(el);
    });
    return past.filter(el => !past.includes(el.parentElement)).slice(0, 8)
        .map(el => describe(el) + ' → ' + Math.round(el.getBoundingClientRect().right));
}"""

#: Header buttons (Wagtail's slim header) shown but cut off by the header.
HEADER_CUT_OFF = """() => [...document.querySelectorAll('header.w-slim-header :is(.w-header-button, button)')]
    .filter(button => button.getBoundingClientRect().width > 0)
    .filter(button => {
        const box = button.getBoundingClientRect();
        for (let p = button.parentElement; p; p = p.parentElement) {
            const style = getComputedStyle(p);
            if (style.overflowX === 'visible') continue;
            const clip = p.getBoundingClientRect();
            if (box.right > clip.right + 1 || box.left < clip.left - 1) return true;
        }
        return box.right > document.documentElement.clientWidth + 1;
    })
    .map(button => button.textContent.trim() || button.getAttribute('aria-label'))"""

#: The scrolling boxes of the portal's tables that a keyboard cannot reach or a screen reader cannot name.
UNREACHABLE_TABLES = """() => [...document.querySelectorAll('.portal-table-scroll')].filter(box => {
    const by = box.getAttribute('aria-labelledby');
    const label = box.getAttribute('aria-label') || (by && document.getElementById(by)?.textContent.trim());
    return box.tabIndex !== 0 || box.getAttribute('role') !== 'group' || !label;
}).map(box => box.outerHTML.slice(0, 120))"""


def _admin_urls() -> dict[str, str]:
    """The portal's own admin pages staff use on the go, with the demo's records."""
    from django.urls import reverse

    from cases.models import CaseSubmission
    from cases.vocabulary import SubmissionStatus
    from catalog.editions.models import Edition, EditionApplication, EditionStatus
    from competition.models import AlgorithmTask, Entry
    from competition.models.judging import JudgingRound
    from competition.vocabulary import EntryStatus
    from incubator.models.pipeline import PipelineCard
    from portal.organisations.models import Organisation, VerificationStatus

    with no_event_loop():
        organisation = Organisation.objects.filter(verification_status=VerificationStatus.PENDING).order_by("pk")[0]
        submission = CaseSubmission.objects.filter(status=SubmissionStatus.SUBMITTED).order_by("pk")[0]
        entry = Entry.objects.filter(status=EntryStatus.SUBMITTED).order_by("pk")[0]
        edition = Edition.objects.filter(status=EditionStatus.OPEN).order_by("pk")[0]
        application = EditionApplication.objects.filter(edition=edition).order_by("pk")[0]
        task = AlgorithmTask.objects.order_by("pk")[0]
        judging_round = JudgingRound.objects.select_related("stage__competition").order_by("pk")[0]
        panel = judging_round.panel
        competition = judging_round.stage.competition
        return {
            "dashboard": reverse("wagtailadmin_home"),
            "organisation": reverse("organisations:inspect", args=[organisation.pk]),
            "submission": reverse("case_submissions:inspect", args=[submission.pk]),
            "entry": reverse("competition_entries:inspect", args=[entry.pk]),
            "extension": reverse("competition_entries:extend", args=[entry.pk]),
            "edition": reverse("editions:inspect", args=[edition.pk]),
            "edition-panel": reverse("edition_panel", args=[edition.pk]),
            "application": reverse("edition_applications:inspect", args=[application.pk]),
            "application-accept": reverse("edition_applications:decide", args=[application.pk, "accept"]),
            "panels": reverse("judging_admin:index"),
            "panel": reverse("judging_admin:panel", args=[panel.pk]),
            "panel-results": reverse("judging_admin:results", args=[panel.pk]),
            "panel-history": reverse("judging_admin:history", args=[panel.pk]),
            "competition": reverse("competition_results:competition", args=[competition.pk]),
            "round": reverse("competition_results:round", args=[judging_round.pk]),
            "open-round": reverse("competition_results:open_round", args=[competition.pk]),
            "trail": reverse("competition_results:competition_trail", args=[competition.pk]),
            "algorithm": reverse("competition_algorithm:submissions", args=[task.pk]),
            "pipeline": reverse("incubator_pipeline:board"),
            "card": reverse("incubator_pipeline:card", args=[PipelineCard.objects.order_by("pk")[0].pk]),
            "screening": reverse("incubator_pipeline:screening"),
            "weights": reverse("incubator_weights:index"),
        }


@pytest.fixture
def staff_on(site_data, make_context):
    """``staff_on(language, viewport)``: a page signed in as alliance staff whose admin speaks ``language``."""
    from tests.factories import DEFAULT_PASSWORD, STAFF_TOTP_SECRET, StaffFactory

    def sign_in(language: str, viewport: dict):
        with no_event_loop():
            staff = StaffFactory(preferred_language=language)
        page = make_context(viewport=viewport, is_mobile=True, has_touch=True).new_page()
        log_in_with_code(page, staff.email, DEFAULT_PASSWORD, STAFF_TOTP_SECRET)
        return page

    return sign_in


@pytest.mark.parametrize(
    ("language", "viewport"), [("zh-hans", MOBILE), ("en", MOBILE), ("en", TABLET)], ids=["zh-390", "en-390", "en-768"]
)
def test_nothing_on_the_portals_admin_pages_is_cut_off(staff_on, language, viewport):
    page = staff_on(language, viewport)
    problems = []
    for name, url in _admin_urls().items():
        response = page.goto(url)
        assert response.ok, f"{url}: HTTP {response.status}"
        if past := page.evaluate(CUT_OFF):
            problems.append(f"{name} {url}: past the screen's edge: {past}")
        if cut := page.evaluate(HEADER_CUT_OFF):
            problems.append(f"{name} {url}: header buttons cut off: {cut}")
        if unreachable := page.evaluate(UNREACHABLE_TABLES):
            problems.append(f"{name} {url}: a table's scrolling box is not focusable and named: {unreachable}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_records_actions_are_in_reach_on_a_phone(staff_on, language):
    """Every action of a record stands in the page, wraps inside the screen and is a 24 px target at least;
    the header shows none of them (it cut them off) but keeps the page's title in sight."""
    page = staff_on(language, MOBILE)
    urls = _admin_urls()
    for name in ("submission", "entry", "edition", "organisation", "application"):
        page.goto(urls[name])
        actions = page.locator(".portal-page-actions a")
        assert actions.count() >= 2, f"{name}: {actions.count()} action(s) in the page"
        for action in actions.all():
            expect(action).to_be_visible()
            box = action.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= MOBILE["width"], (name, action.inner_text(), box)
            assert box["height"] >= 24 and box["width"] >= 24, (name, action.inner_text(), box)
        expect(page.locator("header .portal-header-action").first).to_be_hidden()
        # The header's current crumb (the page's visible title) was pushed out of sight by the buttons.
        current = page.locator("header.w-slim-header nav ol > li:not([hidden])").last
        expect(current).to_be_visible()
        assert current.bounding_box()["x"] < MOBILE["width"] / 2, f"{name}: the header's title is out of sight"


def test_staff_ask_for_changes_to_a_case_on_a_phone_in_english(staff_on):
    """ "Request changes" stood past the header's edge in English, out of reach: it is tapped in the
    page now, the reason typed and sent, and the message fits the screen."""
    page = staff_on("en", MOBILE)
    page.goto(_admin_urls()["submission"])
    page.locator(".portal-page-actions").get_by_role("link", name="Request changes").click()
    reason = page.get_by_role("main").get_by_role("textbox").first
    reason.fill("Please add the ethics approval number and the follow-up at six months.")
    submit = page.get_by_role("main").get_by_role("button", name=re.compile("Request changes"))
    expect(submit).to_be_in_viewport()
    submit.click()
    message = page.locator(".messages li").first
    expect(message).to_be_visible()
    box = message.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= MOBILE["width"], box
    assert page.evaluate(CUT_OFF) == []


def test_a_ranking_scrolls_sideways_to_its_award_links_on_a_phone(staff_on):
    """A round's ranking was cut off after its fourth column: its Award and Audit trail links could not
    be reached. The table scrolls in its box; the links stay on one line (审计记录 read a character a line)."""
    page = staff_on("zh-hans", MOBILE)
    page.goto(_admin_urls()["round"])
    box = page.locator(".portal-table-scroll").filter(has=page.locator("table.ranking-table"))
    assert box.evaluate("b => b.scrollWidth > b.clientWidth"), "the ranking fits a phone: nothing to scroll"
    trail = box.get_by_role("link", name="审计记录").first
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    expect(trail).to_be_in_viewport()
    link = trail.bounding_box()
    assert link["height"] < 30 and link["width"] > link["height"], link  # one line, not a column of characters
    # The keyboard reaches the box and scrolls it.
    box.evaluate("b => { b.scrollLeft = 0; }")
    box.focus()
    page.keyboard.press("ArrowRight")
    # The browser may scroll smoothly: wait for it rather than read the position at once.
    page.wait_for_function("b => b.scrollLeft > 0", arg=box.element_handle(), timeout=5000)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_axe_finds_no_violations_on_the_portals_admin_pages_on_a_phone(staff_on, language):
    page = staff_on(language, MOBILE)
    reports: list[str] = []
    for name, url in _admin_urls().items():
        response = page.goto(url)
        assert response.ok, f"{url}: HTTP {response.status}"
        check(page, f"admin-phone-{language}-{name}", url, reports)
    assert not reports, "axe-core found accessibility violations:\n\n" + "\n\n".join(reports)
