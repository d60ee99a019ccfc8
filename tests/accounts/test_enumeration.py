"""Sign-up, password reset and sign-in answer the same whether an address has an account or not.

Only the owner of the mailbox learns the difference, from the e-mail.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from portal.models import User
from tests.accounts.conftest import CJK, gettext_in, links_in, sign_in
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def visible_page(response, *emails) -> str:
    """The page a visitor sees, without what legitimately differs (CSRF token, the address they typed)."""
    html = response.content.decode()
    html = html.split("<main", 1)[1].split("</main>", 1)[0]
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    for email in emails:
        html = html.replace(email, "ADDRESS")
    return html


def test_enumeration_prevention_is_on(settings):
    assert settings.ACCOUNT_PREVENT_ENUMERATION is True


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_signup_with_taken_or_new_address_looks_the_same(client, language):
    member = UserFactory(preferred_language="zh-hans")
    for email in (member.email, "brand.new@example.com"):
        client.cookies.clear()
        response = client.post(
            f"/{language}/accounts/signup/",
            {"email": email, "password1": "another-passphrase-58", "password2": "another-passphrase-58"},
        )
        assert response.status_code == 302
        assert response["Location"] == f"/{language}/accounts/confirm-email/"

    # The existing account is untouched; its owner is told, in their own language.
    member.refresh_from_db()
    assert member.check_password(DEFAULT_PASSWORD)
    assert User.objects.filter(email__iexact=member.email).count() == 1
    assert len(mail.outbox) == 2
    to_member, to_new = mail.outbox
    assert to_member.to == [member.email]
    assert to_member.extra_headers["Content-Language"] == "zh-hans"
    assert gettext_in("zh-hans", "You already have an account") in to_member.subject
    assert any("/zh-hans/accounts/password/reset/" in url for url in links_in(to_member))
    assert to_new.to == ["brand.new@example.com"]
    assert gettext_in(language, "Confirm your e-mail address") in to_new.subject


def test_signup_pages_for_taken_and_new_address_are_identical(client):
    member = UserFactory()
    pages = []
    for email in (member.email, "fresh@example.com"):
        client.cookies.clear()
        client.post(
            "/en/accounts/signup/",
            {"email": email, "password1": "another-passphrase-58", "password2": "another-passphrase-58"},
        )
        pages.append(visible_page(client.get("/en/accounts/confirm-email/"), email))
    assert pages[0] == pages[1]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_password_reset_for_known_or_unknown_address_looks_the_same(client, language):
    member = UserFactory(preferred_language=language)
    pages = []
    for email in (member.email, "nobody.here@example.com"):
        client.cookies.clear()
        response = client.post(f"/{language}/accounts/password/reset/", {"email": email})
        assert response.status_code == 302
        assert response["Location"] == f"/{language}/accounts/password/reset/done/"
        pages.append(visible_page(client.get(response["Location"]), email))
    assert pages[0] == pages[1]

    reset, unknown = mail.outbox
    assert reset.to == [member.email]
    assert unknown.to == ["nobody.here@example.com"]
    # Nobody to ask for a language: the unknown-account mail uses the page's language.
    assert unknown.extra_headers["Content-Language"] == language
    assert gettext_in(language, "No account uses this e-mail address") in unknown.subject
    assert gettext_in(language, "This mail can be safely ignored if you did not initiate this action.") in unknown.body
    assert bool(CJK.search(unknown.body)) == (language == "zh-hans")
    assert any(f"/{language}/accounts/signup/" in url for url in links_in(unknown))
    assert not any("/password/reset/key/" in url for url in links_in(unknown))


def test_wrong_password_and_unknown_address_get_the_same_answer(client):
    member = UserFactory()
    known = sign_in(client, member.email, "wrong-password-123", language="zh-hans")
    unknown = sign_in(client, "nobody.here@example.com", "wrong-password-123", language="zh-hans")
    assert known.status_code == unknown.status_code == 200
    assert visible_page(known, member.email) == visible_page(unknown, "nobody.here@example.com")


def test_an_address_typed_into_another_account_does_not_choose_the_owners_mail_language(client):
    """Someone typed the member's address into their own English account (never confirmed): the
    "you already have an account" mail is still written in the member's language."""
    typist = UserFactory(preferred_language="en")
    EmailAddress.objects.create(user=typist, email="owner@example.com", verified=False, primary=False)
    owner = UserFactory(email="owner@example.com", preferred_language="zh-hans")
    response = client.post(
        "/en/accounts/signup/",
        {"email": owner.email, "password1": "another-passphrase-58", "password2": "another-passphrase-58"},
    )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [owner.email] and message.extra_headers["Content-Language"] == "zh-hans"
