"""Constants and helpers shared by the browser tests (the fixtures are in conftest.py)."""

import asyncio
import os
import re
import time
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import expect

E2E_DIR = Path(__file__).resolve().parent
ARTIFACTS = E2E_DIR / "artifacts"

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
# Short timeouts: a missing element fails in seconds instead of hanging the suite.
ACTION_TIMEOUT_MS = 10_000
NAVIGATION_TIMEOUT_MS = 20_000

DESKTOP = {"width": 1366, "height": 900}
MOBILE = {"width": 390, "height": 844}

# Accessible names, in both languages, so that the selectors survive redesigns.
EMAIL_LABEL = re.compile(r"e-?mail|邮箱|邮件", re.I)
PASSWORD_LABEL = re.compile(r"password|密码", re.I)
SIGNUP_NAME = re.compile(r"sign up|create( an)? account|register|join|注册|加入", re.I)
LOGIN_BUTTON = re.compile(r"^\s*(sign in|log in|登录)\s*$", re.I)
LOGOUT_BUTTON = re.compile(r"sign out|log out|退出|登出|注销", re.I)
CONFIRM_BUTTON = re.compile(r"confirm|确认", re.I)
DASHBOARD_HEADING = re.compile(r"my dashboard|我的工作台|我的控制台|工作台", re.I)
LOGIN_ERROR = re.compile(r"not correct|incorrect|不正确|错误", re.I)


def artifact_path(name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / name


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("_")[:120]


def log_in(page, email: str, password: str, language: str = "en") -> None:
    """Open the sign-in page, fill and submit its form."""
    page.goto(f"/{language}/accounts/login/")
    submit_login_form(page, email, password)


def log_in_with_code(page, email: str, password: str, secret: str, language: str = "en") -> None:
    """Sign in an account with an authenticator (staff, project managers): password, then the TOTP code.

    Returns once the code is accepted, so that the next navigation cannot cut the code's
    POST short. A code is never typed in the last seconds of its 30-second period.
    """
    log_in(page, email, password, language=language)
    page.get_by_label(re.compile("code", re.I)).fill(totp_code(secret))
    page.get_by_role("button", name=re.compile("sign in|confirm|verify|log in|登录", re.I)).click()
    expect(page).not_to_have_url(re.compile("/2fa/|/mfa/|/authenticate/"))


def totp_code(secret: str) -> str:
    """The authenticator's current code, at least three seconds before it changes."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time

    period = 30
    if period - time.time() % period < 3:
        time.sleep(period - time.time() % period + 0.1)
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def submit_login_form(page, email: str, password: str) -> None:
    """Fill and submit the sign-in form on the current page (by its labels, not its markup)."""
    main = page.get_by_role("main")
    main.get_by_label(EMAIL_LABEL).fill(email)
    main.get_by_label(PASSWORD_LABEL).fill(password)
    main.get_by_role("button", name=LOGIN_BUTTON).click()


@contextmanager
def no_event_loop():
    """Run Django ORM code from a test body while Playwright is started.

    Playwright's sync API marks its asyncio loop as *running* in the main thread
    between calls. Django then refuses ORM calls (``SynchronousOnlyOperation``) and,
    worse, hands out a different, context-local database connection (asgiref's
    ``Local`` switches to context storage when a loop runs). The loop does nothing
    while the test's own code runs, so it is unmarked for the block and marked again
    afterwards, as Playwright's own dispatcher does.
    """
    loop = asyncio._get_running_loop()
    asyncio._set_running_loop(None)
    try:
        yield
    finally:
        asyncio._set_running_loop(loop)
