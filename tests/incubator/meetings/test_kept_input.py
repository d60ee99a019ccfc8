"""A meeting request sent after the member's session ended comes back, not saved, once they sign in
again (``portal.keep_input``)."""

import pytest
from django.urls import reverse
from django.utils import translation

from incubator.models import MeetingRequest
from incubator.vocabulary import MeetingStatus
from tests.incubator.meetings.factories import make_meeting
from tests.keep_input import kept_and_shown, post_signed_out, session_ends

pytestmark = pytest.mark.django_db


def test_a_meeting_request_comes_back_with_what_was_typed(client, investor, startup_org):
    with translation.override("en"):
        url = reverse("incubator:meeting_new", kwargs={"slug": startup_org.slug})
    page = kept_and_shown(client, investor, url, {"subject": "临床合作", "message": "午饭后写的会面请求"})
    assert page.context["form"]["message"].value() == "午饭后写的会面请求"
    assert not MeetingRequest.objects.exists()


def test_a_decline_reason_sent_after_the_session_ended_comes_back_on_the_request_page(client, investor_org, founder):
    """The answer posts to a URL with no page of its own: signing in led to a 405 and the reason was lost.
    It is kept for the request's page, which the member signs in back to (``keeps_input(shown_on=)``)."""
    meeting = make_meeting(sender=investor_org, recipient=founder.memberships.get().organisation)
    with translation.override("en"):
        page_url = reverse("incubator:meeting_detail", kwargs={"meeting_id": meeting.pk})
        decline_url = reverse("incubator:meeting_decline", kwargs={"meeting_id": meeting.pk})
    client.force_login(founder)
    session_ends(client, page_url)
    response = post_signed_out(client, decline_url, {"decline-reason": "午饭后写的婉拒理由"})
    assert response["Location"].endswith(f"?next={page_url}")
    client.force_login(founder)
    page = client.get(page_url)
    assert page.status_code == 200 and "It is back in the form: check it and save again." in page.text
    assert page.context["decline_form"]["reason"].value() == "午饭后写的婉拒理由"
    assert not page.context["accept_form"].is_bound  # the other answer's form is left as it was
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.PENDING
