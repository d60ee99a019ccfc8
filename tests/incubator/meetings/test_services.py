"""The rules of ``incubator.meetings.services``: pairs, times, the rate limit, tokens, answers, expiry, the log."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from incubator.meetings import audit, services
from incubator.models import MeetingRequest
from incubator.vocabulary import MeetingStatus
from portal.models.outbox import OutboxMessage
from tests import factories
from tests.incubator.meetings.conftest import later
from tests.incubator.meetings.factories import make_meeting, member_of, verified

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The refusals are read in English here (their Chinese is in the catalogue)."""
    with translation.override("en"):
        yield


def send(actor, sender, recipient, **overrides):
    arguments = {
        "actor": actor,
        "sender": sender,
        "recipient": recipient,
        "subject": "A 轮融资交流",
        "message": "我们正在筹备 A 轮融资，希望与贵基金交流。",
        "slots": [later(3), later(4)],
        "duration": 60,
        "location": "https://meeting.tencent.com/dm/abc",
        "token": uuid.uuid4(),
    } | overrides
    return services.send_request(**arguments)


def refusal(call, *args, **kwargs) -> services.MeetingError:
    with pytest.raises(services.MeetingError) as caught:
        call(*args, **kwargs)
    return caught.value


# --- sending ---------------------------------------------------------------------------------------


def test_a_startup_member_sends_a_request_to_an_investor(founder, startup_org, investor_org):
    before = timezone.now()
    meeting = send(founder, startup_org, investor_org, slots=[later(20), later(21)])
    assert meeting.status == MeetingStatus.PENDING
    assert (meeting.sender, meeting.recipient, meeting.sent_by) == (startup_org, investor_org, founder)
    assert [slot.starts_at for slot in meeting.slots.all()] == [later(20), later(21)]
    # expires INCUBATOR_MEETING_EXPIRY_DAYS (14 by default) after it was sent (its times are later)
    assert before + timedelta(days=14) <= meeting.expires_at <= timezone.now() + timedelta(days=14)
    entry = ModelLogEntry.objects.get(action=audit.REQUESTED, object_id=str(meeting.pk))
    assert entry.user == founder and entry.data["after"]["status"] == "pending"
    assert OutboxMessage.objects.filter(effect="incubator.meeting_email", payload__event="requested").count() == 1


def test_expiry_days_come_from_the_setting(settings, founder, startup_org, investor_org):
    settings.INCUBATOR_MEETING_EXPIRY_DAYS = 3
    meeting = send(founder, startup_org, investor_org)
    assert timedelta(days=2, hours=23) < meeting.expires_at - timezone.now() <= timedelta(days=3)


def test_a_request_waits_for_an_answer_no_longer_than_its_last_proposed_time(founder, startup_org, investor_org):
    # One time tomorrow: the request no longer waits two weeks, long after that time has passed.
    meeting = send(founder, startup_org, investor_org, slots=[later(1)])
    assert meeting.expires_at == later(1)
    # Several times: it waits until the last one (an earlier one may pass, a later one still be chosen).
    other = send(founder, startup_org, verified("investor"), slots=[later(5), later(2), later(9)])
    assert other.expires_at == later(9)
    # Times beyond the expiry days: the expiry days.
    far = send(founder, startup_org, verified("investor"), slots=[later(30)])
    assert timezone.now() + timedelta(days=13) < far.expires_at < later(30)


@pytest.mark.parametrize(
    ("sender_kind", "recipient_kind", "allowed"),
    [
        ("investor", "startup", True),
        ("startup", "investor", True),
        ("startup", "service_platform", True),
        ("startup", "incubator", True),
        ("service_platform", "startup", True),
        ("incubator", "startup", True),
        ("startup", "startup", False),
        ("investor", "investor", False),
        ("investor", "incubator", False),
        ("incubator", "service_platform", False),
        ("enterprise", "startup", False),
        ("startup", "hospital", False),
    ],
)
def test_only_the_plans_pairs_may_meet(sender_kind, recipient_kind, allowed):
    sender, recipient = verified(sender_kind), verified(recipient_kind)
    actor = member_of(sender)
    if allowed:
        assert send(actor, sender, recipient).pk
    else:
        assert "cannot request a meeting" in str(refusal(send, actor, sender, recipient))
        assert not MeetingRequest.objects.exists()


def test_the_actor_must_belong_to_the_sender(founder, investor_org):
    other_startup = verified("startup")
    with pytest.raises(PermissionDenied):
        send(founder, other_startup, investor_org)
    with pytest.raises(PermissionDenied):
        send(factories.UserFactory(), other_startup, investor_org)


def test_an_unverified_sender_or_recipient_is_refused(founder, startup_org, investor_org):
    startup_org.verification_status = "pending"
    startup_org.save()
    assert refusal(send, founder, startup_org, investor_org).field == "sender"
    startup_org.verification_status = "verified"
    startup_org.save()
    investor_org.verification_status = "suspended"
    investor_org.save()
    assert "cannot request a meeting with this organisation" in str(refusal(send, founder, startup_org, investor_org))


