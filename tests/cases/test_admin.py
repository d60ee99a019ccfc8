"""Staff review in the Wagtail admin: inspect, request changes, accept, the waiting panel, publication e-mail."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from cases import services
from cases.models import CasePage, CaseSubmission
from cases.vocabulary import SubmissionStatus
from tests.cases.factories import build_case_site, submitted_submission
from tests.factories import ProjectManagerFactory, StaffFactory
from tests.portal.page_factories import publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted():
    return submitted_submission()


def test_dashboard_panel_and_inspect(staff_client, submitted):
    home = staff_client.get(reverse("wagtailadmin_home"))
    assert "待审核的案例" in home.text
    inspect = staff_client.get(reverse("case_submissions:inspect", args=[submitted.pk]))
    assert inspect.status_code == 200 and "10 米步行时间" in inspect.text
    assert reverse("case_submissions:review", args=[submitted.pk, "accept"]) in inspect.text
    assert 'lang="en"' not in inspect.text.split("10 米步行时间")[1][:80]  # nothing written in English
    submitted.outcomes.update(measure_en="10-metre walk time", time_frame_en="6 months")
    inspect = staff_client.get(reverse("case_submissions:inspect", args=[submitted.pk]))
    assert '<span lang="en">(10-metre walk time · 6 months · ' in inspect.text


def test_the_inspect_page_marks_an_empty_relation_with_the_same_dash(staff_client, submitted):
    """No institution and no linked product once showed Wagtail's "-" where every other empty field
    shows "—"."""
    assert not submitted.institutions.exists() and not submitted.products.exists()
    inspect = staff_client.get(reverse("case_submissions:inspect", args=[submitted.pk]))
    shown = {
        dt.get_text(strip=True): dt.find_next_sibling("dd").get_text(strip=True)
        for dt in BeautifulSoup(inspect.content, "html.parser").find_all("dt")
    }
    labels = [str(CaseSubmission._meta.get_field(name).verbose_name) for name in ("institutions", "products")]
    assert [shown[capfirst(label)] for label in labels] == ["—", "—"]


def test_request_changes_needs_a_comment(staff_client, submitted):
    url = reverse("case_submissions:review", args=[submitted.pk, "request_changes"])
    assert staff_client.post(url, {"comment": ""}).status_code == 200
    submitted.refresh_from_db()
    assert submitted.status == SubmissionStatus.SUBMITTED
    assert staff_client.post(url, {"comment": "请补充不良事件"}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == SubmissionStatus.CHANGES_REQUESTED


def test_the_decision_page_shows_the_submission_and_refusals_on_the_form(staff_client, submitted):
    page = staff_client.get(reverse("case_submissions:review", args=[submitted.pk, "reject"]))
    assert page.status_code == 200 and "待审核的案例" in page.text and 'name="comment"' in page.text
    accept = staff_client.get(reverse("case_submissions:review", args=[submitted.pk, "accept"]))
    assert 'name="comment"' not in accept.text  # accepting takes no comment
    refused = staff_client.post(reverse("case_submissions:review", args=[submitted.pk, "reject"]), {"comment": " "})
    assert refused.status_code == 200 and refused.context["form"].errors["comment"]
    unknown = staff_client.get(reverse("case_submissions:review", args=[submitted.pk, "delete"]))
    assert unknown.status_code == 302 and unknown["Location"] == reverse("wagtailadmin_home")  # Wagtail's 403


def test_project_managers_look_but_do_not_decide(client, submitted):
    manager = ProjectManagerFactory()
    client.force_login(manager)
    inspect = client.get(reverse("case_submissions:inspect", args=[submitted.pk]))
    assert inspect.status_code == 200 and "/review/" not in inspect.text
    url = reverse("case_submissions:review", args=[submitted.pk, "request_changes"])
    assert client.post(url, {"comment": "请补充"}).status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == SubmissionStatus.SUBMITTED


def test_accept_creates_a_draft_page_and_publishing_mails_the_organisation(
    staff_client, submitted, django_capture_on_commit_callbacks
):
    build_case_site()
    url = reverse("case_submissions:review", args=[submitted.pk, "accept"])
    response = staff_client.post(url)
    page = CasePage.objects.get(locale__language_code="zh-hans")
    inspect = reverse("case_submissions:inspect", args=[submitted.pk])
    assert response.status_code == 302 and response["Location"] == inspect
    assert not page.live and page.title == "待审核的案例"
    english = CasePage.objects.get(locale__language_code="en")
    shown = staff_client.get(inspect).text
    assert reverse("wagtailadmin_pages:edit", args=[english.pk]) in shown
    assert reverse("case_submissions:review", args=[submitted.pk, "publish"]) in shown
    assert staff_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        publish(page)
    assert any("待审核的案例" in message.subject for message in mail.outbox)


def test_a_case_written_in_the_admin_records_who_confirmed_consent(staff_client):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    site = build_case_site()
    data = nested_form_data(
        {
            "title": "后台撰写的案例",
            "slug": "admin-case",
            "summary": "由联盟编辑直接撰写。",
            "narrative": rich_text("<p>正文</p>"),
            "bci_type": "invasive",
            "approach": "ecog",
            "phase": "pilot",
            "case_status": "ongoing",
            "enrolment_type": "actual",
            "start_date": "2025-01-02",
            "consent_confirmed": "on",
            "outcomes": inline_formset([{"measure": "打字速度", "result": "每分钟 40 字"}], min=1),
            "trial_registrations": inline_formset([{"registration_id": "NCT01234567"}]),
            "publications": inline_formset([]),
            "milestones": inline_formset([]),
        }
    )
    data.update(functions=["speech"], indications=["als", "aphasia"])  # checkboxes: one key, several values
    url = reverse("wagtailadmin_pages:add", args=["cases", "casepage", site.index.pk])
    response = staff_client.post(url, data)
    if response.status_code != 302:
        form = response.context["form"]
        pytest.fail(str((form.errors, {k: (f.errors, f.non_form_errors()) for k, f in form.formsets.items()})))
    page = CasePage.objects.get(slug="admin-case", locale=site.tree.zh).get_latest_revision_as_object()
    assert page.consent_confirmed_by is not None and page.consent_confirmed_at is not None
    assert [t.registration_id for t in page.trial_registrations.all()] == ["NCT01234567"]
    assert page.functions == ["speech"] and page.indications == ["als", "aphasia"]
    edit = staff_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert edit.status_code == 200 and re.search(r'value="als"[^>]*checked', edit.text)

    data["trial_registrations-0-registration_id"] = "NCT1"
    data["slug"] = "admin-case-2"
    refused = staff_client.post(url, data)
    assert refused.status_code == 200 and not CasePage.objects.filter(slug="admin-case-2").exists()


def test_the_accept_and_publish_messages_are_in_the_admin_language_not_the_browsers(client, submitted):
    """The admin speaks the staff member's language (Wagtail's profile) whatever the browser asks for: the
    messages after accepting and publishing are made in that language, not later in the browser's."""
    build_case_site()
    staff = StaffFactory()
    profile = UserProfile.get_for_user(staff)
    profile.preferred_language = "zh-hans"
    profile.save()
    client.force_login(staff)
    submitted.title_en, submitted.summary_en = "A case awaiting review", "Its English summary."
    submitted.save()
    url = reverse("case_submissions:review", args=[submitted.pk, "accept"])
    response = client.post(url, HTTP_ACCEPT_LANGUAGE="en")
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert "已采纳。中英文案例页面均为草稿" in page.text and "Accepted." not in page.text
    assert "中英文同时发布" in page.text  # the publish button
    url = reverse("case_submissions:review", args=[submitted.pk, "publish"])
    response = client.post(url, HTTP_ACCEPT_LANGUAGE="en")
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en")
    assert "已发布中英文页面" in page.text and "Published in" not in page.text
    assert CasePage.objects.filter(live=True).count() == 2


TAKEN_BACK = (
    "The organisation took this case back to edit it, so nothing was decided. It will be waiting for review again "
    "once they submit it."
)


@pytest.mark.parametrize("decision", ["request_changes", "reject", "accept"])
def test_a_decision_on_a_case_taken_back_while_its_page_was_open_is_refused_and_changes_nothing(
    staff_client, submitted, decision, django_capture_on_commit_callbacks
):
    """Staff opened the decision page; meanwhile the member took the case back to edit it; staff's
    decision then comes back on its form, saying so, and nothing is decided, logged or e-mailed."""
    build_case_site()
    url = reverse("case_submissions:review", args=[submitted.pk, decision])
    assert staff_client.get(url).status_code == 200
    services.take_back(actor=submitted.created_by, submission=submitted)
    stored = CaseSubmission.objects.values().get(pk=submitted.pk)
    logged = ModelLogEntry.objects.count()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"comment": "请补充随访数据"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    with translation.override("zh-hans"):  # staff's admin language
        assert gettext(TAKEN_BACK) in response.text
    assert CaseSubmission.objects.values().get(pk=submitted.pk) == stored
    assert ModelLogEntry.objects.count() == logged and not mail.outbox and not CasePage.objects.exists()
