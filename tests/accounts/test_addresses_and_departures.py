"""An address typed into an account proves nothing until it is confirmed; a member who goes takes
their power to invite with them; malformed input on the account pages is refused, not a 500.

Anyone may add anyone's address to their own account (allauth, with enumeration prevention): the
portal never treats it as theirs before it is confirmed (export, deletion, password reset,
"already a member"), and the confirmation mail says whose account asks for it.
"""

from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import translation

from portal import privacy
from portal.models import Invitation, Membership, User
from portal.organisations import invitations, services
from portal.organisations.services import OrganisationError
from portal.personal_data import addresses_of
from tests.accounts.conftest import links_in
from tests.accounts.test_privacy import reauthenticated, signed_in, unzip, url
from tests.concurrency import race
from tests.factories import InvitationFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _squat(attacker, address: str) -> Client:
    """``attacker`` adds ``address`` to their account through allauth's e-mail page (unconfirmed)."""
    client = signed_in(attacker)
    client.post("/en/accounts/email/", {"email": address, "action_add": ""})
    assert EmailAddress.objects.filter(user=attacker, email=address, verified=False).exists()
    return client


def test_an_unconfirmed_address_neither_exports_nor_deletes_what_was_sent_to_it():
    organisation = OrganisationFactory(name_zh="保密的初创公司", verification_status="pending")
    owner = MembershipFactory(organisation=organisation, role="owner").user
    invitation = InvitationFactory(organisation=organisation, email="new.cto@victim.example", invited_by=owner)
    attacker = UserFactory(email="attacker@example.com")
    client = _squat(attacker, "new.cto@victim.example")
    data, _readme, _raw = unzip(client.post(url("personal_data_export", "en")))
    assert data["invitations_received"] == []
    client = reauthenticated(client, attacker)
    assert client.post(url("account_delete", "en"), {"email": "attacker@example.com"}).status_code == 302
    assert Invitation.objects.get(pk=invitation.pk).is_pending  # the real invitee's link still works


def test_a_confirmed_address_still_counts():
    member = UserFactory(email="member@example.com")
    EmailAddress.objects.create(user=member, email="Second@Example.com", verified=True)
    EmailAddress.objects.create(user=member, email="typed@example.com", verified=False)
    assert addresses_of(member) == ["member@example.com", "second@example.com"]


