"""The demo's meetings: every state, the demo logins on both sides, nothing without profiles, idempotent."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import timezone

from incubator.demo import meetings as demo
from incubator.models import MeetingRequest
from incubator.vocabulary import MeetingStatus
from portal.demo.registry import DemoContext, demo_email, get_loaders
from tests.incubator.meetings.factories import member_of, verified

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations():
    startups = [verified("startup", slug=f"startup-{n:02}") for n in range(12)]
    investors = [verified("investor", slug=f"investor-{n:02}") for n in range(7)]
    platforms = [
        verified("incubator", slug="incubator-0"),
        *(verified("service_platform", slug=f"platform-{n}") for n in range(2)),
    ]
    for organisation in (*startups, *investors, *platforms):
        member_of(organisation)
    # The demo logins' organisations sort last by slug: the loader still puts them first.
    login_startup = verified("startup", slug="yanqi-ai")
    login_investor = verified("investor", slug="pujiang-fund")
    member_of(login_startup, user__email=demo_email("startup-owner"))
    member_of(login_investor, user__email=demo_email("investor"))
    return login_startup, login_investor


def run() -> DemoContext:
    context = DemoContext(write=lambda message: None)
    demo.load(context)
    return context


def test_meetings_in_every_state_with_the_demo_logins_on_both_sides(organisations):
    context = run()
    assert context.counts[("incubator.meeting", "created")] == len(demo.SPECS) == MeetingRequest.objects.count()
    assert set(MeetingRequest.objects.values_list("status", flat=True)) == set(MeetingStatus.values)
    now = timezone.now()
    for login in organisations:
        mine = MeetingRequest.objects.filter(sender=login) | MeetingRequest.objects.filter(recipient=login)
        assert mine.filter(status="pending", recipient=login).exists()  # something to answer
        assert mine.filter(status="pending", sender=login).exists()  # something awaiting the other side
        assert {"accepted", "declined", "expired"} <= set(mine.values_list("status", flat=True))
    # Nothing between the two logins: the journey's request is not refused as a second one.
    assert not MeetingRequest.objects.filter(sender__in=organisations, recipient__in=organisations).exists()
    for meeting in MeetingRequest.objects.prefetch_related("slots"):
        times = [slot.starts_at for slot in meeting.slots.all()]
        assert meeting.subject and meeting.message and times
        # Nobody waits for an answer once every proposed time has passed (the live rule).
        assert meeting.expires_at <= max(times)
        if meeting.status == "pending":
            assert meeting.expires_at > now and min(times) > now
        if meeting.status == "expired":
            assert meeting.expires_at < now
        if meeting.status == "accepted":
            assert meeting.chosen_slot_id and meeting.responded_by_id
        if meeting.status == "declined":
            assert meeting.decline_reason
        # Sent in the past: the demo does not count against the organisations' rate limit today.
        assert meeting.created_at < now - timezone.timedelta(hours=20)


def test_a_second_run_creates_nothing(organisations):
    run()
    first = set(MeetingRequest.objects.values_list("uid", "status"))
    context = run()
    assert context.created_total == 0
    assert context.counts[("incubator.meeting", "existing")] == len(demo.SPECS)
    assert set(MeetingRequest.objects.values_list("uid", "status")) == first


def test_nothing_without_startups_and_fewer_meetings_with_few_organisations(db):
    assert run().created_total == 0  # no organisations at all
    verified("investor")
    assert run().created_total == 0  # no startups
    verified("startup")
    verified("startup")
    context = run()
    # One investor (I0) and two startups (S0, S1): only the specs naming those are made.
    made = Counter(MeetingRequest.objects.values_list("status", flat=True))
    assert context.created_total == sum(made.values()) == 1 and made == {"pending": 1}


def test_the_loader_runs_after_the_profiles_and_their_people():
    loaders = {loader.name: loader for loader in get_loaders()}
    assert loaders["incubator.meetings"].after == ("incubator.profiles", "incubator.people")
    names = [loader.name for loader in get_loaders()]
    assert names.index("incubator.profiles") < names.index("incubator.people") < names.index("incubator.meetings")
