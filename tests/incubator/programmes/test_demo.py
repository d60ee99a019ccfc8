"""The demo's programme applications: every state, the demo logins on both sides, idempotent."""

from __future__ import annotations

from collections import Counter

import pytest

from incubator.demo import programmes as demo
from incubator.models import PlatformProfile, ProgrammeApplication, StartupProfile
from incubator.vocabulary import ApplicationStatus
from portal.demo.registry import DemoContext, demo_email
from portal.models import Membership
from tests.incubator.meetings.factories import member_of, verified

pytestmark = pytest.mark.django_db

#: The demo platforms the applications go to, with their services (as in incubator/demo/profiles.toml).
PLATFORMS = {
    "neurospark-zhangjiang": ["incubation_space", "financing", "matchmaking", "regulatory"],
    "bluebay-poc": ["proof_of_concept", "incubation_space", "glp_animal"],
    "weina-fab": ["gmp_fabrication", "proof_of_concept"],
    "shenyan-glp": ["glp_animal"],
}


@pytest.fixture
def organisations():
    for n in range(6):
        member_of(verified("startup", slug=f"startup-{n:02}"))
    login_startup = verified("startup", slug="yanqi-ai")
    member_of(login_startup, user__email=demo_email("startup-owner"))
    for slug, services in PLATFORMS.items():
        platform = verified("incubator", slug=slug)
        member_of(platform)
        PlatformProfile.objects.create(organisation=platform, services=list(services))
    return login_startup


def run() -> DemoContext:
    context = DemoContext(write=lambda message: None)
    demo.load(context)
    return context


def test_every_state_the_logins_on_both_sides_and_idempotent(organisations):
    run()
    applications = list(ProgrammeApplication.objects.select_related("startup", "platform"))
    assert Counter(application.status for application in applications) == {
        ApplicationStatus.SUBMITTED: 4,
        ApplicationStatus.ACCEPTED: 2,
        ApplicationStatus.REJECTED: 1,
        ApplicationStatus.WITHDRAWN: 1,
    }
    mine = {application.status for application in applications if application.startup == organisations}
    assert mine == {ApplicationStatus.SUBMITTED, ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED}
    manager = Membership.objects.get(user__email=demo_email("platform-manager"))
    received = [a for a in applications if a.platform_id == manager.organisation_id]
    assert any(application.status == ApplicationStatus.SUBMITTED for application in received)
    for application in applications:
        assert set(application.services) <= set(application.platform.platform_profile.services)
        if application.status in (ApplicationStatus.ACCEPTED, ApplicationStatus.REJECTED):
            assert application.decision_note and application.decided_by is not None
    again = run()
    assert ProgrammeApplication.objects.count() == len(applications)
    assert again.created_total == 0


def test_each_message_opens_with_the_startups_own_summary(organisations):
    """The startups write of their own project (the speech-decoding login's startup wrote of an exoskeleton)."""
    StartupProfile.objects.create(organisation=organisations, summary_zh="面向失语患者的言语解码系统")
    run()
    for application in ProgrammeApplication.objects.filter(startup=organisations):
        assert application.message.startswith("面向失语患者的言语解码系统。")
        assert "外骨骼" not in application.message
    others = ProgrammeApplication.objects.exclude(startup=organisations)
    assert others and all(application.message in demo.ASKS for application in others)  # no profile: the ask alone
