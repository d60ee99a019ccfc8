"""The case submission's background save (``static/cases/case_autosave.js``) in a real browser, as the
competition entry's is (``test_journey_competition.py``): it saves a changed step every 30 seconds, a
save by the step's button afterwards is no conflict, an answer that is not the server's JSON says the
draft is not saved, and once the session ended it says so, and the member who signs in again in
another tab keeps what was typed (``portal.keep_input``). The clock is Playwright's: the 30-second
autosave runs at once.
"""

import re

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from cases.models import CaseSubmission
from portal.models import Organisation
from tests.cases.factories import SubmissionFactory
from tests.factories import DEFAULT_PASSWORD, MembershipFactory

from .support import log_in, no_event_loop

SAVED = "Draft saved automatically."
TYPED = "硬膜外电极解码尝试说话（自动保存测试）。"


@pytest.fixture
def draft(site_data):
    """A hospital member's draft case, its basics step to edit."""
    hospital = Organisation.objects.get(slug="binhai-neuro")
    member = MembershipFactory(organisation=hospital, role="editor").user
    return SubmissionFactory(organisation=hospital, created_by=member)


def _edit_basics(page, draft):
    page.clock.install()
    log_in(page, draft.created_by.email, DEFAULT_PASSWORD, language="en")
    page.goto(f"/en/dashboard/cases/{draft.pk}/edit/basics/")
    main = page.get_by_role("main")
    main.get_by_label("Summary", exact=True).fill(TYPED)
    return main


def _stored(draft) -> CaseSubmission:
    with no_event_loop():
        return CaseSubmission.objects.get(pk=draft.pk)


def test_the_autosave_saves_the_step_and_the_button_saves_after_it_without_a_conflict(draft, page):
    main = _edit_basics(page, draft)
    page.clock.run_for(31_000)
    expect(main.locator(".case-autosave-status")).to_have_text(SAVED)
    stored = _stored(draft)
    assert stored.summary == TYPED and stored.version == draft.version + 1
    main.get_by_label("Title", exact=True).fill("自动保存之后手动保存的标题")
    main.get_by_role("button", name=re.compile(r"Save and continue")).click()
    expect(page.get_by_role("heading", name="Clinical details")).to_be_visible()
    assert _stored(draft).title == "自动保存之后手动保存的标题"


def test_an_autosave_that_gets_no_answer_says_the_draft_is_not_saved(draft, page):
    main = _edit_basics(page, draft)
    page.clock.run_for(31_000)
    expect(main.locator(".case-autosave-status")).to_have_text(SAVED)
    page.route("**/autosave/", lambda route: route.fulfill(status=413, body="<h1>Too large</h1>"))
    main.get_by_label("Summary", exact=True).fill("改过的摘要。")
    page.clock.run_for(31_000)
    expect(main.locator(".case-autosave-status")).to_have_text(
        "Not saved automatically: save the page with the button below."
    )


def test_signed_out_the_autosave_says_so_and_signing_in_again_in_another_tab_keeps_the_input(draft, page, context):
    main = _edit_basics(page, draft)
    with no_event_loop():
        Session.objects.all().delete()  # the session ends while the page is open
    page.clock.run_for(31_000)
    expect(main.locator(".case-autosave-status")).to_contain_text("You are signed out, so the draft was not saved.")
    log_in(context.new_page(), draft.created_by.email, DEFAULT_PASSWORD, language="en")  # another tab
    main.get_by_role("button", name="Save draft").click()
    expect(main).to_contain_text("You signed in again after this page was opened")
    expect(main.get_by_label("Summary", exact=True)).to_have_value(TYPED)
    assert _stored(draft).summary != TYPED  # shown again, not saved
