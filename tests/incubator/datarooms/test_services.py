"""The data rooms' rules, service by service (``incubator.datarooms.services``)."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from incubator.datarooms import audit, permissions, services
from incubator.models import DataRoomAccess, DataRoomDocument, DocumentAccessLog
from incubator.vocabulary import AccessStatus
from portal import outbox
from portal.models import OutboxMessage
from tests import factories
from tests import upload_samples as samples
from tests.incubator.datarooms.world import document, pdf_upload, publish_nda

pytestmark = pytest.mark.django_db


def log_actions(target) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(object_id=str(target.pk), action__startswith="incubator.dataroom")
        .order_by("pk")
        .values_list("action", flat=True)
    )


@pytest.fixture
def requested(founder, investor, investor_org, startup, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.request_access(actor=investor, investor=investor_org, startup=startup, message="想看BP")


@pytest.fixture
def approved(requested, founder):
    return services.approve(actor=founder, access=requested)


# --- requesting ---------------------------------------------------------------------------------


def test_a_request_is_recorded_logged_and_mailed_to_the_startup_in_its_language(requested, founder):
    assert requested.status == AccessStatus.REQUESTED
    assert requested.message == "想看BP"
    assert log_actions(requested) == [audit.REQUESTED]
    assert [m.to for m in mail.outbox] == [[founder.email]]
    assert mail.outbox[0].extra_headers["Content-Language"] == "zh-hans"
    assert "丙投资基金" in mail.outbox[0].subject  # the investor's Chinese name, in the founder's language
    assert "/zh-hans/dashboard/incubator/data-room/" in mail.outbox[0].body


def test_asking_again_changes_nothing_while_the_request_waits_or_is_approved(
    requested, investor, investor_org, startup, founder, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = services.request_access(actor=investor, investor=investor_org, startup=startup, message="再问")
    assert again.pk == requested.pk and again.message == "想看BP"
    services.approve(actor=founder, access=requested)
    with django_capture_on_commit_callbacks(execute=True):
        third = services.request_access(actor=investor, investor=investor_org, startup=startup)
    assert third.status == AccessStatus.APPROVED
    assert DataRoomAccess.objects.count() == 1
    assert log_actions(requested) == [audit.REQUESTED, audit.APPROVED]
    assert [m for m in mail.outbox if m.to == [founder.email]] == []


def test_a_declined_or_revoked_pair_may_ask_again_and_must_accept_the_nda_again(
    approved, founder, investor, investor_org, startup, nda
):
    services.accept_nda(actor=investor, access=approved, nda_version=nda, ip="198.51.100.4")
    services.revoke(actor=founder, access=approved)
    again = services.request_access(actor=investor, investor=investor_org, startup=startup, message="重新申请")
    assert again.pk == approved.pk
    assert again.status == AccessStatus.REQUESTED and again.message == "重新申请"
    assert again.nda_version is None and again.nda_ip is None and again.decided_at is None
    services.decline(actor=founder, access=again, note="暂不开放")
    assert services.request_access(actor=investor, investor=investor_org, startup=startup).status == "requested"


@pytest.mark.parametrize("who", ["plain member", "startup member", "unverified investor", "suspended investor"])
def test_only_members_of_a_verified_investor_may_ask(who, startup, founder, investor_org):
    if who == "plain member":
        actor, org = factories.UserFactory(), investor_org
    elif who == "startup member":
        actor, org = founder, startup
    else:
        status = "pending" if who == "unverified investor" else "suspended"
        org = factories.OrganisationFactory(kind="investor", verification_status=status)
        actor = factories.MembershipFactory(organisation=org).user
    with pytest.raises(services.DataRoomError), translation.override("zh-hans"):
        services.request_access(actor=actor, investor=org, startup=startup)
    assert not DataRoomAccess.objects.exists()


def test_an_unverified_startup_cannot_be_asked(investor, investor_org):
    pending = factories.OrganisationFactory(kind="startup", verification_status="pending")
    with pytest.raises(services.DataRoomError):
        services.request_access(actor=investor, investor=investor_org, startup=pending)


# --- deciding -----------------------------------------------------------------------------------


def test_only_the_startups_members_decide(requested, investor):
    other = factories.MembershipFactory(organisation=factories.OrganisationFactory(kind="startup")).user
    for actor in (investor, other, factories.StaffFactory()):
        with pytest.raises(PermissionDenied):
            services.approve(actor=actor, access=requested)
    requested.refresh_from_db()
    assert requested.status == AccessStatus.REQUESTED


def test_decisions_are_logged_with_before_and_after_and_mailed_to_the_investor(
    requested, founder, investor, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.decline(actor=founder, access=requested, note="阶段不匹配")
    entry = ModelLogEntry.objects.get(action=audit.DECLINED)
    assert entry.user_id == founder.pk
    assert entry.data["before"]["status"] == "requested" and entry.data["after"]["status"] == "declined"
    assert entry.data["note"] == "阶段不匹配"
    assert [m.to for m in mail.outbox] == [[investor.email]]
    message = mail.outbox[0]
    assert message.extra_headers["Content-Language"] == "en"
    assert message.subject == "Delta Neuro declined your data-room request"
    assert "阶段不匹配" in message.body and "/en/dashboard/incubator/data-rooms/" in message.body


def test_the_same_decision_twice_changes_and_sends_nothing(approved, founder, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(actor=founder, access=approved)
    assert log_actions(approved).count(audit.APPROVED) == 1
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("state", "decision"),
    [("requested", "revoke"), ("approved", "decline"), ("revoked", "approve"), ("revoked", "decline")],
)
def test_decisions_follow_the_life_of_an_access(requested, founder, state, decision):
    DataRoomAccess.objects.filter(pk=requested.pk).update(status=state)
    with translation.override("en"), pytest.raises(services.DataRoomError) as refused:
        services.decide(actor=founder, access=requested, decision=decision)
    # The reason names the state, as a status: "it is Revoked." read as if revoking were the reason.
    with translation.override("en"):
        assert f"it is “{AccessStatus(state).label}”." in str(refused.value)
    requested.refresh_from_db()
    assert requested.status == state


def test_a_mail_announcing_what_no_longer_holds_is_not_sent(requested, founder, django_capture_on_commit_callbacks):
    from incubator.datarooms import emails

    mail.outbox.clear()
    services.approve(actor=founder, access=requested)
    emails.requested_email(access_id=requested.pk)  # the request's mail, run late: it is approved now
    emails.decision_email(access_id=requested.pk, status="declined")
    assert mail.outbox == []


def _deliver_waiting_decisions(capture) -> list:
    """Run the decision mails still waiting in the outbox (as the drain would once SMTP answers)."""
    from incubator.datarooms import emails

    mail.outbox.clear()
    with capture(execute=True):
        for message in OutboxMessage.objects.filter(effect=emails.DECISION_EFFECT, done_at__isnull=True):
            assert outbox.deliver(message.pk) == "done"
    return list(mail.outbox)


def test_a_decision_taken_again_while_its_first_mail_waited_is_announced_once(
    requested, founder, investor, investor_org, startup, django_capture_on_commit_callbacks
):
    # The mails wait (SMTP down): approved, revoked, asked again, approved again with another note.
    services.approve(actor=founder, access=requested, note="第一次批准")
    services.revoke(actor=founder, access=requested)
    again = services.request_access(actor=investor, investor=investor_org, startup=startup)
    services.approve(actor=founder, access=again, note="第二次批准")
    (message,) = _deliver_waiting_decisions(django_capture_on_commit_callbacks)
    assert message.to == [investor.email] and "approved" in message.subject
    assert "第二次批准" in message.body


def test_a_decision_mail_queued_before_decisions_were_stamped_still_goes_out(
    requested, founder, investor, django_capture_on_commit_callbacks
):
    from incubator.datarooms import emails

    services.decline(actor=founder, access=requested, note="阶段不匹配")
    message = OutboxMessage.objects.get(effect=emails.DECISION_EFFECT)
    assert message.payload.pop("decided_at") == DataRoomAccess.objects.get(pk=requested.pk).decided_at.isoformat()
    message.save(update_fields=["payload"])  # as queued by the code before the stamp
    (sent,) = _deliver_waiting_decisions(django_capture_on_commit_callbacks)
    assert sent.to == [investor.email] and "阶段不匹配" in sent.body


# --- the NDA --------------------------------------------------------------------------------------


def test_accepting_the_nda_records_version_time_user_and_ip(approved, investor, nda):
    before = timezone.now()
    services.accept_nda(actor=investor, access=approved, nda_version=nda, ip="198.51.100.23")
    approved.refresh_from_db()
    assert approved.nda_version == nda
    assert approved.nda_accepted_by == investor
    assert approved.nda_ip == "198.51.100.23"
    assert before <= approved.nda_accepted_at <= timezone.now()
    entry = ModelLogEntry.objects.get(action=audit.NDA_ACCEPTED)
    assert entry.data["ip"] == "198.51.100.23" and entry.data["after"]["nda_version"] == 1


def test_an_invalid_ip_is_not_stored(approved, investor, nda):
    services.accept_nda(actor=investor, access=approved, nda_version=nda, ip="<script>")
    approved.refresh_from_db()
    assert approved.nda_version == nda and approved.nda_ip is None


def test_no_nda_before_approval(requested, investor, nda):
    with pytest.raises(services.DataRoomError):
        services.accept_nda(actor=investor, access=requested, nda_version=nda)


def test_no_room_opens_while_no_nda_is_published(approved, investor):
    publish_nda(1, when=timezone.now() + timedelta(days=3))  # scheduled, not published yet
    with pytest.raises(services.DataRoomError):
        services.accept_nda(actor=investor, access=approved)
    assert not permissions.may_read_data_room(investor, approved)


def test_only_the_investors_members_accept(approved, founder, nda):
    with pytest.raises(PermissionDenied):
        services.accept_nda(actor=founder, access=approved, nda_version=nda)


def test_a_newer_nda_closes_the_room_until_accepted_again(approved, investor, nda):
    services.accept_nda(actor=investor, access=approved, nda_version=nda, ip="198.51.100.1")
    approved.refresh_from_db()
    assert permissions.may_read_data_room(investor, approved)
    newer = publish_nda(2, when=timezone.now() - timedelta(seconds=1))
    assert not permissions.may_read_data_room(investor, approved)
    with pytest.raises(services.DataRoomError):  # the investor read version 1: refused, the page shows 2
        services.accept_nda(actor=investor, access=approved, nda_version=nda)
    services.accept_nda(actor=investor, access=approved, nda_version=newer, ip="198.51.100.2")
    approved.refresh_from_db()
    assert approved.nda_version == newer and approved.nda_ip == "198.51.100.2"
    assert permissions.may_read_data_room(investor, approved)


# --- who reads --------------------------------------------------------------------------------


def test_may_read_needs_membership_approval_and_the_current_nda(approved, investor, investor_org, founder, nda):
    assert not permissions.may_read_data_room(investor, approved)  # approved, no NDA yet
    services.accept_nda(actor=investor, access=approved, nda_version=nda)
    approved.refresh_from_db()
    assert permissions.may_read_data_room(investor, approved)
    colleague = factories.MembershipFactory(organisation=investor_org, role="editor").user
    assert permissions.may_read_data_room(colleague, approved)  # the organisation accepted
    for outsider in (founder, factories.UserFactory(), factories.StaffFactory()):
        assert not permissions.may_read_data_room(outsider, approved)
    investor_org.verification_status = "suspended"
    investor_org.save()
    approved.refresh_from_db()
    assert not permissions.may_read_data_room(investor, approved)


def test_revocation_is_effective_at_once(approved, investor, founder, nda):
    services.accept_nda(actor=investor, access=approved, nda_version=nda)
    services.revoke(actor=founder, access=approved, note="合作结束")
    approved.refresh_from_db()
    assert not permissions.may_read_data_room(investor, approved)
    doc = document(approved.startup)
    with pytest.raises(PermissionDenied):
        services.log_access(actor=investor, document=doc, access=approved, action="view")
    assert not DocumentAccessLog.objects.exists()


def test_a_revocation_committed_after_the_room_was_looked_up_refuses_the_file(approved, investor, founder, nda):
    """The page read the access while it was open; the startup's revocation commits before the file
    is logged and served: the file is refused (the view answers 404), nothing is logged."""
    services.accept_nda(actor=investor, access=approved, nda_version=nda)
    approved.refresh_from_db()
    looked_up = DataRoomAccess.objects.get(pk=approved.pk)  # what the document view read
    services.revoke(actor=founder, access=approved)
    with pytest.raises(PermissionDenied):
        services.log_access(actor=investor, document=document(approved.startup), access=looked_up, action="download")
    assert not DocumentAccessLog.objects.exists()


# --- the access log -----------------------------------------------------------------------------


def test_every_view_and_download_is_logged_twice_over(approved, investor, nda):
    services.accept_nda(actor=investor, access=approved, nda_version=nda)
    approved.refresh_from_db()
    doc = document(approved.startup)
    services.log_access(actor=investor, document=doc, access=approved, action="view", ip="198.51.100.9")
    services.log_access(actor=investor, document=doc, access=approved, action="download", ip="2001:db8::1")
    rows = list(DocumentAccessLog.objects.order_by("pk").values_list("user", "action", "ip", "access"))
    assert rows == [
        (investor.pk, "view", "198.51.100.9", approved.pk),
        (investor.pk, "download", "2001:db8::1", approved.pk),
    ]
    assert log_actions(doc) == [audit.VIEWED, audit.DOWNLOADED]


def test_a_document_of_another_startup_is_not_logged_through_an_access(approved, investor, nda):
    services.accept_nda(actor=investor, access=approved, nda_version=nda)
    approved.refresh_from_db()
    elsewhere = document(factories.OrganisationFactory(kind="startup"))
    with pytest.raises(PermissionDenied):
        services.log_access(actor=investor, document=elsewhere, access=approved, action="view")


# --- documents ---------------------------------------------------------------------------------


def test_upload_stores_a_clean_pdf_privately_under_a_safe_name(founder, startup, settings):
    upload = samples.upload("../../商业计划书 v2.pdf", samples.pdf_bytes(2), "application/pdf")
    doc = services.upload_document(actor=founder, startup=startup, title=" 商业计划书 ", upload=upload)
    assert doc.title == "商业计划书"
    assert doc.name.endswith(".pdf") and "/" not in doc.name and ".." not in doc.name
    assert doc.content_type == "application/pdf" and doc.size > 0
    assert doc.file.storage.__class__.__name__ == "PrivateStorage"
    assert not Path(doc.file.path).is_relative_to(Path(settings.MEDIA_ROOT))  # nothing under the public root
    assert doc.file.read().startswith(b"%PDF-")
    assert log_actions(doc) == [audit.UPLOADED]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plan.pdf", samples.HTML_AS_PNG),
        ("plan.pdf", samples.pdf_bytes(javascript=True)),
        ("plan.pdf", samples.EXE_BYTES),
    ],
    ids=["html-named-pdf", "pdf-with-javascript", "exe-named-pdf"],
)
def test_hostile_uploads_are_refused_with_a_translated_reason(founder, startup, name, content):
    with translation.override("zh-hans"), pytest.raises(services.DataRoomError) as refused:
        services.upload_document(
            actor=founder, startup=startup, title="计划", upload=samples.upload(name, content, "application/pdf")
        )
    assert refused.value.field == "file"
    assert re.search("[\u4e00-\u9fff]", str(refused.value)), "the reason is in Chinese"
    assert not DataRoomDocument.objects.exists()


def test_an_oversize_pdf_is_refused(founder, startup, settings):
    settings.PORTAL_UPLOAD_PDF_MAX_BYTES = 2000
    big = samples.pdf_bytes(40)
    assert len(big) > 2000
    with pytest.raises(services.DataRoomError):
        services.upload_document(actor=founder, startup=startup, title="大文件", upload=samples.upload("b.pdf", big))
    assert not DataRoomDocument.objects.exists()


def test_upload_needs_a_member_of_a_verified_startup(founder, startup, investor):
    with pytest.raises(PermissionDenied):
        services.upload_document(actor=investor, startup=startup, title="x", upload=pdf_upload())
    startup.verification_status = "pending"
    startup.save()
    with pytest.raises(services.DataRoomError):
        services.upload_document(actor=founder, startup=startup, title="x", upload=pdf_upload())
    assert not DataRoomDocument.objects.exists()


def test_the_same_form_sent_twice_stores_one_document(founder, startup):
    import uuid

    token = uuid.uuid4()
    first = services.upload_document(
        actor=founder, startup=startup, title="BP", upload=pdf_upload(), creation_token=token
    )
    second = services.upload_document(
        actor=founder, startup=startup, title="BP", upload=pdf_upload(), creation_token=token
    )
    assert first.pk == second.pk and DataRoomDocument.objects.count() == 1


def test_a_room_holds_a_bounded_number_of_documents(founder, startup, monkeypatch):
    monkeypatch.setattr(services, "MAX_DOCUMENTS", 2)
    for title in ("一", "二"):
        services.upload_document(actor=founder, startup=startup, title=title, upload=pdf_upload())
    with pytest.raises(services.DataRoomError):
        services.upload_document(actor=founder, startup=startup, title="三", upload=pdf_upload())


def test_deleting_a_document_removes_its_file_after_the_commit(
    founder, startup, investor, django_capture_on_commit_callbacks
):
    doc = services.upload_document(actor=founder, startup=startup, title="BP", upload=pdf_upload())
    storage, name = doc.file.storage, doc.file.name
    with pytest.raises(PermissionDenied):
        services.delete_document(actor=investor, document=doc)
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_document(actor=founder, document=doc)
    assert not DataRoomDocument.objects.exists() and not storage.exists(name)
    assert log_actions(doc) == [audit.UPLOADED, audit.DELETED]  # the log outlives the document
