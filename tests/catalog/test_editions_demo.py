"""Demo editions: a published 2025 edition over several categories and an open 2026 call; idempotent."""

import pytest
from django.utils import translation

from catalog.editions.models import ApplicationStatus, Edition, EditionEntry, EditionStatus
from tests.portal.test_load_demo import demo, run_load_demo  # noqa: F401


@pytest.mark.django_db
def test_demo_has_a_published_edition_and_an_open_call(demo, client):  # noqa: F811
    published = Edition.objects.get(year=2025)
    assert published.status == EditionStatus.PUBLISHED and published.published_at
    entries = list(published.entries.all())
    assert len(entries) >= 10
    assert len({entry.category for entry in entries}) >= 5
    assert all(entry.rationale_zh and entry.rationale_en and entry.name_en for entry in entries)
    open_call = Edition.objects.get(year=2026)
    assert open_call.is_call_open()
    assert open_call.applications.filter(status=ApplicationStatus.SUBMITTED).count() >= 2
    for language, title in (("zh-hans", published.title_zh), ("en", published.title_en)):
        with translation.override(language):
            assert title in client.get(published.get_absolute_url()).text


@pytest.mark.django_db
def test_second_run_creates_no_edition_rows(demo):  # noqa: F811
    counts = (Edition.objects.count(), EditionEntry.objects.count())
    run_load_demo()
    assert (Edition.objects.count(), EditionEntry.objects.count()) == counts
