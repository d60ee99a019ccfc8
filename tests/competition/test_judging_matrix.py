"""Role × URL matrix of the competition's judging (issue #13), and the judge's files.

The world's round (``tests.matrix.add_competition_judging``): the blind preliminary review of the
consumer track, judging team A's eligible entry; ``judge_assigned`` judges it, ``judge_unassigned``
is on the panel with nothing assigned, A's editor (``editor_a``) is its conflicted judge (a member
of the team's organisation, never assigned).

Decisions recorded here:
* A judge opens the scorecard (and recusal) of their own active assignment only; everyone else,
  the other judges of the panel, staff and the team included, gets a 404.
* The entry's attachments download through the team's download view (``competition.permissions``):
  the team, staff and the judge actively assigned to it; anyone else gets a 404, never a 403. In a
  blind round the judge's file comes under a neutral name. After a recusal the judge gets a 404.
* A judge never reaches the team's pages: the entry's detail and edit are a 404 for every judge.
"""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from portal.judging import services as judging
from portal.judging.errors import JudgingError
from portal.judging.models import Assignment
from tests.matrix import (  # noqa: F401
    JUDGE_ASSIGNED,
    JUDGE_CONFLICTED,
    JUDGE_UNASSIGNED,
    LOGIN,
    STAFF,
    TEAM_MEMBER,
    Row,
    add_competition_judging,
    check_matrix,
    expect,
    world,
)


def _assignment(name):
    return lambda w: reverse(f"judging:{name}", args=[w.extra["judging_entry_a"].pk])


def _entry(name):
    return lambda w: reverse(f"competition:{name}", args=[w.extra["entry_judged_a"].pk])


def _file(entry_key, attachment_key):
    return lambda w: reverse(
        "competition:attachment_download", args=[w.extra[entry_key].pk, w.extra[attachment_key].pk]
    )


#: The assigned judge's pages: theirs alone.
ASSIGNED_JUDGE = expect(default=404, anonymous=LOGIN, judge_assigned=200)

ROWS = [
    Row("scorecard (A's judged entry)", _assignment("scorecard"), ASSIGNED_JUDGE),
    # Scoring has not opened yet: the judge's save is refused with the opening time (the page's 409).
    Row(
        "scorecard (A's judged entry) POST",
        _assignment("scorecard"),
        expect(default=404, anonymous=LOGIN, judge_assigned=409),
        "post",
        lambda w: {"version": 0, "save": "1"},
    ),
    Row("recuse (A's judged entry)", _assignment("recuse"), ASSIGNED_JUDGE),
    Row(
        "recuse (A's judged entry) POST",
        _assignment("recuse"),
        expect(default=404, anonymous=LOGIN, judge_assigned=302),
        "post",
        lambda w: {"reason": "与该团队负责人曾是同事"},
    ),
    Row(
        "judged entry's attachment (its team, staff, its judge)",
        _file("entry_judged_a", "entry_judged_attachment_a"),
        expect(default=404, anonymous=LOGIN, team_member=200, staff=200, judge_assigned=200),
    ),
    Row(
        "judged entry's attachment via POST",
        _file("entry_judged_a", "entry_judged_attachment_a"),
        expect(default=405),
        "post",
    ),
    Row(
        "B's attachment through the judged entry (IDOR)",
        _file("entry_judged_a", "entry_attachment_b"),
        expect(default=404, anonymous=LOGIN),
    ),
    Row(
        "A's other attachment through the judged entry (IDOR)",
        _file("entry_judged_a", "entry_attachment_a"),
        expect(default=404, anonymous=LOGIN),
    ),
    Row(
        "judged entry's attachment through A's draft (IDOR)",
        _file("entry_draft_a", "entry_judged_attachment_a"),
        expect(default=404, anonymous=LOGIN),
    ),
    Row(
        "judged entry detail (judges: 404)",
        _entry("entry_detail"),
        expect(default=404, anonymous=LOGIN, team_member=200, staff=200),
    ),
    # Eligible: read-only for its team, who are sent back to the entry.
    Row("judged entry edit (judges: 404)", _entry("entry_edit"), expect(default=404, anonymous=LOGIN, team_member=302)),
    Row(
        "judged entry edit POST (judges: 404)",
        _entry("entry_edit"),
        # The team's form comes back as typed, nothing saved: the entry is being judged (409).
        expect(default=404, anonymous=LOGIN, team_member=409),
        "post",
        lambda w: {"version": 1, "title": "评委改的标题"},
    ),
]


def test_competition_judging_matrix(client, world):  # noqa: F811
    add_competition_judging(world)
    check_matrix(client, world, ROWS)


# --- the judge's files, beyond the status codes ---------------------------------------------------


@pytest.fixture
def judged(world):  # noqa: F811
    return add_competition_judging(world)


def _download(client, user, w):
    client.force_login(user)
    response = client.get(_file("entry_judged_a", "entry_judged_attachment_a")(w))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    return response, body


