"""The data-room pages through the test client: the journey, the gate, the headers, the log, uploads."""

from __future__ import annotations

import re
from datetime import timedelta
from itertools import pairwise

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from incubator.datarooms import services
from incubator.datarooms.forms import DocumentForm
from incubator.models import DataRoomAccess, DataRoomDocument, DocumentAccessLog, StartupProfile
from tests import factories
from tests import upload_samples as samples
from tests.incubator.datarooms.world import NDA_EN, NDA_ZH, document, publish_nda
from tests.matrix import creation_token

pytestmark = pytest.mark.django_db


def url(name, language="zh-hans", **kwargs):
    with translation.override(language):
        return reverse(f"incubator:{name}", kwargs=kwargs)


@pytest.fixture
def doc(startup, founder):
    return document(startup, title="商业计划书", by=founder)


@pytest.fixture
def approved(investor, investor_org, startup, founder):
    access = services.request_access(actor=investor, investor=investor_org, startup=startup)
    return services.approve(actor=founder, access=access)


@pytest.fixture
def open_room(approved, investor, nda):
    services.accept_nda(actor=investor, access=approved, nda_version=nda, ip="198.51.100.1")
    approved.refresh_from_db()
    return approved


def doc_url(access, document, **query):
    address = url("dataroom_document", access_pk=access.pk, document_pk=document.pk)
    return address + ("?download=1" if query.get("download") else "")


# --- the journey -----------------------------------------------------------------------------------


