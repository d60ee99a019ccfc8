"""Logs hold no passwords, tokens, keys, session cookies or resident identity numbers (PIPL).

The records go through the project's real LOGGING (portal/settings/log_config.py, read as base.LOGGING) with the console
streams captured, so these tests see exactly what an operator's log would hold.
"""

import copy
import importlib
import io
import logging
import sys

import pytest
from celery.utils.log import get_task_logger
from django.conf import settings
from django.core import mail
from django.test import RequestFactory
from django.utils.log import configure_logging

from portal.logging import REDACTED, RedactingFilter, redact, redact_celery_handlers, resident_id_is_valid

PASSWORD = "hunter2-Correct-Horse"
CONFIRM_KEY = "MjQ:1uXyZq:Ab_cD3fGh1jKlmNoPqRsTuVwXyZ0123456789aBcDeF"
RESET_KEY = "c7v-cd1f2a3b4c5d6e7f8a9b0c1d2e3f4a5b"
SESSION = "k3x9q2m7w8e4r5t6y7u8i9o0p1a2s3d4"
TOKEN = "tok_9f8e7d6c5b4a3f2e1d0c"
RESIDENT_ID = "11010519491231002X"  # the standard's own example: check character correct
RESIDENT_ID_BAD_CHECK = "110105194912310021"
SECRETS = (PASSWORD, CONFIRM_KEY, RESET_KEY, SESSION, TOKEN, RESIDENT_ID, RESIDENT_ID_BAD_CHECK)


def assert_clean(text: str) -> None:
    leaked = [secret for secret in SECRETS if secret in text]
    leaked += [part for part in ("1uXyZq", "cd1f2a3b4c5d") if part in text]
    assert not leaked, f"leaked {leaked} in:\n{text}"


@pytest.fixture
def log_output():
    """Apply base.LOGGING with its stream handlers writing to a buffer; restore the test logging after."""
    from portal.settings import base

    config = copy.deepcopy(base.LOGGING)
    stream = io.StringIO()
    for handler in config["handlers"].values():
        if handler["class"] == "logging.StreamHandler":
            handler["stream"] = stream
    configure_logging("logging.config.dictConfig", config)
    try:
        yield stream
    finally:
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def _production_logging(monkeypatch):
    for name, value in {
        "DJANGO_SECRET_KEY": "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "portal.example.org",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }.items():
        monkeypatch.setenv(name, value)
    sys.modules.pop("portal.settings.production", None)
    try:
        return importlib.import_module("portal.settings.production").LOGGING
    finally:
        sys.modules.pop("portal.settings.production", None)


@pytest.mark.parametrize("which", ["base", "production"])
def test_every_handler_redacts(which, monkeypatch):
    if which == "base":
        from portal.settings.base import LOGGING
    else:
        LOGGING = _production_logging(monkeypatch)
    assert LOGGING["filters"]["redact"] == {"()": "portal.logging.RedactingFilter"}
    assert LOGGING["handlers"], "no handlers configured"
    for name, handler in LOGGING["handlers"].items():
        assert "redact" in handler.get("filters", []), f"handler {name!r} has no redacting filter"
    # Django's own loggers use these handlers, not Django's unfiltered defaults.
    assert set(LOGGING["loggers"]["django"]["handlers"]) <= set(LOGGING["handlers"])
    assert set(LOGGING["loggers"]["django.server"]["handlers"]) <= set(LOGGING["handlers"])


def test_production_keeps_the_configured_level(monkeypatch):
    monkeypatch.setenv("DJANGO_LOG_LEVEL", "WARNING")
    assert _production_logging(monkeypatch)["root"]["level"] == "WARNING"


def test_arguments_and_messages_are_redacted(log_output):
    logger = logging.getLogger("portal.test")
    logger.info("sign-in failed for %s with password=%s", "a@example.com", PASSWORD)
    logger.info("form data %s", {"password": PASSWORD, "csrfmiddlewaretoken": TOKEN, "email": "a@example.com"})
    logger.info("api call %r", {"Authorization": f"Bearer {TOKEN}", "X-Api-Key": TOKEN})
    logger.warning("request headers: Cookie: %s=%s; csrftoken=%s", settings.SESSION_COOKIE_NAME, SESSION, TOKEN)
    logger.info('{"secret": "%s", "token": "%s"}', PASSWORD, TOKEN)
    logger.info("callback ?token=%s&next=/en/", TOKEN)
    logger.info("identity number %s on file, and %s mistyped", RESIDENT_ID, RESIDENT_ID_BAD_CHECK)
    logger.info("no arguments, secret_key=%s" % PASSWORD)  # noqa: UP031 - a pre-formatted message
    output = log_output.getvalue()
    assert_clean(output)
    assert output.count(REDACTED) >= 10
    assert "a@example.com" in output  # what is not secret stays readable


def test_tracebacks_and_extra_attributes_are_redacted(log_output):
    logger = logging.getLogger("portal.test")
    try:
        raise ValueError(f"bad reset link /en/accounts/password/reset/key/{RESET_KEY}/ for {RESIDENT_ID}")
    except ValueError:
        logger.exception("reset failed")
    logger.info(
        "with extras", extra={"session_key": SESSION, "path": f"/zh-hans/accounts/confirm-email/{CONFIRM_KEY}/"}
    )
    logger.info("stack", stack_info=True, extra={"note": f"password: {PASSWORD}"})
    output = log_output.getvalue()
    assert "Traceback" in output and "ValueError" in output
    assert_clean(output)
    record = logging.LogRecord("x", logging.INFO, "", 0, "m", (), None)
    record.session_key, record.path = SESSION, f"/zh-hans/accounts/confirm-email/{CONFIRM_KEY}/"
    RedactingFilter().filter(record)
    assert record.session_key == REDACTED
    assert record.path == f"/zh-hans/accounts/confirm-email/{REDACTED}/"


def test_django_request_logging_of_a_404_hides_keys_in_the_path(db, client, log_output):
    # (allauth answers any password-reset key with its own page: that path is covered below.)
    for path in (
        f"/zh-hans/accounts/confirm-email/{CONFIRM_KEY}/no-such-page/",
        f"/en/invitations/{TOKEN}/no-such-page/",
    ):
        assert client.get(path).status_code == 404
    output = log_output.getvalue()
    assert output.count("Not Found: ") == 2, output
    assert_clean(output)
    assert f"/zh-hans/accounts/confirm-email/{REDACTED}/no-such-page/" in output


def test_a_refusal_is_logged_in_one_line_without_its_traceback(db, client, log_output):
    """A 403 (a member trying another organisation's page) is the checks at work, not an error."""
    from tests import factories

    membership = factories.MembershipFactory(role="editor")
    client.force_login(membership.user)
    assert client.get(f"/en/dashboard/organisations/{membership.organisation_id}/edit/").status_code == 403
    output = log_output.getvalue()
    assert "Forbidden (Permission denied): /en/dashboard/organisations/" in output
    assert "Traceback" not in output


def test_runserver_request_lines_are_redacted(log_output):
    logging.getLogger("django.server").info(
        '"%s" %s %s', f"GET /en/accounts/password/reset/key/{RESET_KEY}/ HTTP/1.1", 200, 512
    )
    encoded_key = CONFIRM_KEY.replace(":", "%3A")
    logging.getLogger("django.server").info(
        '"%s" %s %s',
        f"GET /zh-hans/accounts/login/?next=%2Fen%2Faccounts%2Fconfirm-email%2F{encoded_key}%2F HTTP/1.1",
        302,
        0,
    )
    output = log_output.getvalue()
    assert "/en/accounts/password/reset/key/[REDACTED]/" in output
    assert_clean(output.replace("%3A", ":"))


def test_error_email_to_admins_is_redacted(log_output, settings):
    settings.ADMINS = [("Operators", "ops@example.com")]
    request = RequestFactory().post(
        f"/zh-hans/accounts/confirm-email/{CONFIRM_KEY}/?token={TOKEN}",
        {"password": PASSWORD, "id_number": RESIDENT_ID},
        HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}={SESSION}",
        HTTP_AUTHORIZATION=f"Bearer {TOKEN}",
    )
    try:
        raise RuntimeError(f"boom with password={PASSWORD}")
    except RuntimeError:
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", request.path, exc_info=True, extra={"status_code": 500, "request": request}
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Internal Server Error" in message.subject
    assert_clean(message.subject)
    assert_clean(message.body)
    assert_clean(log_output.getvalue())