@pytest.mark.parametrize(
    ("slots", "message"),
    [
        ([], "at least one time"),
        ([later(d) for d in range(1, 7)], "at most 5"),
        ([later(-1)], "has passed"),
        ([later(91)], "too far ahead"),
        ([later(3), later(3)], "proposed twice"),
    ],
)
def test_proposed_times(founder, startup_org, investor_org, slots, message):
    error = refusal(send, founder, startup_org, investor_org, slots=slots)
    assert message in str(error) and error.field == "slots"
    assert not MeetingRequest.objects.exists()


def test_five_times_up_to_ninety_days_ahead_are_fine(founder, startup_org, investor_org):
    slots = [later(1), later(30), later(60), later(89), later(89, hour=14)]
    meeting = send(founder, startup_org, investor_org, slots=list(reversed(slots)))
    assert [slot.starts_at for slot in meeting.slots.all()] == sorted(slots)


def test_a_time_a_minute_ago_is_refused(founder, startup_org, investor_org):
    just_gone = timezone.now().replace(second=0, microsecond=0)
    assert "has passed" in str(refusal(send, founder, startup_org, investor_org, slots=[just_gone]))


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"subject": "  "}, "subject"),
        ({"message": ""}, "message"),
        ({"subject": "x" * 201}, "subject"),
        ({"duration": 5}, "duration_minutes"),
        ({"duration": 600}, "duration_minutes"),
        ({"location": "x" * 301}, "location"),
    ],
)
def test_text_and_duration(founder, startup_org, investor_org, overrides, field):
    assert refusal(send, founder, startup_org, investor_org, **overrides).field == field


def test_a_double_submit_makes_one_request(founder, startup_org, investor_org):
    token = uuid.uuid4()
    first = send(founder, startup_org, investor_org, token=token)
    # The second copy is not refused by "one request awaiting an answer": it is the same request.
    again = send(founder, startup_org, investor_org, token=token)
    assert again.pk == first.pk
    assert MeetingRequest.objects.count() == 1 and first.slots.count() == 2
    assert OutboxMessage.objects.filter(effect="incubator.meeting_email").count() == 1


def test_one_request_awaiting_an_answer_per_pair_either_way(founder, investor, startup_org, investor_org):
    send(founder, startup_org, investor_org)
    assert "already awaiting an answer" in str(refusal(send, founder, startup_org, investor_org))
    assert "already awaiting an answer" in str(refusal(send, investor, investor_org, startup_org))
    # another recipient is fine
    assert send(founder, startup_org, verified("incubator")).pk


def test_a_pair_may_meet_again_once_the_request_is_answered_or_past_its_expiry(founder, startup_org, investor_org):
    make_meeting(sender=startup_org, recipient=investor_org, status=MeetingStatus.DECLINED)
    make_meeting(sender=startup_org, recipient=investor_org, expires_in=timedelta(seconds=-1))  # not yet marked
    assert send(founder, startup_org, investor_org).pk


def test_rate_limit_per_sender_in_any_24_hours(settings, founder, startup_org):
    settings.INCUBATOR_MEETING_REQUESTS_PER_DAY = 3
    investors = [verified("investor") for _ in range(4)]
    # Withdrawn requests count too: sending and withdrawing does not get round the limit.
    make_meeting(
        sender=startup_org,
        recipient=investors[0],
        status=MeetingStatus.CANCELLED,
        created_ago=timedelta(hours=23, minutes=59),
    )
    make_meeting(
        sender=startup_org, recipient=investors[1], status=MeetingStatus.DECLINED, created_ago=timedelta(hours=1)
    )
    send(founder, startup_org, investors[2])  # the third in 24 hours: the last allowed
    error = refusal(send, founder, startup_org, investors[3])
    assert "limit on meeting requests (3 in any 24 hours)" in str(error)
    # The oldest one leaves the window exactly 24 hours after it was sent.
    oldest = MeetingRequest.objects.get(recipient=investors[0])
    MeetingRequest.objects.filter(pk=oldest.pk).update(created_at=timezone.now() - timedelta(hours=24))
    assert send(founder, startup_org, investors[3]).pk


def test_the_limit_is_per_sending_organisation(settings, founder, startup_org, investor_org):
    settings.INCUBATOR_MEETING_REQUESTS_PER_DAY = 1
    other = verified("startup")
    make_meeting(sender=other, recipient=verified("investor"))
    assert send(founder, startup_org, investor_org).pk


# --- answers -----------------------------------------------------------------------------------------


@pytest.fixture
def pending(startup_org, investor_org, founder):
    return make_meeting(sender=startup_org, recipient=investor_org, sent_by=founder)


