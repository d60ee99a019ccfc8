"""The member's multi-step submission form, end to end through the views."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image
from wagtail.models import ModelLogEntry

from cases import services
from cases.models import CaseSubmission
from cases.vocabulary import SubmissionStatus
from portal.idempotency import issue_token
from tests.cases.factories import HospitalFactory, SubmissionFactory
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hospital():
    return HospitalFactory()


@pytest.fixture
def member(client, hospital):
    user = MembershipFactory(organisation=hospital).user
    client.force_login(user)
    return user


def _step(submission, step):
    return reverse("cases:submission_step", args=[submission.pk, step])


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_member_writes_a_case_step_by_step(client, hospital, member):
    response = client.post(
        reverse("cases:submission_create", args=[hospital.pk]),
        {
            "creation_token": issue_token("cases.submission"),
            "version": 1,
            "title": "高位截瘫患者皮层内脑机接口控制机械臂",
            "summary": "患者植入两枚微电极阵列。",
            "bci_type": "invasive",
            "approach": "intracortical_array",
            "functions": ["motor_control"],
            "indications": ["paralysis", "spinal_cord_injury"],
        },
    )
    submission = CaseSubmission.objects.get()
    assert response.status_code == 302 and response["Location"] == _step(submission, "clinical")
    assert submission.organisation == hospital and submission.created_by == member and submission.version == 1

    bad = client.post(
        _step(submission, "clinical"),
        {"version": 1, "trial_ids": "NCT123\nChiCTR2000012345", "enrolment_type": "actual"},
    )
    assert bad.status_code == 400 and "NCT123" in bad.text  # as every form of the portal
    assert CaseSubmission.objects.get().trial_ids == ""  # nothing saved from an invalid step

    response = client.post(
        _step(submission, "clinical"),
        {
            "version": 1,
            "phase": "first_in_human",
            "enrolment": 2,
            "enrolment_type": "actual",
            "start_date": "2025-03-01",
            "case_status": "follow_up",
            "follow_up_months": 6,
            "trial_ids": "nct01234567\nChiCTR-IOR-17012345",
        },
    )
    assert response["Location"] == _step(submission, "outcomes")
    assert CaseSubmission.objects.get().trial_ids == "NCT01234567\nChiCTR-IOR-17012345"

    outcomes = {
        "version": 2,
        "outcomes-TOTAL_FORMS": 2,
        "outcomes-INITIAL_FORMS": 0,
        "outcomes-0-measure": "打字速度",
        "outcomes-0-time_frame": "6个月",
        "outcomes-0-result": "每分钟 62 个字符",
        "outcomes-0-value": "62",
        "outcomes-0-unit": "字符/分钟",
        "outcomes-0-measure_en": "Typing speed",
        "outcomes-0-unit_en": "characters/min",
        "outcomes-1-measure": "机械臂抓取成功率",
        "outcomes-1-time_frame": "3个月",
        "outcomes-1-result": "87%",
    }
    assert client.post(_step(submission, "outcomes"), outcomes)["Location"] == _step(submission, "links")
    assert [o.measure for o in CaseSubmission.objects.get().outcomes.all()] == ["打字速度", "机械臂抓取成功率"]
    assert [o.measure_en for o in CaseSubmission.objects.get().outcomes.all()] == ["Typing speed", ""]
    assert 'value="Typing speed"' in client.get(_step(submission, "outcomes")).text  # the form shows it again

    refused = client.post(
        _step(submission, "links"),
        {"version": 3, "dois": "10.1038/s41586-023-06377-x", "attachment": SimpleUploadedFile("x.png", b"<svg></svg>")},
    )
    assert refused.status_code == 400 and CaseSubmission.objects.get().attachments.count() == 0
    response = client.post(
        _step(submission, "links"),
        {
            "version": 3,
            "dois": "https://doi.org/10.1038/s41586-023-06377-x",
            "institutions": [hospital.pk],
            "attachment": SimpleUploadedFile("photo.png", _png(), content_type="image/png"),
        },
    )
    assert response["Location"] == _step(submission, "submit")
    saved = CaseSubmission.objects.get()
    assert saved.dois == "10.1038/s41586-023-06377-x" and saved.attachments.count() == 1

    response = client.post(_step(submission, "submit"), {"version": saved.version, "consent_confirmed": "on"})
    assert response["Location"] == submission.get_absolute_url()
    saved = CaseSubmission.objects.get()
    assert saved.status == SubmissionStatus.SUBMITTED and saved.attested_by == member

    # A second click (or a second tab) does not fail: it is told the case is already submitted.
    again = client.post(_step(submission, "submit"), {"version": saved.version, "consent_confirmed": "on"})
    assert again.status_code == 302
    assert client.get(_step(submission, "basics")).status_code == 302
    detail = client.get(submission.get_absolute_url())
    assert "打字速度" in detail.text and detail.status_code == 200


def test_a_stale_page_does_not_overwrite_a_newer_save(client, hospital, member):
    submission = SubmissionFactory(organisation=hospital, title="最新标题")
    submission.version = 5
    submission.save()
    response = client.post(
        _step(submission, "basics"), {"version": 4, "title": "旧页面里的标题", "bci_type": "invasive"}
    )
    assert response.status_code == 409
    assert "旧页面里的标题" in response.text  # the member's input is still on the page
    assert CaseSubmission.objects.get().title == "最新标题"


def test_after_a_stale_save_the_kept_input_is_saved_from_the_same_page(client, hospital, member):
    """The 409 page says "open the case again in another tab to compare, then save": saving the kept
    input from it (a deliberate second save) replaces the newer version instead of being refused again."""
    submission = SubmissionFactory(organisation=hospital, title="同事保存的标题")
    opened_at = submission.version
    CaseSubmission.objects.filter(pk=submission.pk).update(version=opened_at + 1)  # the other save
    typed = {"title": "我在旧页面里写的标题", "summary": "我写的摘要。", "bci_type": "invasive"}

    refused = client.post(_step(submission, "basics"), {"version": opened_at, **typed})
    assert refused.status_code == 409
    shown_version = refused.context["form"]["version"].value()
    again = client.post(_step(submission, "basics"), {"version": shown_version, **typed})

    assert again.status_code == 302
    assert CaseSubmission.objects.get().title == typed["title"]


def _opened(client, submission, step) -> dict:
    """What a tab opened on ``step`` posts back unchanged: the version and the step's basis it was rendered with."""
    form = client.get(_step(submission, step)).context["form"]
    return {"version": form["version"].value(), "basis": form["basis"].value()}


