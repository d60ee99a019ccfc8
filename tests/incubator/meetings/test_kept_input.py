"""A meeting request sent after the member's session ended comes back, not saved, once they sign in
again (``portal.keep_input``)."""

import pytest
from django.urls import reverse
from django.utils import translation

from incubator.models import MeetingRequest
from tests.keep_input import kept_and_shown

pytestmark = pytest.mark.django_db


def test_a_meeting_request_comes_back_with_what_was_typed(client, investor, startup_org):
    with translation.override("en"):
        url = reverse("incubator:meeting_new", kwargs={"slug": startup_org.slug})
    page = kept_and_shown(client, investor, url, {"subject": "临床合作", "message": "午饭后写的会面请求"})
    assert page.context["form"]["message"].value() == "午饭后写的会面请求"
    assert not MeetingRequest.objects.exists()
