"""``make test``'s worker processes (pytest-xdist) keep out of each other's way: each has its own
Redis database and media folder (portal/settings/test.py) and its own test database (pytest-django);
and the demo snapshot the modules of a process share is put back without reusing a key."""

import os

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection, transaction

from portal.settings.test import worker_redis
from tests import dbsnapshot


def test_each_worker_counts_down_from_the_configured_redis_database():
    assert worker_redis("redis://127.0.0.1:6379/15", "") == "redis://127.0.0.1:6379/15"
    assert worker_redis("redis://127.0.0.1:6379/15", "gw0") == "redis://127.0.0.1:6379/15"
    assert worker_redis("redis://127.0.0.1:6379/15", "gw1") == "redis://127.0.0.1:6379/14"
    assert worker_redis("redis://127.0.0.1:6379/8", "gw3") == "redis://127.0.0.1:6379/5"
    assert worker_redis("redis://127.0.0.1:6379/0", "gw1") == "redis://127.0.0.1:6379/15"
    assert worker_redis("redis://127.0.0.1:6379", "gw1") == "redis://127.0.0.1:6379"


def test_this_process_uses_its_worker_s_media_folder_redis_and_database(db):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    assert settings.MEDIA_ROOT.name == (worker or "main")
    assert worker_redis(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"), worker) == settings.REDIS_URL
    if worker and connection.vendor == "postgresql":
        assert connection.settings_dict["NAME"].endswith(f"_{worker}")


def test_putting_a_snapshot_back_never_moves_a_sequence_back(db):
    """A restore rolled back with its caller's transaction must not hand out a key again (dbsnapshot)."""
    if not dbsnapshot.supported(connection):
        pytest.skip("COPY snapshots are PostgreSQL's")
    snapshot = dbsnapshot.take(connection)
    later = Group.objects.create(name="made after the snapshot")
    with transaction.atomic():
        dbsnapshot.restore(connection, snapshot)
        assert not Group.objects.filter(pk=later.pk).exists()
        transaction.set_rollback(True)
    assert Group.objects.filter(pk=later.pk).exists()
    assert Group.objects.create(name="made after the restore").pk > later.pk
