"""Demo contact people of the incubator (``load_demo``): one for each verified startup and investor without members.

The generated startups and investors (``profiles``) come without people, yet what they do in the
demo (send a meeting request, ask for a data room, read its documents, upload them) is shown with
the person who did it: without one, a startup's data-room log read "已注销的账号 · <fund>" on every
line, as if the investor's account had been deleted. Each such organisation gets one owner who
cannot sign in (an unusable password), named the same on every run (from its slug, ``portal.demo.people``), at the
organisation's own demo domain (``contact@<slug>.example``, as its website). Organisations with a
member (the demo logins', the portal's own) get nobody. Idempotent: the person is found by address.
"""

from __future__ import annotations

from portal.demo.people import person_name
from portal.demo.registry import DemoContext, Loader
from portal.demo.users import ensure_person
from portal.models import Membership, Organisation
from portal.organisations.models import MemberRole, OrganisationKind

KINDS = (OrganisationKind.STARTUP, OrganisationKind.INVESTOR)


def load(context: DemoContext) -> None:
    without_members = Organisation.objects.verified().filter(kind__in=KINDS, memberships__isnull=True)
    for organisation in without_members.order_by("slug"):
        email = f"contact@{organisation.slug}.example"
        user = ensure_person(context, email=email, name=person_name(organisation.slug), kind="incubator contact person")
        Membership.objects.create(user=user, organisation=organisation, role=MemberRole.OWNER)
        context.record("membership", True)


LOADERS = [Loader("incubator.people", load, after=("incubator.profiles",))]
