"""One demo user per role, each with a verified primary e-mail address (allauth).

Every account shares one password: ``PORTAL_DEMO_PASSWORD`` from the environment,
or ``DEV_DEFAULT_PASSWORD`` where ``settings.PORTAL_SHOW_DEMO_CREDENTIALS`` is on
(the embedded dev default). Anywhere else, without the variable, demo accounts
get an unusable password and the command says how to set one.

The password is hashed once per process (hashing is the slow part of the command)
and only set when an account is created, or for every demo account with
``load_demo --reset-passwords``. Apps add their own demo accounts (a team member,
a judge) with ``ensure_account`` from their loaders; they are listed with these.
"""

import os
from dataclasses import dataclass
from functools import lru_cache

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from portal.demo.registry import DemoContext, demo_email
from portal.models import Membership, Organisation, User
from portal.organisations.models import MemberRole
from portal.permissions import PROJECT_MANAGER_GROUP, STAFF_GROUP
from portal.roles import ensure_role_groups

DEV_DEFAULT_PASSWORD = "bci-demo-2025"  # noqa: S105 — dev only, see demo_password()
PASSWORD_ENV = "PORTAL_DEMO_PASSWORD"  # noqa: S105 — the variable's name


def demo_password() -> str | None:
    """The shared demo password, or ``None`` when accounts must not get a known one."""
    if os.environ.get(PASSWORD_ENV):
        return os.environ[PASSWORD_ENV]
    if getattr(settings, "PORTAL_SHOW_DEMO_CREDENTIALS", False):
        return DEV_DEFAULT_PASSWORD
    return None


@dataclass(frozen=True)
class DemoUser:
    key: str
    name: str
    role: str  # shown in the credentials table
    is_staff: bool = False
    is_superuser: bool = False
    group: str = ""
    organisation: str = ""  # slug
    membership_role: str = MemberRole.EDITOR
    preferred_language: str = "zh-hans"
    #: An address of its own (a judge at a hospital's or a university's domain); else ``<key>@`` the demo domain.
    address: str = ""

    @property
    def email(self) -> str:
        return self.address or demo_email(self.key)


DEMO_USERS = [
    DemoUser("admin", "系统管理员", "superuser (Wagtail admin)", is_staff=True, is_superuser=True),
    DemoUser("staff", "陈静", "alliance staff (Wagtail admin)", is_staff=True, group=STAFF_GROUP),
    DemoUser("pm", "周磊", "project manager (Wagtail admin)", group=PROJECT_MANAGER_GROUP),
    DemoUser(
        "enterprise-owner",
        "林晓峰",
        "enterprise owner · Lansi Neurotechnology",
        organisation="lansi-neuro",
        membership_role=MemberRole.OWNER,
    ),
    DemoUser(
        "enterprise-editor",
        "王悦",
        "enterprise editor · Lansi Neurotechnology",
        organisation="lansi-neuro",
        membership_role=MemberRole.EDITOR,
    ),
    DemoUser(
        "startup-owner",
        "许言",
        "startup owner · Yanqi Intelligence",
        organisation="yanqi-ai",
        membership_role=MemberRole.OWNER,
    ),
    DemoUser(
        "investor",
        "刘恩慧",
        "investor member · Pujiang Future Industries Fund",
        organisation="pujiang-fund",
        membership_role=MemberRole.OWNER,
        preferred_language="en",
    ),
    DemoUser(
        "hospital",
        "赵敏",
        "hospital owner · Shanghai Binhai Neuromedical Centre (submits cases)",
        organisation="binhai-neuro",
        membership_role=MemberRole.OWNER,
    ),
    DemoUser(
        "applicant",
        "孙宁",
        "owner of an organisation awaiting verification · Zhimian",
        organisation="zhimian-lab",
        membership_role=MemberRole.OWNER,
    ),
    DemoUser(
        "judge",
        "钱立群",
        "judge · the case-selection panel and the 2026 preliminary review (scorecards to do at /judging/)",
    ),
    DemoUser("member", "李明", "member without an organisation", preferred_language="en"),
]


def load(context: DemoContext) -> None:
    ensure_role_groups()
    for spec in DEMO_USERS:
        ensure_account(context, spec)


@lru_cache(maxsize=4)
def _hashed(password: str) -> str:
    # Hashing is the slow part of the command: once per password and process.
    return make_password(password)


def _set_password(context: DemoContext, user: User) -> None:
    if context.password is None:
        user.set_unusable_password()
    else:
        user.password = _hashed(context.password)


def ensure_account(context: DemoContext, spec: DemoUser) -> User:
    """The demo account ``spec`` describes, created when missing, and listed in the command's accounts.

    The extension point for apps' demo accounts (a team member, a judge): an app's loader
    (``after=("portal.users",)``) calls it with its own ``DemoUser``s; the account gets the shared
    password, a verified address, its group and membership, and is printed with the others.
    """
    user = User.objects.filter(email=spec.email).first()
    created = user is None
    if created:
        user = User(
            email=spec.email,
            first_name=spec.name,
            is_staff=spec.is_staff,
            is_superuser=spec.is_superuser,
            preferred_language=spec.preferred_language,
        )
        _set_password(context, user)
        user.save()
    elif context.reset_passwords:
        _set_password(context, user)
        user.save(update_fields=["password"])
    context.record("user", created)

    if spec.group and not user.groups.filter(name=spec.group).exists():
        user.groups.add(Group.objects.get(name=spec.group))
    _address, address_created = EmailAddress.objects.get_or_create(
        user=user, email=spec.email, defaults={"verified": True, "primary": True}
    )
    context.record("e-mail address", address_created)
    if spec.organisation:
        _membership, membership_created = Membership.objects.get_or_create(
            user=user,
            organisation=Organisation.objects.get(slug=spec.organisation),
            defaults={"role": spec.membership_role},
        )
        context.record("membership", membership_created)
    context.credentials.append({"email": spec.email, "role": spec.role})
    return user


def ensure_person(context: DemoContext, *, email: str, name: str, kind: str, verified_address: bool = False) -> User:
    """A demo person who cannot sign in (a team's captain or member, an organisation's contact), found by
    ``email`` and counted as ``kind``; with ``verified_address``, their confirmed address too (to answer an
    invitation sent to it). Not a demo login: not listed with them."""
    user, created = User.objects.get_or_create(email=email, defaults={"first_name": name})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    context.record(kind, created)
    if verified_address:
        EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user