@pytest.mark.django_db
def test_in_a_blind_round_the_judge_gets_the_file_under_a_neutral_name(client, judged):
    response, body = _download(client, judged.user(JUDGE_ASSIGNED), judged)
    disposition = response["Content-Disposition"]
    attachment = judged.extra["entry_judged_attachment_a"]
    assert disposition.startswith("attachment;")
    assert f"entry-{judged.extra['entry_judged_a'].pk}-deck-{attachment.pk}.pdf" in disposition
    assert "alpha" not in disposition.lower() and judged.extra["team_a"].name not in disposition
    assert body == b"%PDF-1.4 test"
    # The team and staff keep the name it was uploaded under.
    for role in (TEAM_MEMBER, STAFF):
        response, _body = _download(client, judged.user(role), judged)
        assert "alpha-neurotech-deck.pdf" in response["Content-Disposition"]


@pytest.mark.django_db
def test_in_an_open_round_the_judge_gets_the_uploaded_name(client, judged):
    panel = judged.extra["judging_round"].panel
    type(panel).objects.filter(pk=panel.pk).update(blind=False)
    response, _body = _download(client, judged.user(JUDGE_ASSIGNED), judged)
    assert "alpha-neurotech-deck.pdf" in response["Content-Disposition"]


@pytest.mark.django_db
def test_the_scorecard_links_the_entrys_files_without_their_names_when_blind(client, judged):
    url = reverse("judging:scorecard", args=[judged.extra["judging_entry_a"].pk])
    download = _file("entry_judged_a", "entry_judged_attachment_a")(judged)
    client.force_login(judged.user(JUDGE_ASSIGNED))
    with translation.override("en"):
        page = client.get(url.replace("/zh-hans/", "/en/")).content.decode()
    assert f'href="{download.replace("/zh-hans/", "/en/")}"' in page or f'href="{download}"' in page
    assert "Pitch deck (PDF) 1" in page and "alpha-neurotech" not in page
    panel = judged.extra["judging_round"].panel
    type(panel).objects.filter(pk=panel.pk).update(blind=False)
    assert "alpha-neurotech-deck.pdf" in client.get(url).content.decode()


@pytest.mark.django_db
def test_the_scorecard_names_the_entry_once_with_one_h1(client, judged):
    # "Entry N" was both the page's h1 and the entry's h2 just below it.
    url = reverse("judging:scorecard", args=[judged.extra["judging_entry_a"].pk]).replace("/zh-hans/", "/en/")
    client.force_login(judged.user(JUDGE_ASSIGNED))
    with translation.override("en"):
        page = client.get(url).content.decode()
    headings = re.findall(r"<h([1-3])[^>]*>(.*?)</h\1>", page.split("<main", 1)[1])
    assert [level for level, _text in headings].count("1") == 1
    assert headings[:2] == [("1", f"Entry {judged.extra['judging_entry_a'].item.subject_id}"), ("2", "About the entry")]
    assert len({text for _level, text in headings}) == len(headings)


@pytest.mark.django_db
def test_after_recusing_the_judge_reaches_neither_the_scorecard_nor_the_files(client, judged):
    judge, assignment = judged.user(JUDGE_ASSIGNED), judged.extra["judging_entry_a"]
    judging.recuse(judge=judge, assignment=assignment, reason="与该团队负责人曾是同事")
    client.force_login(judge)
    assert client.get(reverse("judging:scorecard", args=[assignment.pk])).status_code == 404
    assert client.get(_file("entry_judged_a", "entry_judged_attachment_a")(judged)).status_code == 404


@pytest.mark.django_db
def test_the_engine_refuses_to_assign_the_conflicted_judge(judged):
    item = judged.extra["judging_entry_a"].item
    conflicted = judged.user(JUDGE_CONFLICTED)
    assert item.panel.judges.filter(user=conflicted).exists()
    assert not Assignment.objects.filter(item__panel=item.panel, judge=conflicted).exists()
    with pytest.raises(JudgingError):
        judging.assign(actor=judged.user(STAFF), item=item, judge=conflicted)


@pytest.mark.django_db
def test_no_judge_sees_another_judges_scores_before_the_stage_closes(client, judged):
    """The round's panel closes with its stage: only then does a judge of the entry see the others' scorecards."""
    staff, item = judged.user(STAFF), judged.extra["judging_entry_a"].item
    second = judging.assign(actor=staff, item=item, judge=judged.user(JUDGE_UNASSIGNED))
    stage = judged.extra["judging_round"].stage
    criterion = item.panel.rubric.criteria.get()
    with time_machine.travel(stage.opens_at + datetime.timedelta(hours=1), tick=False):
        judging.submit_scorecard(
            judge=judged.user(JUDGE_ASSIGNED),
            assignment=judged.extra["judging_entry_a"],
            version=0,
            scores={criterion.pk: (Decimal("7.25"), "")},
        )
    url = reverse("judging:scorecard", args=[second.pk]).replace("/zh-hans/", "/en/")

    def page_at(moment):
        with time_machine.travel(moment, tick=False), translation.override("en"):
            client.force_login(judged.user(JUDGE_UNASSIGNED))  # a session of that day
            response = client.get(url)
        assert response.status_code == 200
        return response.content.decode()

    for moment in (stage.opens_at + datetime.timedelta(hours=2), stage.closes_at):
        page = page_at(moment)
        assert "Other judges" not in page and "7.25" not in page
    closed = page_at(stage.closes_at + datetime.timedelta(seconds=1))
    assert "Other judges" in closed and "7.25" in closed
