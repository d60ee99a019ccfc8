"""What waits for an organisation, on its dashboard card: meeting requests received and not answered,
data-room requests to its startup not decided, programme applications to its platform not decided,
products and case submissions returned for changes (``portal.dashboard``: a section's ``awaiting``).
Counted per organisation, in one query a section, however many organisations the member has. And
what waits for the member in their own name: a judge's scorecards to submit, team invitations to
answer (a shortcut's ``awaiting``)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from cases.vocabulary import SubmissionStatus
from catalog.vocabulary import ModerationStatus
from competition.models import TeamInvitation
from competition.teams import services as teams
from incubator.vocabulary import AccessStatus, ApplicationStatus, MeetingStatus
from portal.judging import services as judging
from portal.judging.models import Assignment, Scorecard
from portal.judging.vocabulary import AssignmentStatus, PanelStatus
from tests import factories
from tests.cases.factories import HospitalFactory, SubmissionFactory
from tests.catalog.factories import ProductFactory
from tests.competition.factories import TeamFactory, running_competition
from tests.incubator.datarooms.world import access
from tests.incubator.meetings.factories import make_meeting, member_of, verified
from tests.incubator.programmes.world import make_application
from tests.judging.factories import PanelFactory, items, judges

pytestmark = pytest.mark.django_db


def _dashboard(client, language="en") -> str:
    with translation.override(language):
        url = reverse("portal:dashboard")
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _buttons(html: str, label: str) -> list[str]:
    """The texts of the dashboard links labelled ``label`` (their counts included), tags and spaces folded."""
    texts = [" ".join(re.sub(r"<[^>]+>", " ", link).split()) for link in re.findall(r"<a [^>]*>(.*?)</a>", html, re.S)]
    return [text for text in texts if text.startswith(label)]


def _button(html: str, label: str) -> str:
    (text,) = _buttons(html, label)
    return text


@pytest.fixture
def startup_org(db):
    return verified("startup", slug="yanqi")


@pytest.fixture
def founder(startup_org):
    return member_of(startup_org)


def test_a_startup_sees_the_requests_waiting_for_its_answer(client, startup_org, founder):
    investor = verified("investor", slug="fund-a")
    other = verified("investor", slug="fund-b")
    make_meeting(sender=investor, recipient=startup_org)
    make_meeting(sender=other, recipient=startup_org)
    make_meeting(sender=other, recipient=startup_org, status=MeetingStatus.DECLINED)  # answered
    make_meeting(sender=investor, recipient=startup_org, expires_in=timedelta(hours=-1))  # expired unanswered
    make_meeting(sender=startup_org, recipient=investor)  # sent: waits for the investor, not for them
    access(startup_org, investor, status=AccessStatus.REQUESTED)
    access(startup_org, other, status=AccessStatus.APPROVED)
    client.force_login(founder)

    html = _dashboard(client)
    assert _button(html, "Meeting requests") == "Meeting requests 2 awaiting you"
    assert _button(html, "Data room") == "Data room 1 awaiting you"
    assert _button(html, "Programme applications") == "Programme applications"  # theirs wait for the platforms
    assert "1 项待处理" in _dashboard(client, "zh-hans") and "2 项待处理" in _dashboard(client, "zh-hans")


def test_nothing_waiting_shows_no_count(client, startup_org, founder):
    make_meeting(sender=verified("investor", slug="fund-c"), recipient=startup_org, status=MeetingStatus.ACCEPTED)
    client.force_login(founder)
    html = _dashboard(client)
    assert _button(html, "Meeting requests") == "Meeting requests"
    assert "awaiting you" not in html


def test_a_platform_sees_the_applications_to_decide_and_each_card_counts_its_own(client, startup_org):
    platform = verified("incubator", slug="zj")
    second = verified("incubator", slug="xh")
    manager = member_of(platform, user__email="li.na@example.com")
    factories.MembershipFactory(organisation=second, user=manager, role="editor")
    make_application(startup=startup_org, platform=platform)
    make_application(startup=verified("startup", slug="delta"), platform=platform)
    make_application(startup=verified("startup", slug="eps"), platform=platform, status=ApplicationStatus.ACCEPTED)
    make_application(startup=startup_org, platform=second, status=ApplicationStatus.WITHDRAWN)
    client.force_login(manager)

    html = _dashboard(client)
    assert sorted(_buttons(html, "Programme applications")) == [
        "Programme applications",  # the second platform: nothing to decide
        "Programme applications 2 awaiting you",
    ]


def test_an_enterprise_and_a_hospital_see_what_was_returned_for_changes(client):
    enterprise = factories.OrganisationFactory(kind="enterprise")
    hospital = HospitalFactory()
    member = member_of(enterprise, user__email="wang.lei@example.com")
    factories.MembershipFactory(organisation=hospital, user=member, role="editor")
    ProductFactory(organisation=enterprise, moderation_status=ModerationStatus.REJECTED)
    ProductFactory(organisation=enterprise, moderation_status=ModerationStatus.SUBMITTED)
    ProductFactory(moderation_status=ModerationStatus.REJECTED)  # another enterprise's
    for status in (SubmissionStatus.CHANGES_REQUESTED, SubmissionStatus.CHANGES_REQUESTED, SubmissionStatus.DRAFT):
        SubmissionFactory(organisation=hospital, status=status)
    client.force_login(member)

    html = _dashboard(client)
    assert _buttons(html, "Products") == ["Products 1 awaiting you"]  # the enterprise's
    assert "Cases 2 awaiting you" in _buttons(html, "Cases")  # the hospital's
    assert html.count("awaiting you") == 2


def test_a_judge_sees_the_scorecards_still_to_submit_while_scoring_is_open(client, staff):
    panel = PanelFactory(judges_per_item=1)
    (judge,) = judges(panel, 1)
    todo, draft, submitted, recused = items(panel, 4)
    for item in (todo, draft, submitted, recused):
        judging.assign(actor=staff, item=item, judge=judge)
    mine = {assignment.item_id: assignment for assignment in Assignment.objects.filter(judge=judge)}
    Scorecard.objects.create(assignment=mine[draft.pk], status="draft", version=2)
    Scorecard.objects.create(assignment=mine[submitted.pk], status="submitted", version=1)
    Assignment.objects.filter(pk=mine[recused.pk].pk).update(status=AssignmentStatus.RECUSED)
    for state in ({"status": PanelStatus.CLOSED}, {"scoring_opens_at": timezone.now() + timedelta(days=1)}):
        closed = PanelFactory(judges_per_item=1, **state)  # closed by staff; not open yet
        closed.judges.create(user=judge)
        judging.assign(actor=staff, item=items(closed, 1)[0], judge=judge)
    client.force_login(judge)

    assert _button(_dashboard(client), "Open my assignments") == "Open my assignments 2 awaiting you"
    assert "2 项待处理" in _dashboard(client, "zh-hans")


def test_a_member_sees_the_team_invitations_waiting_for_their_answer(client):
    team = TeamFactory(competition=running_competition())
    invitee = factories.UserFactory(preferred_language="en")
    waiting = TeamInvitation.objects.create(team=team, email=invitee.email.upper(), invited_by=team.created_by)
    TeamInvitation.objects.create(
        team=TeamFactory(competition=team.competition), email=invitee.email, withdrawn_at=timezone.now()
    )
    client.force_login(invitee)
    assert _button(_dashboard(client), "My teams and entries") == "My teams and entries 1 awaiting you"

    teams.decline_invitation(user=invitee, invitation=waiting)
    assert _button(_dashboard(client), "My teams and entries") == "My teams and entries"


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        _dashboard(client)
    return len(queries)


def test_the_counts_cost_the_same_queries_however_many_organisations(client, startup_org, founder):
    make_meeting(sender=verified("investor", slug="fund-d"), recipient=startup_org)
    client.force_login(founder)
    _dashboard(client)  # sessions and site caches warm
    baseline = _queries(client)

    for number in range(4):
        startup = verified("startup", slug=f"more-{number}")
        factories.MembershipFactory(organisation=startup, user=founder, role="owner")
        investor = verified("investor", slug=f"fund-more-{number}")
        make_meeting(sender=investor, recipient=startup)
        access(startup, investor, status=AccessStatus.REQUESTED)
    assert _queries(client) == baseline
    assert _dashboard(client).count("1 awaiting you") == 5 + 4  # each card its meetings (5) and data room (4)
