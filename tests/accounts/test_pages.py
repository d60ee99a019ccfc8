"""Every account page is a page of the site: base layout, centred box, both languages, no inline script or style."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

from tests.accounts.conftest import CJK, activate_totp, gettext_in, reauthenticate, sign_in

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle=", re.IGNORECASE)

ANONYMOUS_PAGES = {
    "login": ("accounts/login/", "Sign In"),
    "signup": ("accounts/signup/", "Sign Up"),
    "password reset": ("accounts/password/reset/", "Password Reset"),
    "password reset done": ("accounts/password/reset/done/", "Password Reset"),
    "verification sent": ("accounts/confirm-email/", "Verify Your Email Address"),
    "confirm e-mail, bad key": ("accounts/confirm-email/not-a-key/", "Confirm Email Address"),
    "password reset from key, bad key": ("accounts/password/reset/key/1-not-a-key/", "Bad Token"),
    "password reset from key done": ("accounts/password/reset/key/done/", "Password Changed"),
}

MEMBER_PAGES = {
    "e-mail addresses": ("accounts/email/", "Email Addresses"),
    "password change": ("accounts/password/change/", "Change Password"),
    "sign out": ("accounts/logout/", "Sign Out"),
    "reauthenticate": ("accounts/reauthenticate/", "Confirm Access"),
    "two-factor index": ("accounts/2fa/", "Two-Factor Authentication"),
    "activate authenticator app": ("accounts/2fa/totp/activate/", "Activate Authenticator App"),
}


def has_class(html: str, name: str) -> bool:
    return re.search(rf'class="(?:[^"]* )?{name}(?: [^"]*)?"', html) is not None


def assert_site_page(response, language: str, heading: str) -> str:
    """The page extends the site's base layout, sits in the centred box and is in ``language``."""
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert 'class="site-header"' in html, "the page does not extend templates/base.html"
    assert 'class="site-footer"' in html or "</footer>" in html
    assert has_class(html, "container")
    assert has_class(html, "narrow"), "the page is not in the centred .narrow box"
    assert has_class(html, "card")
    translated = gettext_in(language, heading)
    assert f"<h1>{translated}" in re.sub(r"<h1>\s+", "<h1>", html), f"no <h1> {translated!r}"
    if language == "zh-hans":
        assert CJK.search(translated), f"{heading!r} has no Chinese translation"
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html).group(0)
    assert not STYLE_ATTRIBUTE.search(html)
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    return html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_anonymous_account_pages_are_site_pages(client, name, language):
    path, heading = ANONYMOUS_PAGES[name]
    assert_site_page(client.get(f"/{language}/{path}"), language, heading)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_member_account_pages_are_site_pages(client, user, name, language):
    assert sign_in(client, user.email, language=language).status_code == 302
    path, heading = MEMBER_PAGES[name]
    if "2fa/totp" in path:
        reauthenticate(client, language=language)
    html = assert_site_page(client.get(f"/{language}/{path}"), language, heading)
    # The account menu links the manage pages together, in the page's language.
    if name != "reauthenticate":
        assert f'href="/{language}/accounts/2fa/"' in html
        assert gettext_in(language, "Two-factor authentication") in html


def test_login_page_labels_fields_and_links_to_reset_and_signup(client):
    html = client.get("/zh-hans/accounts/login/").content.decode()
    assert '<label for="id_login">' in html
    assert '<label for="id_password">' in html
    assert 'href="/zh-hans/accounts/password/reset/"' in html
    assert 'href="/zh-hans/accounts/signup/"' in html
    assert has_class(html, "button")


def test_wrong_password_shows_translated_error_in_form_errors(client, user):
    response = sign_in(client, user.email, "not-the-password", language="zh-hans")
    assert response.status_code == 200
    html = response.content.decode()
    error = gettext_in("zh-hans", "The email address and/or password you specified are not correct.")
    assert CJK.search(error)
    assert 'class="form-errors"' in html
    assert error in html.split('class="form-errors"', 1)[1]


def test_signup_errors_are_shown_next_to_their_field(client):
    response = client.post(
        "/en/accounts/signup/",
        {"email": "not-an-address", "password1": "correct-horse-battery-9", "password2": "something-else-42"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    email_field = re.split(r'<div class="field[ "]', html.split('for="id_email"', 1)[1])[0]
    assert 'class="field-error"' in email_field
    assert "Enter a valid e-mail address." in email_field


def test_totp_activation_shows_qr_code_as_data_image_allowed_by_csp(client, user):
    sign_in(client, user.email)
    reauthenticate(client)
    response = client.get("/zh-hans/accounts/2fa/totp/activate/")
    html = response.content.decode()
    assert re.search(r'<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"[^>]* class="qr-code"', html)
    csp = response.headers["Content-Security-Policy"]
    img_src = next(part for part in csp.split(";") if part.strip().startswith("img-src"))
    assert "data:" in img_src.split()
    # The secret is shown too, for apps that cannot scan.
    assert client.session["mfa.totp.secret"] in html


def test_recovery_codes_page_lists_codes_in_site_box(client, user):
    activate_totp(user)
    RecoveryCodes.activate(user)
    # Signing in with a second factor is tested in test_mfa.py.
    client.force_login(user)
    reauthenticate(client)
    codes = RecoveryCodes(Authenticator.objects.get(user=user, type="recovery_codes")).get_unused_codes()
    html = assert_site_page(client.get("/zh-hans/accounts/2fa/recovery-codes/"), "zh-hans", "Recovery Codes")
    assert codes[0] in html
    assert 'href="/zh-hans/dashboard/"' in html


MFA_MEMBER_PAGES = {
    "second factor at sign-in": ("accounts/2fa/authenticate/", "Two-Factor Authentication"),
    "reauthenticate with a code": ("accounts/2fa/reauthenticate/", "Confirm Access"),
    "deactivate authenticator app": ("accounts/2fa/totp/deactivate/", "Deactivate Authenticator App"),
    "generate recovery codes": ("accounts/2fa/recovery-codes/generate/", "Recovery Codes"),
}


def open_mfa_page(client, user, name: str, language: str):
    """``MFA_MEMBER_PAGES[name]`` as ``user`` (with an authenticator app) reaches it: signed in up to the
    second factor for the sign-in's page, else signed in, and reauthenticated where the page asks for it."""
    if name == "second factor at sign-in":
        sign_in(client, user.email, language=language)
    else:
        client.force_login(user)
        if name != "reauthenticate with a code":
            reauthenticate(client, language=language)
    return client.get(f"/{language}/{MFA_MEMBER_PAGES[name][0]}")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("name", MFA_MEMBER_PAGES)
def test_two_factor_pages_are_site_pages(client, user, name, language):
    activate_totp(user)
    assert_site_page(open_mfa_page(client, user, name, language), language, MFA_MEMBER_PAGES[name][1])
