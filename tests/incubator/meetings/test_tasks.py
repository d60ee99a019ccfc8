"""The beat task that expires requests nobody answered (thin: ``services.expire_due``)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from incubator.meetings import tasks
from incubator.models import MeetingRequest
from incubator.vocabulary import MeetingStatus
from tests.incubator.meetings.factories import make_meeting

pytestmark = pytest.mark.django_db


def test_expire_meetings_marks_due_requests_and_tells_the_senders(
    founder, investor, startup_org, investor_org, incubator_org, django_capture_on_commit_callbacks
):
    due = make_meeting(sender=startup_org, recipient=investor_org, expires_in=timedelta(minutes=-5))
    waiting = make_meeting(sender=startup_org, recipient=incubator_org, expires_in=timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.expire_meetings.delay().get() == 1
    assert MeetingRequest.objects.get(pk=due.pk).status == MeetingStatus.EXPIRED
    assert MeetingRequest.objects.get(pk=waiting.pk).status == MeetingStatus.PENDING
    assert [message.to for message in mail.outbox] == [[founder.email]]
    assert tasks.expire_meetings.name == "incubator.meetings.tasks.expire_meetings"