def test_two_tabs_on_different_steps_both_save(client, hospital, member):
    """Saving the clinical details in one tab, then the basics in another, was a 409 "edited elsewhere":
    the two steps edit different fields, so neither save loses anything of the other's."""
    submission = SubmissionFactory(organisation=hospital, outcomes=False)
    basics_tab, clinical_tab = _opened(client, submission, "basics"), _opened(client, submission, "clinical")
    outcomes_tab, links_tab = _opened(client, submission, "outcomes"), _opened(client, submission, "links")
    clinical = {"phase": "pivotal", "enrolment_type": "actual", "follow_up_months": 24, "trial_ids": "NCT01234567"}
    assert client.post(_step(submission, "clinical"), {**clinical_tab, **clinical}).status_code == 302
    basics = {"title": "另一个标签页里的标题", "summary": "摘要", "bci_type": "invasive"}
    assert client.post(_step(submission, "basics"), {**basics_tab, **basics}).status_code == 302
    rows = {
        "outcomes-TOTAL_FORMS": 1,
        "outcomes-INITIAL_FORMS": 0,
        "outcomes-0-measure": "步速",
        "outcomes-0-result": "1 米/秒",
    }
    assert client.post(_step(submission, "outcomes"), {**outcomes_tab, **rows}).status_code == 302
    assert client.post(_step(submission, "links"), {**links_tab, "institutions": [hospital.pk]}).status_code == 302

    saved = CaseSubmission.objects.get()
    assert (saved.title, saved.phase, saved.follow_up_months) == (basics["title"], "pivotal", 24)
    assert [row.measure for row in saved.outcomes.all()] == ["步速"]
    assert list(saved.institutions.all()) == [hospital]


