"""Staff's eligibility screening through the review kit (logged before/after, e-mailed), attachments by
content, and another team's attachment a 404."""

import importlib
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from competition import deadlines, services
from competition.models import Entry, EntryAttachment
from competition.vocabulary import EntryStatus
from portal import outbox
from portal.models import OutboxMessage
from tests import upload_samples as samples
from tests.competition.factories import EntryFactory, add_member
from tests.factories import ProjectManagerFactory, StaffFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_ineligible_with_a_reason_is_logged_and_mailed(django_capture_on_commit_callbacks):
    entry = EntryFactory(status=EntryStatus.SUBMITTED)
    add_member(entry.team)
    staff = StaffFactory()
    with pytest.raises(services.EntryError):
        services.mark_ineligible(staff=staff, entry=entry, reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_ineligible(staff=staff, entry=entry, reason="缺少伦理审查批件")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.INELIGIBLE and entry.screened_by == staff
    log = ModelLogEntry.objects.get(action="competition.entry.ineligible")
    assert log.data["before"]["status"] == "submitted" and log.data["after"]["status"] == "ineligible"
    assert log.data["after"]["note"] == "缺少伦理审查批件"
    assert len(mail.outbox) == 2 and all("缺少伦理审查批件" in m.body for m in mail.outbox)


def test_eligible_then_corrected(django_capture_on_commit_callbacks):
    entry = EntryFactory(status=EntryStatus.SUBMITTED)
    staff = StaffFactory()
    with django_capture_on_commit_callbacks(execute=True):
        services.mark_eligible(staff=staff, entry=entry)
    assert entry.title in mail.outbox[0].subject and mail.outbox[0].to == [entry.team.created_by.email]
    services.mark_ineligible(staff=staff, entry=entry, reason="重复参赛")
    assert ModelLogEntry.objects.filter(action__startswith="competition.entry.").count() == 2


def test_only_staff_screen_and_a_draft_is_not_screened():
    with pytest.raises(PermissionDenied):
        services.mark_eligible(staff=ProjectManagerFactory(), entry=EntryFactory(status=EntryStatus.SUBMITTED))
    with pytest.raises(services.EntryError):
        services.mark_eligible(staff=StaffFactory(), entry=EntryFactory())


def test_the_admin_decision_view(client):
    entry = EntryFactory(status=EntryStatus.SUBMITTED)
    staff = StaffFactory()
    client.force_login(staff)
    url = reverse("competition_entries:review", args=[entry.pk, "ineligible"])
    assert client.post(url, {"note": ""}).status_code == 200  # refused beside the field
    assert client.post(url, {"note": "不符合赛道要求"}).status_code == 302
    entry.refresh_from_db()
    assert entry.status == EntryStatus.INELIGIBLE


@pytest.fixture
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.usefixtures("_private_media")
def test_a_file_answer_is_judged_by_content(client):
    entry = EntryFactory()
    client.force_login(entry.team.created_by)
    url = reverse("competition:entry_edit", args=[entry.pk])
    polyglot = samples.upload("evidence.pdf", samples.jpeg_html_polyglot("trailer"), "application/pdf")
    response = client.post(url, {"version": 1, "title": "保留的标题", "q_evidence": polyglot})
    assert response.status_code == 400 and response.context["form"].errors["q_evidence"]
    assert "保留的标题" in response.content.decode()
    assert not EntryAttachment.objects.exists()
    good = samples.upload("evidence.pdf", samples.pdf_bytes(), "application/pdf")
    assert client.post(url, {"version": 1, "title": "保留的标题", "q_evidence": good}).status_code == 302
    entry.refresh_from_db()
    attachment = EntryAttachment.objects.get()
    assert entry.answers["evidence"] == attachment.pk and attachment.field_key == "evidence"


@pytest.mark.usefixtures("_private_media")
def test_another_teams_attachment_is_a_404(client):
    entry = EntryFactory()
    other = EntryFactory()
    attachment = EntryAttachment.objects.create(
        entry=entry, kind="deck", file=samples.upload("deck.pdf", samples.pdf_bytes()), name="deck.pdf"
    )
    url = reverse("competition:attachment_download", args=[entry.pk, attachment.pk])
    client.force_login(other.team.created_by)
    assert client.get(url).status_code == 404
    client.force_login(entry.team.created_by)
    assert client.get(url).status_code == 200


def test_the_admin_extension_form_extends_and_logs(client):
    entry = EntryFactory(status=EntryStatus.SUBMITTED)
    staff = StaffFactory()
    client.force_login(staff)
    url = reverse("competition_entries:extend", args=[entry.pk])
    assert "Asia/Shanghai" in client.get(url).content.decode()
    until = (entry.competition.submission_deadline.astimezone(SHANGHAI) + timedelta(days=1)).replace(microsecond=0)
    refused = client.post(url, {"until": until.strftime("%Y-%m-%dT%H:%M:%S"), "reason": ""})
    assert refused.status_code == 200
    response = client.post(url, {"until": until.strftime("%Y-%m-%dT%H:%M:%S"), "reason": "系统故障"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.extended_until == until and entry.extended_by == staff
    assert ModelLogEntry.objects.filter(action="competition.entry.extended", object_id=str(entry.pk)).exists()


def test_the_admin_reads_a_typed_deadline_in_asia_shanghai_whatever_the_accounts_zone(client):
    """No account chooses another zone (the account page offers none); one chosen before is cleared."""
    entry = EntryFactory(status=EntryStatus.SUBMITTED)
    staff = StaffFactory()
    profile = UserProfile.get_for_user(staff)
    profile.current_time_zone = "Europe/London"
    profile.save()
    importlib.import_module("portal.migrations.0010_admin_time_zone").use_the_alliances_zone(apps, None)
    client.force_login(staff)
    assert 'name="current_time_zone"' not in client.get(reverse("wagtailadmin_account")).content.decode()
    until = (entry.competition.submission_deadline.astimezone(SHANGHAI) + timedelta(days=1)).replace(microsecond=0)
    typed = until.strftime("%Y-%m-%dT%H:%M:%S")
    response = client.post(reverse("competition_entries:extend", args=[entry.pk]), {"until": typed, "reason": "故障"})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.extended_until.astimezone(SHANGHAI).strftime("%Y-%m-%dT%H:%M:%S") == typed


def test_a_screening_corrected_before_its_mail_went_out_is_not_announced(django_capture_on_commit_callbacks):
    """The team hears the decision that holds, not one staff corrected before the worker ran (a broker
    or worker outage): an "ineligible" mail after the correction named no reason and contradicted it."""
    from portal import outbox
    from portal.models import OutboxMessage

    entry = EntryFactory(status=EntryStatus.SUBMITTED)
    staff = StaffFactory()
    services.mark_ineligible(staff=staff, entry=entry, reason="重复参赛")  # effects not run yet
    services.mark_eligible(staff=staff, entry=entry)
    with django_capture_on_commit_callbacks(execute=True):
        for message in OutboxMessage.objects.filter(effect="competition.entry_email").order_by("pk"):
            outbox.deliver(message.pk)
    assert len(mail.outbox) == 1
    subject = mail.outbox[0].subject
    assert "作品符合资格" in subject or "Entry eligible" in subject


def _deliver_entry_mails(capture) -> list:
    """Run the entry mails still waiting in the outbox (as the drain would once SMTP answers)."""
    mail.outbox.clear()
    waiting = OutboxMessage.objects.filter(effect="competition.entry_email", done_at__isnull=True).order_by("pk")
    with capture(execute=True):
        for message in waiting:
            assert outbox.deliver(message.pk) == "done"
    return list(mail.outbox)


def test_an_extension_granted_again_while_its_mail_waited_is_announced_once(django_capture_on_commit_callbacks):
    entry = EntryFactory(status=EntryStatus.SUBMITTED)
    staff, closes = StaffFactory(), entry.competition.submission_deadline
    services.extend_deadline(staff=staff, entry=entry, until=closes + timedelta(days=1), reason="上传故障")
    services.extend_deadline(staff=staff, entry=entry, until=closes + timedelta(days=3), reason="仍未恢复")
    (message,) = _deliver_entry_mails(django_capture_on_commit_callbacks)
    assert deadlines.display(closes + timedelta(days=3)) in message.body


def test_an_extension_and_a_screening_do_not_supersede_each_others_mail(django_capture_on_commit_callbacks):
    entry = EntryFactory(status=EntryStatus.SUBMITTED)
    staff, until = StaffFactory(), entry.competition.submission_deadline + timedelta(days=1)
    services.mark_ineligible(staff=staff, entry=entry, reason="重复参赛")
    services.extend_deadline(staff=staff, entry=entry, until=until, reason="故障")
    screening, extension = _deliver_entry_mails(django_capture_on_commit_callbacks)
    assert "重复参赛" in screening.body and deadlines.display(until) in extension.body


def test_an_extension_mail_queued_before_extensions_were_stamped_still_goes_out(django_capture_on_commit_callbacks):
    entry = EntryFactory(status=EntryStatus.SUBMITTED)
    until = entry.competition.submission_deadline + timedelta(days=2)
    services.extend_deadline(staff=StaffFactory(), entry=entry, until=until, reason="上传故障")
    message = OutboxMessage.objects.get(effect="competition.entry_email")
    assert message.payload.pop("decided_at") == Entry.objects.get(pk=entry.pk).extended_at.isoformat()
    message.save(update_fields=["payload"])  # as queued by the code before the stamp
    (sent,) = _deliver_entry_mails(django_capture_on_commit_callbacks)
    assert deadlines.display(until) in sent.body


def test_screening_a_team_nobody_can_be_mailed_says_nobody_is_told():
    """The success message said "the team is being notified" when no member of the team had an address."""
    entry = EntryFactory(status=EntryStatus.SUBMITTED)
    with translation.override("en"):
        told = services.SCREENING.done_message(entry, "eligible")
        assert told == f"{entry} is eligible and goes before its judges; the team is being notified."
        entry.team.memberships.all().delete()
        assert services.SCREENING.done_message(entry, "eligible") == (
            f"{entry} is eligible and goes before its judges. The team has no member with an e-mail address: "
            "nobody is told."
        )
    with translation.override("zh-hans"):
        said = services.SCREENING.done_message(entry, "ineligible")
    assert said == f"{entry} 资格审查未通过，已退出评审。参赛团队没有留有邮箱的成员：无人收到通知，也无人看到您的理由。"
