"""Rules of portal.organisations.services for organisations, memberships, invitations and verification."""

import smtplib
from datetime import timedelta
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from portal import outbox, tasks
from portal.models import Invitation, Membership, Organisation, OutboxMessage
from portal.organisations import invitations, services, verification
from portal.roles import ensure_role_groups
from tests import factories

pytestmark = pytest.mark.django_db


def owner_of(organisation, **user_kwargs):
    user = factories.UserFactory(**user_kwargs)
    factories.MembershipFactory(user=user, organisation=organisation, role="owner")
    return user


def editor_of(organisation, **user_kwargs):
    user = factories.UserFactory(**user_kwargs)
    factories.MembershipFactory(user=user, organisation=organisation, role="editor")
    return user


# --- create / update -------------------------------------------------------------------


def test_creator_becomes_owner_and_new_organisation_awaits_verification(user):
    organisation = services.create_organisation(
        creator=user, name_zh="  博睿康医疗科技有限公司 ", name_en="Neuracle Medical", kind="enterprise"
    )
    assert organisation.name_zh == "博睿康医疗科技有限公司"
    assert organisation.verification_status == "pending"
    assert organisation.slug == "neuracle-medical"
    membership = Membership.objects.get(organisation=organisation)
    assert (membership.user, membership.role) == (user, "owner")


def test_slug_is_unique_and_falls_back_without_an_english_name(user):
    first = services.create_organisation(creator=user, name_zh="甲公司", name_en="Neuro Co", kind="startup")
    second = services.create_organisation(creator=user, name_zh="乙公司", name_en="Neuro Co.", kind="startup")
    third = services.create_organisation(creator=user, name_zh="丙公司", kind="startup")
    assert (first.slug, second.slug, third.slug) == ("neuro-co", "neuro-co-2", "org")