def test_two_tabs_on_the_same_step_conflict_and_the_input_is_kept(client, hospital, member):
    """The same step saved from two tabs is still refused (409) with the second tab's input shown back;
    saving it again from that page replaces the first tab's save deliberately."""
    submission = SubmissionFactory(organisation=hospital)
    first_tab, second_tab = _opened(client, submission, "basics"), _opened(client, submission, "basics")
    assert client.post(_step(submission, "basics"), {**first_tab, "title": "第一个标签页", "bci_type": "invasive"})[
        "Location"
    ]
    typed = {"title": "第二个标签页的标题", "summary": "第二个标签页的摘要", "bci_type": "invasive"}

    refused = client.post(_step(submission, "basics"), {**second_tab, **typed})

    assert refused.status_code == 409 and "第二个标签页的摘要" in refused.text
    assert "您打开本页后，有人保存了这个案例" in refused.text  # and why, in the page's language
    assert CaseSubmission.objects.get().title == "第一个标签页"
    form = refused.context["form"]
    again = client.post(
        _step(submission, "basics"), {"version": form["version"].value(), "basis": form["basis"].value(), **typed}
    )
    assert again.status_code == 302 and CaseSubmission.objects.get().title == typed["title"]


def test_an_autosave_of_one_step_does_not_refuse_another_tabs_step(client, hospital, member):
    """Autosave reports the step's new basis with the version; a tab on another step still saves."""
    submission = SubmissionFactory(organisation=hospital)
    basics_tab, clinical_tab = _opened(client, submission, "basics"), _opened(client, submission, "clinical")
    url = reverse("cases:submission_autosave", args=[submission.pk, "clinical"])
    saved = client.post(url, {**clinical_tab, "phase": "pivotal", "enrolment_type": "actual"}).json()
    assert saved["saved"] is True and saved["basis"] != clinical_tab["basis"]
    # The clinical tab, updated by the script, saves again; the basics tab's save is no conflict.
    clinical = {"phase": "pivotal", "enrolment": 4, "enrolment_type": "actual"}
    again = client.post(url, {"version": saved["version"], "basis": saved["basis"], **clinical})
    assert again.json()["saved"] is True
    basics_url = reverse("cases:submission_autosave", args=[submission.pk, "basics"])
    assert client.post(basics_url, {**basics_tab, "title": "标题", "bci_type": "invasive"}).json()["saved"] is True
    stale = {**clinical_tab, "phase": "pilot", "enrolment_type": "actual"}
    assert client.post(url, stale).status_code == 409  # the same step: refused
    assert CaseSubmission.objects.get().enrolment == 4


def test_a_stale_submit_is_refused_until_the_page_is_opened_again(client, hospital, member):
    """Submitting sends the case to the alliance: after a colleague's save the member checks it first."""
    submission = SubmissionFactory(organisation=hospital)
    opened_at = submission.version
    CaseSubmission.objects.filter(pk=submission.pk).update(version=opened_at + 1)

    refused = client.post(_step(submission, "submit"), {"version": opened_at, "consent_confirmed": "on"})

    assert refused.status_code == 409 and int(refused.context["form"]["version"].value()) == opened_at
    assert CaseSubmission.objects.get().status == SubmissionStatus.DRAFT


def test_a_step_with_errors_is_a_400_with_the_input_kept(client, hospital, member):
    """As every form of the portal: the first step and the others answer 400, not 200, when shown again."""
    response = client.post(
        reverse("cases:submission_create", args=[hospital.pk]),
        {"creation_token": issue_token("cases.submission"), "version": 1, "bci_type": "mind", "summary": "摘要已写"},
    )
    assert response.status_code == 400 and "摘要已写" in response.text and not CaseSubmission.objects.exists()
    assert response.context["form"].errors["bci_type"]
    submission = SubmissionFactory(organisation=hospital)
    for step in ("basics", "clinical", "links"):
        assert client.get(_step(submission, step)).status_code == 200
    response = client.post(_step(submission, "basics"), {"version": submission.version, "bci_type": "mind"})
    assert response.status_code == 400 and response.context["form"].errors["bci_type"]


