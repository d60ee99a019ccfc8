"""The ``.ics`` file (RFC 5545), read back with a small parser of its own: unfold, split, unescape."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from incubator.meetings import calendar
from incubator.vocabulary import MeetingStatus
from tests.incubator.meetings.factories import make_meeting

pytestmark = pytest.mark.django_db


def unfold(text: str) -> list[str]:
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", ""), "bare LF or CR line endings"
    lines = text.split("\r\n")[:-1]
    for line in lines:
        assert len(line.encode("utf-8")) <= 75, f"line longer than 75 octets: {line!r}"
        line.encode("utf-8").decode("utf-8")  # no character split across a fold
    joined: list[str] = []
    for line in lines:
        if line.startswith(" "):
            joined[-1] += line[1:]
        else:
            joined.append(line)
    return joined


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            assert char not in ",;", f"unescaped {char!r} in {value!r}"
            out.append(char)
    return "".join(out)


def parse(text: str) -> dict:
    """``{"VCALENDAR": {...}, "VEVENT": {...}}`` with unescaped values."""
    components, stack = {}, []
    for line in unfold(text):
        name, _colon, value = line.partition(":")
        if name == "BEGIN":
            stack.append(value)
            components[value] = {}
        elif name == "END":
            assert stack.pop() == value
        else:
            key = name.split(";", 1)[0]
            components[stack[-1]][key] = (
                value if key in {"DTSTART", "DTEND", "DTSTAMP", "UID", "URL"} else unescape(value)
            )
    assert not stack
    return components


@pytest.fixture
def meeting(db):
    from tests.incubator.meetings.factories import verified

    meeting = make_meeting(
        sender=verified("investor", name_zh="浦江基金", name_en="Pujiang Fund"),
        recipient=verified("startup", name_zh="言启智能", name_en="Yanqi"),
        status=MeetingStatus.ACCEPTED,
        subject="Due diligence; part 1, with the CTO",
        message="第一行：技术路线，临床计划；\n第二行: commas, semicolons; and a backslash \\ too.\r\n"
        + "脑机接口柔性电极" * 12,
        location="上海市浦东新区张江路 1 号, 3 楼; 会议室 A",
        duration=90,
    )
    meeting.chosen_slot.starts_at = datetime(2026, 12, 10, 6, 0, tzinfo=UTC)  # 14:00 in Shanghai
    meeting.chosen_slot.save()
    return meeting


def test_the_calendar_reads_back_as_the_meeting(meeting):
    with translation.override("en"):
        text = calendar.meeting_calendar(meeting, now=datetime(2026, 12, 1, 1, 2, 3, tzinfo=UTC))
    parsed = parse(text)
    assert parsed["VCALENDAR"]["VERSION"] == "2.0" and parsed["VCALENDAR"]["PRODID"]
    event = parsed["VEVENT"]
    assert event["UID"] == f"{meeting.uid}@{calendar.UID_DOMAIN}"
    assert event["DTSTAMP"] == "20261201T010203Z"
    assert event["DTSTART"] == "20261210T060000Z"
    assert event["DTEND"] == "20261210T073000Z"  # 90 minutes
    assert event["SUMMARY"] == "Due diligence; part 1, with the CTO"
    assert event["LOCATION"] == "上海市浦东新区张江路 1 号, 3 楼; 会议室 A"
    description = event["DESCRIPTION"]
    assert "Meeting between Pujiang Fund and Yanqi." in description
    assert "2026-12-10 14:00 (Asia/Shanghai, UTC+08:00)" in description
    assert "第一行：技术路线，临床计划；\n第二行: commas, semicolons; and a backslash \\ too.\n" in description
    assert event["URL"].endswith(f"/en/dashboard/meetings/{meeting.pk}/")
    assert event["STATUS"] == "CONFIRMED"


def test_long_lines_are_folded_at_75_octets_without_splitting_characters(meeting):
    text = calendar.meeting_calendar(meeting)
    assert "\r\n " in text  # the long description was folded
    unfold(text)  # each physical line ≤ 75 octets, valid UTF-8


def test_escape_and_fold_by_hand():
    assert calendar.escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    first, second = calendar.fold("DESCRIPTION:" + "电" * 30).split("\r\n")  # 12 + 90 octets
    assert first == "DESCRIPTION:" + "电" * 21 and len(first.encode()) == 75  # exactly 75 fits
    assert second == " " + "电" * 9
    first, second = calendar.fold("DESCRIPTION:X" + "电" * 30).split("\r\n")  # 13 + 90 octets
    assert len(first.encode()) == 73  # a 21st character would end at octet 76: it moves to the next line
    assert second == " " + "电" * 10
    assert calendar.fold("X" * 75) == "X" * 75
    assert calendar.fold("X" * 76) == "X" * 75 + "\r\n X"


def test_only_an_accepted_meeting_has_a_calendar(meeting):
    meeting.chosen_slot = None
    with pytest.raises(ValueError):
        calendar.meeting_calendar(meeting)


def test_the_download_is_a_calendar_attachment(client, meeting):
    from tests.incubator.meetings.factories import member_of

    client.force_login(member_of(meeting.recipient))
    response = client.get(reverse("incubator:meeting_ics", kwargs={"meeting_id": meeting.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="meeting-20261210-1400.ics"'
    assert parse(response.content.decode("utf-8"))["VEVENT"]["DTSTART"] == "20261210T060000Z"
    assert meeting.chosen_slot.starts_at + timedelta(minutes=90) == datetime(2026, 12, 10, 7, 30, tzinfo=UTC)