def test_request_approve_accept_read_and_the_startup_sees_the_log(
    client, investor, investor_org, founder, startup, doc, nda, committing_requests
):
    client.force_login(investor)
    response = client.post(url("dataroom_request", slug=startup.slug), {"investor": investor_org.pk, "message": "想看"})
    access = DataRoomAccess.objects.get()
    assert response.status_code == 302 and response["Location"] == url("dataroom", access_pk=access.pk)
    page = client.get(url("dataroom", access_pk=access.pk))
    assert "商业计划书" not in page.content.decode() and NDA_ZH not in page.content.decode()
    assert client.get(doc_url(access, doc)).status_code == 404  # requested: nothing to see

    client.force_login(founder)
    manage = client.get(url("dataroom_manage", organisation_pk=startup.pk))
    assert "丙投资基金" in manage.content.decode() and "想看" in manage.content.decode()
    response = client.post(url("dataroom_decide", access_pk=access.pk), {"decision": "approve"})
    assert response.status_code == 302
    access.refresh_from_db()
    assert access.status == "approved"

    client.force_login(investor)
    page = client.get(url("dataroom", language="en", access_pk=access.pk)).content.decode()
    assert NDA_EN in page and NDA_ZH not in page and "商业计划书" not in page  # the NDA in the viewer's language
    assert client.get(doc_url(access, doc)).status_code == 404  # approved, NDA not accepted: still closed
    response = client.post(
        url("dataroom_nda", access_pk=access.pk), {"version": nda.version, "accept": "on"}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 302
    access.refresh_from_db()
    assert (access.nda_version, access.nda_accepted_by, access.nda_ip) == (nda, investor, "203.0.113.9")
    page = client.get(url("dataroom", access_pk=access.pk)).content.decode()
    assert "商业计划书" in page

    view = client.get(doc_url(access, doc), REMOTE_ADDR="203.0.113.10")
    assert view.status_code == 200
    assert b"".join(view.streaming_content).startswith(b"%PDF-")
    assert view["Content-Type"] == "application/pdf"
    assert view["Content-Disposition"] == f'inline; filename="{doc.name}"'
    assert view["X-Content-Type-Options"] == "nosniff"
    assert view["Cache-Control"] == "private, no-store"
    download = client.get(doc_url(access, doc, download=True), REMOTE_ADDR="203.0.113.11")
    assert download["Content-Disposition"] == f'attachment; filename="{doc.name}"'
    assert list(DocumentAccessLog.objects.order_by("pk").values_list("action", "ip", "user", "access")) == [
        ("view", "203.0.113.10", investor.pk, access.pk),
        ("download", "203.0.113.11", investor.pk, access.pk),
    ]

    client.force_login(founder)
    log = client.get(url("dataroom_manage", organisation_pk=startup.pk)).content.decode()
    assert "203.0.113.10" in log and "203.0.113.11" in log and "203.0.113.9" in log  # views and the NDA's IP
    # The log's table scrolls sideways on a phone: a region named by its heading that the keyboard can reach.
    assert '<div class="table-wrap" tabindex="0" role="region" aria-labelledby="log-heading">' in log
    assert log.count('aria-labelledby="log-heading"') == 1  # the one landmark of that name (its section is none)


def test_the_decision_mails_reach_the_investor(client, founder, approved, investor, mailoutbox, committing_requests):
    client.force_login(founder)
    client.post(url("dataroom_decide", access_pk=approved.pk), {"decision": "revoke", "note": "合作结束"})
    assert [m.to for m in mailoutbox] == [[investor.email]]
    assert mailoutbox[0].subject == "Delta Neuro revoked your data-room access"


# --- the gate -----------------------------------------------------------------------------------------


def test_guessing_ids_finds_nothing(client, open_room, investor, doc):
    other_startup = factories.OrganisationFactory(kind="startup")
    elsewhere = document(other_startup, title="别家的财务报表")
    other_access = DataRoomAccess.objects.create(
        startup=other_startup, investor=factories.OrganisationFactory(kind="investor"), status="approved"
    )
    client.force_login(investor)
    assert client.get(doc_url(open_room, doc)).status_code == 200
    assert client.get(doc_url(open_room, elsewhere)).status_code == 404  # another startup's document, own access
    assert client.get(doc_url(other_access, elsewhere)).status_code == 404  # another investor's access
    assert client.get(url("dataroom", access_pk=other_access.pk)).status_code == 404
    assert client.get(url("dataroom_own_document", document_pk=doc.pk)).status_code == 404  # the startup's own view
    assert client.get(url("dataroom_manage", organisation_pk=doc.startup_id)).status_code == 404
    missing = url("dataroom_document", access_pk=open_room.pk, document_pk=2**63 - 1)
    assert client.get(missing).status_code == 404
    assert DocumentAccessLog.objects.count() == 1


def test_staff_see_no_document(client, open_room, doc):
    client.force_login(factories.StaffFactory())
    assert client.get(doc_url(open_room, doc)).status_code == 404
    assert client.get(url("dataroom_own_document", document_pk=doc.pk)).status_code == 404
    assert client.get(url("dataroom_manage", organisation_pk=doc.startup_id)).status_code == 404


def test_revocation_stops_the_next_request(client, open_room, investor, founder, doc):
    client.force_login(investor)
    assert client.get(doc_url(open_room, doc)).status_code == 200
    services.revoke(actor=founder, access=open_room)
    assert client.get(doc_url(open_room, doc)).status_code == 404
    assert client.get(doc_url(open_room, doc, download=True)).status_code == 404
    page = client.get(url("dataroom", access_pk=open_room.pk))
    assert page.status_code == 200 and "商业计划书" not in page.content.decode()
    assert DocumentAccessLog.objects.count() == 1


def test_a_newer_nda_must_be_accepted_before_the_documents_open_again(client, open_room, investor, doc):
    client.force_login(investor)
    newer = publish_nda(2, when=timezone.now() - timedelta(seconds=1))
    assert client.get(doc_url(open_room, doc)).status_code == 404
    page = client.get(url("dataroom", access_pk=open_room.pk)).content.decode()
    assert "（第2版）" in page and "商业计划书" not in page
    stale = client.post(url("dataroom_nda", access_pk=open_room.pk), {"version": 1, "accept": "on"})
    assert stale.status_code == 400
    assert stale.context["nda_form"]["version"].value() == "2"  # sent again, the form accepts what it shows
    assert "（第2版）" in stale.content.decode()
    open_room.refresh_from_db()
    assert open_room.nda_version_id != newer.pk
    client.post(url("dataroom_nda", access_pk=open_room.pk), {"version": 2, "accept": "on"})
    assert client.get(doc_url(open_room, doc)).status_code == 200


def test_the_nda_must_be_ticked(client, approved, investor, nda):
    client.force_login(investor)
    response = client.post(url("dataroom_nda", access_pk=approved.pk), {"version": nda.version})
    assert response.status_code == 400
    approved.refresh_from_db()
    assert approved.nda_version is None


def test_a_document_whose_file_is_gone_is_a_404_and_not_logged(client, open_room, investor, doc):
    doc.file.storage.delete(doc.file.name)
    client.force_login(investor)
    assert client.get(doc_url(open_room, doc)).status_code == 404
    assert not DocumentAccessLog.objects.exists()


def test_the_startup_reads_its_own_documents_and_that_is_logged(client, founder, doc):
    client.force_login(founder)
    response = client.get(url("dataroom_own_document", document_pk=doc.pk) + "?download=1")
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment;")
    assert list(DocumentAccessLog.objects.values_list("action", "access")) == [("download", None)]


def test_the_request_page_leads_back_to_the_startup(client, investor, founder, startup):
    # Whether or not the member may ask, the page is no dead end: it links the startup's profile.
    profile = url("startup_detail", slug=startup.slug)
    for member in (investor, founder):
        client.force_login(member)
        page = client.get(url("dataroom_request", slug=startup.slug)).content.decode()
        assert f'href="{profile}"' in page


def test_the_management_page_leads_back_to_the_dashboard(client, founder, startup):
    # As the meetings list does: the startup's room is reached from the dashboard and leads back to it.
    client.force_login(founder)
    for language, label in (("zh-hans", "返回工作台"), ("en", "Back to the dashboard")):
        page = client.get(url("dataroom_manage", language, organisation_pk=startup.pk)).content.decode()
        with translation.override(language):
            dashboard = reverse("portal:dashboard")
        assert f'<a href="{dashboard}">{label}</a>' in page


def main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def test_an_investor_who_asked_already_is_told_where_the_request_stands(client, investor, investor_org, startup):
    # The profile kept its button and the request page its form while the request waited; a second
    # request's message went nowhere, and the page said "Your request is sent".
    StartupProfile.objects.create(organisation=startup, summary_zh="丁")
    client.force_login(investor)
    profile = client.get(url("startup_detail", "en", slug=startup.slug)).text
    assert f'href="{url("dataroom_request", "en", slug=startup.slug)}"' in profile
    client.post(url("dataroom_request", slug=startup.slug), {"investor": investor_org.pk, "message": "第一次"})
    access = DataRoomAccess.objects.get()
    room = url("dataroom", "en", access_pk=access.pk)
    for page in (url("startup_detail", "en", slug=startup.slug), url("dataroom_request", "en", slug=startup.slug)):
        html = main(client.get(page).text)
        assert "Gamma Capital asked for access on" in html and f'<a href="{room}">See the request</a>' in html, page
        assert f'href="{url("dataroom_request", "en", slug=startup.slug)}"' not in html, page
        assert 'name="message"' not in html, page

    again = {"investor": investor_org.pk, "message": "第二次"}
    response = client.post(url("dataroom_request", "en", slug=startup.slug), again, follow=True)
    assert response.redirect_chain == [(room, 302)]
    assert "asked already: its request waits for the startup&#x27;s answer." in response.text
    assert "Your request is sent" not in response.text
    assert list(DataRoomAccess.objects.values_list("message", flat=True)) == ["第一次"]


def test_a_declined_investor_may_ask_again_from_the_profile(client, investor, investor_org, startup, founder):
    StartupProfile.objects.create(organisation=startup, summary_zh="丁")
    access = services.request_access(actor=investor, investor=investor_org, startup=startup)
    services.decline(actor=founder, access=access)
    client.force_login(investor)
    with translation.override("zh-hans"):
        html = client.get(url("startup_detail", slug=startup.slug)).text
    assert "初创企业拒绝了丙投资基金的申请。" in html and f'href="{url("dataroom_request", slug=startup.slug)}"' in html


def test_only_investors_send_a_request(client, founder, startup):
    client.force_login(founder)
    page = client.get(url("dataroom_request", slug=startup.slug))
    assert page.status_code == 200 and b'<form method="post"' not in page.content
    assert client.post(url("dataroom_request", slug=startup.slug), {"message": "x"}).status_code == 403
    assert not DataRoomAccess.objects.exists()


# --- uploads through the page --------------------------------------------------------------------


def upload_data(content: bytes, name: str = "plan.pdf", **extra) -> dict:
    return creation_token(DocumentForm) | {
        "title": "保留的标题",
        "kind": "business_plan",
        "file": samples.upload(name, content, "application/pdf"),
        **extra,
    }


def test_upload_through_the_page(client, founder, startup):
    client.force_login(founder)
    response = client.post(url("dataroom_manage", organisation_pk=startup.pk), upload_data(samples.pdf_bytes()))
    assert response.status_code == 302
    assert DataRoomDocument.objects.get().title == "保留的标题"


def test_a_double_submit_stores_one_document(client, founder, startup):
    client.force_login(founder)
    token = creation_token(DocumentForm)
    for _ in range(2):
        data = upload_data(samples.pdf_bytes()) | token
        assert client.post(url("dataroom_manage", organisation_pk=startup.pk), data).status_code == 302
    assert DataRoomDocument.objects.count() == 1


@pytest.mark.parametrize(
    "content",
    [samples.HTML_AS_PNG, samples.pdf_bytes(javascript=True), samples.PDF_MAGIC_THEN_HTML, b""],
    ids=["html-named-pdf", "pdf-with-javascript", "pdf-magic-then-html", "empty"],
)
def test_hostile_uploads_are_refused_beside_the_field_in_chinese(client, founder, startup, content, settings):
    client.force_login(founder)
    response = client.post(url("dataroom_manage", organisation_pk=startup.pk), upload_data(content))
    assert response.status_code == 400
    errors = response.context["form"].errors["file"]
    assert errors and all(re.search("[\u4e00-\u9fff]", error) for error in errors)
    assert "保留的标题" in response.content.decode()  # the rest of the input is kept
    assert not DataRoomDocument.objects.exists()


def test_an_oversize_upload_is_refused(client, founder, startup, settings):
    settings.PORTAL_UPLOAD_PDF_MAX_BYTES = 2000
    client.force_login(founder)
    response = client.post(url("dataroom_manage", organisation_pk=startup.pk), upload_data(samples.pdf_bytes(40)))
    assert response.status_code == 400 and response.context["form"].errors["file"]
    assert not DataRoomDocument.objects.exists()


# --- query counts ----------------------------------------------------------------------------------


def _fill(startup, investor_user, n: int, nda):
    for i in range(n):
        doc = document(startup, title=f"文件{i}")
        org = factories.OrganisationFactory(kind="investor")
        member = factories.MembershipFactory(organisation=org).user
        access = DataRoomAccess.objects.create(
            startup=startup,
            investor=org,
            status="approved",
            requested_by=member,
            decided_by=investor_user,
            nda_version=nda,
            nda_accepted_by=member,
            nda_accepted_at=timezone.now(),
        )
        DocumentAccessLog.objects.create(document=doc, access=access, user=member, action="view", ip="192.0.2.1")


def test_the_startups_page_reads_a_constant_number_of_queries(
    client, founder, startup, nda, django_assert_max_num_queries
):
    client.force_login(founder)
    _fill(startup, founder, 2, nda)
    address = url("dataroom_manage", organisation_pk=startup.pk)
    client.get(address)
    with django_assert_max_num_queries(16) as few:
        client.get(address)
    _fill(startup, founder, 12, nda)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(address).status_code == 200


def test_the_room_reads_a_constant_number_of_queries(client, open_room, investor, django_assert_max_num_queries):
    client.force_login(investor)
    document(open_room.startup)
    address = url("dataroom", access_pk=open_room.pk)
    client.get(address)
    with django_assert_max_num_queries(16) as few:
        client.get(address)
    for i in range(15):
        document(open_room.startup, title=f"文件{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "文件14" in client.get(address).content.decode()


def test_a_waiting_request_stacks_approve_above_the_decline_form(client, investor, investor_org, founder, startup):
    """Approve and the decline form (reason, button) are one column, left-aligned: the approve button
    is no longer centred beside the taller decline form (a ``.cluster`` centres its items)."""
    access = services.request_access(actor=investor, investor=investor_org, startup=startup)
    investor_org.name_en = ""
    investor_org.save(update_fields=["name_en"])
    client.force_login(founder)
    html = client.get(url("dataroom_manage", "en", organisation_pk=startup.pk)).content.decode()
    card = html[html.index('id="waiting-heading"') : html.index('id="access-heading"')]
    actions = re.search(r'<div class="(\w+)">\s*<form[^>]*class="(\w+)"[^>]*>.*?value="approve"', card, re.S)
    assert actions and actions.groups() == ("stack", "stack")
    assert card.index('value="approve"') < card.index('value="decline"')
    # the convention of dates (portal.formats) and the Chinese name without English, marked as Chinese
    assert re.search(r"Asked <time class=\"moment\" datetime=\"[^\"]+\">\d{4}-\d{2}-\d{2} \d{2}:\d{2}</time>", card)
    assert f'<h3 id="request-{access.pk}-heading"><span lang="zh-Hans">{investor_org.name_zh}</span></h3>' in card


@pytest.mark.parametrize(
    ("language", "approve", "decline"),
    [("en", "Approve the request", "Decline the request"), ("zh-hans", "批准此请求", "拒绝此请求")],
)
def test_each_answer_to_a_waiting_request_is_a_form_under_its_own_heading(
    client, investor, investor_org, founder, startup, language, approve, decline
):
    """A screen reader lists the request under the investor's name and each form under its heading,
    one level below (h1 page, h2 section, h3 request, h4 form); the page keeps its single h1."""
    access = services.request_access(actor=investor, investor=investor_org, startup=startup)
    client.force_login(founder)
    html = client.get(url("dataroom_manage", language, organisation_pk=startup.pk)).content.decode()
    main = html.split("<main", 1)[1]
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", main)]
    assert levels.count(1) == 1 and levels[0] == 1
    assert all(later <= earlier + 1 for earlier, later in pairwise(levels))  # no level skipped
    for decision, title in (("approve", approve), ("decline", decline)):
        form = re.search(rf'<form[^>]*aria-labelledby="{decision}-{access.pk}-heading"[^>]*>(.*?)</form>', main, re.S)
        assert form, decision
        assert f'<h4 id="{decision}-{access.pk}-heading">{title}</h4>' in form.group(1)
        assert f'name="decision" value="{decision}"' in form.group(1)


@pytest.mark.parametrize(
    ("language", "verbs"),
    [("en", ("Decline", "Revoke access", "Revoked")), ("zh-hans", ("拒绝", "撤回访问权限", "已撤回"))],
)
def test_each_decision_is_named_by_one_verb_on_its_button_heading_and_status(
    client, investor, investor_org, founder, startup, language, verbs
):
    # The Chinese page headed the decline form 谢绝 above a 拒绝 button, and a revoked access read
    # 已撤销 after the 撤回访问权限 button.
    decline, revoke, revoked = verbs
    access = services.request_access(actor=investor, investor=investor_org, startup=startup)
    client.force_login(founder)
    page = url("dataroom_manage", language, organisation_pk=startup.pk)
    html = client.get(page).content.decode()
    assert f'<h4 id="decline-{access.pk}-heading">{decline}' in html and f">{decline}</button>" in html
    services.approve(actor=founder, access=access)
    assert f">{revoke}</button>" in client.get(page).content.decode()
    services.revoke(actor=founder, access=access)
    assert f">{revoked}</span>" in client.get(page).content.decode()


def test_a_decision_note_is_measured_as_typed_and_one_too_long_is_refused_with_the_reason(
    client, investor, investor_org, founder, startup
):
    access = services.request_access(actor=investor, investor=investor_org, startup=startup)
    client.force_login(founder)
    decide = url("dataroom_decide", access_pk=access.pk)
    response = client.post(decide, {"decision": "decline", "note": "不" * 2001})
    access.refresh_from_db()
    assert access.status == "requested"
    # The room again, not a redirect that lost the reason typed: the note as typed beside its error.
    assert response.status_code == 400
    html = response.content.decode()
    form = html[html.index(f'aria-labelledby="decline-{access.pk}-heading"') :].split("</form>")[0]
    assert "请确保不超过 2000 个字符（现有 2001 个）。" in form
    assert re.search(rf'<textarea id="note-{access.pk}"[^>]*aria-invalid="true"[^>]*>{"不" * 2001}</textarea>', form)

    note = "不\r\n" * 1000  # 2,000 characters as the browser counts them (CRLF line breaks): accepted
    assert client.post(decide, {"decision": "decline", "note": note}).status_code == 302
    access.refresh_from_db()
    assert access.status == "declined" and access.decision_note == ("不\n" * 1000).strip()


def test_the_startups_english_page_marks_the_chinese_of_a_request(client, investor, investor_org, founder, startup):
    # As on a meeting request: the investor's name and message, written in Chinese, are marked so a
    # screen reader does not read them with the English page's voice.
    investor.first_name, investor.last_name = "海峰", "周"
    investor.save(update_fields=["first_name", "last_name"])
    services.request_access(actor=investor, investor=investor_org, startup=startup, message="希望查阅商业计划书。")
    client.force_login(founder)
    page = client.get(url("dataroom_manage", "en", organisation_pk=startup.pk)).text
    assert f'<span lang="zh-Hans">{investor.display_name}</span>' in page
    assert '<span lang="zh-Hans">希望查阅商业计划书。</span>' in page


def test_the_data_rooms_trail_is_staffs_not_project_managers(client, open_room, investor, doc):
    """A project manager read, in the admin, who opened which confidential document and the address
    each NDA was accepted from: the investors' personal data and the startups' evidence. Staff still do."""
    client.force_login(investor)
    client.get(doc_url(open_room, doc))
    log_entry = DocumentAccessLog.objects.get()
    manager, staff = factories.ProjectManagerFactory(), factories.StaffFactory()
    trail = [reverse("incubator_access_log:index"), reverse("incubator_access_log:inspect", args=[log_entry.pk])]
    request = reverse("incubator_dataroom_access:inspect", args=[open_room.pk])
    client.force_login(manager)
    assert [client.get(address).status_code for address in trail] == [302, 302]  # the admin's refusal
    seen = client.get(request)
    assert seen.status_code == 200 and "198.51.100.1" not in seen.content.decode()
    assert reverse("incubator_access_log:index") not in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(staff)
    assert [client.get(address).status_code for address in trail] == [200, 200]
    assert "198.51.100.1" in client.get(request).content.decode()
