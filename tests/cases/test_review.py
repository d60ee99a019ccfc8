"""Case submissions on the review kit (portal.review): each staff decision and the members' submit are in the
submission's history with the status before and after, and the decision e-mail reaches the members to tell."""

import pytest
from django.core import mail
from django.utils import translation
from wagtail.log_actions import registry as log_registry
from wagtail.models import ModelLogEntry

from cases import services
from portal.organisations.models import MemberRole
from portal.review.errors import ServiceError
from tests.cases.factories import HospitalFactory, SubmissionFactory, build_case_site
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    hospital = HospitalFactory()
    member = MembershipFactory(organisation=hospital, role=MemberRole.OWNER).user
    submission = SubmissionFactory(organisation=hospital, created_by=member, title="待审核的案例")
    return services.submit(actor=member, submission=submission, version=submission.version, consent_confirmed=True)


def _entry(submission, action):
    entry = ModelLogEntry.objects.get(object_id=str(submission.pk), action=action)
    assert log_registry.action_exists(action)
    return entry


def test_submitting_is_logged_with_the_status_before_and_after(submitted):
    entry = _entry(submitted, "cases.submission.submitted")
    assert (entry.data["before"], entry.data["after"]) == ({"status": "draft"}, {"status": "submitted"})


@pytest.mark.parametrize(
    ("decision", "after", "note"),
    [("request_changes", "changes_requested", "请补充不良事件"), ("reject", "rejected", "不符合入选条件")],
)
def test_each_decision_with_a_comment_is_logged_before_and_after(submitted, staff, decision, after, note):
    services.REVIEW.take(decision, submitted, by=staff, note=note)
    entry = _entry(submitted, f"cases.submission.{after}")
    assert entry.user == staff and entry.data["note"] == note
    assert entry.data["before"] == {"status": "submitted", "note": ""}
    assert entry.data["after"] == {"status": after, "note": note}


def test_accepting_is_logged_with_the_case_page_it_made(submitted, staff):
    build_case_site()
    page = services.accept(staff=staff, submission=submitted)
    entry = _entry(submitted, "cases.submission.accepted")
    assert entry.data["before"] == {"status": "submitted", "note": "", "case_page": None}
    assert entry.data["after"] == {"status": "accepted", "note": "", "case_page": page.pk}


def test_the_cases_error_is_a_service_error():
    assert issubclass(services.SubmissionError, ServiceError)
    assert issubclass(services.SubmissionConflict, ServiceError)


def test_a_decision_is_emailed_to_the_active_members_once_each(submitted, staff, django_capture_on_commit_callbacks):
    MembershipFactory(organisation=submitted.organisation, user__email="editor@example.com")
    MembershipFactory(organisation=submitted.organisation, user__email="left@example.com", user__is_active=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reject(staff=staff, submission=submitted, reason="不符合入选条件")
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert "editor@example.com" in recipients and "left@example.com" not in recipients
    assert len(recipients) == len(set(recipients)) == 2


def test_a_decision_on_a_resubmission_taken_back_says_so_and_one_on_a_decided_case_says_it_is_not_waiting(
    submitted, staff
):
    """The refusal names what happened: the organisation took it back (a draft again, or a resubmission back
    to "changes requested"), or another decision was taken first."""
    member = submitted.created_by
    services.REVIEW.take("request_changes", submitted, by=staff, note="请补充不良事件")
    with translation.override("en"), pytest.raises(services.SubmissionError, match="not awaiting review"):
        services.REVIEW.take("reject", submitted, by=staff, note="不符合入选条件")
    submitted.refresh_from_db()
    resubmitted = services.submit(actor=member, submission=submitted, version=submitted.version, consent_confirmed=True)
    services.take_back(actor=member, submission=resubmitted)
    refusal = "took this case back to edit it, so nothing was decided"
    with translation.override("en"), pytest.raises(services.SubmissionError, match=refusal):
        services.REVIEW.take("accept", resubmitted, by=staff)
