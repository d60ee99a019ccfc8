"""A hospital member submits a case in a real browser; staff send it back, accept and publish it.

Dashboard → My cases → new case (basics, clinical details, two outcome measures, product and
DOI, consent attestation; title and summary in English too) → submit; staff request a change
(through the service, as the admin's button does); the member edits and resubmits in the browser;
staff accept (zh-hans and English drafts, the English from the member's English texts, with a
slug from the English title) and publish both at once; the case shows on the index facets
in both languages, on the linked product's page and in the API.
"""

import re

import pytest
from django.utils.text import slugify
from playwright.sync_api import expect

from .support import log_in, no_event_loop

TITLE_ZH = "渐冻症患者半侵入式言语解码（旅程测试）"
TITLE_EN = "Semi-invasive speech decoding for a woman with ALS (journey test)"
SUMMARY_EN = "Epidural high-density electrodes decode attempted speech into a synthetic voice."


@pytest.fixture
def hospital_member(site_data):
    from portal.models import Organisation
    from tests.factories import DEFAULT_PASSWORD, MembershipFactory, StaffFactory

    user = MembershipFactory(organisation=Organisation.objects.get(slug="binhai-neuro"), role="editor").user
    user.raw_password = DEFAULT_PASSWORD
    user.staff = StaffFactory()
    return user


def _save_and_continue(page):
    page.get_by_role("button", name=re.compile(r"Save and continue|保存并继续")).click()


def test_hospital_member_submits_a_case_that_staff_publish(hospital_member, page):
    from cases import services
    from cases.models import CaseSubmission
    from catalog.models import Product

    server_errors = []
    page.on("response", lambda r: server_errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    with no_event_loop():
        product = Product.objects.public().get(model_number="NY-Speech1")

    log_in(page, hospital_member.email, hospital_member.raw_password, language="en")
    page.goto("/en/dashboard/")
    # The dashboard's own link (the menu has a "Cases" entry too: the public library).
    page.get_by_role("main").get_by_role("link", name=re.compile(r"^\s*(Cases|案例)\s*$")).first.click()
    page.get_by_role("link", name=re.compile("New case for")).click()

    main = page.get_by_role("main")
    main.get_by_label("Title", exact=True).fill(TITLE_ZH)
    main.get_by_label("Title in English").fill(TITLE_EN)
    main.get_by_label("Summary", exact=True).fill("硬膜外高密度电极解码尝试说话，合成语音。")
    main.get_by_label("Summary in English").fill(SUMMARY_EN)
    main.get_by_label("BCI type").select_option("semi_invasive")
    main.get_by_label("Approach").select_option("ecog")
    main.get_by_label("Speech synthesis").check()
    main.get_by_label("ALS").check()
    _save_and_continue(page)

    expect(page.get_by_role("heading", name="Clinical details")).to_be_visible()
    main.get_by_label("Phase").select_option("first_in_human")
    main.get_by_label("Start date").fill("2025-04-01")
    main.get_by_label("Status of the study").select_option("follow_up")
    main.get_by_label("Trial registration numbers").fill("NCT123")
    _save_and_continue(page)
    # Beside the field, and linked from the error box at the top; nothing lost, fix and go on.
    expect(main.locator("#id_trial_ids_error").get_by_text("is not a trial registration number")).to_be_visible()
    expect(main.get_by_role("link", name=re.compile("^Trial registration numbers: .*NCT123"))).to_be_visible()
    main.get_by_label("Trial registration numbers").fill("NCT09000777")
    _save_and_continue(page)

    expect(page.get_by_role("heading", name="Outcomes")).to_be_visible()
    for row, (measure, time_frame, result, value, unit) in enumerate(
        [
            ("解码准确率", "6个月", "常用 300 音节 78%", "78", "%"),
            ("交流速度", "6个月", "每分钟 41 字", "41", "字/分钟"),
        ]
    ):
        main.locator(f'input[name="outcomes-{row}-measure"]').fill(measure)
        main.locator(f'input[name="outcomes-{row}-time_frame"]').fill(time_frame)
        main.locator(f'input[name="outcomes-{row}-result"]').fill(result)
        main.locator(f'input[name="outcomes-{row}-value"]').fill(value)
        main.locator(f'input[name="outcomes-{row}-unit"]').fill(unit)
    _save_and_continue(page)

    main.locator(f'input[name="products"][value="{product.pk}"]').check()
    main.get_by_label("Publication DOIs").fill("https://doi.org/10.5555/journey.001")
    _save_and_continue(page)

    main.get_by_label(re.compile("I confirm that the patients")).check()
    page.get_by_role("button", name=re.compile("Submit to the alliance")).click()
    expect(page.get_by_text("The case is submitted")).to_be_visible()

    with no_event_loop():
        submission = CaseSubmission.objects.get(title=TITLE_ZH)
        assert submission.outcomes.count() == 2
        services.request_changes(staff=hospital_member.staff, submission=submission, comment="请补充随访时长。")

    page.reload()
    expect(page.get_by_role("main")).to_contain_text("请补充随访时长。")
    page.get_by_role("link", name="Edit the case").click()
    page.get_by_role("link", name="Clinical details").click()
    main.get_by_label("Follow-up (months)").fill("6")
    _save_and_continue(page)
    page.get_by_role("link", name="Attestation and submission").click()
    main.get_by_label(re.compile("I confirm that the patients")).check()
    page.get_by_role("button", name=re.compile("Submit to the alliance")).click()
    expect(page.get_by_text("The case is submitted")).to_be_visible()

    with no_event_loop():
        submission.refresh_from_db()
        assert submission.status == "resubmitted"
        case = services.accept(staff=hospital_member.staff, submission=submission)
        case, english = services.publish(staff=hospital_member.staff, submission=submission)
        assert english.title == TITLE_EN and english.slug == case.slug == slugify(TITLE_EN)
        index_zh, index_en = case.get_parent().url, english.get_parent().url

    page.goto(index_zh + "?indication=als")
    expect(page.get_by_role("main")).to_contain_text(TITLE_ZH)
    page.goto(index_en)
    facet = page.get_by_role("navigation", name=re.compile("Indication|适应症"))
    facet.get_by_role("link", name=re.compile("ALS")).click()
    expect(page.get_by_role("main")).to_contain_text(TITLE_EN)
    page.get_by_role("link", name=TITLE_EN).click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("NCT09000777")
    expect(main.get_by_role("table")).to_contain_text("解码准确率")

    page.goto(f"/en/products/{product.pk}/")
    expect(page.get_by_role("main")).to_contain_text(TITLE_EN)

    data = page.request.get("/api/v1/cases/?language=en&indication=als").json()
    assert TITLE_EN in [result["title"] for result in data["results"]]
    assert server_errors == []
