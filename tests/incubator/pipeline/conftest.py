"""Fixtures of the pipeline's tests: project managers, staff, startups, a platform, cards."""

from __future__ import annotations

import pytest

from incubator.pipeline import services
from incubator.vocabulary import PipelineSource
from portal.organisations.models import MemberRole, OrganisationKind
from tests.factories import MembershipFactory, OrganisationFactory, ProjectManagerFactory, StaffFactory, UserFactory


@pytest.fixture
def pm(db):
    return ProjectManagerFactory(email="pm1@alliance.example")


@pytest.fixture
def pm2(db):
    return ProjectManagerFactory(email="pm2@alliance.example")


@pytest.fixture
def staff_user(db):
    return StaffFactory(email="staff@alliance.example")


@pytest.fixture
def member(db):
    return UserFactory()


@pytest.fixture
def startup(db):
    organisation = OrganisationFactory(kind=OrganisationKind.STARTUP, name_zh="脑语科技", name_en="Brainspeak")
    MembershipFactory(
        organisation=organisation, role=MemberRole.OWNER, user=UserFactory(email="ceo@brainspeak.example")
    )
    return organisation


@pytest.fixture
def other_startup(db):
    return OrganisationFactory(kind=OrganisationKind.STARTUP, name_zh="神经桥", name_en="Neurobridge")


@pytest.fixture
def platform(db):
    return OrganisationFactory(kind=OrganisationKind.SERVICE_PLATFORM, name_zh="微纳加工平台")


@pytest.fixture
def card(pm, startup):
    return services.discover(actor=pm, startup=startup, source=PipelineSource.REFERRAL, note="院士推荐")
