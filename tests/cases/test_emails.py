"""A case submission's e-mail says what still holds when the outbox runs it, not what held when it was scheduled.

The effects run after the commit, sometimes much later (SMTP, the broker or a worker down): in
these tests nothing runs until ``_drain`` delivers the waiting messages, as a late worker would.
"""

import pytest
from django.core import mail

from cases import services
from cases.models import CasePage
from portal import outbox
from portal.models import OutboxMessage
from tests.cases.factories import SubmissionFactory, build_case_site
from tests.factories import MembershipFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

ENGLISH = {"title_en": "Speech decoding", "summary_en": "A speech neuroprosthesis."}


def _submitted(member, hospital, **fields):
    submission = SubmissionFactory(organisation=hospital, created_by=member, **fields)
    return services.submit(actor=member, submission=submission, version=submission.version, consent_confirmed=True)


def _drain(capture) -> list[str]:
    """Run the waiting submission e-mails in order, as a late worker would; the subjects sent."""
    mail.outbox.clear()
    with capture(execute=True):
        for message in OutboxMessage.objects.filter(effect="cases.submission_email", done_at__isnull=True):
            assert outbox.deliver(message.pk) == "done"
    return sorted(message.subject.split(":")[0] for message in mail.outbox)


def test_the_mails_that_still_hold_go_out(hospital, member, django_capture_on_commit_callbacks):
    submission = _submitted(member, hospital)
    services.request_changes(staff=StaffFactory(), submission=submission, comment="请补充随访数据")
    assert _drain(django_capture_on_commit_callbacks) == ["Case submitted", "Changes requested"]
    assert "请补充随访数据" in next(m.body for m in mail.outbox if m.subject.startswith("Changes requested"))


def test_changes_requested_then_resubmitted_before_the_mail_went_out(
    hospital, member, django_capture_on_commit_callbacks
):
    """The member saw the comment on the dashboard and resubmitted while the mail waited (SMTP down): a
    late 'edit the case and submit it again' would contradict the case's status."""
    submission = _submitted(member, hospital)
    submission = services.request_changes(staff=StaffFactory(), submission=submission, comment="请补充随访数据")
    services.submit(actor=member, submission=submission, version=submission.version, consent_confirmed=True)
    assert _drain(django_capture_on_commit_callbacks) == ["Case resubmitted", "Case submitted"]


def test_a_publication_withdrawn_before_its_mail_went_out_is_not_announced(
    hospital, member, django_capture_on_commit_callbacks
):
    build_case_site()
    staff = StaffFactory()
    submission = _submitted(member, hospital, **ENGLISH)
    page = services.accept(staff=staff, submission=submission)
    _drain(django_capture_on_commit_callbacks)
    services.publish(staff=staff, submission=submission)
    CasePage.objects.get(pk=page.pk).unpublish()
    assert _drain(django_capture_on_commit_callbacks) == []


def test_a_publication_still_live_is_announced(hospital, member, django_capture_on_commit_callbacks):
    build_case_site()
    staff = StaffFactory()
    submission = _submitted(member, hospital, **ENGLISH)
    services.accept(staff=staff, submission=submission)
    _drain(django_capture_on_commit_callbacks)
    services.publish(staff=staff, submission=submission)
    assert _drain(django_capture_on_commit_callbacks) == ["Case published"]


def test_sent_back_twice_while_the_mails_waited_only_the_second_comment_goes_out(
    hospital, member, django_capture_on_commit_callbacks
):
    """SMTP was down throughout: the first 'changes requested' was superseded by the second, and the one
    mail sent quotes the comment it was sent for."""
    staff = StaffFactory()
    submission = _submitted(member, hospital)
    submission = services.request_changes(staff=staff, submission=submission, comment="请补充随访数据")
    submission = services.submit(
        actor=member, submission=submission, version=submission.version, consent_confirmed=True
    )
    services.request_changes(staff=staff, submission=submission, comment="请补充伦理批件")
    assert _drain(django_capture_on_commit_callbacks) == ["Case resubmitted", "Case submitted", "Changes requested"]
    (sent_back,) = [m for m in mail.outbox if m.subject.startswith("Changes requested")]
    assert "请补充伦理批件" in sent_back.body and "请补充随访数据" not in sent_back.body


def test_a_decision_mail_queued_before_decisions_were_stamped_still_goes_out(
    hospital, member, django_capture_on_commit_callbacks
):
    submission = _submitted(member, hospital)
    services.request_changes(staff=StaffFactory(), submission=submission, comment="请补充随访数据")
    message = OutboxMessage.objects.get(effect="cases.submission_email", payload__event="changes_requested")
    assert message.payload.pop("decided_at")  # the kit names the decision; the code before it did not
    message.save(update_fields=["payload"])
    assert _drain(django_capture_on_commit_callbacks) == ["Case submitted", "Changes requested"]


def test_taking_a_case_back_tells_those_told_it_was_submitted_each_in_their_language(
    hospital, member, django_capture_on_commit_callbacks
):
    """The organisation's members were e-mailed "Case submitted" and then heard nothing when it was taken
    back: they still thought the alliance was reviewing it."""
    owner = MembershipFactory(organisation=hospital, role="owner", user=UserFactory(preferred_language="zh-hans")).user
    submission = _submitted(member, hospital, title="言语解码案例")
    assert len(_drain(django_capture_on_commit_callbacks)) == 2  # "Case submitted" to both
    services.take_back(actor=member, submission=submission)
    _drain(django_capture_on_commit_callbacks)
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {member.email, owner.email} and len(mail.outbox) == 2
    assert sent[member.email].subject == "Case taken back: 言语解码案例"
    assert "will not review it until it is submitted again" in sent[member.email].body
    assert sent[owner.email].subject == "案例已撤回：言语解码案例" and "重新提交" in sent[owner.email].body


def test_the_mail_of_a_case_taken_back_names_who_took_it_back_in_each_language(
    hospital, member, django_capture_on_commit_callbacks
):
    """Colleagues were told the case was taken back, not by whom: they could not ask them why."""
    colleague = MembershipFactory(organisation=hospital, user=UserFactory(preferred_language="en")).user
    owner = MembershipFactory(organisation=hospital, role="owner", user=UserFactory(preferred_language="zh-hans")).user
    submission = _submitted(member, hospital, title="言语解码案例")
    _drain(django_capture_on_commit_callbacks)
    services.take_back(actor=member, submission=submission)
    _drain(django_capture_on_commit_callbacks)
    sent = {message.to[0]: message.body for message in mail.outbox}
    assert f"{member.display_name} took the case “言语解码案例” of" in sent[colleague.email]
    assert f"{member.display_name} 已将" in sent[owner.email] and "撤回" in sent[owner.email]


def test_a_case_taken_back_and_submitted_again_before_the_mail_went_out_is_not_called_taken_back(
    hospital, member, django_capture_on_commit_callbacks
):
    submission = _submitted(member, hospital)
    _drain(django_capture_on_commit_callbacks)
    submission = services.take_back(actor=member, submission=submission)
    services.submit(actor=member, submission=submission, version=submission.version, consent_confirmed=True)
    assert _drain(django_capture_on_commit_callbacks) == ["Case submitted"]
