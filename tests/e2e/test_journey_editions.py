"""The tail of issue #4's journey in a real browser: a published product enters the recommended catalogue.

An enterprise editor applies a published product to the open 2026 call from the member
dashboard; alliance staff sign in with their authenticator code, accept the application in
the Wagtail admin, close the call and publish the edition (confirmation pages); the edition
page shows the product in zh-hans and en; the PDF and XLSX download and contain it.
"""

import re

import pytest
from playwright.sync_api import expect

from .support import log_in, log_in_with_code, no_event_loop

NAME_ZH = "脑电专注训练头环"
NAME_EN = "EEG focus-training headband"
#: How long the publish click may wait for its page: the request builds the exports (see below).
BUILDING_EXPORTS_MS = 60_000


@pytest.fixture
def cast(site_data):
    from catalog.models import Edition, EditionStatus
    from tests.catalog.factories import PublishedProductFactory
    from tests.factories import (
        DEFAULT_PASSWORD,
        STAFF_TOTP_SECRET,
        MembershipFactory,
        OrganisationFactory,
        StaffFactory,
    )

    organisation = OrganisationFactory(name_zh="专注脑机科技有限公司", name_en="Focus Neurotech", slug="focus-neuro")
    editor = MembershipFactory(organisation=organisation, role="editor").user
    product = PublishedProductFactory(organisation=organisation, name_zh=NAME_ZH, name_en=NAME_EN, model_number="FT-2")
    staff = StaffFactory(preferred_language="en")
    secret = STAFF_TOTP_SECRET  # the factory's authenticator app
    edition = Edition.objects.get(year=2026)  # the demo's open call
    assert edition.status == EditionStatus.OPEN
    return {"editor": editor, "staff": staff, "secret": secret, "product": product, "password": DEFAULT_PASSWORD}


def test_product_is_applied_accepted_published_and_downloaded(cast, page, make_context):
    from openpyxl import load_workbook
    from pypdf import PdfReader

    server_errors = []
    page.on("response", lambda r: server_errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)

    # The enterprise applies (in English: the msgids are the English text).
    log_in(page, cast["editor"].email, cast["password"], language="en")
    page.goto("/en/dashboard/editions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Recommended catalogue applications")
    row = page.get_by_role("row").filter(has_text=NAME_EN)
    row.get_by_role("link", name="Apply to the 2026 edition").click()
    main = page.get_by_role("main")
    main.get_by_label("Proposed category").select_option("education")
    main.get_by_label(re.compile("Why should the alliance recommend")).fill("已在二十所学校用于专注力训练。")
    main.get_by_role("button", name="Submit the application").click()
    expect(page.get_by_text("Your application is submitted.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text=NAME_EN)).to_contain_text("Submitted")

    # Staff sign in with their authenticator code and decide in the admin.
    staff_page = make_context().new_page()
    staff_page.on("response", lambda r: server_errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    log_in_with_code(staff_page, cast["staff"].email, cast["password"], cast["secret"])
    staff_page.goto("/admin/edition_applications/?status=submitted")
    staff_page.get_by_role("link", name=re.compile(f"{NAME_ZH}|{NAME_EN}")).first.click()
    staff_page.get_by_role("link", name="Accept", exact=True).click()
    staff_page.get_by_label("Recommended under").select_option("education")
    staff_page.get_by_label("Reviewers' rationale (Chinese)").fill("课堂专注训练效果可量化，部署简便。")
    staff_page.get_by_label("Reviewers' rationale (English)").fill(
        "Measurable classroom focus training, easy to deploy."
    )
    staff_page.get_by_role("button", name="Accept").click()
    expect(staff_page.get_by_text("is accepted; the enterprise's members are being notified.")).to_be_visible()

    with no_event_loop():
        from catalog.editions import services
        from catalog.models import Edition, EditionApplication

        edition_pk = Edition.objects.get(year=2026).pk
        # The demo's other applications to the call are decided too: an edition is published only
        # once none awaits a decision.
        for other in EditionApplication.objects.filter(edition_id=edition_pk, status="submitted"):
            services.reject(staff=cast["staff"], application=other, reason="本期不予推荐。")
    staff_page.goto(f"/admin/editions/inspect/{edition_pk}/")
    staff_page.get_by_role("link", name="Close the call").click()
    staff_page.get_by_role("button", name="Close the call").click()
    staff_page.get_by_role("link", name="Publish the edition").click()
    expect(staff_page.get_by_role("main")).to_contain_text(NAME_ZH)  # the confirmation lists what is published
    # Publishing builds the edition's PDF and spreadsheet; in tests Celery is eager, so inside this
    # request (a worker's job in production): 14.5 s once on a loaded 2-CPU machine.
    staff_page.get_by_role("button", name="Publish the edition").click(timeout=BUILDING_EXPORTS_MS)
    expect(staff_page.get_by_text("is published: its accepted applications are its entries.")).to_be_visible()

    # The public edition page, in both languages.
    page.goto("/zh-hans/editions/2026/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2026")
    expect(page.get_by_role("main")).to_contain_text(NAME_ZH)
    expect(page.get_by_role("main")).to_contain_text("课堂专注训练效果可量化")
    page.goto("/en/editions/2026/")
    expect(page.get_by_role("main")).to_contain_text(NAME_EN)
    expect(page.get_by_role("main")).to_contain_text("Measurable classroom focus training")
    page.get_by_role("link", name=NAME_EN).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(NAME_EN)
    expect(page.get_by_role("main")).to_contain_text("2026")  # the "recommended in" badge

    # The downloads.
    page.goto("/zh-hans/editions/2026/")
    with page.expect_download() as pdf_download:
        page.locator("a[href$='/download/pdf/']").click()
    pdf = PdfReader(pdf_download.value.path())
    text = "".join(p.extract_text() for p in pdf.pages).replace("\x00", "")  # see test_editions_views
    assert NAME_ZH in text
    with page.expect_download() as xlsx_download:
        page.locator("a[href$='/download/xlsx/']").click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    with open(xlsx_download.value.path(), "rb") as downloaded:  # the saved file has no extension
        sheet = load_workbook(downloaded).active
    assert NAME_ZH in [cell.value for row in sheet.iter_rows() for cell in row]

    assert server_errors == []
