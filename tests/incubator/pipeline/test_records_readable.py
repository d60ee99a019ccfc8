"""The incubator's record pages in the admin read as the other inspect pages do (``ReadableInspectView``):
before, staff read "Bci types mask", "Version", ``['non_invasive']``, ``True`` and ``None`` there, and
the listings printed ``True`` / ``False``. A locale is named in the staff's language ("英语")."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from portal.organisations.models import OrganisationKind
from tests.factories import OrganisationFactory
from tests.incubator.profiles.world import startup_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile():
    return startup_profile(OrganisationFactory(kind=OrganisationKind.STARTUP), tag="admin")


def test_a_startup_profile_reads_in_chinese(staff_client, profile):
    html = staff_client.get(reverse("incubator_startup_profiles:inspect", args=[profile.pk])).content.decode()
    text = re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1])
    assert "mask" not in text and "Version" not in text and "creation" not in text.lower()
    assert not re.search(r"\b(True|False|None)\b|\['", text)
    assert "非侵入式" in text  # the BCI type's label, not its code


def test_the_listing_shows_yes_and_no_as_icons(staff_client, profile):
    html = staff_client.get(reverse("incubator_startup_profiles:index")).content.decode()
    table = html.split("<table", 1)[1]
    assert not re.search(r">\s*(True|False)\s*<", table)
    assert "在初创企业名录中展示" in html  # the column's label, from the field


def test_the_admin_names_the_locales_in_the_staffs_language(staff_client):
    html = staff_client.get(reverse("wagtailadmin_home")).content.decode()
    assert not re.search(r">\s*English\s*<", html)
