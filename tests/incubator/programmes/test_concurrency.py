"""Two applications of one startup to one platform at once, on PostgreSQL with real transactions:
the startup's row lock lets one through, and the other is refused with the first one's date."""

from __future__ import annotations

import uuid

import pytest

from incubator.models import PlatformProfile, ProgrammeApplication
from incubator.programmes import services
from tests.incubator.meetings.factories import member_of, verified
from tests.incubator.meetings.test_concurrency import race

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only(postgres_service):
    """Row locks need PostgreSQL (SQLite serialises whole transactions): skipped locally, failed in CI."""


def test_two_forms_sent_at_once_make_one_application():
    startup, platform = verified("startup"), verified("incubator")
    PlatformProfile.objects.create(organisation=platform, services=["proof_of_concept"])
    founder, colleague = member_of(startup), member_of(startup)

    def apply(actor):
        return lambda: services.apply(
            actor=actor,
            startup=startup,
            platform=platform,
            services=["proof_of_concept"],
            message="希望申请概念验证。",
            token=uuid.uuid4(),  # two different forms: the token does not make them one
        )

    first, second = race(apply(founder), apply(colleague))
    assert isinstance(first, ProgrammeApplication)
    assert isinstance(second, services.ProgrammeError) and "already has an application" in str(second)
    assert ProgrammeApplication.objects.count() == 1
