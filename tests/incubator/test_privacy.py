"""What members write in the incubator is in their personal-data export, and only what they wrote
(``incubator/privacy.py``): not a colleague's NDA acceptance or the address it came from."""

from __future__ import annotations

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from wagtail.models import ModelLogEntry

from incubator.datarooms import services as datarooms
from incubator.models import DataRoomAccess, DocumentAccessLog, SavedSearch
from portal import privacy
from portal.personal_data import personal_data
from tests.incubator.datarooms.world import document, publish_nda
from tests.incubator.meetings.factories import make_meeting, member_of, verified

pytestmark = pytest.mark.django_db


def _export(user) -> dict:
    return json.loads(json.dumps(personal_data(user=user), cls=DjangoJSONEncoder))


def test_a_members_incubator_records_are_theirs_alone():
    startup, investor = verified("startup"), verified("investor")
    asking, accepting = member_of(investor), member_of(investor)
    founder = member_of(startup)
    SavedSearch.objects.create(user=asking, name="康复 原型", query="field=rehabilitation")
    make_meeting(sender=investor, recipient=startup, sent_by=asking, message="想了解柔性电极")
    access = DataRoomAccess.objects.create(
        startup=startup,
        investor=investor,
        requested_by=asking,
        message="尽调需要",
        nda_accepted_by=accepting,
        nda_ip="203.0.113.7",
        status="approved",
        decided_by=founder,
        decision_note="欢迎尽调",
    )
    DocumentAccessLog.objects.create(
        document=document(startup), access=access, user=accepting, action="view", ip="203.0.113.7"
    )

    mine = _export(asking)
    assert [s["name"] for s in mine["incubator_saved_searches"]] == ["康复 原型"]
    assert [m["message"] for m in mine["incubator_meeting_requests"]] == ["想了解柔性电极"]
    assert [r["message"] for r in mine["incubator_data_room_requests"]] == ["尽调需要"]
    assert mine["incubator_nda_acceptances"] == [] and mine["incubator_document_views"] == []
    assert "203.0.113.7" not in json.dumps(mine)  # the colleague's address

    theirs = _export(accepting)
    assert [a["nda_ip"] for a in theirs["incubator_nda_acceptances"]] == ["203.0.113.7"]
    assert [v["action"] for v in theirs["incubator_document_views"]] == ["view"]
    assert theirs["incubator_data_room_requests"] == [] and theirs["incubator_saved_searches"] == []
    founders = _export(founder)
    assert founders["incubator_meeting_requests"] == []
    assert [d["decision_note"] for d in founders["incubator_data_room_decisions"]] == ["欢迎尽调"]
    assert mine["incubator_data_room_decisions"] == []


def test_deleting_an_account_keeps_the_data_room_records_without_its_ip_addresses():
    startup, investor = verified("startup"), verified("investor")
    accepting, colleague = member_of(investor), member_of(investor)
    access = DataRoomAccess.objects.create(
        startup=startup, investor=investor, requested_by=colleague, nda_accepted_by=accepting, nda_ip="203.0.113.7"
    )
    view = DocumentAccessLog.objects.create(
        document=document(startup), access=access, user=accepting, action="view", ip="203.0.113.7"
    )
    theirs = DocumentAccessLog.objects.create(
        document=document(startup), access=access, user=colleague, action="view", ip="198.51.100.9"
    )
    privacy.delete_account(actor=accepting, account=accepting, confirm_email=accepting.email)
    access.refresh_from_db()
    view.refresh_from_db()
    assert access.nda_ip is None and access.nda_accepted_at == access.nda_accepted_at  # the record stays
    assert view.ip is None and view.action == "view"
    assert DocumentAccessLog.objects.get(pk=theirs.pk).ip == "198.51.100.9"  # the colleague's is theirs


def test_deleting_an_account_forgets_its_ip_addresses_in_wagtails_log_too():
    """The NDA acceptance and every view or download were also written to Wagtail's log with the
    address: the entries stay, without it; a colleague's keep theirs."""
    startup, investor = verified("startup"), verified("investor")
    accepting, colleague, founder = member_of(investor), member_of(investor), member_of(startup)
    nda = publish_nda(1)
    access = datarooms.request_access(actor=colleague, investor=investor, startup=startup)
    datarooms.approve(actor=founder, access=access)
    datarooms.accept_nda(actor=accepting, access=access, nda_version=nda, ip="203.0.113.7")
    access.refresh_from_db()
    doc = document(startup)
    datarooms.log_access(actor=accepting, document=doc, access=access, action="view", ip="203.0.113.7")
    datarooms.log_access(actor=accepting, document=doc, access=access, action="download", ip="203.0.113.7")
    datarooms.log_access(actor=colleague, document=doc, access=access, action="view", ip="198.51.100.9")

    privacy.delete_account(actor=accepting, account=accepting, confirm_email=accepting.email)
    theirs = ModelLogEntry.objects.filter(user_id=accepting.pk, action__startswith="incubator.dataroom")
    assert sorted(entry.action for entry in theirs) == [
        "incubator.dataroom.document_downloaded",
        "incubator.dataroom.document_viewed",
        "incubator.dataroom.nda_accepted",
    ]
    assert "203.0.113.7" not in json.dumps([entry.data for entry in theirs], cls=DjangoJSONEncoder)
    colleagues = ModelLogEntry.objects.get(user_id=colleague.pk, action="incubator.dataroom.document_viewed")
    assert colleagues.data["ip"] == "198.51.100.9"
