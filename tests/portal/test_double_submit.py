"""Registering an organisation and inviting a member: the same form sent twice acts once (issue #11, finding 5).

Both forms carry a required one-time token (``portal.idempotency``). Before, a second copy of
the registration form was refused as "already registered" (the member's own organisation) and
a second invitation copy as "already has a pending invitation"; now both lead to what the first
copy made, and a missing or altered token is a form error that creates nothing.
"""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from portal.idempotency import INVALID_TOKEN, issue_token, read_token
from portal.models import Invitation, Membership, Organisation
from portal.organisations import services
from tests import factories
from tests.portal.test_membership_races import _race


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def _page_token(html: str, name: str = "creation_token") -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', html).group(1)


def registration(**overrides):
    return {
        "creation_token": issue_token("portal.organisation"),
        "name_zh": "脑虎科技",
        "name_en": "NeuroXess",
        "kind": "startup",
        "city_zh": "上海",
        **overrides,
    }


# --- registering an organisation -----------------------------------------------------------


@pytest.mark.django_db
def test_the_registration_page_carries_a_token_and_the_edit_page_none(client, user, organisation, owner):
    client.force_login(user)
    assert read_token("portal.organisation", _page_token(client.get(en("portal:organisation_create")).text))
    client.force_login(owner)
    assert 'name="creation_token"' not in client.get(en("portal:organisation_edit", organisation.pk)).text


@pytest.mark.django_db
def test_the_registration_form_sent_twice_registers_once(client, user):
    client.force_login(user)
    data = registration()
    first = client.post(en("portal:organisation_create"), data)
    second = client.post(en("portal:organisation_create"), data)
    organisation = Organisation.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == en("portal:organisation_members", organisation.pk)
    assert Membership.objects.filter(organisation=organisation).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("token", [None, "", "tampered", "other-scope"])
def test_a_missing_or_tampered_registration_token_is_a_form_error(client, user, token):
    client.force_login(user)
    data = registration()
    if token is None:
        del data["creation_token"]
    elif token == "tampered":
        data["creation_token"] = data["creation_token"][:-1] + ("A" if data["creation_token"][-1] != "A" else "B")
    elif token == "other-scope":
        data["creation_token"] = issue_token("portal.invitation")
    else:
        data["creation_token"] = token
    response = client.post(en("portal:organisation_create"), data)
    assert response.status_code == 400
    assert escape(str(INVALID_TOKEN)) in response.text
    assert not Organisation.objects.exists()
    renewed = _page_token(response.text)
    assert client.post(en("portal:organisation_create"), {**data, "creation_token": renewed}).status_code == 302
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_another_members_copy_of_a_used_token_is_refused(user):
    token = read_token("portal.organisation", issue_token("portal.organisation"))
    services.create_organisation(creator=user, creation_token=token, name_zh="脑虎科技", kind="startup")
    stranger = factories.UserFactory()
    with pytest.raises(services.OrganisationError):
        services.create_organisation(creator=stranger, creation_token=token, name_zh="另一家", kind="startup")
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_a_copy_that_registered_between_the_token_check_and_the_name_check_is_the_answer(user, monkeypatch):
    """The race the concurrent test below met under load: the other copy committed after this one
    looked for its token and before it checked the name, so the name check refused the member's own
    registration (400, "already registered") instead of leading to it."""
    token = read_token("portal.organisation", issue_token("portal.organisation"))
    first = services.create_organisation(creator=user, creation_token=token, name_zh="脑虎科技", kind="startup")
    real = services.idempotency.created_with
    calls = []

    def not_yet_committed_at_first(queryset, looked_for):
        calls.append(looked_for)
        return None if len(calls) == 1 else real(queryset, looked_for)

    monkeypatch.setattr(services.idempotency, "created_with", not_yet_committed_at_first)
    again = services.create_organisation(creator=user, creation_token=token, name_zh="脑虎科技", kind="startup")
    assert again == first and len(calls) == 2 and Organisation.objects.count() == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(2))
def test_two_copies_of_the_registration_form_at_once_register_once(postgres_service, attempt):
    user = factories.UserFactory()
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(user)
    data = registration()
    responses = [None, None]

    def post(index):
        def call():
            responses[index] = clients[index].post(en("portal:organisation_create"), data)

        return call

    assert _race(post(0), post(1)) == [None, None]
    assert [response.status_code for response in responses] == [302, 302]
    assert responses[0]["Location"] == responses[1]["Location"]
    assert Organisation.objects.count() == 1
    assert Membership.objects.count() == 1


# --- inviting a member ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_invitation_form_sent_twice_invites_once(client, organisation, owner, django_capture_on_commit_callbacks):
    client.force_login(owner)
    url = en("portal:organisation_members", organisation.pk)
    token = _page_token(client.get(url).text, "invite-creation_token")
    data = {"invite-creation_token": token, "invite-email": "colleague@example.com", "invite-role": "editor"}
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, data)
        second = client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert Invitation.objects.filter(organisation=organisation).count() == 1
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_missing_invitation_token_is_a_form_error(client, organisation, owner):
    client.force_login(owner)
    url = en("portal:organisation_members", organisation.pk)
    response = client.post(url, {"invite-email": "colleague@example.com", "invite-role": "editor"})
    assert response.status_code == 400
    assert escape(str(INVALID_TOKEN)) in response.text
    assert not Invitation.objects.exists()
    renewed = _page_token(response.text, "invite-creation_token")
    data = {"invite-creation_token": renewed, "invite-email": "colleague@example.com", "invite-role": "editor"}
    assert client.post(url, data).status_code == 302
    assert Invitation.objects.count() == 1
