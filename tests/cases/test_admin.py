"""Staff review in the Wagtail admin: inspect, request changes, accept, the waiting panel, publication e-mail."""

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.urls import reverse

from cases import services
from cases.models import CasePage
from cases.vocabulary import SubmissionStatus
from tests.cases.factories import HospitalFactory, SubmissionFactory, build_case_site
from tests.factories import MembershipFactory, StaffFactory
from tests.portal.page_factories import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    staff = StaffFactory()
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "test"})
    client.force_login(staff)
    return client


@pytest.fixture
def submitted():
    hospital = HospitalFactory()
    member = MembershipFactory(organisation=hospital).user
    submission = SubmissionFactory(organisation=hospital, created_by=member, title="待审核的案例")
    return services.submit(actor=member, submission=submission, version=submission.version, consent_confirmed=True)


def test_dashboard_panel_and_inspect(staff_client, submitted):
    home = staff_client.get(reverse("wagtailadmin_home"))
    assert "待审核的案例" in home.text
    inspect = staff_client.get(reverse("case_submissions:inspect", args=[submitted.pk]))
    assert inspect.status_code == 200 and "10 米步行时间" in inspect.text
    assert reverse("case_submissions:review", args=[submitted.pk, "accept"]) in inspect.text


def test_request_changes_needs_a_comment(staff_client, submitted):
    url = reverse("case_submissions:review", args=[submitted.pk, "request_changes"])
    assert staff_client.post(url, {"comment": ""}).status_code == 200
    submitted.refresh_from_db()
    assert submitted.status == SubmissionStatus.SUBMITTED
    assert staff_client.post(url, {"comment": "请补充不良事件"}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == SubmissionStatus.CHANGES_REQUESTED


def test_accept_creates_a_draft_page_and_publishing_mails_the_organisation(
    staff_client, submitted, django_capture_on_commit_callbacks
):
    build_case_site()
    url = reverse("case_submissions:review", args=[submitted.pk, "accept"])
    response = staff_client.post(url)
    page = CasePage.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert not page.live and page.title == "待审核的案例"
    assert staff_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)
    assert any("待审核的案例" in message.subject for message in mail.outbox)
