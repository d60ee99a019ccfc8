"""What members see and do on the organisation pages of the front end."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from portal.idempotency import issue_token
from portal.models import Invitation, Membership, Organisation
from portal.organisations import verification
from portal.organisations.forms import OrganisationForm
from tests import factories
from tests.matrix import form_data

pytestmark = pytest.mark.django_db


def en(name, *args, **kwargs):
    """The English URL of a view (language-prefixed), so pages can be asserted on in English."""
    with translation.override("en"):
        return reverse(name, args=args, kwargs=kwargs)


def reverse_zh(name, *args):
    with translation.override("zh-hans"):
        return reverse(name, args=args)


def registration(data: dict) -> dict:
    """The registration form as the page sends it, with its one-time token."""
    return {"creation_token": issue_token("portal.organisation"), **data}


def invitation(data: dict) -> dict:
    """The invitation form as the members page sends it, with its one-time token."""
    return {"invite-creation_token": issue_token("portal.invitation"), **data}


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- dashboard ---------------------------------------------------------------------------


def test_dashboard_shows_my_organisations_roles_status_and_actions(client):
    owner = factories.UserFactory()
    pending = factories.OrganisationFactory(name_en="Pending Neuro", verification_status="pending")
    verified = factories.OrganisationFactory(name_en="Verified Neuro")
    factories.MembershipFactory(user=owner, organisation=pending, role="owner")
    factories.MembershipFactory(user=owner, organisation=verified, role="editor")
    factories.OrganisationFactory(name_en="Someone Else's")
    client.force_login(owner)

    response = client.get(en("portal:dashboard"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Pending Neuro" in html and "Verified Neuro" in html
    assert "Someone Else" not in html
    assert "nothing you publish is public until the alliance verifies your organisation" in html
    assert "Awaiting verification" in html
    assert en("portal:organisation_edit", pending.pk) in html  # owner: edit profile
    assert en("portal:organisation_edit", verified.pk) not in html  # editor: no profile editing
    assert en("portal:organisation_members", verified.pk) in html
    assert en("portal:organisation_create") in html
    assert en("mfa_index") in html
    assert en("account_email") in html


def test_dashboard_lists_invitations_sent_to_my_verified_addresses(client):
    user = factories.UserFactory(email="me@example.com")
    EmailAddress.objects.create(user=user, email="Work@Example.com", verified=True)
    EmailAddress.objects.create(user=user, email="unconfirmed@example.com", verified=False)
    to_me = factories.InvitationFactory(email="work@example.com", organisation__name_en="Inviting Org")
    factories.InvitationFactory(email="unconfirmed@example.com", organisation__name_en="Unconfirmed Org")
    factories.InvitationFactory(email="someone@example.com", organisation__name_en="Not For Me")
    factories.InvitationFactory(
        email="me@example.com", organisation__name_en="Expired Org", expires_at=timezone.now() - timedelta(days=1)
    )
    client.force_login(user)

    html = client.get(en("portal:dashboard")).content.decode()

    assert "Inviting Org" in html
    assert en("portal:invitation_accept", to_me.token) in html
    assert "Unconfirmed Org" not in html and "Not For Me" not in html and "Expired Org" not in html


def test_dashboard_for_a_member_without_organisation_invites_to_register(client, user):
    client.force_login(user)
    html = client.get(en("portal:dashboard")).content.decode()
    assert "You do not belong to any organisation yet." in html
    assert "Register an organisation" in html


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_dashboard_query_count_is_constant_as_organisations_grow(client, user, django_assert_max_num_queries):
    client.force_login(user)
    organisation = factories.OrganisationFactory()
    factories.MembershipFactory(user=user, organisation=organisation, role="owner")
    factories.InvitationFactory(organisation=organisation)
    url = en("portal:dashboard")
    baseline = _count_queries(client, url)

    for _ in range(8):
        other = factories.OrganisationFactory(verification_status="pending")
        factories.MembershipFactory(user=user, organisation=other, role="owner")
        factories.MembershipFactory.create_batch(3, organisation=other)
        factories.InvitationFactory.create_batch(2, organisation=other)
        factories.InvitationFactory(email=user.email)

    with django_assert_max_num_queries(baseline):
        assert client.get(url).status_code == 200


def test_members_page_query_count_is_constant_as_members_grow(
    client, organisation, owner, django_assert_max_num_queries
):
    client.force_login(owner)
    url = en("portal:organisation_members", organisation.pk)
    baseline = _count_queries(client, url)

    factories.MembershipFactory.create_batch(15, organisation=organisation)
    factories.InvitationFactory.create_batch(10, organisation=organisation, invited_by=owner)

    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert response.content.decode().count("<tr>") == 1 + 16 + 1 + 10


# --- registering and editing ------------------------------------------------------------------


def test_register_an_organisation(client, user):
    client.force_login(user)
    response = client.post(
        en("portal:organisation_create"),
        registration({"name_zh": "脑虎科技", "name_en": "NeuroXess", "kind": "startup", "city_zh": "上海"}),
        follow=True,
    )
    organisation = Organisation.objects.get(name_zh="脑虎科技")
    assert response.redirect_chain[-1][0] == en("portal:organisation_members", organisation.pk)
    assert organisation.verification_status == "pending"
    assert Membership.objects.get(organisation=organisation).user == user
    assert any("nothing it publishes is public" in m for m in messages_of(response))


def test_registration_errors_are_shown_beside_the_field(client, user, organisation):
    client.force_login(user)
    response = client.post(
        en("portal:organisation_create"),
        registration({"name_zh": organisation.name_zh, "kind": "enterprise", "unified_social_credit_code": ""}),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "already registered" in html
    assert 'id="id_name_zh_error"' in html or "field-invalid" in html
    assert Organisation.objects.count() == 1

    response = client.post(
        en("portal:organisation_create"),
        registration({"name_zh": "新公司", "kind": "enterprise", "unified_social_credit_code": "91350100M000100Y44"}),
    )
    assert "not a valid unified social credit code" in response.content.decode()
    response = client.post(en("portal:organisation_create"), {})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Organisation.objects.count() == 1


def test_a_valid_credit_code_is_accepted(client, user):
    client.force_login(user)
    client.post(
        en("portal:organisation_create"),
        registration({"name_zh": "新公司", "kind": "enterprise", "unified_social_credit_code": "91350100m000100y43"}),
    )
    assert Organisation.objects.get().unified_social_credit_code == "91350100M000100Y43"


def test_owner_edits_the_profile_but_not_the_verified_identity(client, organisation, owner):
    client.force_login(owner)
    url = en("portal:organisation_edit", organisation.pk)
    html = client.get(url).content.decode()
    assert "contact the alliance office to change it" in html

    response = client.post(
        url,
        {
            "name_zh": "冒名公司",
            "kind": "hospital",
            "description_zh": "新的简介",
            "name_en": organisation.name_en,
            "version": organisation.version,
        },
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.description_zh == "新的简介"
    assert organisation.name_zh != "冒名公司"
    assert organisation.kind == "enterprise"


def _edit_form(organisation, **changes) -> dict:
    """The edit page's form as the owner's browser sends it back, with ``changes`` typed in."""
    form = OrganisationForm(instance=organisation)
    return {**form_data(form), **changes}


def test_a_save_from_a_page_opened_before_anothers_save_is_refused_and_keeps_the_input(client, organisation, owner):
    client.force_login(owner)
    url = en("portal:organisation_edit", organisation.pk)
    first, second = _edit_form(organisation), _edit_form(organisation)
    assert client.post(url, {**first, "name_en": "Renamed By A"}).status_code == 302

    response = client.post(url, {**second, "website": "https://b.example.com"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Someone saved this profile after you opened this page" in html
    assert 'value="https://b.example.com"' in html  # B's input is still there
    organisation.refresh_from_db()
    assert organisation.name_en == "Renamed By A" and organisation.website == ""

    # Saving the page again is B's deliberate choice: it now carries the version it was refused on.
    form = response.context["form"]
    assert form.data["version"] == organisation.version
    assert client.post(url, form.data).status_code == 302
    organisation.refresh_from_db()
    assert organisation.website == "https://b.example.com" and organisation.name_en == second["name_en"]


def test_the_same_edit_sent_twice_is_saved_once_without_a_conflict(client, organisation, owner):
    client.force_login(owner)
    url = en("portal:organisation_edit", organisation.pk)
    data = _edit_form(organisation, description_zh="只改一次的简介")
    version = organisation.version
    assert client.post(url, data).status_code == 302
    response = client.post(url, data, follow=True)
    assert "The organisation's profile is saved." in messages_of(response)
    organisation.refresh_from_db()
    assert organisation.version == version + 1


def test_the_conflict_is_explained_in_chinese(client, organisation, owner):
    client.force_login(owner)
    url = reverse_zh("portal:organisation_edit", organisation.pk)
    stale = _edit_form(organisation)
    client.post(url, _edit_form(organisation, description_zh="先保存的简介"))
    html = client.post(url, {**stale, "description_zh": "后保存的简介"}).content.decode()
    assert "在您打开此页后，有人保存了这份资料" in html and "后保存的简介" in html


def test_editors_cannot_edit_the_profile(client, organisation, editor):
    client.force_login(editor)
    response = client.post(en("portal:organisation_edit", organisation.pk), {"name_zh": "x", "kind": "startup"})
    assert response.status_code == 403
    assert Organisation.objects.get().name_zh == organisation.name_zh


def test_another_organisations_pages_are_not_found(client, organisation, owner):
    other = factories.OrganisationFactory()
    other_member = factories.MembershipFactory(organisation=other, role="owner")
    client.force_login(owner)
    for name in ("portal:organisation_edit", "portal:organisation_members"):
        assert client.get(en(name, other.pk)).status_code == 404
    assert client.post(en("portal:organisation_leave", other.pk)).status_code == 404
    response = client.post(en("portal:member_remove", other.pk, other_member.pk))
    assert response.status_code == 404
    # The other organisation's membership through my organisation's URL: nothing happens.
    client.post(en("portal:member_remove", organisation.pk, other_member.pk))
    client.post(en("portal:member_role", organisation.pk, other_member.pk), {"role": "editor"})
    other_member.refresh_from_db()
    assert other_member.role == "owner"


# --- members and invitations -------------------------------------------------------------------


def test_owner_invites_from_the_members_page(client, organisation, owner, django_capture_on_commit_callbacks):
    client.force_login(owner)
    url = en("portal:organisation_members", organisation.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, invitation({"invite-email": "colleague@example.com", "invite-role": "editor"}), follow=True
        )
    assert any("colleague@example.com" in m for m in messages_of(response))
    assert "colleague@example.com" in response.content.decode()  # in the pending list
    assert [m.to for m in mail.outbox] == [["colleague@example.com"]]
    assert "/en/invitations/" in mail.outbox[0].body  # the inviter's language


def test_invitation_errors_are_shown_beside_the_email_field(client, organisation, owner):
    factories.InvitationFactory(organisation=organisation, email="dup@example.com")
    client.force_login(owner)
    url = en("portal:organisation_members", organisation.pk)
    response = client.post(url, invitation({"invite-email": "DUP@example.com", "invite-role": "editor"}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "already has a pending invitation" in html
    assert "id_invite-email" in html
    response = client.post(url, invitation({"invite-email": owner.email, "invite-role": "editor"}))
    assert "already a member" in response.content.decode()
    response = client.post(url, invitation({"invite-email": "not an address", "invite-role": "boss"}))
    assert response.status_code == 400
    assert "Enter a valid e-mail address." in response.content.decode()
    assert Invitation.objects.count() == 1


def test_editors_see_members_but_no_management_forms(client, organisation, owner, editor):
    client.force_login(editor)
    html = client.get(en("portal:organisation_members", organisation.pk)).content.decode()
    assert owner.email in html
    assert "Only the organisation's owners can invite" in html
    assert "invite-email" not in html
    assert en("portal:member_role", organisation.pk, Membership.objects.get(user=owner).pk) not in html


def test_the_last_owner_cannot_be_demoted_from_the_page(client, organisation, owner):
    client.force_login(owner)
    membership = Membership.objects.get(user=owner)
    response = client.post(en("portal:member_role", organisation.pk, membership.pk), {"role": "editor"}, follow=True)
    assert any("at least one owner" in m for m in messages_of(response))
    membership.refresh_from_db()
    assert membership.role == "owner"
    response = client.post(en("portal:organisation_leave", organisation.pk), follow=True)
    assert any("only owner" in m for m in messages_of(response))
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_owner_changes_roles_and_removes_members(client, organisation, owner, editor):
    client.force_login(owner)
    membership = Membership.objects.get(user=editor)
    client.post(en("portal:member_role", organisation.pk, membership.pk), {"role": "owner"})
    membership.refresh_from_db()
    assert membership.role == "owner"
    url = en("portal:member_remove", organisation.pk, membership.pk)
    client.post(url)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    # A second click finds nothing to remove and says so.
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert any("no longer a member" in m for m in messages_of(response))


def test_revoke_an_invitation_twice(client, organisation, owner):
    invitation = factories.InvitationFactory(organisation=organisation, email="gone@example.com")
    client.force_login(owner)
    url = en("portal:invitation_revoke", organisation.pk, invitation.pk)
    client.post(url)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert "gone@example.com" not in response.content.decode().split("Pending invitations")[1]
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None


def test_state_changes_need_post_and_a_csrf_token(organisation, owner, editor):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(owner)
    membership = Membership.objects.get(user=editor)
    assert csrf_client.get(en("portal:member_remove", organisation.pk, membership.pk)).status_code == 405
    assert csrf_client.post(en("portal:member_remove", organisation.pk, membership.pk)).status_code == 403
    assert csrf_client.post(en("portal:organisation_create"), {"name_zh": "x", "kind": "startup"}).status_code == 403
    assert Membership.objects.filter(pk=membership.pk).exists()


# --- accepting an invitation -----------------------------------------------------------------


def test_anonymous_visitors_sign_in_first_and_come_back(client):
    invitation = factories.InvitationFactory()
    url = en("portal:invitation_accept", invitation.token)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(en("account_login"))
    assert "next=" in response["Location"] and invitation.token in response["Location"]


def test_accept_an_invitation(client, organisation):
    user = factories.UserFactory(email="invitee@example.com")
    invitation = factories.InvitationFactory(organisation=organisation, email="Invitee@example.com", role="editor")
    client.force_login(user)
    url = en("portal:invitation_accept", invitation.token)

    page = client.get(url).content.decode()
    assert organisation.name_en in page
    assert "Accept and join" in page

    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == en("portal:dashboard")
    assert any("Welcome to" in m for m in messages_of(response))
    assert Membership.objects.get(user=user).organisation == organisation

    # Double submit: a friendly message, no error, still one membership.
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert any("already accepted" in m for m in messages_of(response))
    assert Membership.objects.filter(user=user).count() == 1


@pytest.mark.parametrize(
    ("language", "zone"), [("en", " (Asia/Shanghai, UTC+08:00)"), ("zh-hans", "（Asia/Shanghai，UTC+08:00）")]
)
def test_an_invitations_expiry_names_the_time_zone_wherever_it_is_shown(client, organisation, owner, language, zone):
    """The e-mail named the zone; the dashboard, the invitation and the members page gave the time alone."""
    invitee = factories.UserFactory(email="invitee@example.com")
    invitation = factories.InvitationFactory(organisation=organisation, email=invitee.email, invited_by=owner)
    expires = timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M") + zone
    with translation.override(language):
        client.force_login(invitee)
        assert expires in client.get(reverse("portal:dashboard")).text
        assert expires in client.get(reverse("portal:invitation_accept", args=[invitation.token])).text
        client.force_login(owner)
        assert expires in client.get(reverse("portal:organisation_members", args=[organisation.pk])).text


def test_a_different_address_sees_why_and_cannot_accept(client, organisation):
    invitation = factories.InvitationFactory(organisation=organisation, email="invited@example.com")
    intruder = factories.UserFactory(email="intruder@example.com")
    client.force_login(intruder)
    url = en("portal:invitation_accept", invitation.token)

    page = client.get(url).content.decode()
    assert "This invitation was sent to invited@example.com" in page
    assert "Accept and join" not in page

    response = client.post(url)
    assert response.status_code == 400
    assert "This invitation was sent to invited@example.com" in response.content.decode()
    assert not Membership.objects.filter(user=intruder).exists()


@pytest.mark.parametrize(
    ("change", "text"),
    [
        ({"expires_at": timezone.now() - timedelta(days=1)}, "This invitation has expired"),
        ({"revoked_at": timezone.now()}, "This invitation was withdrawn"),
    ],
)
def test_expired_or_revoked_invitations_explain_themselves(client, organisation, change, text):
    user = factories.UserFactory(email="late@example.com")
    invitation = factories.InvitationFactory(organisation=organisation, email=user.email, **change)
    client.force_login(user)
    url = en("portal:invitation_accept", invitation.token)
    assert text in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 400
    assert text in response.content.decode()
    assert not Membership.objects.filter(user=user).exists()


# --- the public organisation page --------------------------------------------------------------


def test_a_verified_organisation_is_public(client, organisation):
    response = client.get(organisation.get_absolute_url())
    assert response.status_code == 200
    assert organisation.name_zh in response.content.decode()


def test_an_unverified_organisation_is_not_public(client):
    pending = factories.OrganisationFactory(verification_status="pending")
    owner = factories.MembershipFactory(organisation=pending, role="owner").user
    assert client.get(pending.get_absolute_url()).status_code == 404
    client.force_login(factories.UserFactory())
    assert client.get(pending.get_absolute_url()).status_code == 404
    client.force_login(owner)
    with translation.override("en"):
        response = client.get(pending.get_absolute_url())
    assert response.status_code == 200
    assert "This page is not public" in response.content.decode()


def test_a_suspended_organisation_leaves_the_public_cache(
    client, organisation, staff, django_capture_on_commit_callbacks
):
    url = organisation.get_absolute_url()
    assert client.get(url).status_code == 200
    assert client.get(url)["X-Public-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        verification.suspend_organisation(staff=staff, organisation=organisation, note="违规")

    assert client.get(url).status_code == 404
