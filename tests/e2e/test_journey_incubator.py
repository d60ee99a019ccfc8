"""Issue #15's journey in a real browser, every step by a person at a page.

An investor signs in, filters the startup directory by a facet and opens a startup's profile, reads
the suggestion of that startup with its reasons criterion by criterion, and asks it for a meeting.
The startup's owner (another browser) accepts a time; the investor sees the meeting accepted and
downloads its calendar file. The investor asks for the data room, the startup approves, the
investor accepts the NDA and opens the business plan (a PDF), and the startup reads the line in its
access log. A project manager, signed in with an authenticator code, adds the startup to the
pipeline in the admin and moves it from discovered to screening.

axe-core checks the directory in both languages and, in English, the profile, the suggestions, the
meeting, the investor's data room and the startup's. No response of the server is an error (≥ 500).
"""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .support import log_in, log_in_with_code, no_event_loop
from .test_accessibility import check

STARTUP_EN = "Journey Neurotech"
STARTUP_ZH = "旅程神经科技"
INVESTOR_EN = "Journey Capital"
SUBJECT = "First meeting about the exoskeleton"
PLAN = "Journey business plan"


@pytest.fixture
def cast(site_data, settings, tmp_path):
    from incubator.models import InvestorProfile, NdaVersion
    from tests.factories import (
        DEFAULT_PASSWORD,
        STAFF_TOTP_SECRET,
        MembershipFactory,
        OrganisationFactory,
        ProjectManagerFactory,
        UserFactory,
    )
    from tests.incubator.datarooms.world import NDA_EN, document, publish_nda
    from tests.incubator.profiles.world import startup_profile

    settings.MEDIA_ROOT = tmp_path / "media"  # this test's files alone (the private root follows it)
    startup = OrganisationFactory(name_zh=STARTUP_ZH, name_en=STARTUP_EN, slug="journey-neurotech", kind="startup")
    founder = UserFactory(email="founder@journey-neurotech.example", preferred_language="en")
    MembershipFactory(organisation=startup, user=founder, role="owner")
    startup_profile(
        startup,
        tag="J",
        with_deck=False,
        indications=["als"],
        funding_visibility="investors",
        team_visibility="public",
    )
    investor_org = OrganisationFactory(name_zh="旅程资本", name_en=INVESTOR_EN, slug="journey-capital", kind="investor")
    investor = UserFactory(email="partner@journey-capital.example", preferred_language="en")
    MembershipFactory(organisation=investor_org, user=investor, role="owner")
    InvestorProfile.objects.create(
        organisation=investor_org,
        thesis_zh="脑机接口康复",
        thesis_en="BCI rehabilitation",
        stages=["prototype"],
        bci_types=["non_invasive"],
        functions=["motor_control"],
        application_fields=["rehabilitation"],
        regions=["shanghai"],
        ticket_min_cny=20_000_000,
        ticket_max_cny=30_000_000,
    )
    latest = NdaVersion.objects.order_by("-version").values_list("version", flat=True).first() or 0
    nda = publish_nda(latest + 1)
    document(startup, title=PLAN, by=founder)
    manager = ProjectManagerFactory(email="pm@journey-alliance.example", preferred_language="en")
    secret = STAFF_TOTP_SECRET  # the factory's authenticator app
    return {
        "startup": startup,
        "founder": founder,
        "investor": investor,
        "investor_org": investor_org,
        "manager": manager,
        "secret": secret,
        "password": DEFAULT_PASSWORD,
        "nda": nda,
        "nda_text": NDA_EN,
    }


def _watch(page, server_errors: list) -> None:
    page.on("response", lambda r: server_errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)


def _slot(days: int) -> str:
    """A time ``days`` from now at 10:00 Shanghai, as a datetime-local input takes it."""
    shanghai = timezone.localtime(timezone.now(), datetime.timezone(datetime.timedelta(hours=8)))
    return (shanghai + datetime.timedelta(days=days)).strftime("%Y-%m-%dT10:00")


