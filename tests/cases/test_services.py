"""The submission state machine, permissions inside the services, lost-update and double-submit guards."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from cases import services
from cases.models import CasePage, CaseSubmission
from cases.vocabulary import SubmissionStatus
from portal.organisations import verification
from tests.cases.factories import HospitalFactory, SubmissionFactory, build_case_site
from tests.factories import MembershipFactory, OrganisationFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_user():
    return StaffFactory()


def _submitted(member, hospital, **kwargs):
    submission = SubmissionFactory(organisation=hospital, created_by=member, **kwargs)
    return services.submit(actor=member, submission=submission, version=submission.version, consent_confirmed=True)


def test_only_members_of_case_organisations_create_submissions(hospital, member):
    assert services.create_submission(actor=member, organisation=hospital).status == SubmissionStatus.DRAFT
    with pytest.raises(PermissionDenied):
        services.create_submission(actor=UserFactory(), organisation=hospital)
    investor = OrganisationFactory(kind="investor")
    investor_member = MembershipFactory(organisation=investor).user
    with pytest.raises(PermissionDenied):
        services.create_submission(actor=investor_member, organisation=investor)


def test_save_draft_bumps_version_and_refuses_a_stale_version(hospital, member):
    submission = services.create_submission(actor=member, organisation=hospital)
    saved = services.save_draft(actor=member, submission=submission, version=1, fields={"title": "第一版"})
    assert saved.version == 2
    with pytest.raises(services.SubmissionConflict):
        services.save_draft(actor=member, submission=submission, version=1, fields={"title": "旧页面的修改"})
    assert CaseSubmission.objects.get(pk=submission.pk).title == "第一版"


def test_save_draft_validates_fields(hospital, member):
    submission = services.create_submission(actor=member, organisation=hospital)
    with pytest.raises(ValidationError):
        services.save_draft(actor=member, submission=submission, version=1, fields={"indications": ["telepathy"]})


def test_save_draft_replaces_outcomes(hospital, member):
    submission = services.create_submission(actor=member, organisation=hospital)
    rows = [
        {"measure": "打字速度", "time_frame": "6个月", "result": "62", "value": 62, "unit": "字符/分钟"},
        {"measure": "误码率", "time_frame": "6个月", "result": "3%", "value": None, "unit": ""},
    ]
    services.save_draft(actor=member, submission=submission, version=1, outcomes=rows)
    assert [o.measure for o in submission.outcomes.all()] == ["打字速度", "误码率"]


def test_submit_requires_completeness_and_consent(hospital, member):
    submission = services.create_submission(actor=member, organisation=hospital)
    with pytest.raises(services.SubmissionError) as exc:
        services.submit(actor=member, submission=submission, version=1, consent_confirmed=True)
    assert "outcome" in str(exc.value) or "结局" in str(exc.value)
    complete = SubmissionFactory(organisation=hospital)
    with pytest.raises(services.SubmissionError):
        services.submit(actor=member, submission=complete, version=complete.version, consent_confirmed=False)


def test_the_missing_fields_are_listed_in_the_pages_language(hospital, member):
    """An English page lists what is missing with English commas, a Chinese page with 、."""
    submission = services.create_submission(actor=member, organisation=hospital)
    with translation.override("en"), pytest.raises(services.SubmissionError) as exc:
        services.submit(actor=member, submission=submission, version=1, consent_confirmed=True)
    assert "Missing: title, summary, BCI type, " in str(exc.value)
    assert "、" not in str(exc.value)
    with translation.override("zh-hans"), pytest.raises(services.SubmissionError) as exc:
        services.submit(actor=member, submission=submission, version=1, consent_confirmed=True)
    assert "标题、摘要、" in str(exc.value)


def test_submit_records_attestation_and_mails_members_in_their_language(
    hospital, member, django_capture_on_commit_callbacks
):
    other = MembershipFactory(organisation=hospital, user=UserFactory(preferred_language="zh-hans")).user
    submission = SubmissionFactory(organisation=hospital)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = services.submit(
            actor=member, submission=submission, version=submission.version, consent_confirmed=True
        )
    assert submitted.status == SubmissionStatus.SUBMITTED
    assert submitted.attested_by == member and submitted.attested_at is not None
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {member.email, other.email}
    assert by_recipient[member.email].extra_headers["Content-Language"] == "en"
    assert by_recipient[other.email].extra_headers["Content-Language"] == "zh-hans"


def test_double_submit_is_refused_with_a_message(hospital, member):
    submission = _submitted(member, hospital)
    with pytest.raises(services.SubmissionError):
        services.submit(actor=member, submission=submission, version=submission.version, consent_confirmed=True)
    with pytest.raises(services.SubmissionError):
        services.save_draft(actor=member, submission=submission, version=submission.version, fields={"title": "x"})


def test_request_changes_then_resubmit_then_accept(hospital, member, staff_user):
    site = build_case_site()
    submission = _submitted(member, hospital)
    with pytest.raises(services.SubmissionError):
        services.request_changes(staff=staff_user, submission=submission, comment="  ")
    with pytest.raises(PermissionDenied):
        services.request_changes(staff=member, submission=submission, comment="请补充")
    submission = services.request_changes(staff=staff_user, submission=submission, comment="请补充随访数据")
    assert submission.status == SubmissionStatus.CHANGES_REQUESTED and submission.staff_comment == "请补充随访数据"
    submission = services.save_draft(
        actor=member, submission=submission, version=submission.version, fields={"follow_up_months": 18}
    )
    submission = services.submit(
        actor=member, submission=submission, version=submission.version, consent_confirmed=True
    )
    assert submission.status == SubmissionStatus.RESUBMITTED
    page = services.accept(staff=staff_user, submission=submission)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED and submission.case_page_id == page.pk
    page = CasePage.objects.get(pk=page.pk)
    assert not page.live and page.locale.language_code == "zh-hans"
    assert page.get_parent().pk == site.index.pk
    assert page.follow_up_months == 18 and page.consent_confirmed_by == member
    assert [o.measure for o in page.outcomes.all()] == ["10 米步行时间"]
    assert [t.registration_id for t in page.trial_registrations.all()] == ["NCT01234567", "ChiCTR2000012345"]
    assert hospital in page.institutions.all()
    with pytest.raises(services.SubmissionError):
        services.accept(staff=staff_user, submission=submission)


def test_reject_is_final(hospital, member, staff_user):
    submission = _submitted(member, hospital)
    submission = services.reject(staff=staff_user, submission=submission, reason="与已发布案例重复")
    assert submission.status == SubmissionStatus.REJECTED
    with pytest.raises(services.SubmissionError):
        services.submit(actor=member, submission=submission, version=submission.version, consent_confirmed=True)


def test_accept_refuses_an_unverified_organisation(member, staff_user):
    build_case_site()
    pending = HospitalFactory(verification_status="pending")
    MembershipFactory(organisation=pending, user=member)
    submission = _submitted(member, pending)
    with pytest.raises(services.SubmissionError):
        services.accept(staff=staff_user, submission=submission)


ENGLISH = {
    "title_en": "Brain-spine interface helps a man walk again",
    "summary_en": "An epidural brain-spine interface restored walking after spinal cord injury.",
    "narrative_en": "He received the implant in 2024.\n\nHe walks with crutches.",
    "adverse_events_en": "None serious.",
    "team_en": "Dr Zhang\nEngineer Li",
}


def test_accepting_creates_the_chinese_page_and_its_english_translation_as_drafts(client, hospital, member, staff_user):
    from tests.cases.factories import make_case

    site = build_case_site()
    # The readable slug is taken in the English tree only: both pages get the next one.
    make_case(site.index_en, slug="brain-spine-interface-helps-a-man-walk-again")
    partner = HospitalFactory()
    submission = _submitted(member, hospital, adverse_events="无严重不良事件。", team="张医生", **ENGLISH)
    submission.institutions.add(partner)
    page = services.accept(staff=staff_user, submission=submission)
    english = page.get_translation(site.tree.en).specific
    assert page.slug == english.slug == "brain-spine-interface-helps-a-man-walk-again-2"
    assert english.get_parent().pk == site.index_en.pk and english.translation_key == page.translation_key
    assert not page.live and not english.live
    assert english.title == ENGLISH["title_en"] and english.summary == ENGLISH["summary_en"]
    assert english.narrative == "<p>He received the implant in 2024.</p><p>He walks with crutches.</p>"
    assert english.adverse_events == "None serious." and english.team == ENGLISH["team_en"]
    assert page.title == submission.title and page.adverse_events == "无严重不良事件。"
    assert set(english.institutions.all()) == {hospital, partner}  # in name order: 测试医院100 before 测试医院99
    assert [o.measure for o in english.outcomes.all()] == ["10 米步行时间"]
    assert english.get_latest_revision() is not None

    assert client.get(f"/en/cases/{english.slug}/").status_code == 404  # a draft until staff publish
    with pytest.raises(PermissionDenied):
        services.publish(staff=member, submission=submission)
    pages = services.publish(staff=staff_user, submission=submission)
    assert [p.pk for p in pages] == [page.pk, english.pk] and all(p.live for p in pages)
    assert ENGLISH["title_en"] in client.get(f"/en/cases/{english.slug}/").text
    assert submission.title in client.get(f"/zh-hans/cases/{page.slug}/").text
    with pytest.raises(services.SubmissionError):  # nothing left to publish
        services.publish(staff=staff_user, submission=submission)


def test_the_english_page_shows_the_outcome_rows_written_in_english(client, hospital, member, staff_user):
    from cases.models import CaseSubmissionOutcome

    site = build_case_site()
    submission = SubmissionFactory(organisation=hospital, created_by=member, **ENGLISH)
    CaseSubmissionOutcome.objects.filter(submission=submission).update(
        measure_en="10-metre walk time", time_frame_en="6 months", result_en="18 seconds", unit_en="s"
    )
    CaseSubmissionOutcome.objects.create(submission=submission, sort_order=1, measure="步速", result="0.6 米/秒")
    submission = services.submit(
        actor=member, submission=submission, version=submission.version, consent_confirmed=True
    )
    page = services.accept(staff=staff_user, submission=submission)
    english = page.get_translation(site.tree.en).specific
    assert [(o.measure, o.time_frame, o.result, o.unit) for o in english.outcomes.all()] == [
        ("10-metre walk time", "6 months", "18 seconds", "s"),
        ("步速", "", "0.6 米/秒", ""),  # not written in English: the Chinese, for staff to translate
    ]
    assert [o.measure for o in page.outcomes.all()] == ["10 米步行时间", "步速"]
    services.publish(staff=staff_user, submission=submission)
    assert "10-metre walk time" in client.get(f"/en/cases/{english.slug}/").text  # the published revision


def test_without_english_texts_the_slug_is_case_n_and_staff_translate_before_publishing(hospital, member, staff_user):
    site = build_case_site()
    submission = _submitted(member, hospital)
    page = services.accept(staff=staff_user, submission=submission)
    english = page.get_translation(site.tree.en).specific
    assert page.slug == english.slug == f"case-{submission.pk}"
    assert english.title == page.title  # the Chinese text until staff translate it
    with pytest.raises(services.SubmissionError, match=r"English|英文"):
        services.publish(staff=staff_user, submission=submission)
    assert not CasePage.objects.filter(live=True).exists()  # all or nothing
    english.title, english.summary = "Walking again", "A translated summary."
    english.save_revision(user=staff_user)
    services.publish(staff=staff_user, submission=submission)
    assert CasePage.objects.filter(live=True).count() == 2


def test_accepting_needs_the_english_case_index(hospital, member, staff_user):
    site = build_case_site()
    site.index_en.unpublish()
    submission = _submitted(member, hospital, **ENGLISH)
    with pytest.raises(services.SubmissionError):
        services.accept(staff=staff_user, submission=submission)
    assert not CasePage.objects.exists()


def test_the_publication_mail_names_the_case_and_links_its_page_in_the_members_language(
    hospital, member, staff_user, django_capture_on_commit_callbacks
):
    build_case_site()
    submission = _submitted(member, hospital, **ENGLISH)  # ``member`` reads English
    page = services.accept(staff=staff_user, submission=submission)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(staff=staff_user, submission=submission)
    message = next(m for m in mail.outbox if member.email in m.to)
    assert ENGLISH["title_en"] in message.subject and submission.title not in message.subject
    assert f"/en/cases/{page.slug}/" in message.body


def test_a_case_accepted_before_its_hospital_was_suspended_is_not_published(hospital, member, staff_user):
    build_case_site()
    submission = _submitted(member, hospital, **ENGLISH)
    services.accept(staff=staff_user, submission=submission)
    verification.suspend_organisation(staff=staff_user, organisation=hospital, note="资质复核中")
    with pytest.raises(services.SubmissionError, match=r"not verified|未经联盟认证|认证"):
        services.publish(staff=staff_user, submission=submission)
    assert not CasePage.objects.filter(live=True).exists()
