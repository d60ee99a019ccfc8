"""The submission state machine, permissions inside the services, lost-update and double-submit guards."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from cases import services
from cases.models import CasePage, CaseSubmission
from cases.vocabulary import SubmissionStatus
from tests.cases.factories import HospitalFactory, SubmissionFactory, build_case_site
from tests.factories import MembershipFactory, OrganisationFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hospital():
    return HospitalFactory()


@pytest.fixture
def member(hospital):
    return MembershipFactory(organisation=hospital, role="editor", user=UserFactory(preferred_language="en")).user


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
