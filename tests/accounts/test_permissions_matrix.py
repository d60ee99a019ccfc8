"""Role × URL matrix for allauth's account and two-factor pages (language-prefixed, ``/<lang>/accounts/``).

Decisions recorded here:
* Signing in and up is for visitors; a signed-in member who opens those pages is sent on.
* Every page about an account (e-mail addresses, password, two-factor authentication,
  re-authentication) asks visitors to sign in and shows members only their own account: the
  URLs name no account.
* Links from e-mails (confirmation, password reset) carry a key; a wrong key shows allauth's
  "invalid link" page to anyone, never another account.
* Two-factor pages depend on whether the account has an authenticator: staff and project
  managers have TOTP (the admin requires it), the other roles do not. Changing them asks for
  the password again first (allauth's re-authentication).
* Adding an address another account uses attaches nothing (allauth answers as if it did, so
  the page tells nobody which addresses exist); accounts with TOTP cannot add addresses.
"""

import pytest
from django.urls import reverse

from tests.factories import DEFAULT_PASSWORD
from tests.matrix import LOGIN, Row, check_matrix, expect, redirect_to, world  # noqa: F401

SIGNED_IN = ("member", "editor_a", "owner_a", "owner_b", "project_manager", "staff")
WITHOUT_TOTP = ("member", "editor_a", "owner_a", "owner_b")
#: Sent to confirm the password first (allauth's re-authentication, then back).
REAUTHENTICATE = redirect_to("/accounts/reauthenticate/")


def _url(name, *args):
    return lambda w: reverse(name, args=args)


def _signed_in(value, **others):
    """Visitors go to sign in; every signed-in role gets ``value`` unless named."""
    return expect(anonymous=LOGIN, **dict.fromkeys(SIGNED_IN, value) | others)


ROWS = [
    Row("login", _url("account_login"), expect(default=302, anonymous=200)),
    Row(
        "login (POST, wrong password)",
        _url("account_login"),
        expect(default=302, anonymous=200),
        method="post",
        data=lambda w: {"login": w.user("owner_a").email, "password": "not-the-password"},
    ),
    Row(
        "login (POST, right password; staff must give the second factor)",
        _url("account_login"),
        expect(default=302, anonymous=redirect_to("/accounts/2fa/authenticate/")),
        method="post",
        data=lambda w: {"login": w.user("staff").email, "password": DEFAULT_PASSWORD},
    ),
    Row("logout", _url("account_logout"), expect(default=200, anonymous=302)),
    Row("logout (POST)", _url("account_logout"), expect(default=302), method="post"),
    Row("inactive account", _url("account_inactive"), expect(default=200)),
    Row("sign up", _url("account_signup"), expect(default=302, anonymous=200)),
    Row(
        "sign up (POST, an address already registered)",
        _url("account_signup"),
        expect(default=302, anonymous=302),
        method="post",
        data=lambda w: {
            "email": w.user("owner_a").email,
            "password1": "Another-pass-1234",
            "password2": "Another-pass-1234",
        },
    ),
    Row("re-authenticate", _url("account_reauthenticate"), _signed_in(200)),
    Row(
        "re-authenticate (POST, wrong password)",
        _url("account_reauthenticate"),
        _signed_in(200),
        method="post",
        data=lambda w: {"password": "not-the-password"},
    ),
    Row("e-mail addresses", _url("account_email"), _signed_in(200)),
    Row(
        "e-mail addresses (POST, add another account's address: not attached)",
        _url("account_email"),
        _signed_in(302, owner_b=200, project_manager=200, staff=200),
        method="post",
        data=lambda w: {"action_add": "", "email": w.user("owner_b").email},
    ),
    Row("verification sent", _url("account_email_verification_sent"), expect(default=200)),
    Row("change password", _url("account_change_password"), _signed_in(200)),
    Row(
        "change password (POST, wrong old password)",
        _url("account_change_password"),
        _signed_in(200),
        method="post",
        data=lambda w: {"oldpassword": "nope", "password1": "Another-pass-1234", "password2": "Another-pass-1234"},
    ),
    Row("set password (accounts have one)", _url("account_set_password"), _signed_in(302)),
    Row("password reset", _url("account_reset_password"), expect(default=200)),
    Row(
        "password reset (POST)",
        _url("account_reset_password"),
        expect(default=302),
        method="post",
        data=lambda w: {"email": w.user("owner_b").email},
    ),
    Row("password reset sent", _url("account_reset_password_done"), expect(default=200)),
    Row(
        "password reset link with a wrong key",
        lambda w: reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "set-password"}),
        expect(default=200),
    ),
    Row(
        "password reset link with a wrong key (POST)",
        lambda w: reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "set-password"}),
        expect(default=200),
        method="post",
        data=lambda w: {"password1": "Another-pass-1234", "password2": "Another-pass-1234"},
    ),
    Row("password reset done", _url("account_reset_password_from_key_done"), expect(default=200)),
    Row(
        "e-mail confirmation with a wrong key",
        lambda w: reverse("account_confirm_email", kwargs={"key": "not-a-key"}),
        expect(default=200),
    ),
    Row(
        "e-mail confirmation with a wrong key (POST)",
        lambda w: reverse("account_confirm_email", kwargs={"key": "not-a-key"}),
        expect(default=404),
        method="post",
    ),
    Row("login code (no login in progress)", _url("account_confirm_login_code"), expect(default=302)),
    Row("two-factor overview", _url("mfa_index"), _signed_in(200)),
    Row("two-factor code (no login in progress)", _url("mfa_authenticate"), _signed_in(302)),
    Row(
        "two-factor code (POST, no login in progress)",
        _url("mfa_authenticate"),
        _signed_in(302),
        method="post",
        data=lambda w: {"code": "123456"},
    ),
    Row(
        "two-factor re-authentication (by password without TOTP)",
        _url("mfa_reauthenticate"),
        _signed_in(200, **dict.fromkeys(WITHOUT_TOTP, REAUTHENTICATE)),
    ),
    Row(
        "activate TOTP (re-authenticate first; staff have it)",
        _url("mfa_activate_totp"),
        _signed_in(REAUTHENTICATE, project_manager=302, staff=302),
    ),
    Row(
        "activate TOTP (POST, wrong code)",
        _url("mfa_activate_totp"),
        _signed_in(REAUTHENTICATE, project_manager=302, staff=302),
        method="post",
        data=lambda w: {"code": "000000"},
    ),
    Row("deactivate TOTP", _url("mfa_deactivate_totp"), _signed_in(REAUTHENTICATE, **dict.fromkeys(WITHOUT_TOTP, 404))),
    Row(
        "deactivate TOTP (POST)",
        _url("mfa_deactivate_totp"),
        _signed_in(REAUTHENTICATE, **dict.fromkeys(WITHOUT_TOTP, 404)),
        method="post",
    ),
    Row("recovery codes (none)", _url("mfa_view_recovery_codes"), _signed_in(404)),
    Row("generate recovery codes", _url("mfa_generate_recovery_codes"), _signed_in(REAUTHENTICATE)),
    Row(
        "generate recovery codes (POST)",
        _url("mfa_generate_recovery_codes"),
        _signed_in(REAUTHENTICATE),
        method="post",
    ),
    Row("download recovery codes (none)", _url("mfa_download_recovery_codes"), _signed_in(404)),
]


@pytest.mark.django_db
def test_account_pages_role_url_matrix(client, world):  # noqa: F811
    check_matrix(client, world, ROWS)
