"""The audit trail (issue #13): every step of an entry (submitted, screened, extended, assigned,
scored, advanced, awarded, made a product) per entry and per competition, read-only, exported as
CSV and XLSX; staff and project managers only."""

from __future__ import annotations

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from competition import services as entry_services
from competition.models import Entry
from competition.results import audit, loop, queries, services
from competition.vocabulary import EntryStatus
from portal.judging import audit as judging_audit
from tests.competition.factories import EntryFactory, TeamFactory, close_submissions, running_competition
from tests.competition.test_advancement import open_final
from tests.competition.test_results import admin_login, scored_round
from tests.factories import MembershipFactory, OrganisationFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


def journey():
    """An entry submitted, screened eligible, extended, scored in its round, advanced, awarded, made a product."""
    enterprise = OrganisationFactory()
    competition = running_competition()
    staff = StaffFactory()
    team = TeamFactory(competition=competition, organisation=enterprise)
    MembershipFactory(organisation=enterprise, user=team.created_by)
    entry = EntryFactory(team=team, track=competition.tracks.get(slug="medical"))
    entry = entry_services.submit_entry(actor=team.created_by, entry=entry, version=entry.version)
    until = competition.submission_deadline + datetime.timedelta(days=1)
    entry_services.extend_deadline(staff=staff, entry=entry, until=until, reason="断电")
    entry_services.mark_eligible(staff=staff, entry=Entry.objects.get(pk=entry.pk))
    scored = scored_round(scores=[[9, 3], [8, 4]], organisation=enterprise, first=entry)
    open_final(scored)
    services.advance(actor=staff, judging_round=scored.judging_round, top=1)
    award = services.record_award(actor=staff, entry=entry, prize_zh="一等奖")
    loop.make_product(actor=staff, award=award)
    close_submissions(competition)
    services.publish_results(actor=staff, competition=competition)
    return entry, staff


EVERY_STEP = {
    "competition.entry.submitted",
    "competition.entry.extended",
    "competition.entry.eligible",
    judging_audit.ASSIGNED,
    judging_audit.SUBMITTED,
    audit.ADVANCED,
    audit.AWARDED,
    audit.PRODUCT_CREATED,
}


def test_the_entry_trail_lists_every_step_with_actor_and_before_after():
    entry, staff = journey()
    trail = queries.entry_trail(entry)
    assert {log.action for log in trail} >= EVERY_STEP
    advanced = next(log for log in trail if log.action == audit.ADVANCED)
    assert advanced.user == staff and advanced.data["before"]["status"] == EntryStatus.ELIGIBLE
    assert advanced.data["after"]["status"] == EntryStatus.ADVANCED
    other = EntryFactory(team=TeamFactory(competition=entry.competition))
    assert not queries.entry_trail(other)


def test_the_competition_trail_holds_the_entries_rounds_and_publication():
    entry, _staff = journey()
    actions = {log.action for log in queries.competition_trail(entry.competition)}
    assert actions >= EVERY_STEP | {audit.PUBLISHED, "competition.round.opened"}


def test_the_trail_pages_and_exports_are_for_staff_only(client):
    entry, staff = journey()
    pages = [
        reverse("competition_results:entry_trail", args=[entry.pk]),
        reverse("competition_results:competition_trail", args=[entry.competition_id]),
    ]
    for role in (None, UserFactory(), entry.team.created_by):
        client.logout()
        if role is not None:
            client.force_login(role)
        for url in pages:
            assert client.get(url).status_code in (302, 403)
    admin_login(client, staff)
    page = client.get(pages[0])
    assert page.status_code == 200 and "断电" in page.content.decode()
    assert client.post(pages[0]).status_code == 405  # read-only
    csv_body = client.get(pages[0], {"format": "csv"})
    assert csv_body.status_code == 200 and "断电" in csv_body.content.decode("utf-8-sig")
    workbook = load_workbook(io.BytesIO(client.get(pages[1], {"format": "xlsx"}).content))
    sheet = workbook.active
    assert sheet.max_row - 1 == len(queries.competition_trail(entry.competition))


def test_the_entry_inspect_page_links_to_the_entry_trail(client):
    entry, staff = journey()
    admin_login(client, staff)
    page = client.get(reverse("competition_entries:inspect", args=[entry.pk]))
    trail = reverse("competition_results:entry_trail", args=[entry.pk])
    assert page.status_code == 200 and f'href="{trail}"' in page.content.decode()


def test_the_xlsx_exports_drop_control_characters_text_pasted_from_a_word_processor_carries(client):
    """A reason with a vertical tab (Word's line break) or another control character could not be
    written to an XLSX cell (openpyxl's IllegalCharacterError): the export answered 500."""
    entry, staff = journey()
    until = entry.competition.submission_deadline + datetime.timedelta(days=2)
    entry_services.extend_deadline(
        staff=staff, entry=Entry.objects.get(pk=entry.pk), until=until, reason="线路\x0b故障\x01\x1b"
    )
    admin_login(client, staff)

    for url in (
        reverse("competition_results:entry_trail", args=[entry.pk]),
        reverse("competition_results:competition_trail", args=[entry.competition_id]),
        reverse("competition_results:export", args=[entry.competition_id]),
    ):
        response = client.get(url, {"format": "xlsx"})
        assert response.status_code == 200, url
        cells = [str(c.value) for s in load_workbook(io.BytesIO(response.content)) for r in s.iter_rows() for c in r]
        assert not any(char in cell for cell in cells for char in "\x0b\x01\x1b"), url
        if "trail" in url:
            assert any("线路故障" in cell for cell in cells), url
