"""Every hostile sample of the portal's drill (``tests/portal/test_hostile_uploads.py``) against the
data room's upload form, through its page: refused beside the field, nothing stored."""

from __future__ import annotations

import os

import pytest

from incubator.models import DataRoomDocument
from tests import upload_samples as samples
from tests.incubator.datarooms.world import post_document_upload
from tests.portal.test_hostile_uploads import FILE_LIMIT, HOSTILE

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("sample", sorted(HOSTILE))
def test_hostile_upload_is_refused_and_nothing_is_stored(client, sample, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PORTAL_UPLOAD_PDF_MAX_BYTES = FILE_LIMIT
    name, content, content_type = HOSTILE[sample]
    response, form, field = post_document_upload(client, samples.upload(name, content, content_type))
    assert response.status_code == 400, sample
    assert form.errors.get(field), sample
    assert "保留的说明文字" in response.content.decode()
    assert not DataRoomDocument.objects.exists()
    assert not any(files for _folder, _dirs, files in os.walk(tmp_path)), "a file was stored"
