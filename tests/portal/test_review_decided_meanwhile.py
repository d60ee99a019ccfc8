"""Two staff members deciding the same record at once, each from a decision page opened before the
other decided.

An edition application may be decided again (a second acceptance changes the category, an accepted
one may still be rejected until the edition is published): the second reviewer's "Reject" silently
replaced a colleague's acceptance made while the page was open, and the enterprise got both e-mails.
A case request for changes and a reject crossing said only "This case is not awaiting review.". The
decision form now names the decision its page showed; a decision taken since refuses the form, naming
who decided, when and what it now is, nothing changed; posted again from that page (the colleague's
decision in view) it is taken. The same reviewer's second submit of the same decision changes nothing.
"""

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from wagtail.users.models import UserProfile

from cases import services as case_services
from cases.vocabulary import SubmissionStatus
from catalog.editions import services
from catalog.editions.models import ApplicationStatus
from tests.cases.factories import submitted_submission
from tests.catalog.edition_factories import ApplicationFactory
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def _signed_in(client, language="zh-hans"):
    staff = StaffFactory(first_name="陈静", last_name="")
    UserProfile.objects.update_or_create(user=staff, defaults={"preferred_language": language})
    client.force_login(staff)
    return staff


def _form(response) -> dict:
    """The decision page's form as the browser would post it (hidden fields included)."""
    form = BeautifulSoup(response.content, "html.parser").select_one("main form[method=post]")
    return {
        field["name"]: field.get("value", "")
        for field in form.select("input[name]")
        if field["name"] != "csrfmiddlewaretoken"
    }


@pytest.mark.parametrize(
    ("language", "said"), [("zh-hans", "在您打开此页面期间，王敏 已于"), ("en", "decided on this on ")]
)
def test_a_reject_posted_after_a_colleague_accepted_is_refused_and_names_them(client, language, said):
    application = ApplicationFactory()
    _signed_in(client, language)
    url = reverse("edition_applications:decide", args=[application.pk, "reject"])
    posted = {**_form(client.get(url)), "reason": "不符合"}
    colleague = StaffFactory(first_name="王敏", last_name="")
    services.accept(staff=colleague, application=application, category="sports", rationale_zh="好")
    mail.outbox.clear()

    response = client.post(url, posted)

    assert response.status_code == 200  # the form again, refused
    text = response.content.decode()
    assert said in text and "王敏" in text
    application.refresh_from_db()
    assert (application.status, application.category) == (ApplicationStatus.ACCEPTED, "sports")
    assert mail.outbox == []
    # Posted again from the page that now says so: a deliberate decision, taken.
    again = {**_form(response), "reason": "不符合"}
    assert client.post(url, again).status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED


def test_a_case_decision_crossing_a_colleagues_names_the_colleague(client):
    submission = submitted_submission()
    _signed_in(client)
    url = reverse("case_submissions:review", args=[submission.pk, "reject"])
    posted = {**_form(client.get(url)), "comment": "重复投稿"}
    colleague = StaffFactory(first_name="王敏", last_name="")
    case_services.request_changes(staff=colleague, submission=submission, comment="请补充随访数据")

    response = client.post(url, posted)

    assert response.status_code == 200  # the form again, refused
    assert "王敏" in response.content.decode() and "已退回修改" in response.content.decode()
    submission.refresh_from_db()
    assert (submission.status, submission.staff_comment) == (SubmissionStatus.CHANGES_REQUESTED, "请补充随访数据")


def test_the_same_decision_submitted_twice_by_the_same_reviewer_is_taken_once(client):
    application = ApplicationFactory()
    _signed_in(client)
    url = reverse("edition_applications:decide", args=[application.pk, "reject"])
    posted = {**_form(client.get(url)), "reason": "不符合"}
    assert client.post(url, posted).status_code == 302
    mail.outbox.clear()
    assert client.post(url, posted).status_code == 302  # the second click of a double click
    assert mail.outbox == []
