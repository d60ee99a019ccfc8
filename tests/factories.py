"""factory_boy factories shared by every app's tests."""

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group

from portal.models import Invitation, Membership, Organisation, User
from portal.organisations.models import MemberRole, OrganisationKind, VerificationStatus
from portal.permissions import PROJECT_MANAGER_GROUP, STAFF_GROUP

DEFAULT_PASSWORD = "correct-horse-battery-9"
#: The authenticator app's secret of the staff accounts made here (browser logins enter its code).
STAFF_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    first_name = "测试"
    last_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        """Members have a verified primary address, as allauth's mandatory verification requires."""
        obj.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, primary=True, verified=True)


class AdminUserFactory(UserFactory):
    """An account of the admin's roles, with its authenticator app: staff powers need it (PORTAL_STAFF_MFA_REQUIRED).

    ``second_factor=False`` makes one without, as a new staff member is before setting it up.
    """

    @factory.post_generation
    def second_factor(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            TOTP.activate(obj, STAFF_TOTP_SECRET)


class StaffFactory(AdminUserFactory):
    @factory.post_generation
    def staff_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(Group.objects.get_or_create(name=STAFF_GROUP)[0])


class ProjectManagerFactory(AdminUserFactory):
    @factory.post_generation
    def manager_group(obj, create, extracted, **kwargs):
        if create:
            obj.groups.add(Group.objects.get_or_create(name=PROJECT_MANAGER_GROUP)[0])


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name_zh = factory.Sequence(lambda n: f"测试脑机科技有限公司{n}")
    name_en = factory.Sequence(lambda n: f"Test Neurotech Co. {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = OrganisationKind.ENTERPRISE
    verification_status = VerificationStatus.VERIFIED


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = MemberRole.EDITOR


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.com")
    role = MemberRole.EDITOR
