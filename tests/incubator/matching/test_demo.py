"""The incubator's demo profiles: enough of each kind, verified, idempotent, and suggestions for the demo logins."""

from __future__ import annotations

import pytest
from django.db.models import F

from incubator.demo import profiles
from incubator.matching import queries
from incubator.models import InvestorProfile, PlatformProfile, StartupProfile
from portal.demo import organisations, users
from portal.demo.registry import DemoContext
from portal.organisations.models import Organisation, VerificationStatus

pytestmark = pytest.mark.django_db


def _context() -> DemoContext:
    return DemoContext(password=None, write=lambda message: None, verbosity=0)


def test_counts_idempotency_and_the_demo_logins_suggestions():
    first = _context()
    organisations.load(first)
    users.load(first)
    profiles.load(first)
    verified = {"organisation__verification_status": VerificationStatus.VERIFIED}
    assert StartupProfile.objects.filter(**verified).count() >= 60
    assert InvestorProfile.objects.filter(**verified).count() >= 25
    assert PlatformProfile.objects.filter(**verified).count() >= 10
    assert StartupProfile.objects.values("stage").distinct().count() == 6
    assert StartupProfile.objects.values("trl").distinct().count() >= 8
    assert not StartupProfile.objects.filter(ask_min_cny__gt=F("ask_max_cny")).exists()
    assert Organisation.objects.filter(city_zh="杭州", city_en="Hangzhou").exists()

    again = _context()
    profiles.load(again)
    assert again.created_total == 0
    assert again.counts[("startup profile", "existing")] == StartupProfile.objects.count()

    investor = first.user("investor").organisations.get()
    assert investor.slug == "pujiang-fund"
    suggested = queries.suggestions_for(investor, first.user("investor"))
    assert len(suggested.startups) == 10
    founder = first.user("startup-owner").organisations.get()
    assert founder.slug == "yanqi-ai"
    suggested = queries.suggestions_for(founder, first.user("startup-owner"))
    assert suggested.investors and suggested.platforms
    assert "haishang-brain-data" in [s.organisation.slug for s in suggested.platforms]


def test_the_loader_is_declared_after_the_users():
    loader = next(loader for loader in profiles.LOADERS if loader.name == "incubator.profiles")
    assert loader.after == ("portal.users",)