def test_an_investor_finds_meets_and_reads_a_startup_and_a_manager_screens_it(cast, page, make_context):
    from incubator.models import DataRoomAccess, DocumentAccessLog, MeetingRequest, PipelineCard

    server_errors: list[str] = []
    reports: list[str] = []
    _watch(page, server_errors)
    slug = cast["startup"].slug

    # 1. The investor signs in, filters the directory by a facet and opens the startup's profile.
    log_in(page, cast["investor"].email, cast["password"], language="en")
    page.goto("/zh-hans/startups/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check(page, "incubator-directory-zh-hans", page.url, reports)
    page.goto("/en/startups/")
    check(page, "incubator-directory-en", page.url, reports)
    facet = page.get_by_role("navigation", name="Indication")
    facet.get_by_role("link", name=re.compile(r"^\s*ALS\b")).click()
    expect(page).to_have_url(re.compile(r"indication=als"))
    main = page.get_by_role("main")
    main.get_by_role("link", name=STARTUP_EN, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/en/startups/{slug}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(STARTUP_EN)
    expect(page.get_by_role("main")).to_contain_text("Funding ask")  # investors see the funding group
    check(page, "incubator-startup-en", page.url, reports)

    # 2. The suggestions: the startup, and why, criterion by criterion.
    page.goto("/en/dashboard/incubator/suggestions/")
    suggestion = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", level=4, name=STARTUP_EN, exact=True)
    )
    expect(suggestion).to_have_count(1)
    reasons = suggestion.get_by_role("table")
    expect(reasons).to_contain_text("stage: Prototype is the only stage the investor invests in")
    expect(reasons).to_contain_text("ask CNY 20M–30M within CNY 20M–30M")
    expect(reasons).to_contain_text("focus: Non-invasive, Motor control, Rehabilitation in common")
    expect(reasons).to_contain_text("region: Shanghai is among the investor's regions")
    # Best first: it fits on every criterion, so it leads the demo startups.
    expect(page.get_by_role("main").locator("ol > li").first.get_by_role("heading", level=4)).to_have_text(STARTUP_EN)
    check(page, "incubator-suggestions-en", page.url, reports)
    page.screenshot(path="/tmp/incubator-suggestions.png", full_page=True)

    # 3. A meeting request from the startup's profile, accepted by the startup; the investor gets the calendar file.
    page.goto(f"/en/startups/{slug}/")
    page.get_by_role("main").get_by_role("link", name="Request a meeting").click()
    expect(page).to_have_url(re.compile(rf"/en/dashboard/meetings/new/{slug}/$"))
    main = page.get_by_role("main")
    main.get_by_label("Subject").fill(SUBJECT)
    main.get_by_label("Message").fill("We would like to hear about your clinical plans. Two partners attend.")
    main.get_by_label("Proposed time 1").fill(_slot(7))
    main.get_by_label("Proposed time 2").fill(_slot(8))
    main.get_by_label("Place or video link").fill("Zhangjiang, Building 3")
    main.get_by_role("button", name=re.compile(r"send", re.I)).click()
    expect(page).to_have_url(re.compile(r"/en/dashboard/meetings/\d+/$"))
    meeting_url = page.url
    expect(page.get_by_role("heading", level=1)).to_have_text(SUBJECT)

    founder = make_context().new_page()
    _watch(founder, server_errors)
    log_in(founder, cast["founder"].email, cast["password"], language="en")
    founder.goto("/en/dashboard/meetings/?box=received")
    founder.get_by_role("main").get_by_role("link", name=SUBJECT, exact=True).click()
    answer = founder.get_by_role("main")
    answer.get_by_role("radio").first.check()
    answer.get_by_role("button", name="Accept this time").click()
    expect(founder.get_by_role("main")).to_contain_text("The meeting takes place at")

    page.goto(meeting_url)
    expect(page.get_by_role("main")).to_contain_text("The meeting takes place at")
    check(page, "incubator-meeting-en", page.url, reports)
    ics_link = page.get_by_role("link", name="Add to my calendar (.ics)")
    ics = page.context.request.get(ics_link.get_attribute("href"))
    assert ics.status == 200, f"the calendar file: HTTP {ics.status}"
    assert ics.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in ics.text() and SUBJECT in ics.text()
    with no_event_loop():
        assert MeetingRequest.objects.get(subject=SUBJECT).status == "accepted"

    # 4. The data room: request, approval, NDA, a document, the startup's log.
    page.goto(f"/en/startups/{slug}/")
    page.get_by_role("main").get_by_role("link", name="Request data-room access").click()
    expect(page).to_have_url(re.compile(rf"/en/startups/{slug}/data-room/request/$"))
    main = page.get_by_role("main")
    main.get_by_label("Why you ask (optional)").fill("After our meeting: the business plan, please.")
    main.get_by_role("button", name="Send the request").click()
    expect(page).to_have_url(re.compile(r"/en/dashboard/incubator/data-rooms/\d+/$"))
    room_url = page.url
    expect(page.get_by_role("main")).to_contain_text("Your request waits for the startup's answer.")

    founder.goto("/en/dashboard/")
    founder.get_by_role("link", name="Data room 1 awaiting you", exact=True).click()  # the request waits for them
    waiting = founder.locator("article").filter(has_text=INVESTOR_EN)
    waiting.get_by_role("button", name="Approve", exact=True).click()
    expect(founder.get_by_role("main")).to_contain_text(INVESTOR_EN)
    manage_url = founder.url

    page.goto(room_url)
    main = page.get_by_role("main")
    expect(main).to_contain_text(cast["nda_text"])
    main.get_by_label("I have read the NDA and accept it on behalf of my organisation.").check()
    main.get_by_role("button", name="Accept the NDA").click()
    expect(page.get_by_role("main")).to_contain_text(f"NDA version {cast['nda'].version} accepted")
    row = page.get_by_role("main").get_by_role("row").filter(has_text=PLAN)
    expect(row).to_have_count(1)
    check(page, "incubator-dataroom-en", page.url, reports)
    pdf = page.context.request.get(row.get_by_role("link", name="View", exact=True).get_attribute("href"))
    assert pdf.status == 200, f"the document: HTTP {pdf.status}"
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    with no_event_loop():
        access = DataRoomAccess.objects.get(startup=cast["startup"], investor=cast["investor_org"])
        assert access.nda_version == cast["nda"] and access.nda_ip
        assert DocumentAccessLog.objects.filter(access=access).count() == 1

    founder.goto(manage_url)
    log = (
        founder.get_by_role("main")
        .locator("section")
        .filter(has=founder.get_by_role("heading", name="Access log", exact=True))
    )
    log_row = log.get_by_role("row").filter(has_text=PLAN)
    expect(log_row).to_have_count(1)
    expect(log_row).to_contain_text(INVESTOR_EN)
    check(founder, "incubator-dataroom-manage-en", founder.url, reports)

    # 5. A project manager discovers the startup in the admin and moves it to screening.
    manager = make_context().new_page()
    _watch(manager, server_errors)
    log_in_with_code(manager, cast["manager"].email, cast["password"], cast["secret"])
    manager.goto("/admin/pipeline/")
    manager.get_by_role("link", name="Discover a startup").click()
    manager.get_by_role("combobox", name=re.compile(r"^Startup")).select_option(value=str(cast["startup"].pk))
    manager.get_by_label("Source").select_option(value="search")
    manager.get_by_label("Where it came from").fill("The investor directory, after a meeting")
    manager.get_by_role("button", name="Add to the pipeline").click()
    expect(manager).to_have_url(re.compile(r"/admin/pipeline/\d+/$"))
    card_url = manager.url
    with no_event_loop():
        assert PipelineCard.objects.get(startup=cast["startup"]).stage == "discovered"
    move = manager.locator("form").filter(has=manager.get_by_role("button", name="Move", exact=True))
    move.get_by_label("Move to").select_option(value="screening")
    move.get_by_label("Why").fill("A strong team, a clear clinical path")
    move.get_by_role("button", name="Move", exact=True).click()
    expect(manager).to_have_url(card_url)
    with no_event_loop():
        assert PipelineCard.objects.get(startup=cast["startup"]).stage == "screening"
    manager.goto("/admin/pipeline/?stage=screening")
    column = manager.locator("section").filter(has=manager.get_by_role("heading", name=re.compile(r"^Screening")))
    expect(column.get_by_role("link", name=re.compile(f"{STARTUP_EN}|{STARTUP_ZH}"))).to_be_visible()

    assert not reports, "axe-core found accessibility violations:\n\n" + "\n\n".join(reports)
    assert server_errors == []
