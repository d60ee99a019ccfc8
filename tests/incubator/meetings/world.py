"""The meetings' objects in the role × URL matrix's world (``tests.matrix``).

``add_incubator_meetings(world)`` adds, between the incubator's cast (``world.extra["org_*"]``):

* ``meeting_a`` (delta-neuro, the STARTUP role, → gamma-capital, the INVESTOR role; pending),
  ``meeting_a_slot`` (its first time) and ``meeting_a_accepted`` (gamma-capital → delta-neuro,
  accepted): organisation "A"'s;
* ``meeting_b`` (epsilon-bci, OTHER_STARTUP, → gamma-capital; pending), ``meeting_b_slot`` and
  ``meeting_b_accepted`` (gamma-capital → epsilon-bci, accepted): organisation "B"'s.
"""

from __future__ import annotations

from incubator.vocabulary import MeetingStatus
from tests.incubator.meetings.factories import make_meeting
from tests.matrix import INVESTOR, OTHER_STARTUP, STARTUP, World, _once


def add_incubator_meetings(world: World) -> World:
    if not _once(world, "incubator_meetings"):
        return world
    extra = world.extra
    investor = extra["org_investor"]
    for letter, key, startup, role in (
        ("A", "meeting_a", extra["org_startup"], STARTUP),
        ("B", "meeting_b", extra["org_other_startup"], OTHER_STARTUP),
    ):
        pending = extra[key] = make_meeting(
            sender=startup, recipient=investor, sent_by=world.user(role), subject=f"融资路演 {letter}"
        )
        extra[f"{key}_slot"] = pending.slots.order_by("starts_at")[0]
        accepted = extra[f"{key}_accepted"] = make_meeting(
            sender=investor,
            recipient=startup,
            sent_by=world.user(INVESTOR),
            status=MeetingStatus.ACCEPTED,
            subject=f"尽职调查会议 {letter}",
        )
        world.own(letter, "meeting", pending, accepted)
    return world
