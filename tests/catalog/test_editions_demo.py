"""Demo editions: a published 2025 edition over several categories and an open 2026 call; idempotent."""

import pytest
from django.utils import timezone, translation

from catalog.editions.models import ApplicationStatus, Edition, EditionEntry, EditionStatus
from portal.demo import clock
from portal.models import NewsPage
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
def test_the_news_of_the_open_call_says_when_the_call_loaded_closes(demo, client):  # noqa: F811
    """The call is moved to the loading day (open for 60 more days at least): the news said "31 January
    2027", as editions.toml was written, while the call closed on 5 February when loaded in December."""
    call = Edition.objects.get(year=2026)
    closes = clock.in_words(call.call_closes_at)
    for language in ("zh-hans", "en"):
        news = NewsPage.objects.get(slug="catalogue-2026-applications", locale__language_code=language)
        assert closes[language] in news.summary and closes[language] in str(news.body)
        assert news.date == timezone.localtime(call.call_opens_at, clock.SHANGHAI).date()
        page = client.get(news.url).text
        assert page.count(closes[language]) >= 2  # the summary and the body
        written = {"zh-hans": "2027年1月31日", "en": "31 January 2027"}[language]  # as editions.toml has it
        assert (written in page) == (closes[language] == written)


@pytest.mark.django_db
def test_second_run_creates_no_edition_rows(demo):  # noqa: F811
    counts = (Edition.objects.count(), EditionEntry.objects.count())
    run_load_demo()
    assert (Edition.objects.count(), EditionEntry.objects.count()) == counts
