"""Two requests at once, on PostgreSQL with real transactions and threads (``tests.concurrency.race``).

Without the locks in the services, the second would read the state from before the first and both pass.
"""

from __future__ import annotations

import uuid

import pytest

from incubator.meetings import services
from incubator.models import MeetingRequest
from incubator.vocabulary import MeetingStatus
from tests.concurrency import race
from tests.incubator.meetings.conftest import later
from tests.incubator.meetings.factories import make_meeting, member_of, verified

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only(postgres_service):
    """Row locks need PostgreSQL (SQLite serialises whole transactions): skipped locally, failed in CI."""


@pytest.fixture
def cast():
    startup, investor = verified("startup"), verified("investor")
    return startup, investor, member_of(startup), member_of(investor)


def test_two_answers_at_once_one_wins_the_other_is_told(cast):
    startup, investor, _founder, partner = cast
    meeting = make_meeting(sender=startup, recipient=investor)
    colleague = member_of(investor)
    slot = meeting.slots.first()
    first, second = race(
        lambda: services.accept(actor=partner, request=meeting, slot=slot),
        lambda: services.decline(actor=colleague, request=meeting, reason="我们不感兴趣"),
    )
    assert isinstance(first, MeetingRequest) and first.status == MeetingStatus.ACCEPTED
    assert isinstance(second, services.AlreadyAnswered) and "it is now “Accepted”" in str(second)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.ACCEPTED and meeting.decline_reason == ""


def sending(actor, sender, recipient, token=None):
    """A request from ``sender`` to ``recipient``, sent by ``actor``, as a call for ``race``."""
    return lambda: services.send_request(
        actor=actor,
        sender=sender,
        recipient=recipient,
        subject="融资交流",
        message="你好",
        slots=[later(2)],
        duration=60,
        location="",
        token=token or uuid.uuid4(),
    )


def test_two_requests_at_once_cannot_both_pass_the_rate_limit(settings, cast):
    settings.INCUBATOR_MEETING_REQUESTS_PER_DAY = 1
    startup, investor, founder, _partner = cast
    other_investor = verified("investor")
    first, second = race(sending(founder, startup, investor), sending(founder, startup, other_investor))
    assert isinstance(first, MeetingRequest)
    assert isinstance(second, services.MeetingError) and "limit on meeting requests (1 in any 24 hours)" in str(second)
    assert MeetingRequest.objects.count() == 1


def test_the_same_form_sent_twice_at_once_makes_one_request(cast):
    startup, investor, founder, _partner = cast
    token = uuid.uuid4()
    first, second = race(sending(founder, startup, investor, token), sending(founder, startup, investor, token))
    assert isinstance(first, MeetingRequest) and isinstance(second, MeetingRequest)
    assert first.pk == second.pk and MeetingRequest.objects.count() == 1


def test_two_requests_in_opposite_directions_at_once_leave_one_pending(cast):
    """The one-pending rule counts either way: the investor and the startup asking each other at the
    same moment get one request between them, not one each."""
    startup, investor, founder, partner = cast
    first, second = race(sending(founder, startup, investor), sending(partner, investor, startup))
    assert isinstance(first, MeetingRequest)
    assert isinstance(second, services.MeetingError) and "already awaiting an answer" in str(second)
    assert MeetingRequest.objects.count() == 1
