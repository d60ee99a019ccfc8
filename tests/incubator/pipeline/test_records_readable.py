"""The incubator's record pages in the admin read as the other inspect pages do (``ReadableInspectView``):
before, staff read "Bci types mask", "Version", ``['non_invasive']``, ``True`` and ``None`` there, and
the listings printed ``True`` / ``False``. A locale is named in the staff's language ("英语")."""

from __future__ import annotations

import re

import pytest
from django.contrib.admin.utils import label_for_field
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from competition.models import Entry
from incubator.models import DocumentAccessLog
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


def test_the_admin_names_the_locales_in_the_staffs_language():
    """Wagtail names a locale by ``WAGTAIL_CONTENT_LANGUAGES`` (it said "English" in the Chinese admin)."""
    with translation.override("zh-hans"):
        assert Locale(language_code="en").get_display_name() == "英语"
    with translation.override("en"):
        assert Locale(language_code="zh-hans").get_display_name() == "Simplified Chinese"


@pytest.mark.parametrize(
    ("model", "name", "label"),
    [(DocumentAccessLog, "document", "文档"), (DocumentAccessLog, "access", "数据室访问权限"),
     (DocumentAccessLog, "user", "用户"), (Entry, "deadline", "截止时间")],
)  # fmt: skip
def test_columns_and_fields_staff_read_have_chinese_labels(model, name, label):
    with translation.override("zh-hans"):
        assert str(label_for_field(name, model)) == label


def test_the_background_tasks_state_column_has_a_label(staff_client):
    html = staff_client.get(reverse("background_tasks:index")).content.decode()
    assert "Get state display" not in html and "状态" in html