def test_an_outcome_rows_error_is_listed_in_the_forms_error_box(client, hospital, member):
    """A measure without its result came back (400) with nothing at the top of the page: the step's own
    form (its version) had no error, so the error box was not shown and the row's error was screens below."""
    submission = SubmissionFactory(organisation=hospital, outcomes=False)
    rows = {"outcomes-TOTAL_FORMS": 2, "outcomes-INITIAL_FORMS": 0, "outcomes-0-measure": "打字速度"}
    response = client.post(_step(submission, "outcomes"), {"version": submission.version, **rows})
    assert response.status_code == 400 and not response.context["form"].errors
    box = re.search(r'<div class="form-errors" role="alert">.*?</div>', response.text, re.S)
    assert box and '<a href="#id_outcomes-0-result">结果：' in box.group(0)
    assert 'value="打字速度"' in response.text  # the input is kept
    # An altered page (no version) says so in the same box, after the row's error.
    response = client.post(_step(submission, "outcomes"), {"version": "", **rows})
    box = re.search(r'<div class="form-errors" role="alert">.*?</div>', response.text, re.S).group(0)
    assert box.index('href="#id_outcomes-0-result"') < box.index("此页面已过期或被改动")


def test_a_second_tabs_submit_is_told_the_case_is_already_submitted(client, hospital, member):
    """The submit page open in two tabs: the second click was told the case "cannot be edited now"."""
    submission = SubmissionFactory(organisation=hospital)
    tabs = [{"version": submission.version, "consent_confirmed": "on"}] * 2
    assert client.post(_step(submission, "submit"), tabs[0], follow=True).redirect_chain  # its message read
    second = client.post(_step(submission, "submit"), tabs[1], follow=True)
    shown = [str(message) for message in second.context["messages"]]
    assert shown == ["本案例已提交，联盟将进行审核。"]
    assert CaseSubmission.objects.get().status == SubmissionStatus.SUBMITTED


def test_submit_without_consent_shows_an_error(client, hospital, member):
    submission = SubmissionFactory(organisation=hospital)
    response = client.post(_step(submission, "submit"), {"version": submission.version})
    assert response.status_code == 400
    assert CaseSubmission.objects.get().status == SubmissionStatus.DRAFT


def test_submit_of_an_incomplete_case_lists_what_is_missing(client, hospital, member):
    submission = SubmissionFactory(organisation=hospital, outcomes=False, summary="")
    with translation.override("en"):
        response = client.post(_step(submission, "submit"), {"version": submission.version, "consent_confirmed": "on"})
    assert response.status_code == 400 and CaseSubmission.objects.get().status == SubmissionStatus.DRAFT
    # Each missing item links the step where it is filled in: the summary is on the first, the outcomes on theirs.
    page = response.content.decode()
    with translation.override("en"):
        assert f'<a href="{_step(submission, "basics")}">Summary</a>' in page
        assert f'<a href="{_step(submission, "outcomes")}">At least one outcome measure</a>' in page


def test_autosave_saves_and_reports_the_new_version(client, hospital, member):
    submission = SubmissionFactory(organisation=hospital)
    url = reverse("cases:submission_autosave", args=[submission.pk, "basics"])
    response = client.post(url, {"version": submission.version, "title": "自动保存的标题", "bci_type": "invasive"})
    assert response.json() == {
        "saved": True,
        "version": submission.version + 1,
        "basis": services.step_basis(CaseSubmission.objects.get(), "basics"),
    }
    stale = client.post(url, {"version": submission.version, "title": "过期"})
    assert stale.status_code == 409 and stale.json()["saved"] is False
    assert CaseSubmission.objects.get().title == "自动保存的标题"


