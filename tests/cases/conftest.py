"""Fixtures shared by the cases' tests: a hospital and one of its editors (who reads English).

A module that needs another member (signed in, another role) declares its own ``member``.
"""

import pytest

from tests.cases.factories import HospitalFactory
from tests.factories import MembershipFactory, UserFactory


@pytest.fixture
def hospital():
    return HospitalFactory()


@pytest.fixture
def member(hospital):
    return MembershipFactory(organisation=hospital, role="editor", user=UserFactory(preferred_language="en")).user