def test_registering_without_an_english_name_costs_the_same_however_many_did_before(user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_to_register(name_zh):
        with CaptureQueriesContext(connection) as captured:
            services.create_organisation(creator=user, name_zh=name_zh, kind="startup")
        return len(captured)

    first = queries_to_register("机构一")
    for n in range(2, 26):  # most Chinese members leave the English name empty: all of them are "org-<n>"
        factories.OrganisationFactory(slug=f"org-{n}")
    assert queries_to_register("机构二十六") == first
    assert Organisation.objects.get(name_zh="机构二十六").slug == "org-26"


def test_an_organisation_cannot_be_registered_twice(user, organisation):
    with pytest.raises(services.OrganisationError) as exc:
        services.create_organisation(creator=user, name_zh=organisation.name_zh, kind="enterprise")
    assert exc.value.field == "name_zh"
    assert Organisation.objects.count() == 1


def test_anonymous_cannot_register_an_organisation():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.create_organisation(creator=AnonymousUser(), name_zh="某公司", kind="enterprise")


def test_only_owners_edit_the_profile(organisation, owner, editor):
    services.update_organisation(actor=owner, organisation=organisation, description_zh="柔性电极研发")
    assert Organisation.objects.get().description_zh == "柔性电极研发"
    with pytest.raises(PermissionDenied):
        services.update_organisation(actor=editor, organisation=organisation, description_zh="改")
    outsider = factories.UserFactory()
    with pytest.raises(PermissionDenied):
        services.update_organisation(actor=outsider, organisation=organisation, description_zh="改")


def test_identity_of_a_verified_organisation_is_locked(organisation, owner):
    assert organisation.verification_status == "verified"
    with pytest.raises(services.OrganisationError) as exc:
        services.update_organisation(actor=owner, organisation=organisation, name_zh="冒名公司")
    assert exc.value.field == "name_zh"
    # Unchanged identity values may be passed back as they are.
    services.update_organisation(actor=owner, organisation=organisation, name_zh=organisation.name_zh, city_zh="杭州")
    organisation.refresh_from_db()
    assert (organisation.city_zh, organisation.city_en) == ("杭州", "Hangzhou")


def test_editing_a_refused_organisation_resubmits_it(owner, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(verification_status="rejected")
    services.update_organisation(actor=owner, organisation=organisation, name_zh="更正后的名称")
    organisation.refresh_from_db()
    assert (organisation.name_zh, organisation.verification_status) == ("更正后的名称", "pending")


# --- staff edits and deletions (the admin, #12 item 8) ----------------------------------------


@pytest.fixture
def admin_staff(staff):
    ensure_role_groups()  # a fresh test database's groups lack portal's model permissions
    return staff


def test_staff_change_any_field_and_the_status_stays(admin_staff, organisation, django_capture_on_commit_callbacks):
    Organisation.objects.filter(pk=organisation.pk).update(verification_status="rejected")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.update_organisation(
            actor=admin_staff,
            organisation=organisation,
            by_staff=True,
            name_zh="  更正后的名称 ",
            slug="renamed",
            unified_social_credit_code="91310115ma1h7xxx1x",
        )
    organisation.refresh_from_db()
    assert (organisation.name_zh, organisation.slug) == ("更正后的名称", "renamed")
    assert organisation.unified_social_credit_code == "91310115MA1H7XXX1X"
    assert organisation.verification_status == "rejected"  # a staff edit is no resubmission
    assert ModelLogEntry.objects.filter(object_id=str(organisation.pk), action="wagtail.edit", user=admin_staff)
    assert callbacks  # the public pages' invalidation


def test_staff_edits_keep_the_uniqueness_rules(admin_staff, organisation):
    other = factories.OrganisationFactory(unified_social_credit_code="91310115MA1H7XXX1X")
    with pytest.raises(services.OrganisationError) as exc:
        services.update_organisation(
            actor=admin_staff, organisation=organisation, by_staff=True, name_zh=other.name_zh.upper()
        )
    assert exc.value.field == "name_zh"
    with pytest.raises(services.OrganisationError) as exc:
        services.update_organisation(
            actor=admin_staff, organisation=organisation, by_staff=True, unified_social_credit_code="91310115ma1h7xxx1x"
        )
    assert exc.value.field == "unified_social_credit_code"


def test_only_staff_with_the_admin_permission_edit_as_staff_or_delete(organisation, owner):
    ensure_role_groups()
    for actor in (owner, factories.ProjectManagerFactory(), factories.UserFactory()):
        with pytest.raises(PermissionDenied):
            services.update_organisation(actor=actor, organisation=organisation, by_staff=True, name_zh="改名")
        with pytest.raises(PermissionDenied):
            services.delete_organisation(actor=actor, organisation=organisation)
    with pytest.raises(TypeError):  # owners never change the address of the public page
        services.update_organisation(actor=owner, organisation=organisation, slug="elsewhere")
    assert Organisation.objects.get(pk=organisation.pk).name_zh == organisation.name_zh


def test_staff_delete_an_organisation(admin_staff, organisation, owner, django_capture_on_commit_callbacks):
    pk = organisation.pk
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.delete_organisation(actor=admin_staff, organisation=organisation)
    assert not Organisation.objects.filter(pk=pk).exists()
    assert not Membership.objects.filter(organisation_id=pk).exists()
    assert ModelLogEntry.objects.filter(object_id=str(pk), action="wagtail.delete", user=admin_staff).exists()
    assert callbacks


# --- invitations -------------------------------------------------------------------------


def test_owner_invites_and_the_email_is_sent_after_commit(organisation, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        invitation = invitations.invite_member(
            inviter=owner, organisation=organisation, email=" New.Colleague@Example.COM ", role="editor"
        )
    assert invitation.email == "new.colleague@example.com"
    assert len(callbacks) == 2  # the invitation's effect after the commit, then its mail (an outbox message too)
    assert [m.to for m in mail.outbox] == [["new.colleague@example.com"]]
    assert invitation.get_absolute_url().split("/", 2)[2] in mail.outbox[0].body


def test_no_invitation_email_when_the_transaction_rolls_back(organisation, owner, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        invitations.invite_member(inviter=owner, organisation=organisation, email="x@example.com")
        raise RuntimeError("rolled back")
    assert callbacks == []
    assert mail.outbox == []
    assert not Invitation.objects.exists()


def test_only_owners_invite(organisation, editor):
    with pytest.raises(PermissionDenied):
        invitations.invite_member(inviter=editor, organisation=organisation, email="x@example.com")
    other_owner = owner_of(factories.OrganisationFactory())
    with pytest.raises(PermissionDenied):
        invitations.invite_member(inviter=other_owner, organisation=organisation, email="x@example.com")
    assert not Invitation.objects.exists()


def test_no_second_pending_invitation_for_the_same_address(organisation, owner):
    first = invitations.invite_member(inviter=owner, organisation=organisation, email="a@example.com")
    with pytest.raises(services.OrganisationError) as exc:
        invitations.invite_member(inviter=owner, organisation=organisation, email="A@EXAMPLE.com")
    assert exc.value.field == "email"
    # Once the first is revoked (or expired) a new one may be sent.
    invitations.revoke_invitation(actor=owner, invitation=first)
    invitations.invite_member(inviter=owner, organisation=organisation, email="a@example.com")
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    invitations.invite_member(inviter=owner, organisation=organisation, email="a@example.com")
    assert Invitation.objects.pending().count() == 1


def test_existing_members_are_not_invited(organisation, owner):
    editor = editor_of(organisation, email="editor@example.com")
    EmailAddress.objects.create(user=editor, email="second@example.com", verified=True)
    for address in ("EDITOR@example.com", "second@example.com"):
        with pytest.raises(services.OrganisationError) as exc:
            invitations.invite_member(inviter=owner, organisation=organisation, email=address)
        assert exc.value.field == "email"
    assert not Invitation.objects.exists()


def test_invalid_role_or_address_is_refused(organisation, owner):
    with pytest.raises(services.OrganisationError):
        invitations.invite_member(inviter=owner, organisation=organisation, email="not-an-address")
    with pytest.raises(services.OrganisationError):
        invitations.invite_member(inviter=owner, organisation=organisation, email="a@example.com", role="admin")


def test_revoking_is_for_owners_and_harmless_twice(organisation, owner, editor):
    invitation = factories.InvitationFactory(organisation=organisation)
    with pytest.raises(PermissionDenied):
        invitations.revoke_invitation(actor=editor, invitation=invitation)
    invitations.revoke_invitation(actor=owner, invitation=invitation)
    invitations.revoke_invitation(actor=owner, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert not Invitation.objects.pending().exists()


def test_accept_with_the_invited_address_case_insensitively(organisation):
    invitation = factories.InvitationFactory(organisation=organisation, email="Li.Wei@Example.com", role="owner")
    user = factories.UserFactory(email="li.wei@example.com")
    membership = invitations.accept_invitation(user=user, invitation=invitation)
    assert (membership.organisation, membership.role) == (organisation, "owner")
    invitation.refresh_from_db()
    assert invitation.accepted_by == user
    assert invitation.accepted_at is not None


def test_accept_with_a_secondary_verified_address(organisation):
    invitation = factories.InvitationFactory(organisation=organisation, email="work@example.com")
    user = factories.UserFactory(email="home@example.com")
    EmailAddress.objects.create(user=user, email="work@example.com", verified=True, primary=False)
    invitations.accept_invitation(user=user, invitation=invitation)
    assert Membership.objects.filter(user=user, organisation=organisation).exists()


def test_another_address_cannot_accept(organisation):
    invitation = factories.InvitationFactory(organisation=organisation, email="invited@example.com")
    intruder = factories.UserFactory(email="intruder@example.com")
    with pytest.raises(services.InvitationError) as exc:
        invitations.accept_invitation(user=intruder, invitation=invitation)
    assert "invited@example.com" in str(exc.value)
    assert not Membership.objects.filter(user=intruder).exists()


def test_an_unverified_matching_address_cannot_accept(organisation):
    invitation = factories.InvitationFactory(organisation=organisation, email="claimed@example.com")
    user = factories.UserFactory(email="me@example.com")
    EmailAddress.objects.create(user=user, email="claimed@example.com", verified=False)
    with pytest.raises(services.InvitationError):
        invitations.accept_invitation(user=user, invitation=invitation)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"expires_at": timezone.now() - timedelta(seconds=1)}, "expired"),
        ({"revoked_at": timezone.now()}, "withdrawn"),
    ],
)
def test_expired_and_revoked_invitations_cannot_be_accepted(organisation, change, message):
    user = factories.UserFactory(email="late@example.com")
    invitation = factories.InvitationFactory(organisation=organisation, email=user.email, **change)
    with translation.override("en"), pytest.raises(services.InvitationError) as exc:
        invitations.accept_invitation(user=user, invitation=invitation)
    assert message in str(exc.value)
    assert not Membership.objects.filter(user=user).exists()


def test_an_invitation_is_used_once(organisation):
    user = factories.UserFactory(email="once@example.com")
    invitation = factories.InvitationFactory(organisation=organisation, email=user.email)
    invitations.accept_invitation(user=user, invitation=invitation)
    with pytest.raises(services.InvitationAlreadyAccepted):
        invitations.accept_invitation(user=user, invitation=invitation)
    other = factories.UserFactory()
    EmailAddress.objects.create(user=other, email="ONCE@example.com", verified=True)
    with pytest.raises(services.InvitationError) as exc:
        invitations.accept_invitation(user=other, invitation=invitation)
    assert not isinstance(exc.value, services.InvitationAlreadyAccepted)
    assert Membership.objects.filter(organisation=organisation).count() == 1


def test_a_member_cannot_accept_an_invitation_to_their_own_organisation(organisation, editor):
    invitation = factories.InvitationFactory(organisation=organisation, email=editor.email, role="owner")
    with pytest.raises(services.InvitationError):
        invitations.accept_invitation(user=editor, invitation=invitation)
    assert Membership.objects.get(user=editor).role == "editor"


# --- roles, removal, leaving -------------------------------------------------------------


def test_the_last_owner_cannot_be_demoted(organisation, owner):
    membership = Membership.objects.get(user=owner)
    with pytest.raises(services.LastOwnerError):
        services.change_member_role(actor=owner, membership=membership, role="editor")
    assert Membership.objects.get(user=owner).role == "owner"


def test_an_owner_can_step_down_once_there_is_another(organisation, owner, editor):
    services.change_member_role(actor=owner, membership=Membership.objects.get(user=editor), role="owner")
    services.change_member_role(actor=editor, membership=Membership.objects.get(user=owner), role="editor")
    roles = dict(Membership.objects.values_list("user__email", "role"))
    assert roles == {owner.email: "editor", editor.email: "owner"}


def test_only_owners_change_roles_and_remove_others(organisation, owner, editor):
    with pytest.raises(PermissionDenied):
        services.change_member_role(actor=editor, membership=Membership.objects.get(user=owner), role="editor")
    with pytest.raises(PermissionDenied):
        services.remove_member(actor=editor, membership=Membership.objects.get(user=owner))
    outsider = owner_of(factories.OrganisationFactory())
    with pytest.raises(PermissionDenied):
        services.remove_member(actor=outsider, membership=Membership.objects.get(user=editor))
    assert Membership.objects.filter(organisation=organisation).count() == 2


def test_the_last_owner_cannot_be_removed_or_leave(organisation, owner, editor):
    with pytest.raises(services.LastOwnerError):
        services.remove_member(actor=owner, membership=Membership.objects.get(user=owner))
    with pytest.raises(services.LastOwnerError):
        services.leave_organisation(user=owner, organisation=organisation)
    assert Membership.objects.filter(user=owner, role="owner").exists()


def test_owners_remove_members_and_members_leave(organisation, owner, editor):
    second = editor_of(organisation)
    services.remove_member(actor=owner, membership=Membership.objects.get(user=editor))
    services.leave_organisation(user=second, organisation=organisation)
    assert list(Membership.objects.values_list("user", flat=True)) == [owner.pk]
    with pytest.raises(services.OrganisationError):
        services.leave_organisation(user=second, organisation=organisation)


# --- verification --------------------------------------------------------------------------


@pytest.fixture
def pending(db):
    return factories.OrganisationFactory(verification_status="pending")


def test_staff_verify_and_each_owner_is_emailed_in_their_language(pending, staff, django_capture_on_commit_callbacks):
    zh_owner = owner_of(pending, preferred_language="zh-hans")
    en_owner = owner_of(pending, preferred_language="en")
    editor_of(pending)
    with django_capture_on_commit_callbacks(execute=True):
        verification.verify_organisation(staff=staff, organisation=pending, note="营业执照已核验")
    pending.refresh_from_db()
    assert pending.verification_status == "verified"
    assert pending.verified_by == staff
    assert pending.verified_at is not None
    assert pending.verification_note == "营业执照已核验"
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert set(by_recipient) == {zh_owner.email, en_owner.email}
    assert by_recipient[en_owner.email].extra_headers["Content-Language"] == "en"
    assert "/en/dashboard/" in by_recipient[en_owner.email].body
    assert pending.name_en in by_recipient[en_owner.email].subject
    assert by_recipient[zh_owner.email].extra_headers["Content-Language"] == "zh-hans"
    assert "/zh-hans/dashboard/" in by_recipient[zh_owner.email].body
    assert pending.name_zh in by_recipient[zh_owner.email].subject
    assert ModelLogEntry.objects.filter(action="portal.organisation.verified", user=staff).count() == 1


def test_project_managers_and_owners_cannot_verify(pending):
    manager = factories.ProjectManagerFactory()
    owner = owner_of(pending)
    for actor in (manager, owner):
        with pytest.raises(PermissionDenied):
            verification.verify_organisation(staff=actor, organisation=pending)
    pending.refresh_from_db()
    assert pending.verification_status == "pending"


def test_refusing_and_suspending_need_a_reason(pending, staff, organisation):
    with pytest.raises(services.OrganisationError) as exc:
        verification.reject_organisation(staff=staff, organisation=pending, note="  ")
    assert exc.value.field == "note"
    with pytest.raises(services.OrganisationError):
        verification.suspend_organisation(staff=staff, organisation=organisation, note="")
    verification.reject_organisation(staff=staff, organisation=pending, note="营业执照与名称不符")
    pending.refresh_from_db()
    assert (pending.verification_status, pending.verified_by) == ("rejected", staff)


def test_only_sensible_transitions(pending, staff, organisation):
    with pytest.raises(services.OrganisationError):
        verification.suspend_organisation(staff=staff, organisation=pending, note="not verified yet")
    with pytest.raises(services.OrganisationError):
        verification.verify_organisation(staff=staff, organisation=organisation)
    verification.suspend_organisation(staff=staff, organisation=organisation, note="违规宣传")
    verification.verify_organisation(staff=staff, organisation=organisation, note="整改完成")
    organisation.refresh_from_db()
    assert organisation.verification_status == "verified"


def test_verification_changes_are_announced_after_commit(pending, staff, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, organisation_id, status, **kwargs):
        received.append((organisation_id, status))

    verification.verification_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            verification.verify_organisation(staff=staff, organisation=pending)
    finally:
        verification.verification_changed.disconnect(receiver)
    assert received == [(pending.pk, "verified")]


# --- e-mail language and tasks ----------------------------------------------------------------


def test_invitation_to_a_known_user_is_in_their_language(organisation, owner, django_capture_on_commit_callbacks):
    factories.UserFactory(email="known@example.com", preferred_language="en")
    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        invitations.invite_member(inviter=owner, organisation=organisation, email="known@example.com", role="owner")
    (message,) = mail.outbox
    assert message.extra_headers["Content-Language"] == "en"
    assert "/en/invitations/" in message.body
    assert "Owner" in message.body
    assert organisation.name_en in message.subject


def test_invitation_to_an_unknown_address_is_in_the_inviters_language(
    organisation, owner, django_capture_on_commit_callbacks
):
    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        invitations.invite_member(inviter=owner, organisation=organisation, email="new@example.com", role="owner")
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        invitations.invite_member(inviter=owner, organisation=organisation, email="other@example.com", role="owner")
    zh, en = mail.outbox
    assert zh.extra_headers["Content-Language"] == "zh-hans"
    assert "/zh-hans/invitations/" in zh.body
    assert "所有者" in zh.body  # the role label, translated
    assert organisation.name_zh in zh.subject
    assert len(zh.alternatives) == 1  # the HTML part
    assert en.extra_headers["Content-Language"] == "en"
    assert "Owner" in en.body


def test_an_address_someone_else_typed_but_never_confirmed_does_not_choose_the_invitations_language(
    organisation, owner, django_capture_on_commit_callbacks
):
    """An address counts as an account's only once confirmed: another member typing the invitee's
    address into their English account does not turn the invitation English."""
    stranger = factories.UserFactory(preferred_language="en")
    EmailAddress.objects.create(user=stranger, email="invitee@example.com", verified=False, primary=False)
    with translation.override("zh-hans"), django_capture_on_commit_callbacks(execute=True):
        invitations.invite_member(inviter=owner, organisation=organisation, email="invitee@example.com", role="owner")
    (message,) = mail.outbox
    assert message.extra_headers["Content-Language"] == "zh-hans"


def test_a_decision_mail_waiting_for_smtp_is_not_sent_to_an_account_deactivated_meanwhile(pending, staff):
    """Each owner's mail is rendered at once and waits in the outbox while SMTP is down; staff who
    deactivate an account meanwhile have it stop there, as an account already inactive is never written to."""
    kept, deactivated = owner_of(pending), owner_of(pending)
    verification.verify_organisation(staff=staff, organisation=pending, note="")
    (decision,) = OutboxMessage.objects.filter(effect="portal.verification_decision_email")
    assert outbox.deliver(decision.pk) == "done"  # hands each owner's mail to a message of its own
    deactivated.is_active = False
    deactivated.save(update_fields=["is_active"])
    for message in OutboxMessage.objects.filter(effect="portal.send_email"):  # SMTP is back
        assert outbox.deliver(message.pk) == "done"
    assert [m.to for m in mail.outbox] == [[kept.email]]


@pytest.mark.parametrize(
    ("language", "zone"), [("en", " (Asia/Shanghai, UTC+08:00)"), ("zh-hans", "（Asia/Shanghai，UTC+08:00）")]
)
def test_the_invitation_mail_names_the_time_zone_of_its_expiry(organisation, language, zone):
    """The invitee may read it anywhere: the expiry is Shanghai's time, and says so (as the teams' invitations do)."""
    expires_at = timezone.now() + timedelta(days=10)
    invitation = factories.InvitationFactory(organisation=organisation, expires_at=expires_at)
    tasks.send_invitation_email(invitation_id=invitation.pk, language=language)
    (message,) = mail.outbox
    shown = expires_at.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M") + zone
    assert shown in message.body and shown in message.alternatives[0][0]


def test_a_revoked_invitation_is_not_emailed(organisation):
    invitation = factories.InvitationFactory(organisation=organisation, revoked_at=timezone.now())
    tasks.send_invitation_email(invitation_id=invitation.pk, language="zh-hans")
    assert mail.outbox == []


def test_an_invitation_mail_that_fails_is_kept_and_retried_later(organisation):
    """SMTP errors (and bugs, fixed by the next deploy) are recorded on the outbox message, not lost."""
    invitation = factories.InvitationFactory(organisation=organisation)
    message = outbox.schedule(tasks.send_invitation_email, {"invitation_id": invitation.pk, "language": "zh-hans"})
    failure = smtplib.SMTPServerDisconnected("connection lost")
    with mock.patch.object(tasks.emails, "send_invitation", side_effect=failure):
        assert outbox.deliver(message.pk) == "failed"
    message.refresh_from_db()
    assert message.attempts == 1 and "connection lost" in message.last_error
    assert message.available_at > timezone.now()  # scheduled later, not at once
    message.available_at = timezone.now()
    message.save()
    assert outbox.deliver(message.pk) == "done"
    # The rendered mail is an outbox message of its own (portal.emails), sent in its turn.
    mail_message = OutboxMessage.objects.get(effect="portal.send_email", key__startswith=f"mail:{message.pk}:")
    assert outbox.deliver(mail_message.pk) == "done"
    assert [m.to for m in mail.outbox] == [[invitation.email]]


def test_purge_deletes_invitations_ended_more_than_30_days_ago(organisation):
    now = timezone.now()
    old_expired = factories.InvitationFactory(organisation=organisation, expires_at=now - timedelta(days=31))
    old_revoked = factories.InvitationFactory(
        organisation=organisation, revoked_at=now - timedelta(days=40), expires_at=now + timedelta(days=1)
    )
    recent_expired = factories.InvitationFactory(organisation=organisation, expires_at=now - timedelta(days=29))
    pending = factories.InvitationFactory(organisation=organisation)
    accepted = factories.InvitationFactory(
        organisation=organisation, expires_at=now - timedelta(days=90), accepted_at=now - timedelta(days=95)
    )
    assert tasks.purge_expired_invitations() == 2
    remaining = set(Invitation.objects.values_list("pk", flat=True))
    assert remaining == {recent_expired.pk, pending.pk, accepted.pk}
    assert old_expired.pk not in remaining and old_revoked.pk not in remaining


def test_a_slug_taken_at_the_last_moment_does_not_break_registration(user, monkeypatch):
    factories.OrganisationFactory(slug="neuro-co")
    monkeypatch.setattr(services, "_unique_slug", lambda name_en: "neuro-co")
    organisation = services.create_organisation(creator=user, name_zh="新公司", name_en="Neuro Co", kind="startup")
    assert organisation.slug.startswith("neuro-co-")
    assert Membership.objects.get(organisation=organisation).user == user


@pytest.mark.parametrize(
    ("status", "service"), [("rejected", "reject_organisation"), ("suspended", "suspend_organisation")]
)
def test_refusal_and_suspension_emails_carry_the_reason(staff, status, service, django_capture_on_commit_callbacks):
    organisation = factories.OrganisationFactory(
        name_en="Reasoned Neuro", verification_status="pending" if status == "rejected" else "verified"
    )
    owner = owner_of(organisation, preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        getattr(verification, service)(staff=staff, organisation=organisation, note="营业执照已过期 <请更新>")
    (message,) = mail.outbox
    assert message.to == [owner.email]
    assert "Reasoned Neuro" in message.subject
    assert "营业执照已过期 <请更新>" in message.body  # plain text: not HTML-escaped
    assert "/en/dashboard/" in message.body


def test_invitations_are_capped_per_sender_and_hour(organisation, settings):
    settings.PORTAL_INVITATIONS_PER_HOUR = 2
    owner = factories.MembershipFactory(organisation=organisation, role="owner").user
    invitations.invite_member(inviter=owner, organisation=organisation, email="one@example.com")
    invitations.invite_member(inviter=owner, organisation=organisation, email="two@example.com")
    with pytest.raises(services.OrganisationError) as refused:
        invitations.invite_member(inviter=owner, organisation=organisation, email="three@example.com")
    assert refused.value.field == "email"
    assert not organisation.invitations.filter(email="three@example.com").exists()


def test_the_database_refuses_a_duplicate_name_that_slipped_past_the_check(user):
    """Two registrations racing past the friendly check: the constraint turns the second into the same error."""
    existing = factories.OrganisationFactory(name_zh="脑机科技有限公司")
    real_check, calls = services._check_unique_identity, []

    def first_check_misses(cleaned, **kwargs):  # the other registration commits right after it
        calls.append(cleaned)
        return None if len(calls) == 1 else real_check(cleaned, **kwargs)

    with (
        mock.patch.object(services, "_check_unique_identity", side_effect=first_check_misses),
        pytest.raises(services.OrganisationError) as refused,
    ):
        services.create_organisation(creator=user, name_zh="脑机科技有限公司", name_en="BCI Tech", kind="enterprise")
    assert refused.value.field == "name_zh"
    assert Organisation.objects.filter(name_zh__iexact=existing.name_zh).count() == 1