@pytest.mark.parametrize(
    ("language", "says"),
    [
        ("en", "This file is a GIF image. Only PDF, JPEG, PNG or WebP files can be attached"),
        ("zh-hans", "此文件是 GIF 图片。只能附加 PDF、JPEG、PNG 或 WebP 文件"),
    ],
)
def test_a_gif_attachment_is_told_which_formats_are_accepted(client, hospital, member, language, says):
    """A GIF was refused as "neither a PDF document nor an image": it is an image, of a format not taken."""
    submission = SubmissionFactory(organisation=hospital)
    buffer = io.BytesIO()
    Image.new("P", (32, 24), 3).save(buffer, "GIF")
    gif = SimpleUploadedFile("ethics-approval.gif", buffer.getvalue(), content_type="image/gif")
    with translation.override(language):
        url = _step(submission, "links")
    response = client.post(url, {**_opened(client, submission, "links"), "team": "神经外科团队", "attachment": gif})
    assert response.status_code == 400 and says in response.text
    assert "神经外科团队" in response.text and not CaseSubmission.objects.get().attachments.exists()


def test_an_autosave_after_the_session_ended_says_so_in_json(client, hospital, member):
    """Signed out in another tab, autosave was redirected to the sign-in page: the script could not read
    it and the page went on saying "Draft saved automatically" while nothing was saved."""
    submission = SubmissionFactory(organisation=hospital, title="原标题")
    url = reverse("cases:submission_autosave", args=[submission.pk, "basics"])
    typed = {**_opened(client, submission, "basics"), "title": "登出后写的标题", "bci_type": "invasive"}
    client.logout()
    response = client.post(url, typed, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 401 and response.json()["saved"] is False
    assert "您已退出登录" in response.json()["error"]
    assert CaseSubmission.objects.get().title == "原标题"


def test_a_file_attached_by_mistake_is_listed_on_its_step_and_removed(
    client, hospital, member, django_capture_on_commit_callbacks
):
    """A file once attached could be neither seen on the step that attaches files nor taken off the case
    (the wrong scan, or one that shows a patient's name) until staff looked at it."""
    submission = SubmissionFactory(organisation=hospital)
    opened = _opened(client, submission, "links")
    photo = SimpleUploadedFile("错误的扫描件.png", _png(), content_type="image/png")
    client.post(_step(submission, "links"), {**opened, "stay": "1", "attachment": photo})
    attachment = CaseSubmission.objects.get().attachments.get()
    stored = attachment.file.name
    remove = reverse("cases:attachment_remove", args=[submission.pk, attachment.pk])
    page = client.get(_step(submission, "links")).text
    assert "错误的扫描件" in page and f'action="{remove}"' in page

    with django_capture_on_commit_callbacks(execute=True):  # the stored file goes after the commit
        response = client.post(remove, follow=True)

    assert response.redirect_chain[-1][0] == _step(submission, "links")
    assert [str(message) for message in response.context["messages"]] == [f"已从案例中移除{attachment.name}。"]
    assert not CaseSubmission.objects.get().attachments.exists()
    assert not attachment.file.storage.exists(stored)


def test_a_file_of_a_submitted_case_is_not_removed(client, hospital, member):
    submission = SubmissionFactory(organisation=hospital, status=SubmissionStatus.SUBMITTED)
    attachment = submission.attachments.create(file=SimpleUploadedFile("a.png", _png()), name="伦理批件")
    response = client.post(reverse("cases:attachment_remove", args=[submission.pk, attachment.pk]), follow=True)
    assert [str(message) for message in response.context["messages"]] == ["本案例正在联盟审核中，暂不能修改。"]
    assert submission.attachments.get() == attachment


def test_the_step_page_gives_its_autosave_a_translated_not_saved_message(client, hospital, member):
    """A 413, a 500 or the network down: the script read no JSON, said nothing, and the last "Draft
    saved automatically" stayed on screen; the form carries what to say instead, in the page's language."""
    submission = SubmissionFactory(organisation=hospital)
    with translation.override("zh-hans"):
        page = client.get(_step(submission, "basics")).content.decode()
    assert 'data-unsaved-text="未能自动保存：请用下方的按钮保存本页。"' in page


def test_my_cases_lists_only_my_organisations_submissions(client, hospital, member):
    mine = SubmissionFactory(organisation=hospital, title="我的案例")
    SubmissionFactory(title="别人的案例")
    response = client.get(reverse("cases:my_cases"))
    assert "我的案例" in response.text and "别人的案例" not in response.text
    assert reverse("cases:submission_create", args=[hospital.pk]) in response.text
    assert mine.get_absolute_url() in response.text


def test_an_accepted_case_is_said_accepted_not_selected(client, hospital, member):
    """The member's list said 已入选 ("in the selection", the typical-case selection's word) for a case
    the alliance had only accepted, where its e-mail and the admin say 采纳 and a refusal 未采纳."""
    SubmissionFactory(organisation=hospital, status=SubmissionStatus.ACCEPTED)
    page = client.get(reverse("cases:my_cases")).text
    assert "已采纳" in page and "已入选" not in page
    with translation.override("en"):
        assert SubmissionStatus.ACCEPTED.label == "Accepted"


def test_a_resubmitted_cases_comment_is_shown_as_answered(client, hospital, member):
    """After resubmitting, the case page still showed the alliance's request as a warning, as if
    something were still to do; it now says the resubmission answers it."""
    asked = SubmissionFactory(
        organisation=hospital, status=SubmissionStatus.CHANGES_REQUESTED, staff_comment="请补充随访数据"
    )
    page = client.get(reverse("cases:submission_detail", args=[asked.pk])).text
    assert "message-warning" in page and "请补充随访数据" in page
    asked.status = SubmissionStatus.RESUBMITTED
    asked.save(update_fields=["status"])
    page = client.get(reverse("cases:submission_detail", args=[asked.pk])).text
    assert (
        "message-warning" not in page and "您重新提交的内容已回应联盟的以下意见：" in page and "请补充随访数据" in page
    )


def test_the_hospital_sees_everything_it_submitted_with_itself_among_the_institutions(
    client, hospital, member, django_assert_max_num_queries
):
    from cases.vocabulary import CaseStatus, EnrolmentType

    partner = HospitalFactory(name_zh="合作医院")
    submission = SubmissionFactory(
        organisation=hospital,
        adverse_events="一例切口感染，已治愈。",
        team="张医生\n李工程师",
        video_url="https://video.example.org/case",
        enrolment_type=EnrolmentType.ANTICIPATED,
    )
    submission.institutions.add(partner)
    with django_assert_max_num_queries(14):
        response = client.get(submission.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = response.text
    with translation.override("zh-hans"):
        status, anticipated = str(CaseStatus.FOLLOW_UP.label), str(EnrolmentType.ANTICIPATED.label)
    assert status != "In follow-up" and status in text
    assert f"3 ({anticipated})" in text or f"3（{anticipated}）" in text
    assert "12" in text  # follow-up months
    assert "一例切口感染，已治愈。" in text and "患者于 2024 年接受植入。" in text
    assert "张医生<br>李工程师" in text
    assert "https://doi.org/10.1000/demo.2025.002" in text
    assert "https://clinicaltrials.gov/study/NCT01234567" in text
    assert "https://video.example.org/case" in text
    assert hospital.name_zh in text.split('id="institutions-heading"')[1] and "合作医院" in text
    assert 'id="english-heading"' not in text  # nothing written in English yet

    submission.outcomes.update(measure_en="10-metre walk time")
    english = client.get(submission.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").text
    assert "10-metre walk time" in english.split('id="english-heading"')[1]


def test_a_case_without_products_or_publications_says_so_instead_of_a_dash_in_a_list(client, hospital, member):
    """Both lists showed one bullet holding "—"."""
    bare = SubmissionFactory(organisation=hospital, dois="")
    page = client.get(reverse("cases:submission_detail", args=[bare.pk])).text
    assert "本案例未关联目录中的产品。" in page and "本案例未列出论文发表。" in page and "<li>—</li>" not in page
    listed = SubmissionFactory(organisation=hospital, dois="10.1038/s41586-023-06377-x")
    page = client.get(reverse("cases:submission_detail", args=[listed.pk])).text
    assert "doi:10.1038/s41586-023-06377-x" in page and "本案例未列出论文发表。" not in page


def test_a_member_of_no_case_writing_organisation_is_shown_the_way_to_register_one(client):
    """The page told them who submits cases, and left them there."""
    client.force_login(UserFactory())
    page = client.get(reverse("cases:my_cases")).text
    assert reverse("portal:organisation_create") in page


def test_submitting_without_the_consent_box_says_what_is_missing(client, hospital, member):
    """The error box followed the box's statement with a bare "此字段为必填项。"."""
    submission = SubmissionFactory(organisation=hospital)
    response = client.post(_step(submission, "submit"), {"version": submission.version})
    assert response.status_code == 400
    box = response.text.split('class="form-errors"', 1)[1].split("</div>", 1)[0]
    line = re.search(r'<a href="#id_consent_confirmed">([^<]*)</a>', box).group(1)
    with translation.override("zh-hans"):
        assert line.endswith(gettext("Confirm the patients' consent and the de-identification of the case."))
    assert "此字段为必填项" not in box


@pytest.mark.parametrize(
    ("sent", "back_to"),
    [
        (SubmissionStatus.SUBMITTED, SubmissionStatus.DRAFT),
        (SubmissionStatus.RESUBMITTED, SubmissionStatus.CHANGES_REQUESTED),
    ],
)
def test_a_case_submitted_by_mistake_is_taken_back_to_edit(client, hospital, member, sent, back_to):
    """Submitted by mistake, a case could not be taken back: the member waited for the alliance's decision."""
    submission = SubmissionFactory(organisation=hospital, status=sent, consent_confirmed=True)
    take_back = reverse("cases:submission_take_back", args=[submission.pk])
    assert f'action="{take_back}"' in client.get(submission.get_absolute_url()).content.decode()

    response = client.post(take_back, follow=True)

    assert response.redirect_chain[-1][0] == submission.get_absolute_url()
    assert [str(message) for message in response.context["messages"]] == ["案例已撤回：请修改后再次提交。"]
    submission.refresh_from_db()
    assert submission.status == back_to and submission.is_editable
    # What was attested was what was sent: the next submit asks again, its box not ticked.
    assert not submission.consent_confirmed
    submit_step = client.get(reverse("cases:submission_step", args=[submission.pk, "submit"])).content.decode()
    assert re.search(r'<input type="checkbox" name="consent_confirmed"[^>]*>', submit_step)
    assert "checked" not in re.search(r'<input type="checkbox" name="consent_confirmed"[^>]*>', submit_step).group(0)
    entry = ModelLogEntry.objects.get(action="cases.submission.taken_back")
    assert entry.user == member and entry.object_id == str(submission.pk)
    assert f'action="{take_back}"' not in response.content.decode()


@pytest.mark.parametrize("decided", [SubmissionStatus.ACCEPTED, SubmissionStatus.REJECTED])
def test_a_case_the_alliance_decided_on_is_not_taken_back(client, hospital, member, decided):
    submission = SubmissionFactory(organisation=hospital, status=decided)
    take_back = reverse("cases:submission_take_back", args=[submission.pk])
    assert f'action="{take_back}"' not in client.get(submission.get_absolute_url()).content.decode()

    response = client.post(take_back, follow=True)

    assert [str(message) for message in response.context["messages"]] == ["联盟已对本案例作出决定，不能再撤回。"]
    submission.refresh_from_db()
    assert submission.status == decided
    assert not ModelLogEntry.objects.filter(action="cases.submission.taken_back").exists()


def test_a_case_of_another_organisation_is_not_taken_back(client, member):
    submission = SubmissionFactory(status=SubmissionStatus.SUBMITTED)
    response = client.post(reverse("cases:submission_take_back", args=[submission.pk]))
    assert response.status_code == 404
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED
