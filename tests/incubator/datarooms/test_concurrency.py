"""Two deletions of one data-room document at once (a double click, two colleagues), on PostgreSQL with
real transactions (``tests.concurrency.race``): the document's row lock lets one delete it, and the other
finds it gone and is done, not a server error."""

from __future__ import annotations

import pytest

from incubator.datarooms import services
from incubator.models import DataRoomDocument
from tests.concurrency import race
from tests.incubator.datarooms.world import document
from tests.incubator.meetings.factories import member_of, verified

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only(postgres_service):
    """Row locks need PostgreSQL (SQLite serialises whole transactions): skipped locally, failed in CI."""


def test_a_document_deleted_twice_at_once_is_deleted_once():
    """“Delete” clicked twice, or by two colleagues at once: the document is deleted once, and the
    second click ends on the room page like the first, not in a server error."""
    startup = verified("startup")
    founder, colleague = member_of(startup), member_of(startup)
    doc = document(startup, by=founder)
    first, second = race(
        lambda: services.delete_document(actor=founder, document=doc),
        lambda: services.delete_document(actor=colleague, document=doc),
    )
    assert first is None and second is None  # not DoesNotExist (a 500)
    assert not DataRoomDocument.objects.exists()
