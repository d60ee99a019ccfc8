"""The collection product uploads go to: named for staff in both languages, found by its record, not its name."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from wagtail.models import Collection

from catalog.media import storage
from catalog.models import UploadsCollection
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("catalog.migrations.0013_uploads_collection")


def test_the_admin_shows_the_collection_in_chinese(client):
    storage.uploads_collection()
    client.force_login(StaffFactory(is_superuser=True))
    html = client.get(reverse("wagtailadmin_collections:index")).content.decode()
    assert "产品上传" in html


def test_the_collection_is_found_after_staff_rename_it():
    collection = storage.uploads_collection()
    Collection.objects.filter(pk=collection.pk).update(name="产品图片与手册")
    assert storage.uploads_collection().pk == collection.pk
    assert Collection.objects.count() == 2  # the root and the one collection: no second one made


def test_an_existing_databases_collection_is_renamed_and_recorded():
    """Databases made before the record: their "Product uploads" collection keeps its files and restriction."""
    old = Collection.get_first_root_node().add_child(name=MIGRATION.OLD_NAME)
    MIGRATION.record_the_collection(apps, None)
    old.refresh_from_db()
    assert old.name == storage.COLLECTION_NAME
    assert UploadsCollection.objects.get().collection_id == old.pk
    assert storage.uploads_collection().pk == old.pk
