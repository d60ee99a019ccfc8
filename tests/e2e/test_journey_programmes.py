"""A startup applies to an incubator's programme and the incubator decides, in a real browser.

The founder opens the incubator's page, follows "Apply to this programme", sends the form without a
message (the error names the field, what was ticked stays) and then with one; the incubator's
manager (another browser) finds it under "Received", tries to decline without a reason (refused,
on the page), accepts it with next steps; the founder reads them. axe-core checks the form, the
list and the application in English and Chinese. No response of the server is an error (≥ 500).
"""

import re

import pytest
from playwright.sync_api import expect

from .support import log_in
from .test_accessibility import check

STARTUP_EN = "Programme Neurotech"
INCUBATOR_EN = "Programme BCI Incubator"
NEXT_STEPS = "Come to Building 3 on Monday at 10:00."


@pytest.fixture
def cast(site_data):
    from incubator.models import PlatformProfile
    from tests.factories import DEFAULT_PASSWORD, MembershipFactory, OrganisationFactory, UserFactory

    startup = OrganisationFactory(
        name_zh="项目神经科技", name_en=STARTUP_EN, slug="programme-neurotech", kind="startup"
    )
    founder = UserFactory(email="founder@programme-neurotech.example", preferred_language="en")
    MembershipFactory(organisation=startup, user=founder, role="owner")
    incubator = OrganisationFactory(
        name_zh="项目脑机接口孵化器", name_en=INCUBATOR_EN, slug="programme-incubator", kind="incubator"
    )
    manager = UserFactory(email="manager@programme-incubator.example", preferred_language="zh-hans")
    MembershipFactory(organisation=incubator, user=manager, role="owner")
    PlatformProfile.objects.create(
        organisation=incubator,
        services=["incubation_space", "proof_of_concept"],
        eligibility_zh="成立五年以内的脑机接口初创企业。",
        eligibility_en="BCI start-ups less than five years old.",
    )
    return {"founder": founder, "manager": manager, "incubator": incubator, "password": DEFAULT_PASSWORD}


def test_a_startup_applies_and_the_incubator_accepts_with_next_steps(cast, page, make_context):
    server_errors: list[str] = []
    reports: list[str] = []
    page.on("response", lambda r: server_errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)

    # 1. The founder applies from the incubator's page; a missing message is refused on the page.
    log_in(page, cast["founder"].email, cast["password"], language="en")
    page.goto(f"/en/platforms/{cast['incubator'].slug}/")
    page.get_by_role("main").get_by_role("link", name="Apply to this programme").click()
    expect(page).to_have_url(re.compile(r"/en/dashboard/applications/new/programme-incubator/$"))
    main = page.get_by_role("main")
    expect(main).to_contain_text("BCI start-ups less than five years old.")
    main.get_by_label("Proof-of-concept", exact=False).check()
    main.get_by_role("button", name="Send the application").click()
    expect(main.get_by_text("This field is required.", exact=True)).to_be_visible()
    # The error box at the top leads to the field in error and focuses it, the address unchanged
    # (a fragment there would follow the redirect after the save).
    address = page.url
    main.get_by_role("link", name="What you ask of the programme: This field is required.").click()
    expect(main.get_by_label("What you ask of the programme")).to_be_focused()
    expect(main.get_by_label("What you ask of the programme")).to_be_in_viewport()
    assert page.url == address
    expect(main.get_by_label("Proof-of-concept", exact=False)).to_be_checked()  # nothing lost
    check(page, "programme-apply-en", page.url, reports)
    main.get_by_label("What you ask of the programme").fill("Large-animal studies of our flexible electrode.")
    main.get_by_role("button", name="Send the application").click()
    expect(page).to_have_url(re.compile(r"/en/dashboard/applications/\d+/$"))
    application_path = re.sub(r"^https?://[^/]+/en", "", page.url)
    expect(page.get_by_role("main")).to_contain_text("Awaiting review")

    # 2. The incubator's manager finds it, is refused a decline without a reason, accepts with next steps.
    manager = make_context().new_page()
    manager.on("response", lambda r: server_errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    log_in(manager, cast["manager"].email, cast["password"], language="zh-hans")
    manager.goto("/zh-hans/dashboard/applications/")
    check(manager, "programme-list-zh-hans", manager.url, reports)
    manager.get_by_role("main").get_by_role("link", name="项目神经科技").click()
    expect(manager).to_have_url(re.compile(rf"/zh-hans{application_path}$"))
    check(manager, "programme-application-zh-hans", manager.url, reports)
    decision = manager.get_by_role("main")
    decision.get_by_role("button", name="拒绝").click()
    expect(manager.get_by_role("main")).to_contain_text("请填写原因")
    manager.get_by_role("main").get_by_label("后续安排（选填）").fill(NEXT_STEPS)
    manager.get_by_role("main").get_by_role("button", name="通过").click()
    expect(manager.get_by_role("main")).to_contain_text("已接受该申请")

    # 3. The founder reads the decision and the next steps.
    page.reload()
    expect(page.get_by_role("main")).to_contain_text("Accepted")
    expect(page.get_by_role("main")).to_contain_text(NEXT_STEPS)
    check(page, "programme-application-en", page.url, reports)

    assert not server_errors, server_errors
    assert not reports, "\n\n".join(reports)
