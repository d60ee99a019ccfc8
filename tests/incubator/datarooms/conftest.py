"""A small data-room cast: a verified startup and a verified investor, each with an owner, and NDA version 1."""

from __future__ import annotations

import pytest

from tests import factories
from tests.incubator.datarooms.world import publish_nda


@pytest.fixture(autouse=True)
def _own_media(settings, tmp_path):
    # This test's storage alone (the private root follows MEDIA_ROOT): "nothing stored" is exact.
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def startup(db):
    return factories.OrganisationFactory(name_zh="丁神经科技", name_en="Delta Neuro", slug="delta", kind="startup")


@pytest.fixture
def investor_org(db):
    return factories.OrganisationFactory(name_zh="丙投资基金", name_en="Gamma Capital", slug="gamma", kind="investor")


@pytest.fixture
def founder(startup):
    user = factories.UserFactory(email="founder@example.com", preferred_language="zh-hans")
    factories.MembershipFactory(organisation=startup, user=user, role="owner")
    return user


@pytest.fixture
def investor(investor_org):
    user = factories.UserFactory(email="investor@example.com", preferred_language="en")
    factories.MembershipFactory(organisation=investor_org, user=user, role="owner")
    return user


@pytest.fixture
def nda(db):
    return publish_nda(1)
