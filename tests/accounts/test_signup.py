"""Sign up → verification e-mail in the sign-up language → confirm → signed in → dashboard."""

import pytest
from django.core import mail
from django.utils import translation

from portal.models import User
from tests.accounts.conftest import CJK, gettext_in, links_in, only_mail, sign_in
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

IGNORE_NOTE = "This mail can be safely ignored if you did not initiate this action."
ALLIANCE = "Shanghai BCI Industry Alliance"


def sign_up(client, email, *, language):
    return client.post(
        f"/{language}/accounts/signup/",
        {"email": email, "password1": DEFAULT_PASSWORD, "password2": DEFAULT_PASSWORD},
    )


def confirm_from_mail(client, message, *, language):
    """Open the link in the e-mail, then press the confirm button the page shows."""
    link = next(url for url in links_in(message) if "/accounts/confirm-email/" in url)
    path = link.split("testserver", 1)[1]
    assert path.startswith(f"/{language}/accounts/confirm-email/")
    page = client.get(path)
    assert page.status_code == 200
    # (the key is an HMAC with a timestamp: the page renders a fresh one)
    assert f'action="/{language}/accounts/confirm-email/' in page.content.decode()
    return client.post(path)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_sign_up_verify_and_land_on_dashboard(client, language):
    response = sign_up(client, "new.member@example.com", language=language)
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/accounts/confirm-email/"

    sent_page = client.get(response["Location"])
    assert gettext_in(language, "Verify Your Email Address") in sent_page.content.decode()

    # Not signed in before the address is confirmed.
    assert client.get(f"/{language}/dashboard/").status_code == 302

    message = only_mail()
    assert message.to == ["new.member@example.com"]
    assert message.extra_headers["Content-Language"] == language
    assert message.subject.startswith(f"[{gettext_in(language, ALLIANCE)}] ")
    assert gettext_in(language, "Confirm your e-mail address") in message.subject
    assert gettext_in(language, IGNORE_NOTE) in message.body
    assert gettext_in(language, ALLIANCE) in message.body  # the signature
    if language == "zh-hans":
        assert CJK.search(message.body)
    else:
        assert not CJK.search(message.subject + message.body), "the English e-mail contains Chinese"

    confirmed = confirm_from_mail(client, message, language=language)
    assert confirmed.status_code == 302
    dashboard = client.get(confirmed["Location"], follow=True)
    assert dashboard.status_code == 200
    assert dashboard.wsgi_request.path == f"/{language}/dashboard/"
    assert dashboard.wsgi_request.user.email == "new.member@example.com"

    user = User.objects.get(email="new.member@example.com")
    assert user.preferred_language == language
    assert user.emailaddress_set.get().verified


def test_confirmation_link_is_single_use_and_bad_links_get_a_page(client):
    sign_up(client, "once@example.com", language="en")
    message = only_mail()
    confirm_from_mail(client, message, language="en")
    client.logout()
    path = next(url for url in links_in(message) if "confirm-email" in url).split("testserver", 1)[1]
    for bad in (path, "/en/accounts/confirm-email/made-up-key/"):
        page = client.get(bad)
        assert page.status_code == 200
        assert "This confirmation link has expired or is not valid." in page.content.decode()
        assert client.post(bad).status_code in (200, 302, 404)


def test_unverified_member_cannot_sign_in(client):
    user = UserFactory(verified_email=False)
    response = sign_in(client, user.email, language="en")
    # allauth sends a fresh verification e-mail and shows "verify your e-mail" instead of signing in.
    assert response.status_code == 302
    assert response["Location"] == "/en/accounts/confirm-email/"
    assert client.get("/en/dashboard/").status_code == 302
    assert "_auth_user_id" not in client.session
    message = only_mail()
    # In the member's language (zh-hans, the default), not the page's.
    assert any("/zh-hans/accounts/confirm-email/" in url for url in links_in(message))


def test_member_with_unverified_address_cannot_sign_in(client):
    user = UserFactory(verified_email=False)
    user.emailaddress_set.create(email=user.email, primary=True, verified=False)
    response = sign_in(client, user.email, language="zh-hans")
    assert response["Location"] == "/zh-hans/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_verification_mail_follows_the_members_language_not_the_page(client):
    """A member who chose English gets English mail even when signing in on a Chinese page."""
    user = UserFactory(verified_email=False, preferred_language="en")
    sign_in(client, user.email, language="zh-hans")
    message = only_mail()
    assert message.extra_headers["Content-Language"] == "en"
    assert not CJK.search(message.subject + message.body)
    # The link is rewritten to the member's language too.
    assert any("/en/accounts/confirm-email/" in url for url in links_in(message))


def test_signed_in_member_reaches_dashboard(client, user):
    response = sign_in(client, user.email, language="zh-hans")
    assert response["Location"] == "/zh-hans/dashboard/"
    assert client.get("/zh-hans/dashboard/").status_code == 200
    assert len(mail.outbox) == 0


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_verification_mail_has_an_html_part_in_the_same_language(client, language):
    sign_up(client, "html.reader@example.com", language=language)
    message = only_mail()
    html_parts = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    assert len(html_parts) == 1
    html = html_parts[0]
    assert f'<html lang="{language}">' in html
    assert html.count(gettext_in(language, IGNORE_NOTE)) == 1  # the base template said it a second time
    link = next(url for url in links_in(message) if "/accounts/confirm-email/" in url)
    assert f'href="{link}"' in html  # the same link as the text part, clickable
    if language == "en":
        assert not CJK.search(html)


# 64 + 1 + 251 characters: a valid address by Django's check (up to 320), longer than the column's 254.
TOO_LONG = "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "example"


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_an_address_longer_than_an_account_keeps_is_refused_as_too_long(client, language):
    """Signing up with it made an account for the address cut to 254 characters (mailed there); adding it
    to an account was a server error. Both forms now say it is too long, in the page's language."""
    response = sign_up(client, TOO_LONG, language=language)
    assert response.status_code == 200
    with translation.override(language):
        too_long = translation.ngettext(
            "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
            "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
            254,
        ) % {"limit_value": 254, "show_value": len(TOO_LONG)}
    assert too_long in response.content.decode()
    assert not User.objects.exists()
    assert not mail.outbox

    member = UserFactory()
    client.force_login(member)
    response = client.post(f"/{language}/accounts/email/", {"email": TOO_LONG, "action_add": ""})
    assert response.status_code == 200
    assert too_long in response.content.decode()
    assert list(member.emailaddress_set.values_list("email", flat=True)) == [member.email]
