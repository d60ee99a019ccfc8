"""Beat's housekeeping of Wagtail and Django: scheduled publishing and expired sessions, no cron."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from portal import tasks
from portal.settings.schedule import CELERY_BEAT_SCHEDULE
from tests.portal.page_factories import build_site, standard_page

pytestmark = pytest.mark.django_db


def test_a_page_staff_scheduled_goes_live_when_beat_runs_the_publishing(client):
    site = build_site(news_items=0)
    page = standard_page(site.home, title="定时发布的通知", slug="scheduled-notice", live=False)
    revision = page.save_revision()
    revision.approved_go_live_at = timezone.now() - timedelta(minutes=1)
    revision.save(update_fields=["approved_go_live_at"])
    assert client.get(page.url or "/zh-hans/scheduled-notice/").status_code == 404

    tasks.publish_scheduled()

    page.refresh_from_db()
    assert page.live
    assert client.get(page.url).status_code == 200


def test_expired_sessions_are_deleted_by_beat_and_live_ones_kept():
    expired, live = SessionStore(), SessionStore()
    expired.create()
    live.create()
    Session.objects.filter(session_key=expired.session_key).update(expire_date=timezone.now() - timedelta(days=1))

    tasks.clear_sessions()

    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


def test_beat_runs_both():
    tasks_run = {entry["task"] for entry in CELERY_BEAT_SCHEDULE.values()}
    assert {"portal.tasks.publish_scheduled", "portal.tasks.clear_sessions"} <= tasks_run
