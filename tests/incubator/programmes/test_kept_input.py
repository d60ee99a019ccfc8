"""A programme application sent after the member's session ended comes back, not saved, once they
sign in again (``portal.keep_input``)."""

import pytest
from django.urls import reverse
from django.utils import translation

from incubator.models import ProgrammeApplication
from incubator.vocabulary import ApplicationStatus
from tests.incubator.programmes.world import make_application
from tests.keep_input import kept_and_shown, post_signed_out, session_ends

pytestmark = pytest.mark.django_db


def test_an_application_comes_back_with_what_was_typed(client, founder, incubator_org):
    with translation.override("en"):
        url = reverse("incubator:application_new", kwargs={"slug": incubator_org.slug})
    data = {"services": ["proof_of_concept"], "message": "午饭后写的申请"}
    page = kept_and_shown(client, founder, url, data)
    assert page.context["form"]["message"].value() == "午饭后写的申请"
    assert page.context["form"]["services"].value() == ["proof_of_concept"]
    assert not ProgrammeApplication.objects.exists()


def test_a_reason_for_declining_sent_after_the_session_ended_comes_back_on_the_application(
    client, manager, founder, startup_org, incubator_org
):
    """The decision posts to a URL with no page of its own: signing in led to a 405 and the reason was
    lost. It is kept for the application's page, which the member signs in back to."""
    application = make_application(startup=startup_org, platform=incubator_org, submitted_by=founder)
    with translation.override("en"):
        page_url = reverse("incubator:application_detail", kwargs={"application_id": application.pk})
        reject_url = reverse("incubator:application_reject", kwargs={"application_id": application.pk})
    client.force_login(manager)
    session_ends(client, page_url)
    response = post_signed_out(client, reject_url, {"reject-note": "午饭后写的婉拒理由"})
    assert response["Location"].endswith(f"?next={page_url}")
    client.force_login(manager)
    page = client.get(page_url)
    assert page.status_code == 200 and "It is back in the form: check it and save again." in page.text
    assert page.context["reject_form"]["note"].value() == "午饭后写的婉拒理由"
    assert not page.context["accept_form"].is_bound
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