def test_the_confirmation_mail_for_an_added_address_names_the_account_asking():
    attacker = UserFactory(email="attacker5@example.com")
    mail.outbox.clear()
    _squat(attacker, "cfo@victim.example")
    (message,) = [m for m in mail.outbox if m.to == ["cfo@victim.example"]]
    assert "attacker5@example.com" in message.body
    warnings = set()
    for language in ("zh-hans", "en"):
        with translation.override(language):
            warnings.add(translation.gettext("Only if this is your own account, confirm it:"))
    assert any(warning in message.body for warning in warnings)
    # Its HTML part closed with the sign-up mail's "can be safely ignored" too (the base template's line).
    (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    generic = "This mail can be safely ignored if you did not initiate this action."
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert translation.gettext(generic) not in html


def test_a_password_reset_is_sent_only_to_an_account_the_address_is_confirmed_on(client):
    attacker = UserFactory(email="attacker4@example.com")
    _squat(attacker, "new.hire@victim.example")
    mail.outbox.clear()
    client.post("/en/accounts/password/reset/", {"email": "new.hire@victim.example"})
    sent = [m for m in mail.outbox if m.to == ["new.hire@victim.example"]]
    assert not any("/accounts/password/reset/key/" in link for m in sent for link in links_in(m))
    mail.outbox.clear()
    client.post("/en/accounts/password/reset/", {"email": "attacker4@example.com"})  # their own: as before
    (message,) = [m for m in mail.outbox if m.to == ["attacker4@example.com"]]
    assert any("/accounts/password/reset/key/" in link for link in links_in(message))


def test_the_owner_of_an_address_typed_into_another_account_still_signs_up_and_confirming_frees_it():
    attacker = UserFactory(email="attacker6@example.com")
    _squat(attacker, "founder@victim.example")
    mail.outbox.clear()
    cache.clear()  # later: allauth sends one confirmation to an address every few minutes at most
    owner = Client()
    response = owner.post(
        "/en/accounts/signup/",
        {
            "email": "Founder@Victim.example",
            "password1": "founders-passphrase-77",
            "password2": "founders-passphrase-77",
        },
    )
    assert response["Location"] == "/en/accounts/confirm-email/"
    account = User.objects.get(email__iexact="founder@victim.example")  # created, not "already exists"
    (message,) = [m for m in mail.outbox if [to.lower() for to in m.to] == ["founder@victim.example"]]
    (confirm,) = [link for link in links_in(message) if "/accounts/confirm-email/" in link]
    owner.post(urlsplit(confirm).path)
    assert EmailAddress.objects.get(user=account).verified
    # The copy typed into the attacker's account is gone: it can no longer be confirmed there.
    assert not EmailAddress.objects.filter(user=attacker, email__iexact="founder@victim.example").exists()


def test_an_address_that_is_an_accounts_own_is_still_taken_at_sign_up(client):
    member = UserFactory(email="member7@example.com")
    EmailAddress.objects.create(user=member, email="second7@example.com", verified=True)
    for taken in ("member7@example.com", "SECOND7@example.com"):
        client.post(
            "/en/accounts/signup/",
            {"email": taken, "password1": "another-passphrase-58", "password2": "another-passphrase-58"},
        )
    assert list(User.objects.filter(email__iexact="second7@example.com")) == []
    assert User.objects.filter(email__iexact="member7@example.com").count() == 1


def test_an_unconfirmed_address_does_not_make_its_owner_already_a_member():
    organisation = OrganisationFactory()
    owner = MembershipFactory(organisation=organisation, role="owner").user
    MembershipFactory(organisation=organisation, user=UserFactory(email="someone@example.com"))
    EmailAddress.objects.create(user=owner, email="outsider@example.com", verified=False)
    invitation = invitations.invite_member(
        inviter=owner, organisation=organisation, email="outsider@example.com", role="editor"
    )
    assert invitation.is_pending
    with pytest.raises(OrganisationError):
        invitations.invite_member(inviter=owner, organisation=organisation, email="someone@example.com", role="editor")


@pytest.mark.parametrize("departure", ["removed", "left", "demoted"])
def test_a_member_who_stops_being_an_owner_no_longer_invites(departure):
    organisation = OrganisationFactory()
    rogue = MembershipFactory(organisation=organisation, role="owner").user
    other = MembershipFactory(organisation=organisation, role="owner").user
    sent = invitations.invite_member(
        inviter=rogue, organisation=organisation, email="rogue.private@example.com", role="owner"
    )
    theirs = invitations.invite_member(inviter=other, organisation=organisation, email="new@example.com", role="editor")
    membership = Membership.objects.get(user=rogue, organisation=organisation)
    if departure == "removed":
        services.remove_member(actor=other, membership=membership)
    elif departure == "left":
        services.leave_organisation(user=rogue, organisation=organisation)
    else:
        services.change_member_role(actor=other, membership=membership, role="editor")
    assert not Invitation.objects.get(pk=sent.pk).is_pending
    assert Invitation.objects.get(pk=theirs.pk).is_pending  # the other owner's stand
    EmailAddress.objects.create(user=rogue, email="rogue.private@example.com", verified=True)
    client = Client()
    client.force_login(rogue)
    client.post(reverse("portal:invitation_accept", args=[sent.token]))
    assert not Membership.objects.filter(user=rogue, organisation=organisation, role="owner").exists()


@pytest.mark.parametrize(
    "path", ["/zh-hans/accounts/login/", "/en/accounts/signup/", "/en/dashboard/", "/en/products/", "/zh-hans/search/"]
)
@pytest.mark.parametrize("next_url", ["//[", "//[x]/", "/[::1/"])
def test_a_next_that_is_not_a_url_is_ignored(client, user, path, next_url):
    if path.endswith("dashboard/"):
        client.force_login(user)
    response = client.get(path, {"next": next_url})
    assert response.status_code == 200


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_delete_my_account_sent_twice_deletes_it_once_and_says_so_twice(postgres_service):
    user = UserFactory()
    outcomes = race(
        lambda: privacy.delete_account(actor=user, account=user, confirm_email=user.email),
        lambda: privacy.delete_account(actor=user, account=user, confirm_email=user.email),
    )
    assert sum(isinstance(outcome, privacy.DeletedAccount) for outcome in outcomes) == 1
    assert sum(isinstance(outcome, privacy.AccountAlreadyDeleted) for outcome in outcomes) == 1


def test_the_delete_page_answers_a_second_copy_as_the_first(monkeypatch):
    user = UserFactory()
    client = signed_in(user)

    def already(**kwargs):
        raise privacy.AccountAlreadyDeleted("gone")

    monkeypatch.setattr(privacy, "delete_account", already)
    response = client.post(url("account_delete", "en"), {"email": user.email})
    assert response.status_code == 302 and "_auth_user_id" not in client.session
