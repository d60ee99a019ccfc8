"""Edition pages, downloads (read back with pypdf / openpyxl / csv), JSON API, members' pages, admin."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from catalog import services as product_services
from catalog.editions import exports, services
from catalog.editions.models import ApplicationStatus, EditionApplication, EditionStatus
from portal.organisations.models import OrganisationKind
from tests import factories
from tests.catalog.edition_factories import ApplicationFactory, EditionFactory
from tests.catalog.factories import PublishedProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def zh(name, *args):
    """A URL under the /zh-hans/ prefix: pages in Chinese."""
    with translation.override("zh-hans"):
        return reverse(name, args=args)


def en(name, *args):
    with translation.override("en"):
        return reverse(name, args=args)


def publish_edition(staff, products, *, year=None, categories=None):
    edition = EditionFactory(**({"year": year} if year else {}))
    for index, product in enumerate(products):
        application = ApplicationFactory(edition=edition, product=product)
        category = (categories or ["education"])[index % len(categories or ["education"])]
        services.accept(
            staff=staff,
            application=application,
            category=category,
            rationale_zh=f"推荐理由{index}：课堂专注监测。",
            rationale_en=f"Rationale {index}: classroom attention.",
        )
    services.close_call(staff=staff, edition=edition)
    services.publish(staff=staff, edition=edition)
    edition.refresh_from_db()
    return edition


@pytest.fixture
def published(staff):
    product = PublishedProductFactory(
        name_zh="专注力脑电头环",
        name_en="Focus EEG headband",
        model_number="FX-1",
        website="https://focus.example.com/",
        contact_email="sales@focus.example.com",
        contact_phone="021-6488 1234",
    )
    return publish_edition(staff, [product], year=2025)


def test_edition_page_groups_frozen_entries_and_links_to_the_live_product(client, published):
    entry = published.entries.get()
    response = client.get(zh("catalog:edition_detail", 2025))
    assert response.status_code == 200
    html = response.content.decode()
    assert "专注力脑电头环" in html
    assert zh("catalog:product_detail", entry.product_id) in html
    assert 'id="category-education"' in html
    html_en = client.get(en("catalog:edition_detail", 2025)).content.decode()
    assert "Focus EEG headband" in html_en and "Rationale 0" in html_en


def test_the_contents_counts_read_as_chinese_on_the_chinese_page(client, published):
    html = client.get(zh("catalog:edition_detail", 2025)).content.decode()
    assert '<a href="#category-education">教育（1）</a>' in html
    html_en = client.get(en("catalog:edition_detail", 2025)).content.decode()
    assert '<a href="#category-education">Education (1)</a>' in html_en


def test_unpublished_product_is_shown_frozen_without_link(client, staff, published):
    entry = published.entries.get()
    product_services.unpublish(staff=staff, product=entry.product)
    html = client.get(zh("catalog:edition_detail", 2025)).content.decode()
    assert "专注力脑电头环" in html
    assert zh("catalog:product_detail", entry.product_id) not in html


def test_suspending_the_enterprise_refreshes_the_cached_edition_page_link(client, staff, published):
    from portal.organisations import verification as portal_verification

    entry = published.entries.get()
    url, link = zh("catalog:edition_detail", 2025), zh("catalog:product_detail", entry.product_id)
    assert link in client.get(url).content.decode()
    assert client.get(url)["X-Public-Cache"] == "hit"
    portal_verification.suspend_organisation(staff=staff, organisation=entry.product.organisation, note="暂停")
    html = client.get(url).content.decode()
    assert "专注力脑电头环" in html and link not in html


def test_draft_and_review_editions_are_404_open_calls_are_visible(client):
    assert client.get(reverse("catalog:edition_detail", args=[EditionFactory(status="draft").year])).status_code == 404
    assert client.get(reverse("catalog:edition_detail", args=[EditionFactory(status="review").year])).status_code == 404
    open_call = EditionFactory()
    assert client.get(reverse("catalog:edition_detail", args=[open_call.year])).status_code == 200
    listing = client.get(zh("catalog:edition_list")).content.decode()
    assert open_call.title_zh in listing


def test_past_editions_stay_browsable(client, staff, published):
    later = publish_edition(staff, [PublishedProductFactory()], year=2026)
    listing = client.get(zh("catalog:edition_list")).content.decode()
    assert published.title_zh in listing and later.title_zh in listing
    assert client.get(reverse("catalog:edition_detail", args=[2025])).status_code == 200


def test_anonymous_edition_page_is_cached_and_refreshed_on_publish(client, staff):
    edition = EditionFactory(year=2031)
    url = zh("catalog:edition_detail", 2031)
    assert client.get(url)["X-Public-Cache"] == "miss"
    assert client.get(url)["X-Public-Cache"] == "hit"
    application = ApplicationFactory(edition=edition, product=PublishedProductFactory(name_zh="缓存测试头环"))
    services.accept(staff=staff, application=application, category="sports", rationale_zh="好")
    services.close_call(staff=staff, edition=edition)
    services.publish(staff=staff, edition=edition)
    response = client.get(url)
    assert response.get("X-Public-Cache") != "hit"
    assert "缓存测试头环" in response.content.decode()


def test_product_page_shows_the_recommendation_badge(client, published):
    entry = published.entries.get()
    html = client.get(zh("catalog:product_detail", entry.product_id)).content.decode()
    with translation.override("zh-hans"):
        assert published.get_absolute_url() in html
    assert published.title_zh in html


def test_pdf_download_embeds_the_chinese_name(client, published):
    response = client.get(zh("catalog:edition_download", 2025, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "filename*=utf-8''" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    # fpdf2 writes CFF (OpenType) CJK fonts with an embedded encoding CMap; pypdf reads its
    # two-byte codes as "\x00" + character, so the NULs are dropped before comparing (past 255
    # distinct glyphs pypdf's extraction garbles; Chromium's viewer renders and copies them right).
    text = "\n".join(page.extract_text() for page in reader.pages).replace("\x00", "")
    assert "专注力脑电头环" in text
    assert "推荐理由0" in text
    assert len(reader.pages) == 3  # cover, contents, one page per entry (no blank page after the contents)
    fonts = {str(font) for page in reader.pages for font in (page.get("/Resources", {}).get("/Font") or {}).values()}
    assert fonts  # the CJK font is embedded


def test_xlsx_and_csv_downloads_in_the_request_language(client, published):
    response = client.get(zh("catalog:edition_download", 2025, "xlsx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "专注力脑电头环" in values
    response = client.get(en("catalog:edition_download", 2025, "csv"))
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens the Chinese correctly
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Category", "No.", "Product"]
    assert rows[1][2] == "Focus EEG headband"
    # The frozen contact and website travel with the entry (a reader of the catalogue reaches the enterprise).
    assert rows[0][-3:-1] == ["Website", "Contact"]
    assert rows[1][-3:-1] == ["https://focus.example.com/", "sales@focus.example.com 021-6488 1234"]


def test_exports_are_built_once_and_keyed_by_publication(published, django_assert_max_num_queries, monkeypatch):
    name = exports.get_or_build(published, language="zh-hans", fmt="xlsx")
    assert str(published.year) in name and "zh-hans" in name
    monkeypatch.setattr(exports, "build", lambda *a, **k: pytest.fail("rebuilt an existing export"))
    assert exports.get_or_build(published, language="zh-hans", fmt="xlsx") == name


def test_missing_font_is_a_clear_503_not_a_500(client, settings, published, caplog):
    settings.PORTAL_EDITION_PDF_FONT = "/nonexistent/font.ttc"
    published.published_at = published.published_at.replace(microsecond=1)  # a key with no stored file
    published.save()
    response = client.get(reverse("catalog:edition_download", args=[2025, "pdf"]))
    assert response.status_code == 503
    assert "font" in caplog.text


def test_export_spec_rows_match_the_compare_page_for_the_frozen_product(published):
    from catalog.compare import compare_rows

    entry = published.entries.get()
    with translation.override("en"):
        compared = {str(row["label"]): row["cells"][0] for row in compare_rows([entry.product])}
        exported = dict(exports.spec_rows(entry))
    assert exported["Enterprise"] == compared["Enterprise"]
    contact = {"Website", "Contact"}  # exports only: how a catalogue reader reaches the enterprise
    assert {label: compared[label] for label in exported if label not in contact} == {
        label: value for label, value in exported.items() if label not in contact
    }
    assert exported["Sampling rate"] == "250 Hz" and exported["Wireless"] == "Yes"


def test_unknown_format_and_unpublished_downloads_are_404(client, published):
    assert client.get(reverse("catalog:edition_download", args=[2025, "docx"])).status_code == 404
    open_call = EditionFactory()
    assert client.get(reverse("catalog:edition_download", args=[open_call.year, "pdf"])).status_code == 404


def test_api_lists_editions_and_details_from_the_snapshot(client, published):
    listing = client.get("/api/v1/editions/").json()
    assert [row["year"] for row in listing] == [2025]
    assert listing[0]["entry_count"] == 1
    detail = client.get("/api/v1/editions/2025/", HTTP_ACCEPT_LANGUAGE="en").json()
    entry = detail["entries"][0]
    assert entry["category"] == "education" and entry["order"] == 1
    assert entry["product_url"].endswith(f"/products/{entry['product_id']}/")
    assert detail["downloads"] == {fmt: f"/en/editions/2025/download/{fmt}/" for fmt in ("pdf", "xlsx", "csv")}
    assert client.get("/api/v1/editions/1999/").status_code == 404
    draft = EditionFactory(status="draft")
    assert client.get(f"/api/v1/editions/{draft.year}/").status_code == 404
    open_call = EditionFactory()
    assert {row["year"]: row["downloads"] for row in client.get("/api/v1/editions/").json()}[open_call.year] == {}


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal import public_cache

    public_cache.invalidate("editions")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_edition_page_query_count_is_constant_as_entries_grow(client, staff):
    categories = ["education", "sports", "elderly_care", "smart_living"]
    small = publish_edition(staff, [PublishedProductFactory() for _ in range(2)], categories=categories)
    large = publish_edition(staff, [PublishedProductFactory() for _ in range(25)], categories=categories)
    client.get(zh("catalog:edition_detail", small.year))  # warm the page chrome's fragments
    assert _queries(client, zh("catalog:edition_detail", large.year)) == _queries(
        client, zh("catalog:edition_detail", small.year)
    )


def test_edition_list_query_count_is_constant(client, staff):
    EditionFactory(year=2040)
    client.get(zh("catalog:edition_list"))
    few = _queries(client, zh("catalog:edition_list"))
    for year in range(2041, 2052):
        EditionFactory(year=year)
    assert _queries(client, zh("catalog:edition_list")) == few


# --- members ---------------------------------------------------------------------------


def test_member_applies_from_the_dashboard_and_withdraws(client, owner, organisation):
    product = PublishedProductFactory(organisation=organisation, name_zh="申报头环")
    edition = EditionFactory(year=2026)
    client.force_login(owner)
    page = client.get(reverse("catalog:my_edition_applications")).content.decode()
    assert reverse("catalog:edition_apply", args=[product.pk, 2026]) in page
    url = reverse("catalog:edition_apply", args=[product.pk, 2026])
    response = client.post(url, {"proposed_category": "education", "statement": ""})
    # The form again with why, 400 as every form of the portal (it was a 200).
    assert response.status_code == 400 and not EditionApplication.objects.exists()
    assert response.context["form"].errors["statement"]
    response = client.post(url, {"proposed_category": "education", "statement": "理由"})
    assert response.status_code == 302
    response = client.post(url, {"proposed_category": "education", "statement": "理由"})  # double submit
    assert EditionApplication.objects.filter(edition=edition, product=product).count() == 1
    application = EditionApplication.objects.get()
    page = client.get(reverse("catalog:my_edition_applications")).content.decode()
    assert reverse("catalog:edition_withdraw", args=[application.pk]) in page
    client.post(reverse("catalog:edition_withdraw", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN


def test_a_second_different_application_is_refused_with_the_input_kept_and_the_form_not_offered_again(
    client, owner, organisation
):
    product = PublishedProductFactory(organisation=organisation, name_zh="二次申报头环", name_en="Twice Headband")
    EditionFactory(year=2026)
    client.force_login(owner)
    url = en("catalog:edition_apply", product.pk, 2026)
    assert client.post(url, {"proposed_category": "education", "statement": "first reason"}).status_code == 302

    # A stale tab or a second editor sends another statement: refused beside the form, input kept.
    response = client.post(url, {"proposed_category": "sports", "statement": "second reason"})
    html = response.content.decode()
    assert response.status_code == 400 and "has already applied" in html and "second reason" in html
    application = EditionApplication.objects.get()
    assert (application.statement, application.proposed_category) == ("first reason", "education")

    # Opening the form again says so and leads to the applications, instead of an empty form.
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == en("catalog:my_edition_applications")
    assert any("Twice Headband has already applied" in str(m) for m in response.context["messages"])


def test_expired_call_shows_a_translated_error_not_a_500(client, owner, organisation):
    from datetime import timedelta

    from django.utils import timezone

    product = PublishedProductFactory(organisation=organisation)
    EditionFactory(
        year=2027, call_opens_at=timezone.now() - timedelta(days=9), call_closes_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(owner)
    with translation.override("en"):
        url = reverse("catalog:edition_apply", args=[product.pk, 2027])
    response = client.post(url, {"proposed_category": "education", "statement": "理由"})
    assert response.status_code == 400
    assert "closed" in response.content.decode()
    assert not EditionApplication.objects.exists()


def test_rejected_reason_is_shown_to_the_members(client, staff, owner, organisation):
    application = ApplicationFactory(product=PublishedProductFactory(organisation=organisation))
    services.reject(staff=staff, application=application, reason="缺少用户数据")
    client.force_login(owner)
    assert "缺少用户数据" in client.get(reverse("catalog:my_edition_applications")).content.decode()


# --- admin -----------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, staff):
    client.force_login(staff)
    return client


def test_admin_edit_of_an_open_call_refreshes_its_cached_public_page(admin_client):
    from django.test import Client
    from wagtail.admin.rich_text import get_rich_text_editor_widget

    client = Client()  # an anonymous visitor beside the signed-in staff member
    edition = EditionFactory(year=2032)
    draftail = get_rich_text_editor_widget()
    url = zh("catalog:edition_detail", 2032)
    assert client.get(url)["X-Public-Cache"] == "miss"
    assert client.get(url)["X-Public-Cache"] == "hit"
    form = {
        "year": 2032,
        "title_zh": "改过的标题",
        "title_en": edition.title_en,
        "intro_zh": draftail.format_value(edition.intro_zh),
        "intro_en": draftail.format_value(edition.intro_en),
        "call_opens_at": edition.call_opens_at.strftime("%Y-%m-%d %H:%M"),
        "call_closes_at": edition.call_closes_at.strftime("%Y-%m-%d %H:%M"),
    }
    response = admin_client.post(reverse("editions:edit", args=[edition.pk]), form)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    edition.refresh_from_db()
    assert edition.title_zh == "改过的标题"
    response = client.get(url)
    assert response.get("X-Public-Cache") != "hit" and "改过的标题" in response.content.decode()


def test_admin_accept_reject_and_publish(admin_client, staff):
    edition = EditionFactory()
    first, second = ApplicationFactory(edition=edition), ApplicationFactory(edition=edition)
    url = reverse("edition_applications:decide", args=[first.pk, "accept"])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"category": "sports", "rationale_zh": "", "rationale_en": ""})
    assert response.status_code == 200  # the Chinese rationale is required
    admin_client.post(url, {"category": "sports", "rationale_zh": "运动监测", "rationale_en": "Sports"})
    first.refresh_from_db()
    assert (first.status, first.category) == (ApplicationStatus.ACCEPTED, "sports")
    reject = reverse("edition_applications:decide", args=[second.pk, "reject"])
    assert admin_client.post(reject, {"reason": ""}).status_code == 200
    admin_client.post(reject, {"reason": "不符合"})
    second.refresh_from_db()
    assert second.status == ApplicationStatus.REJECTED

    action = reverse("editions:action", args=[edition.pk, "publish"])
    assert admin_client.post(action).status_code == 200  # call still open: refused with a message
    admin_client.post(reverse("editions:action", args=[edition.pk, "close"]))
    assert admin_client.get(action).status_code == 200  # the confirmation page
    admin_client.post(action)
    edition.refresh_from_db()
    assert edition.status == EditionStatus.PUBLISHED
    assert edition.entries.count() == 1
    # A published edition can no longer be edited in the admin.
    assert admin_client.get(reverse("editions:edit", args=[edition.pk])).status_code in (302, 403)


DRAFTAIL_INTRO = (
    '{"blocks":[{"key":"a","text":"介绍","type":"unstyled","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],'
    '"entityMap":{}}'
)


def test_admin_refuses_a_call_closing_before_it_opens(admin_client):
    response = admin_client.post(
        reverse("editions:add"),
        {
            "year": 2030,
            "title_zh": "2030 年度推荐目录",
            "title_en": "",
            "intro_zh": DRAFTAIL_INTRO,
            "intro_en": "null",
            "call_opens_at": "2030-01-01 09:00",
            "call_closes_at": "2029-01-01 09:00",
        },
    )
    assert response.status_code == 200  # closing before opening is refused
    from catalog.editions.models import Edition

    assert not Edition.objects.filter(year=2030).exists()


def test_admin_dashboard_lists_applications_waiting(admin_client):
    application = ApplicationFactory()
    html = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("edition_applications:inspect", args=[application.pk]) in html


def test_project_managers_look_but_do_not_decide(client):

    manager = factories.ProjectManagerFactory()
    client.force_login(manager)
    application = ApplicationFactory()
    assert client.get(reverse("edition_applications:inspect", args=[application.pk])).status_code == 200
    client.post(
        reverse("edition_applications:decide", args=[application.pk, "accept"]),
        {"category": "sports", "rationale_zh": "好"},
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_catalogue_edition_facet_filters_and_counts(client, published):
    other = PublishedProductFactory(name_zh="未入选头环")
    recommended = published.entries.get().product
    response = client.get(zh("catalog:product_list") + "?edition=2025")
    assert response.status_code == 200
    names = {product.name_zh for product in response.context["products"]}
    assert recommended.name_zh in names and other.name_zh not in names
    row = next(row for row in response.context["facets"] if row["facet"].param == "edition")
    assert [(option["value"], option["count"], option["selected"]) for option in row["options"]] == [("2025", 1, True)]


def test_my_products_links_to_the_applications(client, owner):
    client.force_login(owner)
    html = client.get(zh("catalog:my_products")).content.decode()
    assert zh("catalog:my_edition_applications") in html


FORMULA_NAMES = ['=HYPERLINK("http://evil.example","点我")', "+86 头环", "-3dB 头环", "@SUM(A1) 头环", "#REF!"]


def test_spreadsheets_never_turn_enterprise_text_into_formulas(client, staff):
    products = [PublishedProductFactory(name_zh=name) for name in FORMULA_NAMES]
    publish_edition(staff, products, year=2032)
    # XLSX: typed string cells are inert, so the text is shown exactly as the enterprise wrote it.
    xlsx = client.get(zh("catalog:edition_download", 2032, "xlsx"))
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    names = {row[2].value: row[2] for row in sheet.iter_rows(min_row=4)}
    assert set(names) == set(FORMULA_NAMES)
    assert all(cell.data_type == "s" for cell in names.values())
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
    # CSV has no types: there the apostrophe keeps a spreadsheet from evaluating the cell.
    raw = b"".join(client.get(zh("catalog:edition_download", 2032, "csv")).streaming_content).decode("utf-8-sig")
    shown = {row[2] for row in list(csv.reader(io.StringIO(raw)))[1:]}
    assert shown == {"'" + name if name[0] in "=+-@" else name for name in FORMULA_NAMES}


def test_product_page_in_the_dashboard_offers_to_apply_while_a_call_is_open(client, owner, organisation):
    product = PublishedProductFactory(organisation=organisation)
    EditionFactory(year=2033)
    client.force_login(owner)
    apply_url = zh("catalog:edition_apply", product.pk, 2033)
    assert apply_url in client.get(zh("catalog:product_edit", product.pk)).content.decode()
    client.post(apply_url, {"proposed_category": "sports", "statement": "理由"})
    assert apply_url not in client.get(zh("catalog:product_edit", product.pk)).content.decode()


def test_a_member_of_no_enterprise_is_told_why_there_is_nothing_to_apply(client, owner):
    """It read "Every published product of your enterprises has applied, or none is published yet." to a
    member of no enterprise at all (a member of no organisation, a hospital's)."""
    EditionFactory(year=2026)
    hospital = factories.OrganisationFactory(kind=OrganisationKind.HOSPITAL)
    for member in (factories.UserFactory(), factories.MembershipFactory(organisation=hospital).user):
        client.force_login(member)
        page = client.get(reverse("catalog:my_edition_applications")).content.decode()
        assert "您还不是门户上任何企业的成员" in page and reverse("portal:organisation_create") in page
        assert "均已申报" not in page
    client.force_login(owner)  # an enterprise's, with no published product
    page = client.get(reverse("catalog:my_edition_applications")).content.decode()
    assert "均已申报" in page and "您还不是门户上任何企业的成员" not in page
