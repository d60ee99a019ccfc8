"""The NDA's versions in the admin: the next number offered, a published text frozen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from incubator.datarooms.admin import NdaVersionViewSet
from tests.incubator.datarooms.world import publish_nda

pytestmark = pytest.mark.django_db


def form_class(update: bool):
    return NdaVersionViewSet().get_form_class(for_update=update)


def data(version, text="新文本", when=None):
    return {"version": version, "text_zh": text, "text_en": "New text", "published_at": when or ""}


def test_a_new_version_is_offered_the_next_number():
    publish_nda(1)
    publish_nda(2)
    assert form_class(False)().initial["version"] == 3


def test_a_published_version_cannot_change():
    nda = publish_nda(1)
    form = form_class(True)(data=data(1, when=nda.published_at), instance=nda)
    with translation.override("en"):
        assert not form.is_valid()
        assert "cannot change" in str(form.non_field_errors())


def test_a_scheduled_version_can_still_be_edited():
    nda = publish_nda(2, when=timezone.now() + timedelta(days=7))
    later = nda.published_at + timedelta(days=1)
    form = form_class(True)(data=data(2, "改过的文本", when=later.strftime("%Y-%m-%d %H:%M")), instance=nda)
    assert form.is_valid(), form.errors
    form.save()
    nda.refresh_from_db()
    assert nda.text_zh == "改过的文本"
