"""Two-factor authentication: required for alliance staff before the Wagtail admin, optional for members."""

import re

import pytest
from allauth.core.context import request_context
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.auth.models import Permission
from django.core import mail

from tests.accounts.conftest import CJK, activate_totp, gettext_in, reauthenticate, sign_in, totp_code
from tests.factories import ProjectManagerFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    """A new staff member, before setting up an authenticator app."""
    return StaffFactory(second_factor=False)


ACTIVATE = "/zh-hans/accounts/2fa/totp/activate/"
AUTHENTICATE = "/zh-hans/accounts/2fa/authenticate/"


def set_up_totp_through_the_pages(client, *, language="zh-hans") -> str:
    """Do what a member does on the activation page; returns the secret."""
    page = client.get(f"/{language}/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    secret = client.session["mfa.totp.secret"]
    assert secret in page.content.decode()
    wrong = client.post(f"/{language}/accounts/2fa/totp/activate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert 'class="field-error"' in wrong.content.decode()
    response = client.post(f"/{language}/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"] == f"/{language}/accounts/2fa/recovery-codes/"
    return secret


# --- Staff without an authenticator -------------------------------------------------


@pytest.mark.parametrize("path", ["/admin/", "/admin/pages/", "/admin/account/", "/admin/images/"])
def test_staff_without_totp_is_sent_to_totp_setup_from_the_admin(client, staff, path):
    sign_in(client, staff.email)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == ACTIVATE


def test_the_setup_redirect_does_not_loop_and_explains_why(client, staff):
    sign_in(client, staff.email)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert len(response.redirect_chain) <= 3
    assert not any(url.startswith("/admin/") for url, _status in response.redirect_chain)
    html = response.content.decode()
    assert "Alliance staff must turn on two-factor authentication before using the admin." in html or (
        gettext_in("zh-hans", "Alliance staff must turn on two-factor authentication before using the admin.") in html
    )


def test_staff_sets_up_totp_and_then_reaches_the_admin(client, staff, django_capture_on_commit_callbacks, rf):
    sign_in(client, staff.email)
    # allauth asks for the password again before any change to the second factor.
    first = client.get("/admin/", follow=True)
    assert first.wsgi_request.path == "/zh-hans/accounts/reauthenticate/"
    assert f'name="next" value="{ACTIVATE}"' in first.content.decode()
    assert reauthenticate(client, next_url=ACTIVATE)["Location"] == ACTIVATE

    with django_capture_on_commit_callbacks() as after_commit:
        set_up_totp_through_the_pages(client)
    # allauth e-mails its notice from transaction.on_commit, which in production runs inside
    # the request; the test transaction never commits, so run the callbacks as the request would.
    with request_context(rf.get("/zh-hans/accounts/2fa/totp/activate/")):
        for callback in after_commit:
            callback()
    codes_page = client.get("/zh-hans/accounts/2fa/recovery-codes/")
    html = codes_page.content.decode()
    assert 'href="/admin/"' in html, "no way on to the admin after setting up the second factor"
    assert re.search(r'<textarea[^>]*id="recovery_codes"', html)

    assert client.get("/admin/").status_code == 200
    assert Authenticator.objects.filter(user=staff, type="totp").exists()
    # allauth tells the staff member by e-mail, in their language, branded.
    notice = next(m for m in mail.outbox if gettext_in("zh-hans", "Authenticator App Activated") in m.subject)
    assert notice.subject.startswith(f"[{gettext_in('zh-hans', 'Shanghai BCI Industry Alliance')}] ")
    assert notice.extra_headers["Content-Language"] == "zh-hans"


def test_staff_may_still_sign_out_of_the_admin(client, staff):
    sign_in(client, staff.email)
    response = client.post("/admin/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("kind", ["project manager", "superuser", "admin permission"])
def test_everyone_with_admin_access_needs_totp(client, kind):
    if kind == "project manager":
        person = ProjectManagerFactory(second_factor=False)
    elif kind == "superuser":
        person = UserFactory(is_superuser=True, is_staff=True)
    else:
        person = UserFactory()
        person.user_permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
    sign_in(client, person.email)
    assert client.get("/admin/")["Location"] == ACTIVATE


def test_the_requirement_follows_the_setting(client, staff, settings):
    settings.PORTAL_STAFF_MFA_REQUIRED = False  # as in the embedded dev default
    sign_in(client, staff.email)
    assert client.get("/admin/").status_code == 200


# --- Staff with an authenticator --------------------------------------------------------


def test_admin_sign_in_asks_for_the_code_and_returns_to_the_admin(client, staff_with_totp):
    to_admin_login = client.get("/admin/pages/")
    assert to_admin_login.status_code == 302
    assert to_admin_login["Location"] == "/admin/login/?next=/admin/pages/"
    to_login = client.get(to_admin_login["Location"])
    assert to_login["Location"] == "/zh-hans/accounts/login/?next=%2Fadmin%2Fpages%2F"
    login_page = client.get(to_login["Location"])
    assert 'name="next" value="/admin/pages/"' in login_page.content.decode()

    password_ok = sign_in(client, staff_with_totp.email, next_url="/admin/pages/")
    assert password_ok.status_code == 302
    assert password_ok["Location"] == AUTHENTICATE
    # The password alone does not open the admin.
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/pages/")["Location"].startswith("/admin/login/")

    page = client.get(AUTHENTICATE)
    assert page.status_code == 200
    assert gettext_in("zh-hans", "Two-Factor Authentication") in page.content.decode()

    wrong = client.post(AUTHENTICATE, {"code": "123456"})
    assert wrong.status_code == 200
    error = gettext_in("zh-hans", "Incorrect code.")
    assert CJK.search(error)
    assert error in wrong.content.decode()
    assert "_auth_user_id" not in client.session

    right = client.post(AUTHENTICATE, {"code": totp_code(staff_with_totp.totp_secret)})
    assert right.status_code == 302
    assert right["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200


def test_a_recovery_code_is_accepted_once_as_second_factor(client, staff_with_totp):
    codes = RecoveryCodes.activate(staff_with_totp).generate_codes()
    sign_in(client, staff_with_totp.email, next_url="/admin/")
    assert client.post(AUTHENTICATE, {"code": codes[0]})["Location"] == "/admin/"
    client.logout()
    sign_in(client, staff_with_totp.email, next_url="/admin/")
    assert client.post(AUTHENTICATE, {"code": codes[0]}).status_code == 200  # used up
    assert "_auth_user_id" not in client.session


# --- Members ---------------------------------------------------------------------------


def test_members_are_not_forced_to_set_up_totp(client, user):
    response = sign_in(client, user.email)
    assert response["Location"] == "/zh-hans/dashboard/"
    assert client.get("/zh-hans/dashboard/").status_code == 200
    # The admin is not for members: they are sent back to their dashboard, not to TOTP setup, and nothing loops.
    admin = client.get("/admin/", follow=True)
    assert admin.status_code == 200
    assert admin.wsgi_request.path == "/zh-hans/dashboard/"
    assert all("2fa" not in url for url, _status in admin.redirect_chain)


def test_members_find_two_factor_settings_from_their_dashboard(client, user):
    sign_in(client, user.email)
    assert 'href="/zh-hans/accounts/2fa/"' in client.get("/zh-hans/dashboard/").content.decode()


def test_member_can_opt_in_and_is_then_asked_for_a_code(client, user):
    sign_in(client, user.email, language="en")
    index = client.get("/en/accounts/2fa/")
    assert 'href="/en/accounts/2fa/totp/activate/"' in index.content.decode()
    reauthenticate(client, language="en")
    secret = set_up_totp_through_the_pages(client, language="en")
    client.logout()

    response = sign_in(client, user.email, language="en")
    assert response["Location"] == "/en/accounts/2fa/authenticate/"
    done = client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert done["Location"] == "/en/dashboard/"
    assert client.get("/en/dashboard/").status_code == 200


def test_member_with_totp_can_turn_it_off(client, user):
    secret = activate_totp(user)
    sign_in(client, user.email, language="en")
    client.post("/en/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    page = client.get("/en/accounts/2fa/totp/deactivate/", follow=True)
    # Changing the second factor asks to confirm access first (password or code).
    assert page.status_code == 200
    reauthenticate(client, language="en")
    response = client.post("/en/accounts/2fa/totp/deactivate/")
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=user, type="totp").exists()
