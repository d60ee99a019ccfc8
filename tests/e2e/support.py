"""Constants and helpers shared by the browser tests (the fixtures are in conftest.py)."""

import asyncio
import os
import re
from contextlib import contextmanager
from pathlib import Path

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
