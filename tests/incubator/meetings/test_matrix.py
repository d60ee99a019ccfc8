"""The meetings' rows of the role × URL matrix (``tests.matrix``).

"A" is the request between delta-neuro (STARTUP) and gamma-capital (INVESTOR), "B" the one between
epsilon-bci (OTHER_STARTUP) and gamma-capital: each is reachable by its two organisations' members
only (anyone else gets a 404); only the recipient answers it (the sender gets a 403 for an answer,
the page is theirs too) and only the sender withdraws it.
"""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from incubator.meetings import timing
from incubator.meetings.forms import MeetingRequestForm
from tests.incubator.meetings.world import add_incubator_meetings
from tests.matrix import LOGIN, Row, check_matrix, creation_token, expect, uncovered_url_names, world  # noqa: F401


def _url(name, key):
    return lambda w: reverse(f"incubator:{name}", kwargs={"meeting_id": w.extra[key].pk})


def _new(slug):
    return lambda w: reverse("incubator:meeting_new", kwargs={"slug": slug})


def _request_data(w):
    when = timing.in_zone(timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT10:00")
    return {
        **creation_token(MeetingRequestForm),
        "subject": "孵化入驻咨询 · Incubation enquiry",
        "message": "我们希望了解入驻条件。",
        "slot_1": when,
        "duration_minutes": "60",
        "location": "张江科学城",
    }


def _seen_by(*roles):
    """GET of a request's page: its organisations' members see it, anyone else gets a 404."""
    return expect(default=404, anonymous=LOGIN, **dict.fromkeys(roles, 200))


def _answer(recipient_role, sender_role):
    """An answer: the recipient's members act (a redirect back), the sender's are refused, others 404."""
    return expect(default=404, anonymous=LOGIN, **{recipient_role: 302, sender_role: 403})


POST_ONLY_GET = expect(default=405, anonymous=LOGIN)
NOT_A_MEETING_PARTNER = expect(default=404, anonymous=LOGIN)

ROWS = [
    Row("meeting list", lambda w: reverse("incubator:meeting_list"), expect(default=200, anonymous=LOGIN)),
    Row(
        "new meeting request (to an investor)",
        _new("gamma-capital"),
        expect(default=403, anonymous=LOGIN, startup=200, other_startup=200),
    ),
    Row(
        "new meeting request (to a startup)",
        _new("delta-neuro"),
        expect(default=403, anonymous=LOGIN, investor=200, platform=200),
    ),
    Row(
        "send a meeting request (to an incubator)",
        _new("zeta-incubator"),
        expect(default=403, anonymous=LOGIN, startup=302, other_startup=302),
        method="post",
        data=_request_data,
    ),
    Row("new meeting request (an unknown slug)", _new("no-such-organisation"), NOT_A_MEETING_PARTNER),
    # Organisations A (an enterprise) and B (awaiting verification) take no meetings.
    Row("new meeting request (org A, an enterprise)", _new("alpha"), NOT_A_MEETING_PARTNER),
    Row("new meeting request (org B, unverified)", _new("beta"), NOT_A_MEETING_PARTNER),
    Row("send a meeting request (org A)", _new("alpha"), NOT_A_MEETING_PARTNER, method="post", data=_request_data),
    Row("send a meeting request (org B)", _new("beta"), NOT_A_MEETING_PARTNER, method="post", data=_request_data),
    Row("meeting (A)", _url("meeting_detail", "meeting_a"), _seen_by("startup", "investor")),
    Row("meeting (B)", _url("meeting_detail", "meeting_b"), _seen_by("other_startup", "investor")),
    Row(
        "accept meeting (A)",
        _url("meeting_accept", "meeting_a"),
        _answer("investor", "startup"),
        method="post",
        data=lambda w: {"accept-slot": w.extra["meeting_a_slot"].pk},
    ),
    Row(
        "accept meeting (B)",
        _url("meeting_accept", "meeting_b"),
        _answer("investor", "other_startup"),
        method="post",
        data=lambda w: {"accept-slot": w.extra["meeting_b_slot"].pk},
    ),
    Row("accept meeting (A), GET", _url("meeting_accept", "meeting_a"), POST_ONLY_GET),
    Row("accept meeting (B), GET", _url("meeting_accept", "meeting_b"), POST_ONLY_GET),
    Row(
        "decline meeting (A)",
        _url("meeting_decline", "meeting_a"),
        _answer("investor", "startup"),
        method="post",
        data=lambda w: {"decline-reason": "本期基金已投满。"},
    ),
    Row(
        "decline meeting (B)",
        _url("meeting_decline", "meeting_b"),
        _answer("investor", "other_startup"),
        method="post",
        data=lambda w: {"decline-reason": "本期基金已投满。"},
    ),
    Row("decline meeting (A), GET", _url("meeting_decline", "meeting_a"), POST_ONLY_GET),
    Row("decline meeting (B), GET", _url("meeting_decline", "meeting_b"), POST_ONLY_GET),
    Row(
        "withdraw meeting request (A)",
        _url("meeting_cancel", "meeting_a"),
        _answer("startup", "investor"),
        method="post",
    ),
    Row(
        "withdraw meeting request (B)",
        _url("meeting_cancel", "meeting_b"),
        _answer("other_startup", "investor"),
        method="post",
    ),
    Row("withdraw meeting request (A), GET", _url("meeting_cancel", "meeting_a"), POST_ONLY_GET),
    Row("withdraw meeting request (B), GET", _url("meeting_cancel", "meeting_b"), POST_ONLY_GET),
    Row("meeting calendar (A)", _url("meeting_ics", "meeting_a_accepted"), _seen_by("startup", "investor")),
    Row("meeting calendar (B)", _url("meeting_ics", "meeting_b_accepted"), _seen_by("other_startup", "investor")),
    # A request awaiting an answer has no time yet: no calendar file, for anyone.
    Row("meeting calendar (A, pending)", _url("meeting_ics", "meeting_a"), NOT_A_MEETING_PARTNER),
]


def test_meetings_matrix(client, world):  # noqa: F811
    add_incubator_meetings(world)
    check_matrix(client, world, ROWS)


def test_every_meetings_url_has_a_row(world):  # noqa: F811
    add_incubator_meetings(world)
    meeting_names = {
        "meeting_list",
        "meeting_new",
        "meeting_detail",
        "meeting_accept",
        "meeting_decline",
        "meeting_cancel",
        "meeting_ics",
    }
    assert not meeting_names & uncovered_url_names(world, ROWS, "incubator")