def test_celery_worker_handlers_get_the_filter():
    logger = get_task_logger("portal.test.celery")
    handler = logging.StreamHandler(io.StringIO())
    logger.addHandler(handler)
    try:
        redact_celery_handlers(logger=logger)
        redact_celery_handlers(logger=logger)  # idempotent
        assert sum(isinstance(f, RedactingFilter) for f in handler.filters) == 1
        logger.warning("retrying with password=%s", PASSWORD)
        assert_clean(handler.stream.getvalue())
    finally:
        logger.removeHandler(handler)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("password=abc def", f"password={REDACTED} def"),
        ("'password': 'abc', 'next': '/x'", f"'password': '{REDACTED}', 'next': '/x'"),
        ('"old_password": "a\\"b"', f'"old_password": "{REDACTED}"'),
        ("Authorization: Basic YWxhZGRpbjpvcGVu", f"Authorization: {REDACTED}"),
        ("'HTTP_COOKIE': 'sessionid=abc; csrftoken=def'", f"'HTTP_COOKIE': '{REDACTED}'"),
        ("GET /?key=abc&page=2", f"GET /?key={REDACTED}&page=2"),
        ("/zh-hans/accounts/confirm-email/MjQ:1u:ab/", f"/zh-hans/accounts/confirm-email/{REDACTED}/"),
        ("/en/accounts/password/reset/key/7-set-password/", f"/en/accounts/password/reset/key/{REDACTED}/"),
        ("身份证号 11010519491231002X。", f"身份证号 {REDACTED}。"),
        ("password=[REDACTED] twice", "password=[REDACTED] twice"),
        # Not secrets: left alone.
        ("GET /en/products/?page=2 200", "GET /en/products/?page=2 200"),
        ("phone 13800138000, order 2024010112345678901", "phone 13800138000, order 2024010112345678901"),
        ("12345619491231002X0", "12345619491231002X0"),  # 19 characters: not an identity number
        ("", ""),
    ],
)
def test_redact(text, expected):
    assert redact(text) == expected


def test_resident_id_check_character():
    assert resident_id_is_valid(RESIDENT_ID)
    assert resident_id_is_valid(RESIDENT_ID.lower())
    assert not resident_id_is_valid(RESIDENT_ID_BAD_CHECK)
    assert not resident_id_is_valid("110105194913310021")  # month 13
    # Both are redacted: a mistyped number is still someone's.
    assert redact(RESIDENT_ID_BAD_CHECK) == REDACTED
