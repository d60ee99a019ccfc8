"""The e-mail page: removing an address asks first, on the server; the primary address is still refused."""

import re
from html import unescape

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from portal.views.accounts import CONFIRM_REMOVAL
from tests.accounts.conftest import gettext_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECOND = "second.address@example.com"
UNCONFIRMED = "not.yet.confirmed@example.com"


@pytest.fixture
def member():
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=SECOND, verified=True)
    return user


def remove(client, language, email, **extra):
    return client.post(f"/{language}/accounts/email/", {"action_remove": "", "email": email, **extra})


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_remove_asks_first_and_the_confirmation_removes(client, member, language):
    """The Remove button took the address away at once (allauth's confirm dialog is script the CSP does not run)."""
    client.force_login(member)
    asked = remove(client, language, SECOND)
    assert asked.status_code == 200
    html = unescape(asked.content.decode())
    assert f"<h1>{gettext_in(language, 'Remove this e-mail address?')}</h1>" in html
    assert SECOND in html
    assert re.search(rf'name="confirm" value="{CONFIRM_REMOVAL}"', html)
    assert gettext_in(language, "Remove the address") in html
    assert f'href="/{language}/accounts/email/">{gettext_in(language, "Cancel")}</a>' in html
    assert EmailAddress.objects.filter(user=member, email=SECOND).exists()

    removed = remove(client, language, SECOND, confirm=CONFIRM_REMOVAL)
    assert removed.status_code == 302
    assert removed["Location"] == f"/{language}/accounts/email/"
    assert not EmailAddress.objects.filter(user=member, email=SECOND).exists()


@pytest.mark.parametrize("confirm", [{}, {"confirm": CONFIRM_REMOVAL}])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_primary_address_is_refused_with_or_without_the_confirmation(client, member, language, confirm):
    client.force_login(member)
    response = remove(client, language, member.email, **confirm)
    assert response.status_code == 302
    assert response["Location"] == f"/{language}/accounts/email/"
    page = client.get(response["Location"])
    refusal = gettext_in(language, "You cannot remove your primary email address (%(email)s).") % {
        "email": member.email
    }
    assert refusal in messages_of(page)
    assert EmailAddress.objects.filter(user=member, email=member.email, primary=True).exists()


def test_another_accounts_address_is_neither_shown_nor_removed(client, member):
    other = UserFactory()
    client.force_login(other)
    for confirm in ({}, {"confirm": CONFIRM_REMOVAL}):
        response = remove(client, "en", SECOND, **confirm)
        assert response.status_code == 302
        assert EmailAddress.objects.filter(user=member, email=SECOND).exists()


def test_a_wrong_confirmation_value_only_asks(client, member):
    client.force_login(member)
    assert remove(client, "en", SECOND, confirm="yes").status_code == 200
    assert EmailAddress.objects.filter(user=member, email=SECOND).exists()


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_asking_again_too_soon_says_the_last_confirmation_is_on_its_way(client, member, language):
    """Within the rate limit "Send the confirmation again" sent nothing and said nothing."""
    EmailAddress.objects.create(user=member, email=UNCONFIRMED, verified=False)
    client.force_login(member)
    send = {"action_send": "", "email": UNCONFIRMED}
    client.post(f"/{language}/accounts/email/", send)
    assert [message.to for message in mail.outbox] == [[UNCONFIRMED]]

    again = client.post(f"/{language}/accounts/email/", send, follow=True)
    assert len(mail.outbox) == 1
    notice = gettext_in(
        language,
        "A confirmation e-mail was sent to %(email)s a few minutes ago: please look for it "
        "(also among junk mail), or ask again in three minutes.",
    ) % {"email": UNCONFIRMED}
    assert notice in messages_of(again)
