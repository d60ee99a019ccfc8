"""Demo contact people of the incubator (``load_demo``): one for each verified startup and investor without members.

The generated startups and investors (``profiles``) come without people, yet what they do in the
demo (send a meeting request, ask for a data room, read its documents, upload them) is shown with
the person who did it: without one, a startup's data-room log read "已注销的账号 · <fund>" on every
line, as if the investor's account had been deleted. Each such organisation gets one owner who
cannot sign in (an unusable password), named the same on every run (from its slug), at the
organisation's own demo domain (``contact@<slug>.example``, as its website). Organisations with a
member (the demo logins', the portal's own) get nobody. Idempotent: the person is found by address.
"""

from __future__ import annotations

import zlib

from portal.demo.registry import DemoContext, Loader
from portal.models import Membership, Organisation, User
from portal.organisations.models import MemberRole, OrganisationKind

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗"
GIVEN_NAMES = ("思远", "若曦", "浩然", "雨桐", "子涵", "嘉怡", "俊杰", "晓彤", "博文", "静怡", "宇航", "欣然")
KINDS = (OrganisationKind.STARTUP, OrganisationKind.INVESTOR)


def contact_name(slug: str) -> str:
    """A person's name, the same for the same slug on every run and machine."""
    n = zlib.crc32(slug.encode())
    return SURNAMES[n % len(SURNAMES)] + GIVEN_NAMES[n // len(SURNAMES) % len(GIVEN_NAMES)]


def load(context: DemoContext) -> None:
    without_members = Organisation.objects.verified().filter(kind__in=KINDS, memberships__isnull=True)
    for organisation in without_members.order_by("slug"):
        user, created = User.objects.get_or_create(
            email=f"contact@{organisation.slug}.example", defaults={"first_name": contact_name(organisation.slug)}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        context.record("incubator contact person", created)
        Membership.objects.create(user=user, organisation=organisation, role=MemberRole.OWNER)
        context.record("membership", True)


LOADERS = [Loader("incubator.people", load, after=("incubator.profiles",))]
