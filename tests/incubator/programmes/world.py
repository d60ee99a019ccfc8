"""The programme applications in the role × URL matrix's world (``tests.matrix``).

``add_incubator_programmes(world)`` adds, to zeta-incubator (the PLATFORM role's, with the
profile ``add_incubator_profiles`` gives it):

* ``programme_application_a``: delta-neuro's (STARTUP) application, awaiting review: organisation "A"'s;
* ``programme_application_b``: epsilon-bci's (OTHER_STARTUP) application, awaiting review: organisation "B"'s.
"""

from __future__ import annotations

from incubator.models import ProgrammeApplication
from tests.incubator.profiles.world import add_incubator_profiles
from tests.matrix import OTHER_STARTUP, STARTUP, World, _once


def make_application(*, startup, platform, submitted_by=None, **fields) -> ProgrammeApplication:
    values = {
        "services": ["incubation_space", "proof_of_concept"],
        "message": "我们的柔性电极完成了动物实验，希望入驻并申请概念验证。",
        **fields,
    }
    return ProgrammeApplication.objects.create(startup=startup, platform=platform, submitted_by=submitted_by, **values)


def add_incubator_programmes(world: World) -> World:
    add_incubator_profiles(world)
    if not _once(world, "incubator_programmes"):
        return world
    extra = world.extra
    for letter, key, role in (
        ("A", "programme_application_a", STARTUP),
        ("B", "programme_application_b", OTHER_STARTUP),
    ):
        extra[key] = make_application(
            startup=extra[f"org_{role}"], platform=extra["org_platform"], submitted_by=world.user(role)
        )
        world.own(letter, "programme_application", extra[key])
    return world
