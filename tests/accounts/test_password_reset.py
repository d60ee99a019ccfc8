"""Password reset through allauth, in the member's language; Wagtail's own reset and password change are closed."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from tests.accounts.conftest import CJK, gettext_in, links_in, only_mail, sign_in
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase-77"


def request_reset(client, email, *, language="zh-hans"):
    return client.post(f"/{language}/accounts/password/reset/", {"email": email})


def reset_link(message) -> str:
    link = next(url for url in links_in(message) if "/accounts/password/reset/key/" in url)
    return link.split("testserver", 1)[1]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_password_reset_flow(client, language):
    user = UserFactory(preferred_language=language)
    response = request_reset(client, user.email, language=language)
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/accounts/password/reset/done/"

    message = only_mail()
    assert message.to == [user.email]
    assert message.extra_headers["Content-Language"] == language
    assert gettext_in(language, "Reset your password") in message.subject
    assert bool(CJK.search(message.body)) == (language == "zh-hans")
    path = reset_link(message)
    assert path.startswith(f"/{language}/accounts/password/reset/key/")

    # allauth moves the key out of the URL into the session, then shows the form.
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    html = form_page.content.decode()
    assert 'name="password1"' in html
    assert gettext_in(language, "Change Password") in html

    # Mismatched passwords: an error next to the field, no change.
    mismatch = client.post(form_page.wsgi_request.path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert mismatch.status_code == 200
    assert 'class="field-error"' in mismatch.content.decode()

    done = client.post(form_page.wsgi_request.path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == f"/{language}/accounts/password/reset/key/done/"
    assert gettext_in(language, "Your password is now changed.") in client.get(done["Location"]).content.decode()

    # allauth tells the member by e-mail that the password was reset (branded, their language).
    notice = mail.outbox[-1]
    assert notice.subject.startswith(f"[{gettext_in(language, 'Shanghai BCI Industry Alliance')}] ")
    assert gettext_in(language, "Your password has been reset.") in notice.body
    # Its subject says so: it read "Reset your password" (重设密码), as the mail with the link does.
    assert notice.subject.endswith(gettext_in(language, "Your password has been reset"))
    assert notice.subject != message.subject

    client.logout()
    assert sign_in(client, user.email, DEFAULT_PASSWORD, language=language).status_code == 200  # refused
    assert sign_in(client, user.email, NEW_PASSWORD, language=language)["Location"] == f"/{language}/dashboard/"

    # The link works once.
    client.logout()
    reused = client.get(path, follow=True)
    assert gettext_in(language, "Bad Token") in reused.content.decode()


def test_reset_mail_goes_out_in_the_members_language(client):
    user = UserFactory(preferred_language="en")
    request_reset(client, user.email, language="zh-hans")
    message = only_mail()
    assert message.extra_headers["Content-Language"] == "en"
    assert not CJK.search(message.subject + message.body)
    assert reset_link(message).startswith("/en/accounts/password/reset/key/")


def test_bad_reset_key_shows_a_page_not_an_error(client):
    for path in ("/zh-hans/accounts/password/reset/key/zz-not-a-key/", "/zh-hans/accounts/password/reset/key/1-x/"):
        response = client.get(path, follow=True)
        assert response.status_code == 200
        assert gettext_in("zh-hans", "Bad Token") in response.content.decode()


def test_wagtail_password_reset_leads_to_allauth(client):
    response = client.get("/admin/password_reset/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/password/reset/"
    # Wagtail's own reset steps are switched off.
    # (Django's LocaleMiddleware may first redirect the 404 to a language-prefixed path.)
    for path in (
        "/admin/password_reset/done/",
        "/admin/password_reset/confirm/MQ/abc-123/",
        "/admin/password_reset/complete/",
    ):
        assert client.get(path, follow=True).status_code == 404
    assert client.post("/admin/password_reset/", {"email": "someone@example.com"}).status_code == 302
    assert len(mail.outbox) == 0


def test_wagtail_account_page_has_no_email_or_password_change(client, staff_with_totp):
    client.force_login(staff_with_totp)
    response = client.get("/admin/account/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="name_email-first_name"' in html
    assert 'name="name_email-email"' not in html
    assert "new_password1" not in html
    # Posting the fields anyway changes nothing.
    client.post(
        "/admin/account/",
        {
            "name_email-first_name": "新",
            "name_email-last_name": "名字",
            "name_email-email": "hijack@example.com",
            "password-old_password": DEFAULT_PASSWORD,
            "password-new_password1": NEW_PASSWORD,
            "password-new_password2": NEW_PASSWORD,
        },
    )
    staff_with_totp.refresh_from_db()
    assert staff_with_totp.email != "hijack@example.com"
    assert staff_with_totp.check_password(DEFAULT_PASSWORD)


def test_the_language_chosen_on_the_admin_account_page_is_the_language_of_the_members_mail(client, staff_with_totp):
    """The page offered Wagtail's thirty-odd languages, and choosing one changed the admin only: a password
    reset still came in the language the member signed up in. It offers the portal's two, and mail follows."""
    assert staff_with_totp.preferred_language == "zh-hans"
    client.force_login(staff_with_totp)
    page = client.get("/admin/account/").content.decode()
    offered = re.findall(
        r'<option value="([^"]*)"', page.split('name="locale-preferred_language"', 1)[1].split("</select>")[0]
    )
    assert sorted(offered) == ["", "en", "zh-hans"]  # blank: "use the server language"
    response = client.post(
        "/admin/account/",
        {
            "name_email-first_name": staff_with_totp.first_name,
            "name_email-last_name": staff_with_totp.last_name,
            "locale-preferred_language": "en",
            "theme-theme": "system",
            "theme-contrast": "system",
            "theme-density": "default",
        },
    )
    assert response.status_code == 302
    staff_with_totp.refresh_from_db()
    assert staff_with_totp.preferred_language == "en"

    Client().post("/zh-hans/accounts/password/reset/", {"email": staff_with_totp.email})
    message = mail.outbox[-1]
    assert message.extra_headers["Content-Language"] == "en"
    assert "/en/accounts/password/reset/key/" in message.body


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_page_after_a_reset_leads_to_signing_in(client, language):
    """The page said the password was changed and offered nothing to do next: it leads to signing in."""
    html = client.get(f"/{language}/accounts/password/reset/key/done/").content.decode()
    assert f'<a class="button" href="/{language}/accounts/login/">{gettext_in(language, "Sign in")}</a>' in html


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_changed_password_ends_on_a_page_that_leads_back_to_the_dashboard(client, language):
    """After a change allauth showed the change form again, a message its only news; it shows that the
    password is changed and leads back to the dashboard."""
    user = UserFactory(preferred_language=language)
    client.force_login(user)
    changed = {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    response = client.post(f"/{language}/accounts/password/change/", changed)
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert gettext_in(language, "Your password is now changed.") in html
    dashboard = gettext_in(language, "Back to your dashboard")
    assert f'<a class="button" href="/{language}/dashboard/">{dashboard}</a>' in html
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_page_after_a_reset_is_headed_by_what_happened(client, language):
    """It was headed "Change password" (allauth's), the title of the form just left behind."""
    html = client.get(f"/{language}/accounts/password/reset/key/done/").content.decode()
    with translation.override(language):
        changed = translation.gettext("Password Changed")
        form_title = translation.gettext("Change Password")
    assert re.search(rf"<h1[^>]*>\s*{re.escape(changed)}\s*</h1>", html)
    assert re.search(rf"<title>\s*{re.escape(changed)}", html)
    assert form_title not in html
