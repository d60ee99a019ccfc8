"""Two requests at once, on PostgreSQL with real transactions and threads (each thread its own connection).

The first action runs in a transaction that stays open (holding its row lock) until the second has
started and is seen waiting for the lock; then the first commits and the second goes on. Without
the locks in the services, the second would read the state from before the first and both pass.
"""

from __future__ import annotations

import threading
import time
import uuid

import pytest
from django.db import connections, transaction
from django.utils import translation

from incubator.meetings import services
from incubator.models import MeetingRequest
from incubator.vocabulary import MeetingStatus
from tests.incubator.meetings.conftest import later
from tests.incubator.meetings.factories import make_meeting, member_of, verified

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgresql_only(postgres_service):
    """Row locks need PostgreSQL (SQLite serialises whole transactions): skipped locally, failed in CI."""


def race(first, second) -> tuple[object, object]:
    """Run ``first`` in a transaction held open while ``second`` starts; the outcome (value or exception) of each."""
    results: dict[str, object] = {}
    locked, release = threading.Event(), threading.Event()

    def run_first():
        try:
            with translation.override("en"), transaction.atomic():
                results["first"] = first()
                locked.set()
                release.wait(10)
        except Exception as exc:  # noqa: BLE001  (reported to the test)
            results["first"] = exc
            locked.set()
        finally:
            connections.close_all()

    def run_second():
        locked.wait(10)
        try:
            with translation.override("en"):
                results["second"] = second()
        except Exception as exc:  # noqa: BLE001
            results["second"] = exc
        finally:
            connections.close_all()

    one, two = threading.Thread(target=run_first), threading.Thread(target=run_second)
    one.start()
    two.start()
    assert locked.wait(10)
    time.sleep(0.5)
    waiting = two.is_alive()  # the second is blocked on the first's lock
    release.set()
    one.join(15)
    two.join(15)
    assert waiting, f"the second action did not wait for the first one's lock: {results}"
    return results["first"], results["second"]


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


def test_two_requests_at_once_cannot_both_pass_the_rate_limit(settings, cast):
    settings.INCUBATOR_MEETING_REQUESTS_PER_DAY = 1
    startup, investor, founder, _partner = cast
    other_investor = verified("investor")

    def send(recipient):
        return lambda: services.send_request(
            actor=founder,
            sender=startup,
            recipient=recipient,
            subject="融资交流",
            message="你好",
            slots=[later(2)],
            duration=60,
            location="",
            token=uuid.uuid4(),
        )

    first, second = race(send(investor), send(other_investor))
    assert isinstance(first, MeetingRequest)
    assert isinstance(second, services.MeetingError) and "limit on meeting requests (1 in any 24 hours)" in str(second)
    assert MeetingRequest.objects.count() == 1


def test_the_same_form_sent_twice_at_once_makes_one_request(cast):
    startup, investor, founder, _partner = cast
    token = uuid.uuid4()

    def send():
        return services.send_request(
            actor=founder,
            sender=startup,
            recipient=investor,
            subject="融资交流",
            message="你好",
            slots=[later(2)],
            duration=60,
            location="",
            token=token,
        )

    first, second = race(send, send)
    assert isinstance(first, MeetingRequest) and isinstance(second, MeetingRequest)
    assert first.pk == second.pk and MeetingRequest.objects.count() == 1


def test_two_requests_in_opposite_directions_at_once_leave_one_pending(cast):
    """The one-pending rule counts either way: the investor and the startup asking each other at the
    same moment get one request between them, not one each."""
    startup, investor, founder, partner = cast

    def send(actor, sender, recipient):
        return lambda: services.send_request(
            actor=actor,
            sender=sender,
            recipient=recipient,
            subject="融资交流",
            message="你好",
            slots=[later(2)],
            duration=60,
            location="",
            token=uuid.uuid4(),
        )

    first, second = race(send(founder, startup, investor), send(partner, investor, startup))
    assert isinstance(first, MeetingRequest)
    assert isinstance(second, services.MeetingError) and "already awaiting an answer" in str(second)
    assert MeetingRequest.objects.count() == 1
