"""The meetings' e-mails: who hears of what, each member in their own language, sent once after the commit."""

from __future__ import annotations

import pytest
from django.core import mail

from incubator.meetings import services, tasks
from incubator.vocabulary import MeetingStatus
from tests.incubator.meetings.conftest import later
from tests.incubator.meetings.factories import make_meeting, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def chinese_colleague(investor_org):
    return member_of(investor_org, user__email="wang@example.com", user__preferred_language="zh-hans")


def by_address(messages) -> dict:
    return {message.to[0]: message for message in messages}


def test_a_new_request_goes_to_each_recipient_member_in_their_language(
    founder, investor, chinese_colleague, startup_org, investor_org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.send_request(
            actor=founder,
            sender=startup_org,
            recipient=investor_org,
            subject="A 轮融资交流",
            message="我们正在筹备 A 轮融资。",
            slots=[later(3)],
            duration=60,
            location="",
            token=None,
        )
    sent = by_address(mail.outbox)
    assert set(sent) == {"grace@example.com", "wang@example.com"}  # the recipient's members, not the sender's
    english, chinese = sent["grace@example.com"], sent["wang@example.com"]
    assert english.extra_headers["Content-Language"] == "en"
    assert chinese.extra_headers["Content-Language"] == "zh-hans"
    assert english.subject == "Meeting request from Yanqi Intelligence"
    assert "言启智能" in chinese.subject  # the organisation's Chinese name in a Chinese mail
    path = f"/dashboard/meetings/{meeting.pk}/"
    assert f"/en{path}" in english.body and f"/zh-hans{path}" in chinese.body
    assert "(Asia/Shanghai, UTC+08:00)" in english.body and "A 轮融资交流" in english.body


@pytest.mark.parametrize("event", ["accepted", "declined", "expired"])
def test_answers_and_expiry_go_to_the_senders_members(event, founder, investor, startup_org, investor_org):
    status = {"accepted": MeetingStatus.ACCEPTED, "declined": MeetingStatus.DECLINED, "expired": MeetingStatus.EXPIRED}
    meeting = make_meeting(sender=startup_org, recipient=investor_org, status=status[event])
    english_founder = member_of(startup_org, user__email="cto@example.com", user__preferred_language="en")
    tasks.send_meeting_email(meeting_id=meeting.pk, event=event)
    sent = by_address(mail.outbox)
    assert set(sent) == {founder.email, english_founder.email}
    english, chinese = sent[english_founder.email], sent[founder.email]
    assert {
        "accepted": "Pujiang Future Fund accepted your meeting request",
        "declined": "Pujiang Future Fund declined your meeting request",
        "expired": "Your meeting request to Pujiang Future Fund expired",
    }[event] == english.subject
    assert "浦江未来产业基金" in chinese.subject
    assert chinese.extra_headers["Content-Language"] == "zh-hans"
    if event == "accepted":
        assert f"/en/dashboard/meetings/{meeting.pk}/meeting.ics" in english.body
        assert f"/zh-hans/dashboard/meetings/{meeting.pk}/meeting.ics" in chinese.body
    if event == "declined":
        assert meeting.decline_reason in english.body


def test_a_withdrawn_request_tells_the_recipient(founder, investor, startup_org, investor_org):
    meeting = make_meeting(sender=startup_org, recipient=investor_org, status=MeetingStatus.CANCELLED)
    tasks.send_meeting_email(meeting_id=meeting.pk, event="withdrawn")
    assert [message.to for message in mail.outbox] == [[investor.email]]
    assert mail.outbox[0].subject == "Yanqi Intelligence withdrew its meeting request"


def test_news_that_no_longer_holds_is_not_sent(founder, investor, startup_org, investor_org):
    meeting = make_meeting(sender=startup_org, recipient=investor_org, status=MeetingStatus.CANCELLED)
    tasks.send_meeting_email(meeting_id=meeting.pk, event="requested")  # withdrawn before its mail went out
    tasks.send_meeting_email(meeting_id=meeting.pk + 1000, event="accepted")  # deleted
    assert mail.outbox == []


def test_each_event_is_sent_once(founder, investor, startup_org, investor_org, django_capture_on_commit_callbacks):
    meeting = make_meeting(sender=startup_org, recipient=investor_org, sent_by=founder)
    with django_capture_on_commit_callbacks(execute=True):
        services.accept(actor=investor, request=meeting, slot=meeting.slots.first())
    assert [message.to for message in mail.outbox] == [[founder.email]]
    with django_capture_on_commit_callbacks(execute=True):
        services._notify(meeting, "accepted")  # the same event scheduled again: the outbox key refuses it
    assert len(mail.outbox) == 1
