"""The role × URL permission matrix, shared by every app.

Each app lists its URLs in its own test file as ``Row``s — one expected status per
role, every role spelled out — and calls ``check_matrix``. The ``world`` fixture
builds the same cast for everyone: two organisations (A verified, B awaiting
verification), one user per role, and an invitation to organisation A addressed to the
plain member. Apps that need more objects build them on top of ``world`` and keep
them in ``world.extra``::

    from tests.matrix import ALL_ROLES, LOGIN, Row, check_matrix, expect, world  # noqa: F401

    ROWS = [
        Row("product edit (org A)", lambda w: reverse("catalog:product_edit", args=[w.extra["product_a"].pk]),
            expect(default=404, anonymous=LOGIN, editor_a=200, owner_a=200)),
    ]

    def test_catalog_matrix(client, world):
        world.extra["product_a"] = ProductFactory(organisation=world.org_a)
        check_matrix(client, world, ROWS)

Every cell runs in its own savepoint that is rolled back, so POST rows cannot
change what the next cell sees. All mismatches are reported together as a table.

Expected values: an HTTP status code, or ``LOGIN`` (a redirect to a sign-in page).
Another organisation's object must be a 404, never a 403 (that would confirm it exists).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from allauth.mfa.models import Authenticator
from django.core.cache import caches
from django.db import transaction

from portal.roles import ensure_role_groups
from tests import factories

ANONYMOUS = "anonymous"
MEMBER = "member"  # signed in, verified e-mail, no organisation
EDITOR_A = "editor_a"
OWNER_A = "owner_a"
OWNER_B = "owner_b"
PROJECT_MANAGER = "project_manager"
STAFF = "staff"
ALL_ROLES = (ANONYMOUS, MEMBER, EDITOR_A, OWNER_A, OWNER_B, PROJECT_MANAGER, STAFF)

#: Expected value for "redirected to a sign-in page" (allauth's, or the admin's, which forwards to allauth).
LOGIN = "login"


@dataclass
class World:
    users: dict
    org_a: object
    org_b: object
    invitation: object
    memberships: dict
    extra: dict = field(default_factory=dict)

    def user(self, role: str):
        return self.users.get(role)


def build_world() -> World:
    # On a fresh database portal's post_migrate handler runs before auth has created
    # portal's model permissions, so the role groups miss them until the next migrate
    # or ``load_demo``. Complete the groups the way those do.
    ensure_role_groups()
    org_a = factories.OrganisationFactory(name_zh="甲脑机科技有限公司", name_en="Alpha Neurotech", slug="alpha")
    org_b = factories.OrganisationFactory(
        name_zh="乙神经康复有限公司", name_en="Beta Neurorehab", slug="beta", verification_status="pending"
    )
    member = factories.UserFactory(email="member@example.com")
    editor_a = factories.MembershipFactory(organisation=org_a, role="editor")
    owner_a = factories.MembershipFactory(organisation=org_a, role="owner")
    owner_b = factories.MembershipFactory(organisation=org_b, role="owner")
    manager = factories.ProjectManagerFactory()
    staff = factories.StaffFactory()
    # Staff and project managers must have MFA before the admin lets them in
    # (StaffMFARequiredMiddleware; PORTAL_STAFF_MFA_REQUIRED is on in the test settings).
    for user in (manager, staff):
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "test"})
    invitation = factories.InvitationFactory(organisation=org_a, email=member.email, invited_by=owner_a.user)
    return World(
        users={
            ANONYMOUS: None,
            MEMBER: member,
            EDITOR_A: editor_a.user,
            OWNER_A: owner_a.user,
            OWNER_B: owner_b.user,
            PROJECT_MANAGER: manager,
            STAFF: staff,
        },
        org_a=org_a,
        org_b=org_b,
        invitation=invitation,
        memberships={EDITOR_A: editor_a, OWNER_A: owner_a, OWNER_B: owner_b},
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


def expect(*, default=None, **by_role) -> dict:
    """Expected results per role: ``default`` for every role not named."""
    unknown = set(by_role) - set(ALL_ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")
    expected = {role: by_role.get(role, default) for role in ALL_ROLES}
    missing = [role for role, value in expected.items() if value is None]
    if missing:
        raise ValueError(f"no expectation for roles {missing}")
    return expected


@dataclass(frozen=True)
class Row:
    name: str
    url: Callable[[World], str]
    expected: dict
    method: str = "get"
    data: Callable[[World], dict] | None = None


def _matches(response, expected) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and "login" in response.get("Location", "")
    return response.status_code == expected


def _describe(response) -> str:
    if response.status_code in (301, 302):
        return f"{response.status_code} → {response.get('Location')}"
    return str(response.status_code)


def check_matrix(client, world: World, rows: list[Row]) -> None:
    """Request every row as every role and fail with one table of all mismatches."""
    mismatches = []
    for row in rows:
        assert set(row.expected) == set(ALL_ROLES), f"{row.name}: every role needs an expectation"
        for role in ALL_ROLES:
            for cache in caches.all():
                cache.clear()
            client.logout()
            with transaction.atomic():
                user = world.user(role)
                if user is not None:
                    client.force_login(user)
                url = row.url(world)
                data = row.data(world) if row.data else {}
                response = getattr(client, row.method)(url, data)
                transaction.set_rollback(True)
            if not _matches(response, row.expected[role]):
                mismatches.append(
                    f"{row.name:<45} {role:<16} expected {row.expected[role]!s:<6} got {_describe(response)}"
                )
    assert not mismatches, "role × URL mismatches:\n" + "\n".join(mismatches)


def uncovered_url_names(world: World, rows: list[Row], namespace: str) -> set[str]:
    """The named URLs of ``namespace`` that no row exercises: every URL needs a row."""
    from urllib.parse import urlsplit

    from django.urls import get_resolver, resolve

    resolver = get_resolver()
    names = set()
    for key, value in resolver.namespace_dict.items():
        if key == namespace:
            names = {name for name in value[1].reverse_dict if isinstance(name, str)}
    covered = set()
    for row in rows:
        match = resolve(urlsplit(row.url(world)).path)
        if match.namespace == namespace:
            covered.add(match.url_name)
    return names - covered
