from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.incubator.meetings.factories import member_of, verified


@pytest.fixture
def investor_org(db):
    return verified("investor", name_zh="浦江未来产业基金", name_en="Pujiang Future Fund", slug="pujiang")


@pytest.fixture
def startup_org(db):
    return verified("startup", name_zh="言启智能", name_en="Yanqi Intelligence", slug="yanqi")


@pytest.fixture
def incubator_org(db):
    return verified("incubator", name_zh="张江脑机接口孵化器", name_en="Zhangjiang BCI Incubator", slug="zj-incubator")


@pytest.fixture
def investor(investor_org):
    return member_of(investor_org, user__email="grace@example.com", user__preferred_language="en")


@pytest.fixture
def founder(startup_org):
    return member_of(startup_org, user__email="xu.yan@example.com", user__preferred_language="zh-hans")


def later(days: float = 3, hour: int = 10):
    """A whole-minute instant ``days`` from now."""
    return (timezone.now() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)
