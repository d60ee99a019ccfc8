"""With SMTP down, every account flow answers normally and its mail goes out once SMTP is back (#11, finding 4).

Before, sign-up, password reset and TOTP activation sent mail inside the request: with the
SMTP server unreachable they answered 500 after their change was saved (the recovery codes
of a new authenticator were never shown). Now account mail is rendered in the request and
queued in the outbox; a worker sends it, retrying until SMTP answers.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from portal import outbox
from portal.models import OutboxMessage
from tests.accounts.conftest import reauthenticate, sign_in, totp_code
from tests.accounts.test_signup import sign_up
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 1  # nothing listens: connection refused
    settings.EMAIL_TIMEOUT = 2
    settings.EMAIL_USE_TLS = False
    return settings


def smtp_returns(settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    OutboxMessage.objects.filter(done_at__isnull=True).update(available_at=timezone.now() - timedelta(minutes=1))
    outbox.drain()


def pending_mail() -> list[OutboxMessage]:
    return list(OutboxMessage.objects.filter(effect="portal.send_email", done_at__isnull=True))


def test_sign_up_answers_and_its_mail_goes_out_when_smtp_returns(client, smtp_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the hand-over runs, and SMTP refuses
        response = sign_up(client, "new.member@example.com", language="zh-hans")
    assert response.status_code == 302 and response["Location"] == "/zh-hans/accounts/confirm-email/"
    [message] = pending_mail()
    assert message.attempts == 1 and "Connection" in message.last_error
    smtp_returns(smtp_down)
    assert [m.to for m in mail.outbox] == [["new.member@example.com"]]
    assert not pending_mail()


@pytest.mark.parametrize("known", [True, False])
def test_password_reset_answers_for_known_and_unknown_addresses(client, smtp_down, known):
    email = UserFactory().email if known else "nobody@example.com"
    response = client.post("/zh-hans/accounts/password/reset/", {"email": email})
    assert response.status_code == 302 and response["Location"] == "/zh-hans/accounts/password/reset/done/"
    assert len(pending_mail()) == 1
    smtp_returns(smtp_down)
    assert [m.to for m in mail.outbox] == [[email]]


def test_totp_activation_shows_the_recovery_codes_with_smtp_down(client, smtp_down, django_capture_on_commit_callbacks):
    user = UserFactory()
    sign_in(client, user.email)
    reauthenticate(client, next_url="/zh-hans/accounts/2fa/totp/activate/")
    client.get("/zh-hans/accounts/2fa/totp/activate/")
    secret = client.session["mfa.totp.secret"]
    with django_capture_on_commit_callbacks(execute=True):  # allauth e-mails from its own on_commit
        response = client.post("/zh-hans/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302 and response["Location"] == "/zh-hans/accounts/2fa/recovery-codes/"
    assert client.get(response["Location"]).status_code == 200
    smtp_returns(smtp_down)
    assert [m.to for m in mail.outbox] == [[user.email]]  # "authenticator activated"


def test_a_reset_mail_is_sent_once_however_often_it_is_delivered(client, smtp_down):
    user = UserFactory()
    client.post("/zh-hans/accounts/password/reset/", {"email": user.email})
    [message] = pending_mail()
    smtp_returns(smtp_down)
    assert outbox.deliver(message.pk) == "skipped"
    outbox.drain()
    assert len(mail.outbox) == 1
    message.refresh_from_db()
    assert message.payload == {}  # the reset link is not kept once sent