def test_the_recipient_accepts_one_of_the_times(pending, investor):
    slot = pending.slots.order_by("starts_at")[1]
    meeting = services.accept(actor=investor, request=pending, slot=slot)
    assert (meeting.status, meeting.chosen_slot, meeting.responded_by) == (MeetingStatus.ACCEPTED, slot, investor)
    entry = ModelLogEntry.objects.get(action=audit.ACCEPTED, object_id=str(pending.pk))
    assert entry.data["before"]["status"] == "pending" and entry.data["after"]["status"] == "accepted"
    assert OutboxMessage.objects.filter(payload__event="accepted").count() == 1


def test_only_the_recipients_members_answer(pending, founder):
    slot = pending.slots.first()
    with pytest.raises(PermissionDenied):
        services.accept(actor=founder, request=pending, slot=slot)
    with pytest.raises(PermissionDenied):
        services.decline(actor=factories.UserFactory(), request=pending, reason="不合适")


def test_a_slot_of_another_request_is_refused(pending, investor, startup_org, investor_org):
    other = make_meeting(sender=startup_org, recipient=investor_org, status=MeetingStatus.DECLINED)
    error = refusal(services.accept, actor=investor, request=pending, slot=other.slots.first())
    assert error.field == "slot"
    pending.refresh_from_db()
    assert pending.status == MeetingStatus.PENDING


def test_a_time_that_has_passed_cannot_be_accepted(startup_org, investor_org, investor):
    meeting = make_meeting(sender=startup_org, recipient=investor_org, days_ahead=(-1, 2))
    past = meeting.slots.order_by("starts_at")[0]
    assert "has passed" in str(refusal(services.accept, actor=investor, request=meeting, slot=past))


def test_an_expired_request_cannot_be_answered_even_before_the_beat_marks_it(startup_org, investor_org, investor):
    meeting = make_meeting(sender=startup_org, recipient=investor_org, expires_in=timedelta(seconds=-1))
    with pytest.raises(services.AlreadyAnswered, match="expired"):
        services.accept(actor=investor, request=meeting, slot=meeting.slots.first())


def test_a_second_answer_is_refused_clearly(pending, investor):
    services.accept(actor=investor, request=pending, slot=pending.slots.first())
    with pytest.raises(services.AlreadyAnswered, match="no longer awaiting an answer"):
        services.decline(actor=investor, request=pending, reason="改主意了")
    with pytest.raises(services.AlreadyAnswered):
        services.accept(actor=investor, request=pending, slot=pending.slots.last())
    pending.refresh_from_db()
    assert pending.status == MeetingStatus.ACCEPTED and pending.decline_reason == ""


def test_declining_needs_a_reason(pending, investor):
    assert refusal(services.decline, actor=investor, request=pending, reason="  ").field == "reason"
    meeting = services.decline(actor=investor, request=pending, reason="本期基金已投满。")
    assert meeting.status == MeetingStatus.DECLINED and meeting.decline_reason == "本期基金已投满。"
    assert ModelLogEntry.objects.get(action=audit.DECLINED).data["note"] == "本期基金已投满。"


def test_the_sender_withdraws_a_pending_request(pending, founder, investor):
    with pytest.raises(PermissionDenied):
        services.cancel(actor=investor, request=pending)
    meeting = services.cancel(actor=founder, request=pending)
    assert meeting.status == MeetingStatus.CANCELLED
    assert ModelLogEntry.objects.filter(action=audit.WITHDRAWN, object_id=str(pending.pk)).exists()
    with pytest.raises(services.AlreadyAnswered):
        services.cancel(actor=founder, request=pending)


# --- expiry ----------------------------------------------------------------------------------------


def test_expire_due_marks_pending_requests_past_their_expiry(startup_org, investor_org):
    now = timezone.now()
    due = make_meeting(sender=startup_org, recipient=investor_org, expires_in=timedelta(seconds=-1))
    exactly_now = make_meeting(sender=startup_org, recipient=verified("investor"), expires_in=timedelta(0))
    not_yet = make_meeting(sender=startup_org, recipient=verified("investor"), expires_in=timedelta(hours=1))
    answered = make_meeting(
        sender=startup_org, recipient=verified("investor"), status=MeetingStatus.DECLINED, expires_in=timedelta(days=-1)
    )
    assert services.expire_due(now=now + timedelta(seconds=1)) == 2
    statuses = dict(MeetingRequest.objects.values_list("pk", "status"))
    assert statuses[due.pk] == statuses[exactly_now.pk] == MeetingStatus.EXPIRED
    assert statuses[not_yet.pk] == MeetingStatus.PENDING and statuses[answered.pk] == MeetingStatus.DECLINED
    assert ModelLogEntry.objects.filter(action=audit.EXPIRED).count() == 2
    assert OutboxMessage.objects.filter(payload__event="expired").count() == 2
    assert services.expire_due(now=now + timedelta(seconds=1)) == 0  # a second run changes nothing
