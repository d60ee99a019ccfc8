"""Helpers for the account tests: sign in through allauth's pages, make TOTP codes, read e-mails."""

import re
import time

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from django.utils import translation

from tests.factories import DEFAULT_PASSWORD, STAFF_TOTP_SECRET, StaffFactory

# Any Chinese character: tells a zh-hans page or e-mail from an English one.
CJK = re.compile(r"[\u4e00-\u9fff]")
URL = re.compile(r"https?://[^\s]+")


def title_and_main(html: str) -> str:
    """The page's title and main content, whitespace collapsed (the header's own links left out)."""
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    main = html.split('<main id="main"', 1)[1].split(">", 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", f"{title} {main}")


def gettext_in(language: str, message: str) -> str:
    with translation.override(language):
        return translation.gettext(message)


def login_url(language: str = "zh-hans") -> str:
    return f"/{language}/accounts/login/"


def sign_in(client, email: str, password: str = DEFAULT_PASSWORD, *, language: str = "zh-hans", next_url=None):
    """Post allauth's sign-in form the way a browser does; returns the response (not followed)."""
    data = {"login": email, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(login_url(language), data)


def reauthenticate(client, password: str = DEFAULT_PASSWORD, *, language: str = "zh-hans", next_url=None):
    """allauth asks for the password again before MFA changes (MFA_REAUTHENTICATION_REQUIRED)."""
    data = {"password": password}
    if next_url:
        data["next"] = next_url
    response = client.post(f"/{language}/accounts/reauthenticate/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now, computed with allauth's own helpers.

    allauth accepts only the current period's code (MFA_TOTP_TOLERANCE = 0): close to the
    end of a period, wait for the next one so the code is still valid when it is posted.
    """
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 3:
        time.sleep(period - time.time() % period + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def activate_totp(user) -> str:
    """Give ``user`` an authenticator app; returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def links_in(message) -> list[str]:
    return URL.findall(message.body)


def only_mail():
    assert len(mail.outbox) == 1, [m.subject for m in mail.outbox]
    return mail.outbox[0]


@pytest.fixture(autouse=True)
def _account_requests_commit(committing_requests):
    """Account flows send mail after their commit (portal.outbox): run it when each request ends."""


@pytest.fixture
def staff_with_totp(db):
    """Alliance staff with their authenticator app (the factory's); ``totp_secret`` makes its codes."""
    staff = StaffFactory()
    staff.totp_secret = STAFF_TOTP_SECRET
    return staff
