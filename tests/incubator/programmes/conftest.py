from __future__ import annotations

import pytest

from incubator.models import PlatformProfile
from tests.incubator.meetings.factories import member_of, verified


@pytest.fixture
def startup_org(db):
    return verified("startup", name_zh="言启智能", name_en="Yanqi Intelligence", slug="yanqi")


@pytest.fixture
def incubator_org(db):
    organisation = verified("incubator", name_zh="张江脑机接口孵化器", name_en="Zhangjiang BCI Incubator", slug="zj")
    PlatformProfile.objects.create(
        organisation=organisation, services=["incubation_space", "proof_of_concept"], accepts_applications=True
    )
    return organisation


@pytest.fixture
def founder(startup_org):
    return member_of(startup_org, user__email="xu.yan@example.com", user__preferred_language="zh-hans")


@pytest.fixture
def manager(incubator_org):
    return member_of(incubator_org, user__email="li.na@example.com", user__preferred_language="en")
