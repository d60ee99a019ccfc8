"""A visitor's first journey in a real browser.

Chinese home page → English → sign up → verification e-mail → confirm → dashboard →
sign out → sign in again → dashboard; and a wrong password shows an error on the page.

Selectors use roles, labels and visible text (both languages) so they survive redesigns.
"""

import re

from allauth.account.models import EmailAddress
from django.core import mail
from playwright.sync_api import expect

from .support import (
    CONFIRM_BUTTON,
    DASHBOARD_HEADING,
    EMAIL_LABEL,
    LOGIN_BUTTON,
    LOGIN_ERROR,
    LOGOUT_BUTTON,
    PASSWORD_LABEL,
    SIGNUP_NAME,
    log_in,
    no_event_loop,
    submit_login_form,
)

PASSWORD = "Cortex-Signal-2025!"
EMAIL = "new.member@example.com"
CONFIRM_LINK = re.compile(r"https?://[^\s\"'<>]+/accounts/confirm-email/[^\s\"'<>]+")


def wait_for_mail(page, recipient, timeout_ms=5_000):
    """The one message sent to ``recipient`` (the live server thread may still be sending it)."""
    for _ in range(timeout_ms // 100):
        sent = [m for m in mail.outbox if recipient in m.to]
        if sent:
            assert len(sent) == 1, [m.subject for m in sent]
            return sent[0]
        page.wait_for_timeout(100)
    raise AssertionError(f"no e-mail to {recipient}; outbox: {[(m.to, m.subject) for m in mail.outbox]}")


def test_home_language_signup_verify_login_dashboard(site_data, page):
    server_errors = []
    page.on("response", lambda r: server_errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)

    # 1. The bare domain sends a Chinese browser to the Chinese home page.
    response = page.goto("/")
    assert response.ok, response.status
    expect(page).to_have_url(re.compile(r"/zh-hans/$"))
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(r"[\u4e00-\u9fff]"))

    # 2. The language switcher keeps us on the same page, in English.
    page.get_by_role("link", name="English", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # 3. Sign up from the header link.
    page.get_by_role("banner").get_by_role("link", name=SIGNUP_NAME).first.click()
    expect(page).to_have_url(re.compile(r"/en/accounts/signup/"))
    form = page.get_by_role("main")
    form.get_by_label(EMAIL_LABEL).fill(EMAIL)
    passwords = form.get_by_label(PASSWORD_LABEL)
    expect(passwords).to_have_count(2)
    passwords.nth(0).fill(PASSWORD)
    passwords.nth(1).fill(PASSWORD)
    mail.outbox.clear()
    form.get_by_role("button", name=SIGNUP_NAME).click()

    # 4. "Verify your e-mail" page, and the e-mail itself (locmem outbox, shared with the live server thread).
    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/"))
    expect(page.get_by_role("main")).to_contain_text(re.compile(r"verif|confirm|验证|确认", re.I))
    message = wait_for_mail(page, EMAIL)
    assert message.to == [EMAIL]
    # Signed up on the English pages: the e-mail is in English.
    assert not re.search(r"[\u3400-\u9fff]", message.subject + message.body), message.subject
    bodies = [message.body] + [content for content, _ in getattr(message, "alternatives", [])]
    links = {m.group(0) for body in bodies for m in CONFIRM_LINK.finditer(body)}
    assert links, f"no confirmation link in the e-mail:\n{message.body}"
    link = sorted(links, key=len)[0]
    assert link.startswith(site_data.url), f"confirmation link {link} does not point at {site_data.url}"

    # 5. Confirm (a POST: ACCOUNT_CONFIRM_EMAIL_ON_GET is False) and land signed in.
    page.goto(link)
    expect(page.get_by_role("main")).to_contain_text(EMAIL)
    page.get_by_role("main").get_by_role("button", name=CONFIRM_BUTTON).click()
    if "/dashboard/" not in page.url:
        page.goto("/en/dashboard/")
    expect(page).to_have_url(re.compile(r"/(en|zh-hans)/dashboard/$"))
    expect(page.get_by_role("heading", level=1, name=DASHBOARD_HEADING)).to_be_visible()
    with no_event_loop():
        address = EmailAddress.objects.get(email=EMAIL)
        assert address.verified and address.primary
        assert address.user.preferred_language == "en"  # signed up on the English pages

    # 6. Sign out from the header; the dashboard now asks to sign in.
    page.get_by_role("banner").get_by_role("button", name=LOGOUT_BUTTON).click()
    expect(page.get_by_role("banner").get_by_role("link", name=LOGIN_BUTTON)).to_be_visible()
    page.goto("/en/dashboard/")
    expect(page).to_have_url(re.compile(r"/en/accounts/login/\?next="))

    # 7. Sign in again with e-mail and password: back to the dashboard.
    submit_login_form(page, EMAIL, PASSWORD)
    expect(page).to_have_url(re.compile(r"/(en|zh-hans)/dashboard/$"))
    expect(page.get_by_role("heading", level=1, name=DASHBOARD_HEADING)).to_be_visible()
    assert not server_errors, server_errors


def test_wrong_password_shows_an_error_on_the_page(member, page):
    responses = []
    page.on("response", lambda r: responses.append(r) if r.request.method == "POST" else None)

    log_in(page, member.email, "not-the-password-1")

    expect(page).to_have_url(re.compile(r"/en/accounts/login/"))
    assert responses, "the login form did not POST"
    assert all(r.status < 500 for r in responses), [(r.url, r.status) for r in responses]
    expect(page.get_by_role("main")).to_contain_text(LOGIN_ERROR)
    expect(page.get_by_role("heading", level=1, name=DASHBOARD_HEADING)).to_have_count(0)
    # The form is still there, ready for another try.
    expect(page.get_by_role("main").get_by_label(PASSWORD_LABEL)).to_be_visible()
